"""Whole pages for readers who are not signed in, from the shared cache, and the headers that
let a frontend cache (Varnish, a CDN) keep the same pages.

Why by hand: wagtail-cache, the maintained package for this, supports Wagtail below 8.0 only.

What is shared: a GET or HEAD from a reader with no session and no messages, answered with a
200 that sets no cookie, used no CSRF token (so no page with a form), and does not say
private/no-store. Such a response is the same for every anonymous reader: it is stored under its
address (host, path and query) and tagged with the address (`altcms.caching.store`), served
before sessions, users or the database are touched, and sent with
`Cache-Control: public, max-age=0, s-maxage=…` so a frontend cache may keep it too (browsers
ask again each time, since only shared caches are purged). Anything else is sent `private`
unless the view said otherwise, so no shared cache keeps a signed-in reader's page.

A cache outage costs speed, never a page: django-redis (IGNORE_EXCEPTIONS) answers misses, and
anything the cache cannot give back whole is a miss.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from altcms.caching import store
from altcms.caching.addresses import tags_for

_SKIP_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
_PRIVATE = ("private", "no-store", "no-cache")


def _key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{digest}"


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(name in request.COOKIES for name in _SKIP_COOKIES):
        return False
    return not request.path_info.startswith(settings.PAGE_CACHE_SKIP_PREFIXES)


def shareable(request, response):
    """A 200 that is the same for everyone: asked for by a reader who could be anyone, no
    cookie set (a form's CSRF token sets one), not private, and not for a signed-in reader
    (a session begun during this request)."""
    control = response.get("Cache-Control", "")
    user = getattr(request, "user", None)
    return (
        _cacheable_request(request)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in _PRIVATE)
        and not (user is not None and user.is_authenticated)
    )


def mark(request, response):
    """The headers that tell a frontend cache what it may keep."""
    if "Cache-Control" in response and "public" in response["Cache-Control"]:
        return response  # the view decided (static files, uploads)
    if settings.PAGE_CACHE_SECONDS and shareable(request, response):
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SECONDS)
    else:
        patch_cache_control(response, private=True)
    return response


class PageCacheMiddleware:
    """Serve anonymous readers from the shared cache; store what is safe to share; say what a
    frontend cache may keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tags = tags_for(request.path) if _cacheable_request(request) else None
        if not settings.PAGE_CACHE_SECONDS or tags is None:
            return mark(request, self.get_response(request))
        key = _key(request)
        stored = store.lookup(request, key, tags)
        if stored is not None:
            try:
                status, headers, content = stored
                response = HttpResponse(content, status=status, headers=headers)
            except (TypeError, ValueError):  # an entry of another shape: a miss
                pass
            else:
                response["X-Cache"] = "hit"
                return response

        response = mark(request, self.get_response(request))
        if shareable(request, response):
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in ("x-request-id", "x-cache")
            }
            entry = (response.status_code, headers, response.content)
            store.store(request, key, tags, entry, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response
