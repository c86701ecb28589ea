from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from wagtail.signals import page_published

        page_published.connect(reindex_published_page, dispatch_uid="search-reindex-published")


def reindex_published_page(instance, **kwargs):
    """Index a page again once it is published, children and all.

    Wagtail indexes a page on post_save, which for a page with inline children (a module's
    reflection tasks and readings, the resource links, a post's authors and tags) comes before
    those children are saved: the index would hold the previous revision's tasks until the next
    save. page_published is sent after the whole page is in the database.
    """
    from wagtail.search import index

    index.insert_or_update_object(instance.specific)
