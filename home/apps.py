from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and plain pages"

    def ready(self):
        # The home page is the root of the site, whose public address is SITE_URL: after every
        # migrate, Django's and Wagtail's Site records are brought in line with it.
        from altcms.http import siteurl  # also registers the SITE_URL system check

        post_migrate.connect(siteurl.sync_sites, sender=self, dispatch_uid="home-sync-sites")
