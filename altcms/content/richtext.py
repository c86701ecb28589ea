"""Rich text page links at a fixed cost: one query for all the links in a page's body.

Wagtail expands `<a linktype="page" id="…">` one RichText block at a time, two queries per block
with a link. A page wraps its rendering in `prefetched_page_links(...)`, which looks up every
page its StreamFields link to in one query, made when the first link is rendered (so none when
the body comes from the shared cache); the "page" link handler registered in
altcms/wagtail_hooks.py answers from `prefetched_pages()` when it can.
"""

import json
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.functional import cached_property

PAGE_LINK_RE = re.compile(r'linktype=\\*"page\\*" id=\\*"(\d+)')

_prefetched = ContextVar("prefetched_page_links", default=None)


def prefetched_pages():
    """{str(id): page} while a page renders inside prefetched_page_links(), else None."""
    lookup = _prefetched.get()
    return None if lookup is None else lookup.pages


def linked_page_ids(*stream_values):
    ids = set()
    for value in stream_values:
        raw = getattr(value, "raw_data", value)
        ids.update(PAGE_LINK_RE.findall(json.dumps(list(raw), default=str)))
    return ids


class _LinkedPages:
    def __init__(self, stream_values):
        self.stream_values = stream_values

    @cached_property
    def pages(self):
        from wagtail.models import Page

        ids = linked_page_ids(*self.stream_values)
        return {str(page.id): page for page in Page.objects.filter(id__in=ids)} if ids else {}


@contextmanager
def prefetched_page_links(*stream_values):
    token = _prefetched.set(_LinkedPages(stream_values))
    try:
        yield
    finally:
        _prefetched.reset(token)


class PrefetchedLinksMixin:
    """A page whose `body` is rendered with every page link in it looked up in one query."""

    def serve(self, request, *args, **kwargs):
        with prefetched_page_links(self.body):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response
