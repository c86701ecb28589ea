"""The words and links around every page (header tagline, footer), from the shared cache.

They change rarely, so they are read once and kept until an editor changes them: saving site
settings, or publishing, unpublishing, moving or deleting a page, clears the cached copy.
"""

from django.core.cache import cache

from wagtail.models import Page, Site

from altcms.models import SiteSettings
from altcms.pagetree import public, site_for_request

TIMEOUT = 60 * 60 * 24


def _key(site_id):
    return f"site-chrome:{site_id}"


def site_chrome(request):
    site = site_for_request(request) if request is not None else None
    if site is None:
        return {}
    chrome = cache.get(_key(site.pk))
    if chrome is None:
        chrome = _build(site, request)
        cache.set(_key(site.pk), chrome, TIMEOUT)
    return chrome


def _build(site, request):
    settings = SiteSettings.for_site(site)
    pages = public(Page.objects.child_of(site.root_page).live().in_menu(), request)
    return {
        "tagline": settings.tagline,
        "footer_text": settings.footer_text,
        "contact_email": settings.contact_email,
        "footer_links": [
            (link.value["label"], link.value["url"]) for link in settings.footer_links
        ],
        "footer_pages": [(page.title, page.get_url(request)) for page in pages],
    }


def clear(**kwargs):
    cache.delete_many([_key(site_id) for site_id in Site.objects.values_list("pk", flat=True)])
