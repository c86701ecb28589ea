"""Page-tree lookups at a fixed, small number of queries per request.

- Routing: Wagtail's default routing asks the database for each URL segment (two queries a
  level, seven for a module page). The site root's `route()` instead fetches the page and all its
  ancestors in one query by `url_path`. That is the same answer as long as no page on the way
  answers the rest of the path with routing of its own (a routable page's sub-URLs are checked
  by its resolver); where one might, it falls back to the walk, so such pages keep full control
  of their sub-URLs. The ancestors it found are kept for breadcrumbs (`ancestors_of`).
- Privacy: `PageQuerySet.public()` looks up every view restriction each time it is called;
  `public(queryset, request)` does that once per request, or from the shared cache.
- Routing from the shared cache is altcms.caching.routes.
"""

from contextvars import ContextVar
from functools import cache

from django.conf import settings
from django.db.models import Q
from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, get_page_models

from altcms.caching import store

# The list of restricted pages is stale when any restriction changes (altcms.caching.changes).
PRIVACY_TAGS = ["all", "name:privacy"]
# The request being served, for the lookups Wagtail makes without one (a page's own view
# restrictions), so they share the request's memo; set by altcms.caching.routes' middleware.
current_request = ContextVar("altcms_current_request", default=None)


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
    """A RouteResult for the page at root + path, or None when the tree must be walked. The
    deepest page found on the path may route the rest itself (a routable page's sub-URL: a
    module's handout, a feed); any page with routing of its own above it means a walk."""
    prefixes = [
        root.url_path + "/".join(path_components[:depth]) + "/"
        for depth in range(1, len(path_components) + 1)
    ]
    found = {page.url_path: page for page in Page.objects.filter(url_path__in=prefixes)}
    chain = []
    for prefix in prefixes:
        if prefix not in found:
            break
        chain.append(found[prefix])
    if not chain:
        return None
    custom = custom_routing_content_types()
    for depth, page in enumerate(chain[:-1], start=1):
        if page.content_type_id in custom and routes_itself(page, path_components[depth:]):
            return None
    rest = path_components[len(chain) :]
    if rest and chain[-1].content_type_id not in custom:
        return None  # no page there: the walk answers 404
    page = chain[-1].specific
    if not page.live:
        raise Http404
    page._route_ancestors = [root, *chain[:-1]]
    return page.route(request, rest)


def routes_itself(page, rest):
    """Might this page answer `rest` (the path below it) with routing of its own, rather than
    pass it to its child? A routable page (posts under the blog index, the modules under their
    category) passes on whatever its own sub-URLs do not match, which its URL resolver tells
    without a query; any other routing of its own is assumed to answer."""
    model = page.specific_class
    if model is None or model.route is not RoutablePageMixin.route:
        return True
    try:
        model.get_resolver().resolve("/" + "/".join(rest) + "/")
    except Http404:  # Resolver404 is one
        return False
    return True


def ancestors_of(page):
    """The page's ancestors from the home page down, reusing those found while routing."""
    ancestors = getattr(page, "_route_ancestors", None)
    if ancestors is None:
        ancestors = list(page.get_ancestors().filter(depth__gt=1))
        page._route_ancestors = ancestors
    return ancestors


def restricted_paths(request=None):
    """Paths of the pages that carry a view restriction: once per request, and from the shared
    cache (stale whenever a restriction is saved or deleted: the "privacy" name)."""
    request = request if request is not None else current_request.get()
    restricted = getattr(request, "_restricted_page_paths", None)
    if restricted is None:

        def query():
            return list(PageViewRestriction.objects.values_list("page__path", flat=True))

        if settings.FRAGMENT_CACHE_SECONDS:
            restricted = store.cached(
                request, "pagetree:restricted", PRIVACY_TAGS, settings.FRAGMENT_CACHE_SECONDS, query
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
