"""The words and links around every page (header tagline, footer), from the shared cache.

They change rarely: saving site settings, or a page in the footer published, unpublished,
moved, renamed, deleted or made private, makes everything stale (`altcms.caching.changes`),
and with it this entry, which carries only the `all` tag. It is kept even where other parts
are not (FRAGMENT_CACHE_SECONDS = 0), as it always has been.
"""

from django.utils.translation import get_language

from wagtail.models import Page

from altcms.caching import store
from altcms.caching.addresses import ALL
from altcms.caching.pagetree import public
from altcms.caching.routes import site_for_request
from altcms.content.sections import label_for
from altcms.models import SiteSettings

SECONDS = 60 * 60 * 24


def site_chrome(request):
    site = site_for_request(request) if request is not None else None
    if site is None:
        return {}
    return store.cached(
        request,
        f"site-chrome:{site.pk}:{get_language()}",  # the footer's links are in each language
        [ALL],
        SECONDS,
        lambda: _build(site, request),
    )


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
        "footer_pages": [(label_for(page), page.get_url(request)) for page in pages],
    }
