"""The interface language: English at the addresses the site always had, Japanese under /ja/.

The address alone decides the language of a page (django.middleware.locale.LocaleMiddleware with
`i18n_patterns(prefix_default_language=False)`), so every address is one page in one language and
the caches may keep it by address. What a reader wants is honoured before any cache answers: at
an address with no prefix, a reader who chose Japanese (the language cookie) or, with no choice
made yet, whose browser prefers it (Accept-Language) is sent to the /ja/ address
(`LanguageRedirectMiddleware`). That redirect depends on the reader, so it is private and says
what it varies on; the English page itself is the same for everyone and is cached as before.

The switch in the header (`switch_language`) is a plain link: it remembers the choice in the
language cookie and leads to the same page in the other language. No form, so no CSRF token, so
the pages that show it stay cacheable. It sends `language_chosen` with a language the site has
(never a forged one), so that whoever keeps a member's language (community.accounts.language)
can keep it; altcms names no app. A link from another site to the switch changes the page's
language but sends nothing: without a form, that is what stands in for CSRF protection.

Every address the site answers is a path on this site: "//host/" (or "/%2Fhost/") is never
turned into a redirect to another host.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.dispatch import Signal
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import (
    get_language_from_path,
    get_language_from_request,
    get_supported_language_variant,
    override,
)
from django.views.decorators.http import require_safe

# Sent by the switch with `request` and `language` (one of settings.LANGUAGES).
language_chosen = Signal()


def language_of(path):
    """The interface language of an address: its prefix, else the default (English)."""
    return get_language_from_path(path) or settings.LANGUAGE_CODE


def counterpart(url, language):
    """The same page in `language` ("/modules/x/?a=1" -> "/ja/modules/x/?a=1", and the same for
    an absolute address); the address unchanged when it has no counterpart (the admin, the API,
    an address nothing answers). A path never becomes another site: "//host/" (which
    "/%2Fhost/" decodes to) names one to a browser, so it has no counterpart."""
    if _names_a_host(url) and not urlsplit(url).scheme:
        return url
    with override(language_of(urlsplit(url).path)):
        there = translate_url(url, language)
    return url if _names_a_host(there) and not _names_a_host(url) else there


def _names_a_host(url):
    """Would a browser read `url` as an address with a host ("https://x/", "//x/", "/\\x/")?"""
    return bool(urlsplit(url).netloc) or url.startswith(("//", "/\\"))


def _from_another_site(request):
    """Did a link on another site lead here (the browser's Sec-Fetch-Site)? Such a link may
    show the page in Japanese, but it must not change what a member keeps (their emails'
    language); a browser that does not say is taken at its word."""
    return request.headers.get("Sec-Fetch-Site", "none") not in ("same-origin", "none")


def reader_language(request):
    """The language this request is answered in: the address's, except that at an address with
    no prefix a reader who wants Japanese (the language they chose, else their browser's) is
    answered in it, as `LanguageRedirectMiddleware` sends a GET or HEAD to the /ja/ page. For
    what answers before the address's language is set (MalformedRequestMiddleware's 400), which
    then varies on Accept-Language and Cookie at an address with no prefix, as the pages do."""
    if request.method not in ("GET", "HEAD") or get_language_from_path(request.path_info):
        return language_of(request.path_info)
    return get_language_from_request(request)  # cookie, then Accept-Language


def _private_redirect(to):
    response = HttpResponseRedirect(to)
    patch_cache_control(response, private=True, no_cache=True)
    return response


class LanguageRedirectMiddleware:
    """At an address with no language prefix, send a reader who wants Japanese to its /ja/
    counterpart: the language they chose (the cookie), else their browser's (Accept-Language).
    Runs before the page cache, which keeps the English page under the unprefixed address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The address's language from here on (LocaleMiddleware confirms it), and none left
        # behind for the next request this thread serves: a page answered before
        # LocaleMiddleware runs (the page cache, an error page) is never in another reader's.
        translation.activate(language_of(request.path_info))
        try:
            return self._respond(request)
        finally:
            translation.deactivate()

    def _respond(self, request):
        if request.method not in ("GET", "HEAD") or get_language_from_path(request.path_info):
            return self.get_response(request)
        wanted = reader_language(request)
        if wanted != settings.LANGUAGE_CODE:
            here = request.get_full_path()
            there = counterpart(here, wanted)
            if there != here:
                response = _private_redirect(there)
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
        response = self.get_response(request)
        # Another reader at this address may be sent to /ja/ instead: any shared cache must
        # keep this answer apart for them (a feed or a PDF sets no cookie of its own).
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


@require_safe
def switch_language(request, language):
    """Remember `language` in the language cookie and show the page the reader was on
    (?next=) in it."""
    try:
        variant = get_supported_language_variant(language).lower()
    except LookupError:
        variant = ""
    # The site's own code for it ("JA" is "ja"), as the cookie and the frontend cache read it.
    language = next(
        (code for code, _name in settings.LANGUAGES if code.lower() == variant),
        settings.LANGUAGE_CODE,
    )
    if variant and not _from_another_site(request):
        language_chosen.send(sender=switch_language, request=request, language=language)
    here = request.GET.get("next", "/")
    if not here.startswith("/") or not url_has_allowed_host_and_scheme(
        here, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        here = "/"
    response = _private_redirect(counterpart(here, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
