"""Site-wide middleware: request ids and request logs, and one security policy per part of the
site (the public pages and the Wagtail admin).

The caches live in altcms.caching; health checks and error pages in altcms.http.views.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.text import format_lazy
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _

from csp.middleware import CSPMiddleware, PolicyParts

from altcms.http.language import reader_language

logger = logging.getLogger("altcms.request")

request_id_var = ContextVar("request_id", default="-")
_GOOD_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served on every log record (errors included)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class RequestLogMiddleware:
    """Gives each request an id (the proxy's X-Request-ID when it is well formed), returns it in
    the response, and logs one structured line per request: method, path, status, time taken,
    and whether the page cache answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _GOOD_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            duration = round((time.perf_counter() - started) * 1000, 1)
            logger.info(
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration,
                    "cache": response.get("X-Cache", ""),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under /admin/.

    The public site runs with no inline script or style at all; Wagtail's admin still uses
    inline scripts and styles, so it gets ADMIN_CONTENT_SECURITY_POLICY.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _is_admin(request):
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


def _is_admin(request):
    return request.path_info.startswith(settings.ADMIN_URL_PREFIXES)


class MalformedRequestMiddleware:
    """Refuses, with a 400 that says why, a request whose address holds a NUL byte (no page
    has one), or an API request whose query string does: PostgreSQL cannot store or compare
    text that contains one, and Wagtail's API passes its filters to the database as they come.
    The site's own pages take what a reader typed as text (search treats a NUL as a space);
    form fields are checked by their forms (Django's CharField refuses NUL with a message beside
    the field). tests/test_hostile_input.py sends NUL bytes everywhere, on PostgreSQL.

    It answers before the address's language is set, so the page says it in the reader's
    language (altcms.http.language.reader_language): Japanese under /ja/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem:
            return bad_request(request, problem)
        return self.get_response(request)

    @staticmethod
    def problem(request):
        """What is wrong with the request (words translated where they are shown), or ""."""
        if "\x00" in request.path_info:
            return _("The address contains a NUL character, which no page address has.")
        if not request.path_info.startswith("/api/"):
            return ""
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return format_lazy(
                    _(
                        "The “{name}” parameter contains a NUL character, which no search or "
                        "filter can use."
                    ),
                    name=key.replace("\x00", ""),
                )
        return ""


def bad_request(request, message):
    """A 400: JSON under the API (in English, as the API is the same in every language), else
    a page in the site's layout in the reader's language."""
    if request.path_info.startswith("/api/"):
        with translation.override(settings.LANGUAGE_CODE):
            return JsonResponse({"message": str(message)}, status=400)
    language = reader_language(request)
    with translation.override(language):
        response = render(
            request,
            "bad_request.html",
            {"message": message, "title": _("We couldn't use that address")},
            status=400,
        )
    response.headers.setdefault("Content-Language", language)
    if not get_language_from_path(request.path_info):
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
