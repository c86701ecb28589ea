from django.apps import AppConfig


class AltcmsConfig(AppConfig):
    name = "altcms"
    verbose_name = "ALT Training Online"

    def ready(self):
        import logging

        from altcms.middleware import request_id_var

        # Every log record, whoever logs it and wherever it goes, carries the request's id.
        make_record = logging.getLogRecordFactory()

        def record_with_request_id(*args, **kwargs):
            record = make_record(*args, **kwargs)
            record.request_id = request_id_var.get()
            return record

        logging.setLogRecordFactory(record_with_request_id)

        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from wagtail.models import Page
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from altcms import chrome, pagecache
        from altcms.models import SiteSettings

        # Whatever could change the header or footer clears their cached copy.
        for name, signal in [
            ("published", page_published),
            ("unpublished", page_unpublished),
            ("slug", page_slug_changed),
            ("moved", post_page_move),
        ]:
            signal.connect(chrome.clear, dispatch_uid=f"chrome-clear-{name}")
        post_delete.connect(chrome.clear, sender=Page, dispatch_uid="chrome-clear-page-delete")
        post_save.connect(chrome.clear, sender=SiteSettings, dispatch_uid="chrome-clear-settings")

        # Whatever changes what a reader sees makes the cached pages stale (altcms.pagecache).
        for name, signal in [("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)]:
            signal.connect(pagecache.bump_on_write, dispatch_uid=f"pagecache-{name}")
        post_migrate.connect(
            pagecache.bump_after_migrate, sender=self, dispatch_uid="pagecache-mig"
        )
        for name, signal in [
            ("published", page_published),
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
        ]:
            signal.connect(pagecache.bump_on_commit, dispatch_uid=f"pagecache-{name}")
