"""Entries in the shared cache, each stale as soon as one of its tags is invalidated.

Every entry the site keeps (a whole page, a route, a rendered part, the header and footer) is
stored with the tags of what it shows (`altcms.caching.addresses.tags_for`): `all`, the exact
address it belongs to, and each folder above that address. Each tag has a token in the same
cache; an entry records the tokens its tags had when it was rendered, and is served only while
every one of them is unchanged. Invalidating a tag gives it a new random token
(`invalidate`), so every entry that carries it is stale at once, on every worker and machine,
and no entry is ever deleted or searched for.

Why it is safe:
- Tokens are read before anything is rendered (the first lookup of a request reads them, with
  the entry, in one round trip, and the request keeps them), so content rendered while a change
  commits is stored under the old token and never served.
- A tag with no token (never used, expired, evicted) is never equal to a token an entry holds:
  an entry whose tag was lost is a miss. A token is only created when an entry is stored, with
  an atomic add, and an entry is stored only when every add succeeded: so no invalidation can
  slip between reading "no token" and storing.
- Anything the cache cannot answer or give back whole (Redis down, an entry written by an older
  release, a corrupt value) is a miss, never an error; a store or an invalidation that fails is
  logged (see `altcms.caching.purge` for what happens to a lost invalidation).
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

# A tag's token outlives every entry that can hold it, so a token that expires only ever turns
# entries that are already gone into misses.
TAG_SECONDS = 24 * 60 * 60
_MISSING = object()
# Moves on with every invalidation this process makes, so that a request which changed
# something reads the tokens afresh instead of trusting the ones it read before.
_epoch = [0]
# Set when an invalidation could not reach the cache (altcms.caching.purge.flush); the next
# lookup that finds the cache answering makes everything stale and clears it.
lost_invalidation = [False]


def shared_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def tag_key(tag):
    digest = hashlib.blake2b(tag.encode("utf-8", "surrogatepass"), digest_size=12)
    return "tag:" + digest.hexdigest()


def new_token():
    return secrets.token_hex(8)


class Tokens:
    """The tokens of the tags one request has looked at, read once from the cache."""

    def __init__(self):
        self.known = {}
        self.epoch = _epoch[0]

    def missing(self, tags):
        if self.epoch != _epoch[0]:
            self.known.clear()
            self.epoch = _epoch[0]
        return [tag for tag in tags if tag not in self.known]

    def current(self, tags):
        """The tokens of `tags` (None for a tag that has none), in order."""
        return tuple(self.known.get(tag) for tag in tags)


def _tokens(request):
    """The request's Tokens (a throwaway one where there is no request)."""
    if request is None:
        return Tokens()
    tokens = getattr(request, "_cache_tokens", None)
    if tokens is None:
        tokens = request._cache_tokens = Tokens()
    return tokens


def _get_many(keys):
    try:
        return shared_cache().get_many(keys)
    except Exception:  # noqa: BLE001 - an unreachable cache or an unreadable value is a miss
        logger.warning("Shared cache: read failed; serving uncached.", exc_info=True)
        return {}


def lookup(request, key, tags):
    """The value stored under `key` if it is current for `tags`, else None.

    The tokens of the tags the request has not read yet are read with the entry, in one round
    trip; from then on the request uses those (see the module's docstring)."""
    if lost_invalidation[0] and invalidate(["all"]):
        lost_invalidation[0] = False
        logger.info("Shared cache answers again: everything it held is stale.")
    tokens = _tokens(request)
    missing = tokens.missing(tags)
    found = _get_many([key, *(tag_key(tag) for tag in missing)])
    for tag in missing:
        tokens.known[tag] = found.get(tag_key(tag))
    stored = found.get(key, _MISSING)
    if stored is _MISSING:
        return None
    try:
        recorded, value = stored
    except (TypeError, ValueError):  # not an entry this scheme wrote
        return None
    current = tokens.current(tags)
    if recorded != current or None in current:
        return None
    return value


def store(request, key, tags, value, seconds):
    """Keep `value` under `key` for `seconds`, current until one of `tags` is invalidated.

    Only what was rendered after the tags' tokens were read (by `lookup`, in this request) is
    stored, and not if any invalidation was made by this process since then. Tags with no token
    yet get one first (an atomic add each); if another process set one in the meantime (an
    invalidation, or another writer), nothing is stored: what was rendered may be stale."""
    tokens = _tokens(request)
    if tokens.missing(tags):
        return False
    cache = shared_cache()
    try:
        for tag in tags:
            if tokens.known[tag] is None:
                token = new_token()
                if not cache.add(tag_key(tag), token, TAG_SECONDS):
                    return False
                tokens.known[tag] = token
        cache.set(key, (tokens.current(tags), value), seconds)
    except Exception:  # noqa: BLE001 - a cache that cannot store costs speed, not the page
        logger.warning("Shared cache: store failed for %s.", key, exc_info=True)
        return False
    return True


def cached(request, key, tags, seconds, make):
    """The value under `key` if current, else `make()`, stored for the next reader."""
    value = lookup(request, key, tags)
    if value is None:
        value = make()
        store(request, key, tags, value, seconds)
    return value


def invalidate(tags):
    """Every entry that carries one of `tags` is stale from now on. True if the cache took it."""
    if not tags:
        return True
    _epoch[0] += 1
    try:
        result = shared_cache().set_many({tag_key(tag): new_token() for tag in tags}, TAG_SECONDS)
    except Exception:  # noqa: BLE001 - reported to the caller, which keeps it for later
        logger.warning("Shared cache: invalidation of %d tags failed.", len(tags), exc_info=True)
        return False
    # set_many returns the keys it could not set; django-redis returns None on an outage
    # it was told to ignore, so ask once more whether the cache is there at all.
    if result:
        return False
    return _answers()


def _answers():
    try:
        cache = shared_cache()
        cache.set("caching:alive", 1, 10)
        return cache.get("caching:alive") == 1
    except Exception:  # noqa: BLE001
        return False
