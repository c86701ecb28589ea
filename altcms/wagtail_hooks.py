from wagtail import hooks
from wagtail.rich_text.pages import PageLinkHandler

from altcms.richtext import prefetched_pages


class PrefetchingPageLinkHandler(PageLinkHandler):
    """Page links answered from the pages prefetched for the page being rendered."""

    @classmethod
    def get_many(cls, attrs_list):
        pages = prefetched_pages()
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        if pages is not None and all(page_id in pages for page_id in ids):
            return [pages[page_id] for page_id in ids]
        return super().get_many(attrs_list)


@hooks.register("register_rich_text_features", order=1000)
def register_prefetching_page_links(features):
    # Runs after Wagtail's own registration, so it replaces the default "page" link handler.
    features.register_link_type(PrefetchingPageLinkHandler)
