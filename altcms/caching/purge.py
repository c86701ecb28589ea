"""Making stale what a change names: the in-app caches (tags) and the frontend cache (purges of
the same addresses), through one call, `flush`.

The frontend cache (Varnish, or a CDN Wagtail can purge) is told through
`wagtail.contrib.frontend_cache`'s backends (WAGTAILFRONTENDCACHE), by address: an exact
address purges it with every query string, an address ending in "*" purges everything below
it, and "/*" everything (deploy/varnish/default.vcl does exactly this).

Faults never reach the person who made the change: a cache that cannot be told is logged; the
in-app invalidation it missed is made in full (everything) as soon as the cache answers again
in this process (`store.lookup` sees to it), and a purge the frontend cache refused is tried again
later through the task queue where a worker runs it (and logged either way).
"""

import logging
from datetime import timedelta
from urllib.error import URLError
from urllib.parse import quote, urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.utils import timezone

from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Site

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends

from altcms.caching import store
from altcms.caching.addresses import Stale, in_every_language, normalise

logger = logging.getLogger(__name__)

PURGE_ATTEMPTS = 5
PURGE_RETRY_SECONDS = 30


def flush(stale, frontend=True):
    """Everything `stale` names is stale from now on, in the in-app caches and (unless told
    not to: a change not yet committed) the frontend cache."""
    if not stale:
        return
    tags = stale.tags()
    if not store.invalidate(tags):
        logger.warning(
            "Shared cache unreachable: %d tags not invalidated; everything will be once it "
            "answers again.",
            len(tags),
        )
        store.lost_invalidation[0] = True
    if frontend:
        purge_frontend(stale)


def frontend_urls(stale):
    """The URLs to purge from the frontend cache for `stale` (none when it is not set up)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return []
    root = _root_url()
    if stale.everything:
        return [root + "/*"]
    # Every address in every interface language ("/blog/" and "/ja/blog/").
    paths = {each for path in stale.paths for each in in_every_language(normalise(path))}
    trees = {each for tree in stale.trees for each in in_every_language(normalise(tree))}
    urls = {root + quote(path) for path in paths}
    urls |= {root + quote(path).rstrip("/") + "/*" for path in trees}
    if root + "/*" in urls:
        return [root + "/*"]
    return sorted(urls)


def purge_frontend(stale):
    urls = frontend_urls(stale)
    if urls:
        purge_urls(urls)


def purge_urls(urls, attempt=1):
    """Purge now; what fails is tried again later (`retry_purge`), and logged either way. A
    frontend cache that fails once is not asked again in the same call, so a change waits at
    most one TIMEOUT for one that hangs."""
    failed = []
    for name, backend in get_backends().items():
        for position, url in enumerate(urls):
            try:
                backend.purge(url)
            except PurgeFailed as error:
                logger.warning("Frontend cache %s: purge of %s failed: %s", name, url, error)
                failed.extend(urls[position:])
                break
    if failed:
        _retry_later(sorted(set(failed)), attempt)


def _retry_later(urls, attempt):
    if attempt >= PURGE_ATTEMPTS:
        logger.error("Frontend cache: gave up purging %s after %d attempts.", urls, attempt)
        return
    if not defer(retry_purge, PURGE_RETRY_SECONDS * attempt, urls, attempt + 1):
        logger.error(
            "Frontend cache: %d purges failed and no task worker can retry them; they expire "
            "on their own (s-maxage).",
            len(urls),
        )


def defer(work, seconds, *args):
    """Queue `work(*args)` to run in `seconds` on the task queue that survives faults
    ("background", queue "cache", worked through by `manage.py db_worker`); False where no
    queue can defer a task (development and tests run tasks at once)."""
    alias = "background" if "background" in settings.TASKS else DEFAULT_TASK_BACKEND_ALIAS
    if not task_backends[alias].supports_defer:
        return False
    run_after = timezone.now() + timedelta(seconds=seconds)
    try:
        work.using(backend=alias, queue_name="cache", run_after=run_after).enqueue(*args)
    except Exception:  # noqa: BLE001 - a queue that cannot take it is logged, not raised
        logger.warning("Frontend cache: could not queue %s.", work.name, exc_info=True)
        return False
    return True


@task()
def retry_purge(urls, attempt):
    purge_urls(urls, attempt)


def _root_url():
    """The site's own address, as the frontend cache knows it."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else "http://localhost"


class PurgeFailed(Exception):
    pass


class PurgeBackend(HTTPBackend):
    """Wagtail's HTTP purger (a PURGE request per URL to the cache at LOCATION, with the
    site's host), with a time limit (TIMEOUT, 2 s by default), so that a frontend cache that
    hangs delays a publish by at most that, and failures raised to `purge_urls` to be retried.
    """

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2))
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]),
            headers={"Host": host, "User-Agent": "altcms-purge"},
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - LOCATION is configured
                response.read()
        except (URLError, OSError) as error:  # refused, timed out, or an HTTP error status
            raise PurgeFailed(str(error)) from error


__all__ = ["Stale", "flush", "purge_urls"]
