from django.apps import AppConfig


class AltcmsConfig(AppConfig):
    name = "altcms"
    verbose_name = "ALT Training Online"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Page
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from altcms import chrome
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
