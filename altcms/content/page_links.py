"""Rich-text page links, answered from the pages prefetched for the page being rendered
(altcms.content.richtext); registered in altcms/wagtail_hooks.py. Its own module: Wagtail's link
handler can only be imported once the models are loaded."""

from wagtail.rich_text.pages import PageLinkHandler

from altcms.content.richtext import prefetched_pages


class PrefetchingPageLinkHandler(PageLinkHandler):
    """Page links answered from the pages prefetched for the page being rendered."""

    @classmethod
    def get_many(cls, attrs_list):
        pages = prefetched_pages()
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        if pages is not None and all(page_id in pages for page_id in ids):
            return [pages[page_id] for page_id in ids]
        return super().get_many(attrs_list)
