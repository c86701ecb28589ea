"""Views that belong to no one app: error pages, the health check and uploaded files."""

import logging
import mimetypes
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.views.decorators.cache import never_cache

from altcms.caching import store
from altcms.ops.storage import PRIVATE_PREFIXES

logger = logging.getLogger(__name__)

# Uploaded files a browser may show in the page; everything else is sent as a download.
INLINE_MEDIA_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"}


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: a plain explanation and a 400, never a trace."""
    return render(
        request,
        "csrf_failure.html",
        {"reason": reason},
        status=400,
    )


# How long allauth's limits last, by the address that was limited (allauth does not say which
# limit it applied): a minute for most, three minutes between confirmation emails.
RETRY_AFTER = [("/accounts/email/", 180), ("/accounts/confirm-email/", 180)]


def too_many_requests(request, exception=None):
    """Every 429 the site gives outside its own forms (allauth's sign-in, sign-up and password
    limits): a page in the site's layout that says when to try again, with Retry-After."""
    seconds = next((wait for prefix, wait in RETRY_AFTER if request.path.startswith(prefix)), 60)
    response = render(
        request,
        "429.html",
        {"minutes": seconds // 60, "seconds": seconds},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def server_error(request):
    """The 500 page; or, when the database is unreachable, a 503 that says so and asks the
    reader to try again. Neither touches the database (render_to_string with no request)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


@never_cache
def healthz(request):
    """For a load balancer: 200 when the database and the shared cache both answer, else 503,
    with what failed. Names no host, version or setting."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def _database_ok():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("Health check: database unreachable.", exc_info=True)
        return False


def _cache_ok():
    cache = store.shared_cache()
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # any backend's connection error
        logger.warning("Health check: cache unreachable.", exc_info=True)
        return False


def media(request, path):
    """Uploaded files from MEDIA_ROOT, when no web server in front serves them.

    Raster images are shown inline; anything else (an SVG or HTML file that got in by any
    route) is sent as an attachment under a sandboxing policy, so it never runs as part of the
    site. Documents are never served here: only Wagtail's document view (/documents/), which
    checks who may see a document in a restricted collection, serves them.
    """
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except (ValueError, SuspiciousFileOperation) as error:  # a path outside MEDIA_ROOT
        raise Http404("No such file.") from error
    relative = full.relative_to(Path(safe_join(settings.MEDIA_ROOT))).as_posix() + "/"
    try:
        found = full.is_file()
    except OSError:  # a name longer than the file system allows, for one
        found = False
    if relative.startswith(PRIVATE_PREFIXES) or not found:
        raise Http404("No such file.")
    content_type, _encoding = mimetypes.guess_type(full.name)
    content_type = content_type or "application/octet-stream"
    inline = content_type in INLINE_MEDIA_TYPES
    response = FileResponse(
        full.open("rb"),
        as_attachment=not inline,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
