"""Whole-response cache for readers who are not signed in, in the shared cache.

A cache outage is the backend's to absorb: django-redis (IGNORE_EXCEPTIONS) answers misses, so
the site renders every page afresh until Redis is back.

Why by hand: wagtail-cache, the maintained package for this, supports Wagtail below 8.0 only.

What is cached: a GET or HEAD from a reader with no session and no messages, answered with a
200 that sets no cookie, used no CSRF token (so no page with a form), and does not say
private/no-store. Such a response is the same for every anonymous reader, so it is stored under
the address (host, path and query) and served before sessions, users or the database are
touched. Signed-in readers never read from or write to it.

Invalidation: every key carries the site's content generation, a counter in the same cache.
Whatever changes what a reader sees (publishing, unpublishing, moving or deleting a page, a
comment or topic posted, moderated or edited, a snippet or setting saved) bumps it, so the next
request misses and renders afresh; the old entries expire on their own (PAGE_CACHE_SECONDS).
A response rendered while the generation moved is stored under the old one and never served.
"""

import contextlib
import hashlib
import json
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.http import HttpResponse

GENERATION_KEY = "pagecache:generation"
# Models whose writes never change a public page: bookkeeping, search statistics, accounts.
QUIET_MODELS = {
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.permission",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.referenceindex",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
    "modelsearch.indexentry",
    "modelsearch.sqliteftsindexentry",
    "wagtailimages.rendition",
    "wagtailusers.userprofile",
    "account.emailaddress",
    "account.emailconfirmation",
    "django_tasks_database.dbtaskresult",
}
_SKIP_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
_PRIVATE = ("private", "no-store", "no-cache")
SAFE_PART = re.compile(r"[A-Za-z0-9_.-]*")


def shared_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation(request=None):
    """The site's content generation; read once per request when given the request (the page
    cache and the shared comment list both key on it)."""
    if request is not None and hasattr(request, "_content_generation"):
        return request._content_generation
    # It starts from the clock, so that a counter the cache lost (evicted, culled, flushed)
    # starts again above every generation it held: an old entry is never current again.
    value = shared_cache().get_or_set(GENERATION_KEY, time.time_ns, timeout=None)
    if request is not None:
        request._content_generation = value
    return value


def fragment_key(request, obj, *parts):
    """The shared-cache key of a rendered part of `obj`'s page that is the same for every reader
    (see the `shared_fragment` template tag), on the content generation; None when parts are
    not shared (FRAGMENT_CACHE_SECONDS = 0) or the page is a preview of unpublished content."""
    target = f"{obj._meta.label_lower}.{obj.pk}"  # a topic and a page may share a pk
    return shared_key(request, target, *parts)


def shared_key(request, target, *parts):
    """As fragment_key, for a part of a view that is not about one object (search results)."""
    if not settings.FRAGMENT_CACHE_SECONDS or getattr(request, "is_preview", False):
        return None
    parts = [str(part) for part in parts]
    view = ":".join(parts)
    if len(view) > 80 or not all(SAFE_PART.fullmatch(part) for part in parts):
        # What a reader typed (a tag, a query): any length, script, control character or
        # colon; hashed whole, so keys stay short, valid on every backend and unambiguous.
        typed = json.dumps(parts, ensure_ascii=True)
        view = hashlib.sha256(typed.encode()).hexdigest()
    return f"{target}:{view}:{generation(request)}"


def shared_html(key, render):
    """The HTML `render()` makes, rendered once and kept in the shared cache under `key` (from
    fragment_key or shared_key) for every reader; rendered every time when there is no key."""
    if not key:
        return render()
    cache = shared_cache()
    cache_key = f"fragment:{key}"
    html = cache.get(cache_key)
    if html is None:
        html = render()
        cache.set(cache_key, html, settings.FRAGMENT_CACHE_SECONDS)
    return html


def page_key(value):
    """A ?page= value as a key part: the page the Paginator shows for it (its int, or 1 for
    anything else; every number below 1 shows the last page)."""
    try:
        return str(max(int(value), 0))
    except (TypeError, ValueError):
        return "1"


def bump(**kwargs):
    """A change readers can see: every cached page is stale from now on. (If Redis is down,
    django-redis lets this pass unrecorded; the pages it may still hold expire on their own.)"""
    cache = shared_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or lost): start above any old generation
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)


def bump_on_commit(**kwargs):
    """Bump now, and once more when the transaction commits: a reader who rendered the old
    content while the change was uncommitted must not have stored it under the new generation."""
    bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        func is bump for _sids, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(bump, robust=True)


def bump_after_migrate(**kwargs):
    """A release (its migrations run) may render pages and parts differently: start afresh. A
    database cache whose table is not made yet has nothing to make stale."""
    with contextlib.suppress(DatabaseError):
        bump()


def bump_on_write(sender, **kwargs):
    if sender._meta.label_lower not in QUIET_MODELS:
        bump_on_commit()


def _key(request, gen):
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"pagecache:{gen}:{digest}"


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(name in request.COOKIES for name in _SKIP_COOKIES):
        return False
    return not request.path_info.startswith(settings.PAGE_CACHE_SKIP_PREFIXES)


def _cacheable_response(request, response):
    """A 200 that is the same for everyone: no cookie set (a form's CSRF token sets one), not
    private, and not for a signed-in reader (a session begun during this request)."""
    control = response.get("Cache-Control", "")
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in _PRIVATE)
        and not (user is not None and user.is_authenticated)
    )


class PageCacheMiddleware:
    """Serve anonymous readers from the shared cache; store what is safe to share."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, generation(request))
        stored = shared_cache().get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in ("x-request-id", "x-cache")
            }
            content = (response.status_code, headers, response.content)
            shared_cache().set(key, content, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response
