"""Titles for the search box as you type, and "did you mean" when a search finds nothing.

As a reader types, the pages and topics whose titles contain the text are suggested. The site's
titles are English, so for Japanese (指導, a prefix of 指導要領) the pages and topics whose text
contains it are suggested too: the index holds Japanese as overlapping bigrams and each kanji
alone (altcms.content.search_text), so any part of a Japanese word, even one kanji, is a search
of its bigrams, the same on SQLite and PostgreSQL. That costs two more queries, whatever matches.
"""

import difflib

from django.db.models import Case, IntegerField, Value, When

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from altcms.caching.pagetree import public
from altcms.content.search_text import KANJI, WORD, has_japanese, query_terms
from blog.models import ArticlePage, BlogPostPage
from modules.models import ModuleCategoryPage, ModulePage
from search.results import KIND_LABELS, page_kinds, visible_topics

SUGGESTIONS = 8
LINKED = ("id", "title", "url_path", "path", "depth", "content_type_id", "locale_id")
RECENT_POSTS = 200  # blog posts whose titles "did you mean" considers
MIN_LENGTH = 2  # characters; one kanji is a word too
TITLED = (ModulePage, ModuleCategoryPage, BlogPostPage, ArticlePage)


def long_enough(text):
    """Enough typed to suggest anything: two characters, or one kanji (指 of 指導)."""
    return len(text) >= MIN_LENGTH or bool(KANJI.fullmatch(text))


def titled_pages(request):
    return public(Page.objects.live().type(*TITLED), request)


def titles_like(text, request):
    """Up to eight pages and topics whose titles contain `text` (pages starting with it first,
    modules before posts and articles, then topics); for Japanese, then the pages (modules
    first) and topics whose text contains it."""
    terms = query_terms(text) if has_japanese(text) else []
    kinds = page_kinds()
    module_type = next(pk for pk, kind in kinds.items() if kind == "module")
    pages = (
        titled_pages(request)
        .filter(title__icontains=text)
        .annotate(
            starts=Case(
                When(title__istartswith=text, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            is_module=Case(
                When(content_type_id=module_type, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("starts", "is_module", "title")
        .only(*LINKED)[:SUGGESTIONS]
    )
    pages = list(pages)
    topics = []
    if len(pages) < SUGGESTIONS:
        topics = list(
            visible_topics(request)
            .filter(title__icontains=text)
            .select_related("board")
            .order_by("-last_activity_at")[: SUGGESTIONS - len(pages)]
        )
    found = _described(pages, request, kinds) + _described_topics(topics)
    room = SUGGESTIONS - len(found)
    if terms and room > 0:  # then, for Japanese, the pages and topics whose text has it
        more = _containing(
            terms,
            titled_pages(request).exclude(id__in=[page.pk for page in pages]).only(*LINKED),
            room,
            first=lambda page: page.content_type_id != module_type,
        )
        found += _described(more, request, kinds)
        room -= len(more)
        if room > 0:  # topics cannot be filtered by id in the index: the listed ones are skipped
            listed = {topic.pk for topic in topics}
            more = _containing(
                terms, visible_topics(request).select_related("board"), room + len(listed)
            )
            found += _described_topics([t for t in more if t.pk not in listed][:room])
    return found


def _described(pages, request, kinds):
    return [
        {
            "title": page.title,
            "url": page.get_url(request),
            "kind": KIND_LABELS.get(kinds.get(page.content_type_id), "Section"),
        }
        for page in pages
    ]


def _described_topics(topics):
    return [{"title": topic.title, "url": topic.url, "kind": "Forum"} for topic in topics]


def _containing(terms, queryset, limit, first=None):
    """Up to `limit` of `queryset` whose indexed text holds every one of `terms` (one query),
    best first by the database's measure; those for which `first` is false before the rest."""
    found = list(
        get_search_backend().search(PlainText(" ".join(terms), operator="and"), queryset)[
            : limit * 3 if first else limit
        ]
    )
    if first is not None:
        found.sort(key=first)  # stable: the database's order within each group
    return found[:limit]


def did_you_mean(text, request, words=()):
    """(pages whose titles are close to what was typed, a corrected query or "").

    The query is compared with the titles of modules, categories, articles and the newest
    posts, and each of its words with the words of those titles and `words` (the synonym sets'
    English, say); a site with thousands of posts costs no more than one with fifty.
    """
    ids_by_title = {}
    course = titled_pages(request).not_type(BlogPostPage).values_list("id", "title")
    recent_posts = (
        titled_pages(request)
        .type(BlogPostPage)
        .order_by("-first_published_at")
        .values_list("id", "title")[:RECENT_POSTS]
    )
    for pk, title in [*course, *recent_posts]:
        ids_by_title.setdefault(title.lower(), pk)
    close = difflib.get_close_matches(text.lower(), ids_by_title, n=3, cutoff=0.6)
    ids = [ids_by_title[title] for title in close]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids)}
    links = [pages[pk] for pk in ids if pk in pages]

    vocabulary = {word for title in ids_by_title for word in WORD.findall(title)}
    vocabulary |= {word.lower() for word in words if word.isascii()}
    words = [word.lower() for word in WORD.findall(text)]
    corrected = []
    for word in words:
        close_words = []
        if word not in vocabulary and len(word) >= 4:
            close_words = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        corrected.append(close_words[0] if close_words else word)
    return links, " ".join(corrected) if corrected != words else ""
