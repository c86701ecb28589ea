"""Accounts (django-allauth), adjusted to the site:

- Links in account emails (confirm your address, reset your password) are on SITE_URL, whatever
  host or port the request came on.
- An account email to a member is in the member's language (community.accounts.language), links
  included, whatever the language of the request that sends it; to anyone else, in the request's.
- Failed sign-ins are counted per address and per (address, account), never per account alone
  (allauth's default): five wrong passwords from one address cannot lock the owner out from
  every other address.
- Usernames are stored normalised (NFKC: ｔａｎａｋａ is tanaka, community.accounts.names), and a
  username that is a staff role, or looks the same as another member's username or display name
  once width and case are set aside, is refused.
- When the shared cache is unreachable, allauth's rate limits let people through (and log it)
  instead of refusing every sign-in: allauth takes a lock in the cache before it counts, and
  with Redis down (django-redis ignoring the outage) it never gets one.
"""

import logging
from contextlib import contextmanager
from urllib.parse import quote

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import DefaultAccountAdapter

from altcms.http import ratelimit, siteurl
from altcms.http.language import counterpart
from community.accounts import names
from community.accounts.language import supported
from community.accounts.models import profile_of

logger = logging.getLogger(__name__)

LOGIN_FAILURE_MINUTES = 5


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": format_lazy(
            _(
                "Too many wrong passwords for this account from your connection. Wait "
                "{minutes} minutes and try again, or reset your password."
            ),
            minutes=LOGIN_FAILURE_MINUTES,
        ),
        "username_blacklisted": _("That username is kept for the site's staff. Choose another."),
        "username_taken": _(
            "Another member already uses that username, or one that looks the same. Choose a "
            "different one."
        ),
    }

    def get_client_ip(self, request):
        """The same reader's address the site's own rate limits use (TRUSTED_PROXY_COUNT)."""
        return ratelimit.client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys failed sign-ins on the account alone ("5/5m/key"); here the key is the
        # (address, account) pair, so the owner signing in from elsewhere is not locked out.
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{self.get_client_ip(request)}:{login}"

    def get_email_confirmation_url(self, request, emailconfirmation):
        return siteurl.absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return siteurl.absolute(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix, email, context):
        """allauth's email, rendered in the language of the member it is for, with its links
        (on SITE_URL) to the pages in that language."""
        user = context.get("user")
        language = supported(getattr(profile_of(user), "language", "")) if user else ""
        if not language or language == translation.get_language():
            return super().send_mail(template_prefix, email, context)
        home = siteurl.site_url() + "/"
        context = {
            key: counterpart(value, language)
            if isinstance(value, str) and value.startswith(home)
            else value
            for key, value in context.items()
        }
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)

    # Where a form sent from a page in Japanese leads when it names no `next`: the same place,
    # in Japanese (the page's language is the address's, altcms.http.language).
    def get_login_redirect_url(self, request):
        return counterpart(super().get_login_redirect_url(request), translation.get_language())

    def get_logout_redirect_url(self, request):
        return counterpart(super().get_logout_redirect_url(request), translation.get_language())

    def get_signup_redirect_url(self, request):
        return counterpart(super().get_signup_redirect_url(request), translation.get_language())

    def clean_username(self, username, shallow=False):
        # Normalised first, so the username validators judge what is stored.
        username = super().clean_username(names.normalised(username), shallow=shallow)
        if names.is_reserved(username):
            raise self.validation_error("username_blacklisted")
        if not shallow and names.taken_by_other(username):
            raise self.validation_error("username_taken")
        return username


def keep_rate_limits_open_when_cache_is_down():
    """Put a lock in front of allauth's rate-limit cache lock that lets the request through,
    logged, when the cache does not answer (called from community's AppConfig.ready;
    tests/community/accounts/test_account_faults.py fails if allauth's internals move)."""
    from allauth.core.internal import ratelimit as allauth_ratelimit

    original = allauth_ratelimit.cache_lock
    if getattr(original, "carries_on", False):
        return

    @contextmanager
    def cache_lock(cache_key):
        lock_key = f"{cache_key}:lock"
        added = cache.add(lock_key, True, timeout=allauth_ratelimit.CACHE_LOCK_TIMEOUT)
        if added is None:  # django-redis ignoring an outage: there is no cache to count in
            logger.error("Sign-in rate limits unavailable (cache down); allowing the request.")
            yield True
        elif added:
            try:
                yield True
            finally:
                cache.delete(lock_key)
        else:  # someone else holds it: allauth's own wait
            with original(cache_key) as locked:
                yield locked

    cache_lock.carries_on = True
    allauth_ratelimit.cache_lock = cache_lock
