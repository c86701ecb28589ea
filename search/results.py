"""One ranked list over pages and forum topics, and the details of the hits on one result page.

Matches are counted by kind in two queries; for the page of results being shown, each source
gives its best hits up to that page (at most MAX_HITS), the two lists are merged by score, and
only the hits on the page are loaded in full. The number of queries therefore stays the same
however many pages match.
"""

from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from altcms.caching.pagetree import public
from altcms.content.search_text import analyse
from blog.models import ArticlePage, BlogPostPage
from community.models import ForumBoardPage, Topic
from modules.blocks import section_anchor
from modules.models import ModulePage, ReflectionTask
from search.highlight import highlight, pattern, plain, snippet
from search.ranking import RERANK, Candidate, rank

HEADING = 2.0  # a search word in a section's heading counts this much more than in its text
_SECTIONS = {}  # (module id, body digest) -> analysed sections
MAX_HITS = 500  # results a reader can page through; beyond, the page asks for more words

KINDS = [
    ("module", _("Modules"), _("Module")),
    ("blog", _("Blog"), _("Blog")),
    ("article", _("Articles"), _("Article")),
    ("forum", _("Forum"), _("Forum")),
    ("page", _("Other pages"), _("Page")),
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
    section_anchor: str = ""  # a module's best-matching section
    section_heading: str = ""

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


class Found:
    """Every page and topic matching a query, best first, fetched lazily for a Paginator.

    Counting costs two queries (pages by content type, topics); a page of results costs one
    query per source, for the best `stop` hits of each, which are merged by score.
    """

    def __init__(self, query, request, kind="", exclude_pages=(), alternatives=(), relaxed=False):
        backend = get_search_backend()
        self.alternatives = list(alternatives)
        self.relaxed = relaxed
        kinds = page_kinds()
        pages = public(Page.objects.live(), request).exclude(id__in=list(exclude_pages))
        topics = visible_topics(request)

        self.counts = {value: 0 for value, _plural, _label in KINDS}
        self.kind = kind
        self._sources = []
        if query is None:  # nothing to search for (search.query.ParsedQuery.search_query)
            return
        for content_type, count in backend.search(query, pages).facet("content_type_id").items():
            self.counts[kinds.get(content_type, "page")] += count
        self.counts["forum"] = backend.search(query, topics).count()

        if kind == "forum":
            pages = pages.none()
        elif kind == "page":
            pages = pages.exclude(content_type_id__in=list(kinds))
        elif kind:
            pages = pages.filter(content_type_id__in=[ct for ct, k in kinds.items() if k == kind])
        if kind and kind != "forum":
            topics = topics.none()
        # The candidates' ids, titles and kinds are all the ranking needs from their rows.
        self._sources = [
            (
                backend.search(query, pages.only("id", "title", "content_type_id")),
                lambda page: kinds.get(page.content_type_id, "page"),
            ),
            (backend.search(query, topics.only("id", "title")), lambda topic: "forum"),
        ]

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def capped(self):
        """More matched than a reader can page through: the page asks for more words."""
        return self.total > MAX_HITS

    def count(self):
        return min(self.counts[self.kind] if self.kind else self.total, MAX_HITS)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        """The hits from `start` to `stop`: each source's best max(stop, RERANK) by the
        database's measure, ranked by the site's (search.ranking), then merged."""
        start, stop = window.start or 0, min(window.stop, MAX_HITS)
        ranked, tail = [], []
        for results, kind_of in self._sources:
            fetched = [
                Candidate(
                    kind_of(obj), obj.pk, obj.title, _content_type(obj), relevance(obj._score)
                )
                for obj in results.annotate_score("_score")[: max(stop, RERANK)]
            ]
            head, rest = fetched[:RERANK], fetched[RERANK:]
            if self.alternatives:
                head = rank(head, self.alternatives, relaxed=self.relaxed)
            ranked += [c for c in head if c.score is not None]
            tail += [c for c in head if c.score is None] + rest
        ranked.sort(key=lambda c: (-c.score, -c.native))
        tail.sort(key=lambda c: -c.native)
        hits = [Hit(c.kind, c.pk, c.score if c.score is not None else c.native) for c in ranked]
        hits += [Hit(c.kind, c.pk, c.native) for c in tail]
        return hits[start:stop]


def _content_type(obj):
    """The content type an object's index entry is filed under (a page's own type)."""
    content_type_id = getattr(obj, "content_type_id", None)
    if content_type_id is None:
        content_type_id = ContentType.objects.get_for_model(type(obj)).pk
    return content_type_id


def visible_topics(request):
    """Forum topics a reader may see: shown, on a live board the reader may open."""
    boards = public(ForumBoardPage.objects.live(), request).values("pk")
    return Topic.objects.shown().filter(board__in=Subquery(boards))


def relevance(score):
    """Higher is better: PostgreSQL ranks up, SQLite's bm25 ranks down."""
    score = score or 0.0
    return -score if connection.vendor == "sqlite" else score


def page_kinds():
    kinds = {}
    for model, kind in PAGE_KINDS.items():
        kinds[ContentType.objects.get_for_model(model).pk] = kind
    return kinds


def fill(hits, request, words, alternatives=()):
    """Load titles, links, categories and marked snippets for the hits on one result page; a
    module's hit names and links the section that matches the search best (its snippet comes
    from there)."""
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
            section = best_section(page, alternatives) if isinstance(page, ModulePage) else None
            if section is not None:
                hit.section_anchor, hit.section_heading, section_text = section
                hit.url = f"{hit.url}#{hit.section_anchor}"
            if section is not None and regex is not None and regex.search(section_text):
                texts = [section_text]  # the snippet comes from the section named
            else:
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


def best_section(module, alternatives):
    """(anchor, heading, text) of the module section that matches the search best, or None when
    no section holds any of its words (the match was in the title, summary or goals)."""
    best, best_score = None, 0.0
    for anchor, heading, heading_terms, counts, text in _sections(module):
        for alternative in alternatives:
            if not alternative.terms:
                continue
            total = sum(
                HEADING * (term in heading_terms) + counts[term] / (counts[term] + 1)
                for term in alternative.terms
            )
            found = sum(1 for term in alternative.terms if counts[term])
            section_score = total / len(alternative.terms) * alternative.weight
            section_score *= found / len(alternative.terms)
            if section_score > best_score:
                best, best_score = (anchor, heading, text), section_score
    return best


def _sections(module):
    """Each section of a module's body, analysed; kept in the process for the module's
    revision."""
    key = (module.pk, module.live_revision_id, module.last_published_at)
    if key not in _SECTIONS:
        if len(_SECTIONS) > 200:
            _SECTIONS.clear()
        sections = []
        for block in module.body:
            heading = block.value["heading"]
            content = block.block.child_blocks["content"]
            text = plain(
                " ".join(str(t) for t in content.get_searchable_content(block.value["content"]))
            )
            sections.append(
                (
                    section_anchor(heading),
                    heading,
                    set(analyse(heading)),
                    Counter(analyse(text)),
                    text,
                )
            )
        _SECTIONS[key] = sections
    return _SECTIONS[key]


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
