"""Page-tree lookups at a fixed, small number of queries per request.

- Routing: Wagtail's default routing asks the database for each URL segment (two queries a
  level, seven for a module page). The site root's `route()` instead fetches the page and all its
  ancestors in one query by `url_path`. That is the same answer as long as no page on the way has
  routing of its own; where one does, it falls back to the walk, so such pages keep full control
  of their sub-URLs. The ancestors it found are kept for breadcrumbs (`ancestors_of`).
- Privacy: `PageQuerySet.public()` looks up every view restriction each time it is called;
  `public(queryset, request)` does that once per request, or from the shared cache.
- Routing from the shared cache (`RouteCacheMiddleware`): what a URL routes to, with its site,
  its ancestors and its view restrictions, is kept under the site's content generation, so a
  page that is read again is routed with no query at all (see the middleware's docstring).
"""

import hashlib
import pickle
from functools import cache

from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.http import Http404

from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from altcms import pagecache


@cache
def custom_routing_content_types():
    """Content type ids of page types that override route() (other than a url_path root)."""
    from django.contrib.contenttypes.models import ContentType

    return frozenset(
        ContentType.objects.get_for_model(model).id
        for model in get_page_models()
        if model.route is not Page.route and not getattr(model, "routes_by_url_path", False)
    )


def route_by_url_path(root, request, path_components):
    """A RouteResult for the page at root + path, or None when the tree must be walked."""
    prefixes = [
        root.url_path + "/".join(path_components[:depth]) + "/"
        for depth in range(1, len(path_components) + 1)
    ]
    found = {page.url_path: page for page in Page.objects.filter(url_path__in=prefixes)}
    chain = [found.get(prefix) for prefix in prefixes]
    if chain[-1] is None or None in chain:
        return None
    custom = custom_routing_content_types()
    if any(page.content_type_id in custom for page in chain):
        return None
    page = chain[-1].specific
    if not page.live:
        raise Http404
    page._route_ancestors = [root, *chain[:-1]]
    return page.route(request, [])


def ancestors_of(page):
    """The page's ancestors from the home page down, reusing those found while routing."""
    ancestors = getattr(page, "_route_ancestors", None)
    if ancestors is None:
        ancestors = list(page.get_ancestors().filter(depth__gt=1))
        page._route_ancestors = ancestors
    return ancestors


def restricted_paths(request=None):
    """Paths of the pages that carry a view restriction: once per request, and from the shared
    cache (on the content generation, which any restriction saved or deleted moves on)."""
    restricted = getattr(request, "_restricted_page_paths", None)
    if restricted is None:

        def query():
            return list(PageViewRestriction.objects.values_list("page__path", flat=True))

        if settings.FRAGMENT_CACHE_SECONDS:
            key = f"pagetree:restricted:{pagecache.generation(request)}"
            restricted = pagecache.shared_cache().get_or_set(
                key, query, settings.FRAGMENT_CACHE_SECONDS
            )
        else:
            restricted = query()
        if request is not None:
            request._restricted_page_paths = restricted
    return restricted


def public(queryset, request=None):
    """queryset.public(), with the view restrictions looked up once per request."""
    restricted = restricted_paths(request)
    if not restricted:
        return queryset
    private = Q()
    for path in restricted:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


def _address_key(request, kind, path=""):
    address = f"{request.get_host()}|{request.get_port()}|{path}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"pagetree:{kind}:{pagecache.generation(request)}:{digest}"


def site_for_request(request):
    """Site.find_for_request (a query each request), from the shared cache for views that are
    not routed by Wagtail (search, accounts); a site saved moves the generation on."""
    if hasattr(request, "_wagtail_site") or not settings.FRAGMENT_CACHE_SECONDS:
        return Site.find_for_request(request)
    key = _address_key(request, "site")
    found = pagecache.shared_cache().get(key)
    if found is None:
        found = (Site.find_for_request(request),)
        pagecache.shared_cache().set(key, found, settings.FRAGMENT_CACHE_SECONDS)
    request._wagtail_site = found[0]
    return found[0]


class CachedRouteMixin:
    """Mixed into every page type: Wagtail's view-restriction check before serving is answered
    by what the route cache kept with the page, or, on a site where no page is restricted (the
    list is in the shared cache), with no query; otherwise Wagtail looks them up (two queries,
    aliases resolved)."""

    def get_view_restrictions(self):
        found = self.__dict__.get("_cached_view_restrictions")
        if found is not None:
            return found
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class RouteCacheMiddleware:
    """Answer Wagtail's routing (site, page, ancestors, view restrictions) from the shared cache.

    On a GET or HEAD that Wagtail serves, the route is looked up under the host, the path and
    the content generation. On a miss, Wagtail routes as usual and what it found is pickled
    before the page is served (so nothing the request does to the page is kept): the page as
    routed (with its ancestors and what the page type asks to have prefetched,
    `route_cache_prefetch`), its view restrictions and its site. It is stored once the page has
    answered 200, so addresses that end in a 404 or a redirect (a routable page's sub-URL for a
    topic that does not exist, say) are never kept. On a hit, the page routes the rest of the
    path itself (a routable page resolves its sub-URL in memory; a plain page only checks it is
    live). Every change readers can see moves the generation on, so a stale route is never
    found; an entry that can no longer be read (written by an older release) is a miss. Off
    when FRAGMENT_CACHE_SECONDS is 0.
    """

    def __init__(self, get_response):
        from wagtail.views import serve  # not at import: models import this module

        self.get_response = get_response
        self.wagtail_serve = serve

    def __call__(self, request):
        response = self.get_response(request)
        snapshot = getattr(request, "_route_snapshot", None)
        if snapshot is not None and response.status_code == 200:
            key, data = snapshot
            pagecache.shared_cache().set(key, data, settings.FRAGMENT_CACHE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            view_func is not self.wagtail_serve
            or request.method not in ("GET", "HEAD")
            or not settings.FRAGMENT_CACHE_SECONDS
        ):
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        components = [component for component in path.split("/") if component]
        key = _address_key(request, "route", path)
        stored = _load(pagecache.shared_cache().get(key))
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
                request._route_snapshot = (key, data)
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
