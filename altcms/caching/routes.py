"""Routing from the shared cache: what an address routes to, so that a page read again is routed
with no query at all, and the site of views Wagtail does not route.

Both are entries of the one scheme (`altcms.caching.store`): a route is tagged with its address,
so publishing, unpublishing, moving, renaming or restricting the page (or anything above it)
makes it stale at once (`altcms.caching.changes`); the site with `all`, which a site saved moves.
"""

import hashlib
import pickle

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404

from wagtail.models import Page, Site

from altcms.caching import store
from altcms.caching.addresses import ALL, tags_for
from altcms.caching.pagetree import ancestors_of, current_request, restricted_paths


def _address_key(request, kind, path=""):
    address = f"{request.get_host()}|{request.get_port()}|{path}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{kind}:{digest}"


def site_for_request(request):
    """Site.find_for_request (a query each request), from the shared cache for views that are
    not routed by Wagtail (search, accounts)."""
    if hasattr(request, "_wagtail_site") or not settings.FRAGMENT_CACHE_SECONDS:
        return Site.find_for_request(request)
    found = store.cached(
        request,
        _address_key(request, "site"),
        [ALL],
        settings.FRAGMENT_CACHE_SECONDS,
        lambda: (Site.find_for_request(request),),
    )
    request._wagtail_site = found[0]
    return found[0]


class RouteCacheMiddleware:
    """Answer Wagtail's routing (site, page, ancestors, view restrictions) from the shared cache.

    On a GET or HEAD that Wagtail serves, the route is looked up under the host and the path,
    tagged with the path. On a miss, Wagtail routes as usual and what it found is pickled before
    the page is served (so nothing the request does to the page is kept): the page as routed
    (with its ancestors and what the page type asks to have prefetched, `route_cache_prefetch`),
    its view restrictions and its site. It is stored once the page has answered 200, so
    addresses that end in a 404 or a redirect (a routable page's sub-URL for a topic that does
    not exist, say) are never kept. On a hit, the page routes the rest of the path itself (a
    routable page resolves its sub-URL in memory; a plain page only checks it is live). An entry
    that can no longer be read (written by an older release) is a miss. Off when
    FRAGMENT_CACHE_SECONDS is 0.
    """

    def __init__(self, get_response):
        from wagtail.views import serve  # not at import: models import this package

        self.get_response = get_response
        self.wagtail_serve = serve

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        snapshot = getattr(request, "_route_snapshot", None)
        if snapshot is not None and response.status_code == 200:
            key, tags, data = snapshot
            store.store(request, key, tags, data, settings.FRAGMENT_CACHE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            view_func is not self.wagtail_serve
            or request.method not in ("GET", "HEAD")
            or not settings.FRAGMENT_CACHE_SECONDS
        ):
            return None
        tags = tags_for(request.path)
        if tags is None:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        components = [component for component in path.split("/") if component]
        key = _address_key(request, "route", path)
        stored = _load(store.lookup(request, key, tags))
        if stored is not None:
            site, page, consumed = stored
            request._wagtail_site = site
            try:
                request._wagtail_route_for_request = page.route(request, components[consumed:])
            except Http404:
                request._wagtail_route_for_request = None
            return None

        result = Page.route_for_request(request, path)
        if result is not None:
            data = self._snapshot(request, result[0], components)
            if data is not None:
                request._route_snapshot = (key, tags, data)
        return None

    @staticmethod
    def _snapshot(request, page, components):
        """The route as pickled bytes, or None when it cannot be kept."""
        site = request._wagtail_site
        # How many path components lead to the page; the rest are the page's own sub-URL.
        relative = page.url_path[len(site.root_page.url_path) :]
        if not page.url_path.startswith(site.root_page.url_path):
            return None
        consumed = len([part for part in relative.split("/") if part])
        if components[:consumed] != relative.strip("/").split("/")[:consumed]:
            return None
        # Wagtail's own lookup, and only where some page is restricted (read once a request).
        restrictions = Page.get_view_restrictions(page) if restricted_paths(request) else []
        page._cached_view_restrictions = list(restrictions)
        ancestors_of(page)  # for the breadcrumbs, if routing did not find them already
        prefetch = getattr(page, "route_cache_prefetch", ())
        if prefetch:
            prefetch_related_objects([page], *prefetch)
        try:
            return pickle.dumps((site, page, consumed), pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None


def _load(data):
    """A stored route, or None. The bytes come from this middleware through the site's own
    cache (which itself unpickles whatever it holds); a route pickled by an older release,
    whose classes have moved or changed, is treated as not there."""
    if data is None:
        return None
    try:
        return pickle.loads(data)  # noqa: S301 - written by _snapshot above, never by a reader
    except Exception:  # noqa: BLE001 - any failure to rebuild an old entry is a miss
        return None
