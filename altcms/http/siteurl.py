"""The site's one public address, `SITE_URL` (e.g. https://alt.example.org).

Everything that leaves the site with a link in it (account and notification emails, feeds, the
API's `html_url`, citations, admin notifications) takes its address from here, never from the
request that happened to cause it: a request may arrive on an internal host name or port.

`sync_sites()` brings Django's `Site` (used by allauth's emails and the syndication feeds) and
Wagtail's default `Site` (used by `page.full_url`, the API and the sitemap) in line with it; it
runs after every `migrate` and from `seed_site`. A system check warns while a production site
has no real address.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

logger = logging.getLogger(__name__)

PLACEHOLDER_HOSTS = {"example.com", "www.example.com", "example.org", "example.net"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def site_url():
    """SITE_URL without a trailing slash, e.g. "https://alt.example.org"."""
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/")


def absolute(path):
    """`path` (an absolute path on this site, or already a full URL) as a full URL."""
    if urlsplit(path).scheme:
        return path
    return site_url() + "/" + path.lstrip("/")


def parts():
    """(scheme, host name, port) of SITE_URL; the port is the scheme's default if not given."""
    bits = urlsplit(site_url())
    scheme = bits.scheme or "http"
    return scheme, bits.hostname or "localhost", bits.port or DEFAULT_PORTS.get(scheme, 80)


def domain():
    """The host, with the port when it is not the scheme's default ("127.0.0.1:8101")."""
    scheme, host, port = parts()
    return host if port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"


def sync_sites(**kwargs):
    """Make Django's and Wagtail's Site records say SITE_URL (and the site's name).

    Creates Django's Site when it is missing, so that django.contrib.sites does not add its
    example.com afterwards. Safe to run at any time; writes only what differs."""
    if not site_url():
        return
    from django.contrib.sites.models import Site as DjangoSite

    from wagtail.models import Site as WagtailSite

    name = getattr(settings, "WAGTAIL_SITE_NAME", "") or domain()
    django_site = DjangoSite.objects.filter(pk=settings.SITE_ID).first()
    if django_site is None:
        DjangoSite.objects.create(pk=settings.SITE_ID, domain=domain(), name=name)
    elif (django_site.domain, django_site.name) != (domain(), name):
        django_site.domain, django_site.name = domain(), name
        django_site.save()
    _scheme, host, port = parts()
    wagtail_site = WagtailSite.objects.filter(is_default_site=True).first()
    if wagtail_site is not None and (wagtail_site.hostname, wagtail_site.port) != (host, port):
        clash = WagtailSite.objects.filter(hostname=host, port=port).exclude(pk=wagtail_site.pk)
        if clash.exists():
            logger.warning("Another Wagtail site already answers %s:%s; left as it is.", host, port)
            return
        wagtail_site.hostname, wagtail_site.port = host, port
        wagtail_site.save()


@checks.register(checks.Tags.compatibility)
def check_site_url(app_configs=None, **kwargs):
    """Outside DEBUG, SITE_URL must be the real public address: links in emails, feeds and
    citations are built from it."""
    if settings.DEBUG:
        return []
    url = site_url()
    bits = urlsplit(url)
    if not url:
        return [
            checks.Warning(
                "SITE_URL is not set, so emails, feeds and citations have no address to link to.",
                hint="Set SITE_URL to the site's public address, e.g. https://alt.example.org.",
                id="altcms.W001",
            )
        ]
    if bits.scheme not in DEFAULT_PORTS or not bits.hostname:
        return [
            checks.Warning(
                f"SITE_URL ({url!r}) is not an http(s) address.",
                hint="Set SITE_URL to the site's public address, e.g. https://alt.example.org.",
                id="altcms.W002",
            )
        ]
    if bits.hostname in PLACEHOLDER_HOSTS:
        return [
            checks.Warning(
                f"SITE_URL is still {bits.hostname}, a placeholder.",
                hint="Set SITE_URL to the site's public address, e.g. https://alt.example.org.",
                id="altcms.W003",
            )
        ]
    return []
