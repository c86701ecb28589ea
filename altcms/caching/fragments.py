"""Rendered parts of pages that are the same for every reader, signed in or not (a module's
content, a discussion's comment list, a listing), kept in the shared cache.

A part is about one object (`fragment_key`: a page, a topic) or one address (`shared_key`:
search results) and carries that object's or address's tags, so whatever makes the object's
address stale (`altcms.caching.changes`) makes its parts stale too. Parts are never shared for
a preview, and not at all when FRAGMENT_CACHE_SECONDS is 0.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from altcms.caching import store
from altcms.caching.addresses import object_tags, tags_for

SAFE_PART = re.compile(r"[A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class FragmentKey:
    key: str
    tags: list

    def part(self, *parts):
        """The key of a named piece of the same part ({% shared_fragment key "head" %})."""
        return FragmentKey(_joined(self.key, parts), self.tags)


def _joined(target, parts):
    parts = [str(part) for part in parts]
    view = ":".join(parts)
    if len(view) > 80 or not all(SAFE_PART.fullmatch(part) for part in parts):
        # What a reader typed (a tag, a query): any length, script, control character or
        # colon; hashed whole, so keys stay short, valid on every backend and unambiguous.
        typed = json.dumps(parts, ensure_ascii=True)
        view = hashlib.sha256(typed.encode()).hexdigest()
    return f"{target}:{view}"


def _sharing(request):
    return settings.FRAGMENT_CACHE_SECONDS and not getattr(request, "is_preview", False)


def fragment_key(request, obj, *parts):
    """The key of a rendered part of `obj`'s page that is the same for every reader; None when
    parts are not shared (turned off, or a preview) or `obj` has no address."""
    if not _sharing(request):
        return None
    tags = object_tags(obj, request)
    if tags is None:
        return None
    target = f"{obj._meta.label_lower}.{obj.pk}"  # a topic and a page may share a pk
    return FragmentKey(_joined(target, parts), tags)


def shared_key(request, address, *parts):
    """As fragment_key, for a part of the page at `address` that is not about one object
    (search results, on "/search/")."""
    if not _sharing(request):
        return None
    tags = tags_for(address)
    return FragmentKey(_joined(address, parts), tags) if tags is not None else None


def shared(request, key, make):
    """What `make()` returns (rendered HTML, or rows a part is built from), made once and kept
    in the shared cache under `key` for every reader; made every time when there is no key."""
    if not key:
        return make()
    # Parts carry the interface's words and links: one for each language.
    return store.cached(
        request,
        f"fragment:{get_language()}:{key.key}",
        key.tags,
        settings.FRAGMENT_CACHE_SECONDS,
        make,
    )


def page_key(value):
    """A ?page= value as a key part: the page the Paginator shows for it (its int, or 1 for
    anything else; every number below 1 shows the last page)."""
    try:
        return str(max(int(value), 0))
    except (TypeError, ValueError):
        return "1"
