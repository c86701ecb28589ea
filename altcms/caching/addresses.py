"""Addresses: what the caches are keyed by and what a change names as stale.

An address is a path on the site ("/modules/training/phonics/"), whatever the query string. A
change makes stale a set of addresses (`Stale`): exact ones (a listing: "/blog/" with every
?tag= and ?page=), whole folders (a page and everything below it: its sub-pages, its own sub-URLs
such as a forum topic or a feed), or everything (the header and footer every page shows). The
in-app caches turn these into tags (`tags_for`), the frontend cache into purges of the same
addresses (`altcms.caching.purge`).

A page answers in each interface language at its own address ("/modules/" in English, "/ja/modules/"
in Japanese; `altcms.http.language`). Each language's page is kept under its own address (the
page cache's key is the address as asked for), but for what is stale they are one address: the
tags are the same, and a purge names every language's address (`in_every_language`).
"""

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import get_language_from_path

from wagtail.models import Page, Site

ALL = "all"
# Addresses deeper than this are never cached (the site's own pages are at most five deep; a
# made-up address with hundreds of parts must not cost hundreds of tags).
MAX_DEPTH = 10


def normalise(address):
    """A path as the request sees it, whatever the interface language: decoded, no scheme, host,
    query, fragment or language prefix ("/ja/blog/?page=2" -> "/blog/")."""
    path = unquote(urlsplit(address).path) or "/"
    path = path if path.startswith("/") else "/" + path
    language = get_language_from_path(path)
    if language:
        return path[len(language) + 1 :] or "/"
    return path


def in_every_language(path):
    """'/blog/' -> ['/blog/', '/ja/blog/']: the addresses a path answers at, one per interface
    language (the default language has no prefix)."""
    prefixes = ["/" + code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    return [path, *(prefix + path for prefix in prefixes)]


def folders(path):
    """'/a/b/c/' -> ['/a/', '/a/b/', '/a/b/c/'] (the path's own folder last; '/' is ALL)."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: depth + 1]) + "/" for depth in range(len(parts))]


def tags_for(address):
    """The tags of whatever is kept for an address: everything, the address itself, and each
    folder it is in. None when the address is too deep to cache."""
    path = normalise(address)
    above = folders(path)
    if len(above) > MAX_DEPTH:
        return None
    return [ALL, "path:" + path, *("tree:" + folder for folder in above)]


@dataclass
class Stale:
    """What one change makes stale."""

    paths: set = field(default_factory=set)  # exact addresses, any query string
    trees: set = field(default_factory=set)  # addresses and everything below them
    everything: bool = False
    named: set = field(default_factory=set)  # site-wide lookups by name (e.g. "privacy")

    def __bool__(self):
        return bool(self.paths or self.trees or self.everything or self.named)

    def update(self, other):
        self.paths |= other.paths
        self.trees |= other.trees
        self.everything = self.everything or other.everything
        self.named |= other.named
        return self

    def tags(self):
        """The tags whose entries this makes stale."""
        if self.everything:
            return [ALL]
        tags = {"path:" + normalise(path) for path in self.paths}
        for tree in self.trees:
            path = normalise(tree)
            tags.add("path:" + path)
            tags.add("tree:" + (path if path.endswith("/") else path + "/"))
        tags |= {"name:" + name for name in self.named}
        if "tree:/" in tags:
            return [ALL]
        return sorted(tags)


def page_addresses(page):
    """The paths a page answers at on each site (none while it is not under a site root)."""
    found = []
    for _site, root_path, _root_url, _language in Site.get_site_root_paths():
        if page.url_path.startswith(root_path):
            found.append("/" + page.url_path[len(root_path) :])
    return found


def url_path_addresses(url_path):
    """page_addresses for a url_path a page had before it moved or was renamed."""
    return page_addresses(Page(url_path=url_path))


def address_of(obj):
    """Where an object is shown: a page's own address, or what get_absolute_url() says."""
    if isinstance(obj, Page):
        return page_addresses(obj)
    url = getattr(obj, "get_absolute_url", None)
    return [normalise(url())] if url is not None else []


def object_tags(obj, request=None):
    """The tags of the entries about one object (its rendered parts), from its own address;
    None when it has none."""
    if isinstance(obj, Page):
        parts = obj.get_url_parts(request)  # the request keeps the site's root paths
        return tags_for(parts[2]) if parts else None
    addresses = address_of(obj)
    return tags_for(addresses[0]) if addresses else None
