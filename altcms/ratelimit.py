"""Fixed-window rate limits on the shared cache: N actions a minute, M a day, per key.

Each attempt is counted first and then compared, so simultaneous requests cannot all slip
under a limit. Accounts and IP addresses have their own limits: many ALTs can share a school's
or a training venue's address, so an address may post more than one account.
"""

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

WINDOWS = {"minute": 60, "hour": 60 * 60, "day": 24 * 60 * 60}


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
    """Count one attempt by `who`; False if that takes them over any of `limits`.

    If the shared cache is down (django-redis then answers nothing) the attempt is allowed and
    logged: losing a reader's post to an outage is worse than letting a burst through."""
    allowed = True
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
            return True
        allowed = allowed and count <= limit
    return allowed


def allow_post(request, action="comment", limits=None):
    """Count a post against the reader's account (if signed in) and address."""
    limits = limits or settings.DISCUSSION_RATE_LIMITS
    allowed = hit(action, f"ip:{client_ip(request)}", limits["ip"])
    if request.user.is_authenticated:
        allowed = hit(action, f"user:{request.user.pk}", limits["account"]) and allowed
    return allowed
