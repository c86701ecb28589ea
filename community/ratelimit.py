"""Fixed-window rate limits on the shared cache: N actions a minute, M a day, per key."""

from django.core.cache import cache

WINDOWS = {"minute": 60, "day": 24 * 60 * 60}


def _key(action, window, who):
    return f"ratelimit:{action}:{window}:{who}"


def allowed(action, identities, limits):
    """True if none of `identities` (e.g. "ip:1.2.3.4", "user:7") is over any limit."""
    for window, limit in limits.items():
        for who in identities:
            if cache.get(_key(action, window, who), 0) >= limit:
                return False
    return True


def record(action, identities, limits):
    """Count one action against every identity and window."""
    for window in limits:
        for who in identities:
            key = _key(action, window, who)
            if cache.add(key, 1, WINDOWS[window]):
                continue
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, WINDOWS[window])


def identities_for(request):
    who = [f"ip:{request.META.get('REMOTE_ADDR') or 'unknown'}"]
    if request.user.is_authenticated:
        who.append(f"user:{request.user.pk}")
    return who
