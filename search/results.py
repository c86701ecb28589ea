"""One ranked list over pages and forum topics, and the details of the hits on one result page.

Each source is searched once for its best MAX_HITS matches (ids, types and scores only), the
two lists are merged by score, and only the hits on the page being shown are loaded in full.
The number of queries therefore stays the same however many pages match.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Subquery

from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from altcms.pagetree import public
from blog.models import ArticlePage, BlogPostPage
from community.models import ForumBoardPage, Topic
from modules.models import ModulePage, ReflectionTask
from search.highlight import highlight, pattern, snippet

MAX_HITS = 500  # per source; beyond this the page says "500+" and asks for more words

KINDS = [
    ("module", "Modules", "Module"),
    ("blog", "Blog", "Blog"),
    ("article", "Articles", "Article"),
    ("forum", "Forum", "Forum"),
    ("page", "Other pages", "Page"),
]
KIND_LABELS = {kind: label for kind, _plural, label in KINDS}
PAGE_KINDS = {ModulePage: "module", BlogPostPage: "blog", ArticlePage: "article"}
TEXT_FIELDS = ("summary", "abstract", "intro", "introduction", "description", "body")


@dataclass
class Hit:
    kind: str
    pk: int
    relevance: float
    title: str = ""
    url: str = ""
    category: object = None
    snippet: str = ""
    date: object = None
    where: str = ""  # the forum board of a topic

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


@dataclass
class Found:
    hits: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # kind -> number of hits
    capped: bool = False  # a source had more than MAX_HITS matches

    @property
    def total(self):
        return sum(self.counts.values())

    def of_kind(self, kind):
        return [hit for hit in self.hits if hit.kind == kind] if kind else self.hits


def relevance(score):
    """Higher is better: PostgreSQL ranks up, SQLite's bm25 ranks down."""
    score = score or 0.0
    return -score if connection.vendor == "sqlite" else score


def page_kinds():
    kinds = {}
    for model, kind in PAGE_KINDS.items():
        kinds[ContentType.objects.get_for_model(model).pk] = kind
    return kinds


def find(query, request, exclude_pages=()):
    """Every page and topic matching `query` (a wagtail.search query), best first."""
    kinds = page_kinds()
    pages = public(Page.objects.live(), request).exclude(id__in=list(exclude_pages))
    backend = get_search_backend()
    page_matches = list(backend.search(query, pages).annotate_score("_score")[:MAX_HITS])
    boards = public(ForumBoardPage.objects.live(), request).values("pk")
    topics = Topic.objects.filter(is_removed=False, held=False, board__in=Subquery(boards))
    topic_matches = list(backend.search(query, topics).annotate_score("_score")[:MAX_HITS])

    hits = [
        Hit(kinds.get(page.content_type_id, "page"), page.pk, relevance(page._score))
        for page in page_matches
    ] + [Hit("forum", topic.pk, relevance(topic._score)) for topic in topic_matches]
    hits.sort(key=lambda hit: hit.relevance, reverse=True)
    counts = {kind: 0 for kind, _plural, _label in KINDS}
    for hit in hits:
        counts[hit.kind] += 1
    capped = MAX_HITS in (len(page_matches), len(topic_matches))
    return Found(hits=hits, counts=counts, capped=capped)


def fill(hits, request, words):
    """Load titles, links, categories and marked snippets for the hits on one result page."""
    regex = pattern(words)
    page_ids = [hit.pk for hit in hits if hit.kind != "forum"]
    topic_ids = [hit.pk for hit in hits if hit.kind == "forum"]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    topics = Topic.objects.filter(pk__in=topic_ids).select_related("board")
    topics = {topic.pk: topic for topic in topics}
    categories = _categories([p for p in pages.values() if isinstance(p, ModulePage)])
    tasks = {}
    for page_id, prompt in ReflectionTask.objects.filter(page_id__in=page_ids).values_list(
        "page_id", "prompt"
    ):
        tasks.setdefault(page_id, []).append(prompt)

    filled = []
    for hit in hits:
        if hit.kind == "forum":
            topic = topics.get(hit.pk)
            if topic is None:
                continue
            hit.title = highlight(topic.title, regex)
            hit.url = topic.url
            hit.where = topic.board.title
            hit.date = topic.last_activity_at
            hit.snippet = snippet([topic.body], regex)
        else:
            page = pages.get(hit.pk)
            if page is None:
                continue
            hit.title = highlight(page.title, regex)
            hit.url = page.get_url(request)
            hit.category = categories.get(page.pk)
            hit.date = getattr(page, "date", None)
            texts = page_texts(page) + tasks.get(page.pk, [])
            hit.snippet = snippet(texts, regex, fallback=page.search_description)
        filled.append(hit)
    return filled


def page_texts(page):
    texts = []
    for name in TEXT_FIELDS:
        value = getattr(page, name, None)
        if not value:
            continue
        model_field = page._meta.get_field(name)
        if isinstance(model_field, StreamField):
            texts += [str(text) for text in model_field.get_searchable_content(value)]
        else:
            texts.append(str(value))
    if isinstance(page, ModulePage):
        texts[1:1] = [goal.value for goal in page.learning_goals]
    return texts


def _categories(modules):
    """Each module's category page, in one query."""
    parents = {module.pk: module.path[: -Page.steplen] for module in modules}
    by_path = {
        category.path: category
        for category in Page.objects.filter(path__in=set(parents.values())).only(
            "id", "title", "slug", "path", "url_path", "depth"
        )
    }
    return {pk: by_path.get(path) for pk, path in parents.items()}
