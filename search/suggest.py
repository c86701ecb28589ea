"""Titles as you type, and "did you mean" when a search finds nothing."""

import difflib

from django.db.models import Case, IntegerField, Value, When

from wagtail.models import Page

from altcms.caching.pagetree import public
from altcms.content.search_text import WORD
from blog.models import ArticlePage, BlogPostPage
from modules.models import ModuleCategoryPage, ModulePage
from search.results import KIND_LABELS, page_kinds, visible_topics

SUGGESTIONS = 8
RECENT_POSTS = 200  # blog posts whose titles "did you mean" considers
MIN_LENGTH = 2
TITLED = (ModulePage, ModuleCategoryPage, BlogPostPage, ArticlePage)


def titled_pages(request):
    return public(Page.objects.live().type(*TITLED), request)


def titles_like(text, request):
    """Up to eight pages and topics whose titles contain `text`, those starting with it first,
    modules before posts and articles."""
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
        .only("id", "title", "url_path", "path", "depth", "content_type_id", "locale_id")[
            :SUGGESTIONS
        ]
    )
    found = [
        {
            "title": page.title,
            "url": page.get_url(request),
            "kind": KIND_LABELS.get(kinds.get(page.content_type_id), "Section"),
        }
        for page in pages
    ]
    if len(found) < SUGGESTIONS:
        topics = (
            visible_topics(request)
            .filter(title__icontains=text)
            .select_related("board")
            .order_by("-last_activity_at")[: SUGGESTIONS - len(found)]
        )
        found += [{"title": t.title, "url": t.url, "kind": "Forum"} for t in topics]
    return found


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
