"""Fixed-window rate limits on the shared cache: N actions a minute, M a day, per key.

Each attempt is counted first and then compared, so simultaneous requests cannot all slip
under a limit. Accounts and IP addresses have their own limits: many ALTs can share a school's
or a training venue's address, so an address may post more than one account.

A form that is sent once (altcms.http.submitonce) is counted inside `once()`, after its receipt
is taken, and refused there by raising `Refused`: a copy of what is already stored or being
stored (the second click of a double-click) is never counted, and is answered as the first was,
even when the first took the last place under the limit. With the database as the cache (no
REDIS_URL) that count is part of the form's transaction, and is kept only if the item is.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

WINDOWS = {"minute": 60, "hour": 60 * 60, "day": 24 * 60 * 60}
WHEN = {"minute": _("in a minute"), "hour": _("in an hour"), "day": _("tomorrow")}


@dataclass(frozen=True)
class Verdict:
    """Allowed or not; if not, how long until the limit that was reached lets go. True when
    allowed, so `if not hit(...)` reads as before."""

    allowed: bool
    window: str = ""

    def __bool__(self):
        return self.allowed

    @property
    def retry_after(self):
        """Seconds to wait (the length of the window that is full), for Retry-After."""
        return WINDOWS.get(self.window, 60)

    @property
    def when(self):
        """When to try again, in words: "in a minute", "in an hour", "tomorrow"."""
        return str(WHEN.get(self.window, WHEN["minute"]))


ALLOWED = Verdict(True)


class Refused(Exception):  # noqa: N818 - a refusal, not a failure
    """A limit refused this (`verdict`), with what to tell the person (`note`); raised inside
    submitonce.once, so the receipt goes back and nothing is stored."""

    def __init__(self, verdict, note=""):
        super().__init__(verdict.window)
        self.verdict = verdict
        self.note = note


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address
    those proxies recorded in X-Forwarded-For (the entry they added, not one a client sent)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(action, who, limits):
    """Count one attempt by `who`; a false Verdict (naming the longest window that is full) if
    that takes them over any of `limits`.

    If the shared cache is down (django-redis then answers nothing) the attempt is allowed and
    logged: losing a reader's post to an outage is worse than letting a burst through."""
    refused = ""
    for window, limit in limits.items():
        key = f"ratelimit:{action}:{window}:{who}"
        cache.add(key, 0, WINDOWS[window])
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOWS[window])
            count = 1
        if count is None:  # a cache that ignores its outages (django-redis) answered nothing
            logger.error("Rate limits unavailable (cache down); allowing %s.", action)
            return ALLOWED
        if count > limit and WINDOWS[window] > WINDOWS.get(refused, 0):
            refused = window
    return Verdict(False, refused) if refused else ALLOWED


def allow_post(request, action="comment", limits=None):
    """Count a post against the reader's account (if signed in) and address."""
    limits = limits or settings.DISCUSSION_RATE_LIMITS
    verdicts = [hit(action, f"ip:{client_ip(request)}", limits["ip"])]
    if request.user.is_authenticated:
        verdicts.append(hit(action, f"user:{request.user.pk}", limits["account"]))
    refused = [verdict for verdict in verdicts if not verdict]
    return max(refused, key=lambda verdict: verdict.retry_after) if refused else ALLOWED
