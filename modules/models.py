import math
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html, strip_tags

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from altcms.blocks import INLINE_FEATURES
from altcms.caching.fragments import fragment_key
from altcms.pagetree import CachedRouteMixin, ancestors_of, public
from altcms.richtext import PrefetchedLinksMixin
from altcms.search_text import SiteSearchMixin, query_terms
from modules.blocks import HelpfulSectionBlock, ModuleBodyBlock, section_anchor
from modules.forms import ModulePageForm
from modules.serializers import ReadingSerializer

WORDS_PER_MINUTE = 200
CHANGELOG_LENGTH = 20  # entries of "What changed" shown on a module
WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")


class ModuleIndexPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/modules/: the whole curriculum, by category."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["modules.ModuleCategoryPage", "modules.ProblemsPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = curriculum(self, request)
        context["problems_page"] = (
            public(ProblemsPage.objects.child_of(self).live(), request)
            .only("id", "title", "path", "depth", "url_path")
            .first()
        )
        return context


class ModuleCategoryPage(CachedRouteMixin, SiteSearchMixin, Page):
    """One of the three categories: Contextual, Training, Professional Development."""

    summary = models.TextField(max_length=300, help_text="One or two sentences for listings.")
    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("intro"),
    ]
    api_fields = [APIField("summary"), APIField("intro")]

    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types = ["modules.ModulePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            public(ModulePage.objects.child_of(self).live(), request)
            .order_by("path")
            .defer_streamfields()
        )
        return context


class ModulePage(CachedRouteMixin, SiteSearchMixin, PrefetchedLinksMixin, Page):
    """A course module: summary, goals, a body in sections, readings and reflection tasks."""

    # Kept with the page in the route cache (altcms.pagetree): the discussion needs them.
    route_cache_prefetch = ("reflection_tasks",)

    summary = models.TextField(
        max_length=300, help_text="One or two sentences: what the module is about and for whom."
    )
    learning_goals = StreamField(
        [("goal", blocks.CharBlock(max_length=300, label="Learning goal"))],
        help_text="What an ALT will be able to do after the module. Drag to reorder.",
    )
    body = StreamField(ModuleBodyBlock(), help_text="The module's text, in titled sections.")
    last_reviewed = models.DateField(
        default=date.today,
        help_text="When an editor last checked the whole module was accurate and current.",
    )
    notify_owner_of_comments = models.BooleanField(
        default=True,
        verbose_name="Notify the owner of new comments",
        help_text="Email the module's owner (set below) when someone comments on it.",
    )
    change_note = models.TextField(
        "what changed",
        max_length=600,
        blank=True,
        help_text="For readers: one or two sentences on what this revision changes and why. "
        "Shown under 'What changed' on the module when you publish; leave empty for small fixes.",
    )
    addressed_feedback = models.JSONField(default=list, blank=True, editable=True)
    reading_time = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        validators=[MinValueValidator(0), MaxValueValidator(600)],
        help_text="Estimated minutes to read, worked out from the text when the module is saved.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("learning_goals"),
        FieldPanel("body"),
        InlinePanel(
            "reflection_tasks",
            heading="Reflection tasks",
            label="Reflection task",
            help_text="Answered by ALTs in the discussion under the module. Drag to reorder.",
        ),
        InlinePanel("readings", heading="Readings", label="Reading"),
        MultiFieldPanel(
            [InlinePanel("related_modules", label="Related module"), FieldPanel("last_reviewed")],
            heading="Related modules and review",
        ),
        MultiFieldPanel(
            [FieldPanel("addressed_feedback"), FieldPanel("change_note")],
            heading="What changed (shown to readers)",
        ),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("owner"), FieldPanel("notify_owner_of_comments")],
            heading="Who looks after this module",
        )
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_goals"),
        index.SearchField("body"),
        index.RelatedFields(
            "reflection_tasks", [index.SearchField("prompt"), index.SearchField("guidance")]
        ),
        index.RelatedFields(
            "readings",
            [
                index.SearchField("note"),
                index.RelatedFields(
                    "reading", [index.SearchField("title"), index.SearchField("authors")]
                ),
            ],
        ),
        index.FilterField("last_reviewed"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("learning_goals"),
        APIField("body"),
        APIField("reflection_tasks"),
        APIField("readings"),
        APIField("related_modules"),
        APIField("last_reviewed"),
        APIField("reading_time"),
    ]

    parent_page_types = ["modules.ModuleCategoryPage"]
    subpage_types = []
    base_form_class = ModulePageForm

    class Meta:
        verbose_name = "module"

    def clean(self):
        super().clean()
        self.reading_time = self.estimate_reading_time()

    def search_key_texts(self):
        """What says what the module is about, ranked above its body (altcms.search_text)."""
        goals = [goal.value for goal in self.learning_goals]
        headings = [heading for _anchor, heading in self.sections]
        return [self.title, self.summary, *goals, *headings]

    def word_count(self):
        texts = [self.summary]
        texts += [goal.value for goal in self.learning_goals]
        texts += list(_stream_texts(self.body))
        texts += [f"{t.prompt} {t.guidance}" for t in self.reflection_tasks.all()]
        return sum(len(WORD_RE.findall(strip_tags(text))) for text in texts)

    def estimate_reading_time(self):
        return max(1, math.ceil(self.word_count() / WORDS_PER_MINUTE))

    @cached_property
    def sections(self):
        """(anchor, heading) for each section, for the page's table of contents."""
        return [
            (section_anchor(block.value["heading"]), block.value["heading"]) for block in self.body
        ]

    def get_context(self, request, *args, **kwargs):
        """Everything but the reader's progress and the discussion is the same for every reader
        and is kept rendered in the shared cache (`shared_fragment`, under `content_key`): the
        lists below are lazy, so a request that finds it there makes none of their queries."""
        context = super().get_context(request, *args, **kwargs)
        context["category"] = ancestors_of(self)[-1]
        context["content_key"] = fragment_key(request, self, "module")
        # One query each, however many tasks, readings or related modules there are.
        context["reflection_tasks"] = SimpleLazyObject(lambda: list(self.reflection_tasks.all()))
        context["readings"] = SimpleLazyObject(
            lambda: list(self.readings.select_related("reading"))
        )
        context["changes"] = SimpleLazyObject(lambda: list(self.changes.all()[:CHANGELOG_LENGTH]))
        context["related_modules"] = SimpleLazyObject(
            lambda: [
                link.module
                for link in self.related_modules.select_related("module")
                if link.module is not None and link.module.live
            ]
        )
        context["place"] = SimpleLazyObject(lambda: self._place_among_siblings(request))
        return context

    def cache_listed_on(self):
        """Pages beyond its ancestors that show this module (altcms.caching.changes): the
        Resources page's reading list, the common problems (which link to its sections), and
        the modules before and after it in the course."""
        return [
            *ResourceIndexPage.objects.live(),
            *ProblemsPage.objects.live(),
            *self.neighbours(),
        ]

    def neighbours(self):
        """The live modules just before and after this one in the whole course (categories in
        order, then modules in order)."""
        ordered = list(ModulePage.objects.live().order_by("path").only("id", "path", "url_path"))
        ids = [module.id for module in ordered]
        if self.id not in ids:
            return []
        position = ids.index(self.id)
        return ordered[max(position - 1, 0) : position] + ordered[position + 1 : position + 2]

    def _place_among_siblings(self, request):
        """The module's number in its category, and the modules before and after it."""
        siblings = list(
            public(ModulePage.objects.sibling_of(self).live(), request)
            .order_by("path")
            .only("id", "title", "path", "url_path", "depth")
        )
        ids = [sibling.id for sibling in siblings]
        if self.id not in ids:  # a preview of a module not yet published
            return {}
        position = ids.index(self.id)
        return {
            "previous": siblings[position - 1] if position > 0 else None,
            "next": siblings[position + 1] if position + 1 < len(ids) else None,
            "number": position + 1,
            "count": len(ids),
        }


class ProblemsPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/modules/problems/: common classroom and staff-room problems in a teacher's own words,
    each pointing at the module sections that help. Search shows a matching problem's sections
    above its results (search.problems)."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "problems",
            heading="Problems",
            label="Problem",
            min_num=1,
            help_text="Each in a teacher's own words, with the sections that help. "
            "Drag to reorder.",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields(
            "problems", [index.SearchField("wording"), index.SearchField("variants")]
        ),
    ]

    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "common problems page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        problems = resolved_problems(self, request)
        context["settings"] = [
            (value, label, [p for p in problems if p["setting"] == value])
            for value, label in Problem.SETTINGS
        ]
        context["problem_count"] = len(problems)
        return context


class Problem(Orderable):
    """A common problem as teachers put it, and the module sections that help with it."""

    CLASSROOM, COLLEAGUES, ROLE = "classroom", "colleagues", "role"
    SETTINGS = [
        (CLASSROOM, "In the classroom"),
        (COLLEAGUES, "With your JTE and colleagues"),
        (ROLE, "Your role and your schools"),
    ]
    MAX_VARIANTS = 12

    page = ParentalKey(ProblemsPage, on_delete=models.CASCADE, related_name="problems")
    wording = models.CharField(
        max_length=120, help_text="The problem as a teacher would say it: “Students won't speak”."
    )
    variants = models.TextField(
        blank=True,
        help_text="Other ways teachers say it, one a line: “my class is silent”. A search for "
        "any of them shows this problem.",
    )
    setting = models.CharField(max_length=20, choices=SETTINGS, default=CLASSROOM)
    helps = StreamField(
        [("section", HelpfulSectionBlock())],
        min_num=1,
        max_num=4,
        help_text="The module sections that help, best first.",
    )

    panels = [
        FieldPanel("wording"),
        FieldPanel("variants"),
        FieldPanel("setting"),
        FieldPanel("helps"),
    ]

    def __str__(self):
        return self.wording

    def variant_list(self):
        return [line.strip() for line in (self.variants or "").splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = []
        if not query_terms(self.wording):
            errors.append(("wording", "Use at least one word a search can find."))
        variants = self.variant_list()
        if len(variants) > self.MAX_VARIANTS:
            errors.append(("variants", f"At most {self.MAX_VARIANTS} variants, one a line."))
        seen = {tuple(query_terms(self.wording)): self.wording}
        for variant in variants:
            terms = tuple(query_terms(variant))
            if not terms:
                errors.append(
                    ("variants", f"“{variant}” has no word a search can use; reword or remove it.")
                )
            elif terms in seen:
                errors.append(("variants", f"“{variant}” says the same as “{seen[terms]}”."))
            else:
                seen[terms] = variant
        if errors:
            raise ValidationError(
                {field: [e for f, e in errors if f == field] for field, _ in errors}
            )
        self.variants = "\n".join(variants)


def _section_of(block):
    """A helpful section's "<module id>#<anchor>" ("" for anything else that was stored)."""
    value = block.value.get("section") if hasattr(block.value, "get") else None
    return value if isinstance(value, str) else ""


def resolved_problems(problems_page, request=None):
    """The page's problems as dicts (wording, variants, setting, sections), each section with
    its module's title and link and its heading; sections whose module is gone or unpublished
    are left out, and one whose heading has changed links to the top of its module."""
    problems = list(problems_page.problems.all())
    wanted = {
        int(_section_of(block).partition("#")[0])
        for problem in problems
        for block in problem.helps
        if _section_of(block).partition("#")[0].isdigit()
    }
    modules = {
        module.pk: module
        for module in public(ModulePage.objects.live(), request).filter(pk__in=wanted)
    }
    resolved = []
    for problem in problems:
        sections = []
        for block in problem.helps:
            module_id, _, anchor = _section_of(block).partition("#")
            module = modules.get(int(module_id)) if module_id.isdigit() else None
            if module is None:
                continue
            heading = dict(module.sections).get(anchor)
            url = module.get_url(request)
            sections.append(
                {
                    "module": module.title,
                    "heading": heading or "",
                    "url": f"{url}#{anchor}" if heading else url,
                    "why": block.value.get("why") or "",
                }
            )
        resolved.append(
            {
                "id": problem.pk,
                "anchor": f"problem-{problem.pk}",
                "wording": problem.wording,
                "variants": problem.variant_list(),
                "setting": problem.setting,
                "sections": sections,
            }
        )
    return resolved


def _stream_texts(value):
    """Yield every piece of text in a StreamValue, however deeply nested."""
    for block in value:
        yield from _block_texts(block.value)


def _block_texts(value):
    if isinstance(value, str):
        yield value
    elif hasattr(value, "source"):  # RichText
        yield value.source
    elif isinstance(value, dict):  # StructValue
        for item in value.values():
            yield from _block_texts(item)
    elif hasattr(value, "__iter__"):
        for item in value:
            yield from _block_texts(getattr(item, "value", item))


class ModuleChange(models.Model):
    """An entry in a module's public changelog ("What changed"), written when a revision with
    a change note or addressed feedback is published."""

    page = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="changes")
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="module_change",
        editable=False,
    )
    date = models.DateField(default=date.today)
    note = models.TextField(max_length=600)
    feedback_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many pieces of ALT feedback it applied."
    )
    credits = models.CharField(
        max_length=500,
        blank=True,
        help_text="Names of the ALTs who suggested it and agreed to be named.",
    )

    panels = [FieldPanel("page"), FieldPanel("date"), FieldPanel("note"), FieldPanel("credits")]

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "module change"

    def __str__(self):
        return f"{self.page.title}, {self.date:%Y-%m-%d}"

    @property
    def from_feedback(self):
        return self.feedback_count > 0


class ReflectionTask(Orderable):
    """A task the ALT answers in the discussion; it is addressable as #reflection-N."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="reflection_tasks")
    prompt = models.TextField(help_text="The question or task, addressed to the ALT.")
    guidance = models.TextField(
        blank=True, help_text="What a good answer covers, how long, what to draw on."
    )

    panels = [FieldPanel("prompt"), FieldPanel("guidance")]
    api_fields = [APIField("prompt"), APIField("guidance")]

    def __str__(self):
        return self.prompt[:80]


class Reading(index.Indexed, models.Model):
    """A real publication a module cites. Shared: the Resources reading list is built from these."""

    KIND_BOOK = "book"
    KIND_ARTICLE = "article"
    KIND_CHAPTER = "chapter"
    KIND_REPORT = "report"
    KIND_WEB = "web"
    KIND_CHOICES = [
        (KIND_BOOK, "Book"),
        (KIND_ARTICLE, "Journal article"),
        (KIND_CHAPTER, "Book chapter"),
        (KIND_REPORT, "Report or policy document"),
        (KIND_WEB, "Web page"),
    ]

    authors = models.CharField(
        max_length=255, help_text='As in APA: "Tajino, A., & Tajino, Y." or "MEXT"'
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    title = models.CharField(max_length=500)
    source = models.CharField(
        max_length=500,
        help_text='Publisher for a book; "Journal, 42(1), 133–138" for an article.',
    )
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=KIND_BOOK)
    url = models.URLField(blank=True, max_length=500, help_text="A DOI or publisher link.")

    panels = [
        FieldPanel("authors"),
        FieldPanel("year"),
        FieldPanel("title"),
        FieldPanel("source"),
        FieldPanel("kind"),
        FieldPanel("url"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("authors"),
        index.SearchField("source"),
        index.AutocompleteField("title"),
        index.FilterField("year"),
    ]
    api_fields = [
        APIField("authors"),
        APIField("year"),
        APIField("title"),
        APIField("source"),
        APIField("kind"),
        APIField("url"),
    ]

    class Meta:
        ordering = ["authors", "year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["authors", "year", "title"], name="unique_reading_citation"
            )
        ]

    def __str__(self):
        return f"{self.authors} ({self.year}). {self.title}"

    @property
    def is_part_of_something(self):
        """Articles and chapters put the container (journal, book) in italics, not the title."""
        return self.kind in {self.KIND_ARTICLE, self.KIND_CHAPTER}

    def citation_html(self):
        """An APA-style reference, escaped, with the right part in italics."""
        if self.is_part_of_something:
            return format_html(
                "{} ({}). {}. <cite>{}</cite>.", self.authors, self.year, self.title, self.source
            )
        return format_html(
            "{} ({}). <cite>{}</cite>. {}.", self.authors, self.year, self.title, self.source
        )


class ModuleReading(Orderable):
    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="readings")
    reading = models.ForeignKey(Reading, on_delete=models.PROTECT, related_name="module_links")
    note = models.CharField(
        max_length=300, blank=True, help_text="Why an ALT should read it, in one sentence."
    )

    panels = [FieldPanel("reading"), FieldPanel("note")]
    api_fields = [APIField("reading", serializer=ReadingSerializer()), APIField("note")]

    def __str__(self):
        return str(self.reading)


class RelatedModule(Orderable):
    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="related_modules")
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("module")]
    api_fields = [APIField("module")]


class ResourceIndexPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/resources/: the reading list built from every module, downloads editors add, useful
    links, and ALT research articles (the research section is a child page)."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("downloads", heading="Downloads", label="Download"),
        InlinePanel("links", heading="Useful links", label="Link"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields(
            "downloads", [index.SearchField("title"), index.SearchField("description")]
        ),
        index.RelatedFields(
            "links", [index.SearchField("title"), index.SearchField("description")]
        ),
        index.SearchField("reading_list_text"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticleIndexPage"]
    max_count = 1

    def reading_list_text(self):
        """The reading list is built from the modules' readings, so search finds it by them."""
        return "\n".join(
            f"{authors} {title}"
            for authors, title in Reading.objects.values_list("authors", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        modules = list(
            public(ModulePage.objects.live(), request)
            .order_by("path")
            .only("id", "title", "slug", "path", "depth", "url_path", "locale_id")
        )
        chosen = next((m for m in modules if m.slug == request.GET.get("module")), None)
        live_ids = {module.pk for module in modules}
        citing = (
            ModuleReading.objects.filter(page_id__in=live_ids)
            .select_related("reading")
            .order_by("page__path")
        )
        if chosen is not None:
            citing = citing.filter(reading__module_links__page=chosen).distinct()
        titles = {module.pk: module for module in modules}
        readings = {}
        for link in citing:
            entry = readings.setdefault(link.reading_id, (link.reading, []))
            if link.page_id not in [m.pk for m in entry[1]]:
                entry[1].append(titles[link.page_id])
        # Sorted here, not by the database, so every database gives the same order.
        context["readings"] = sorted(
            readings.values(),
            key=lambda item: (item[0].authors.casefold(), item[0].year, item[0].title.casefold()),
        )
        context["modules"] = modules
        context["chosen_module"] = chosen
        context["downloads"] = list(self.downloads.select_related("document"))
        context["links"] = list(self.links.all())
        context["research"] = public(self.get_children().live(), request).first()
        return context


class ResourceDownload(Orderable):
    page = ParentalKey(ResourceIndexPage, on_delete=models.CASCADE, related_name="downloads")
    title = models.CharField(max_length=200)
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300, blank=True)

    panels = [FieldPanel("title"), FieldPanel("document"), FieldPanel("description")]

    def __str__(self):
        return self.title


class ResourceLink(Orderable):
    page = ParentalKey(ResourceIndexPage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=300, blank=True)

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("description")]

    def __str__(self):
        return self.title


def curriculum(index_page, request=None):
    """The categories under the module index, each with its live modules, in two queries."""
    categories = list(
        public(ModuleCategoryPage.objects.child_of(index_page).live(), request).order_by("path")
    )
    modules = (
        public(ModulePage.objects.descendant_of(index_page).live(), request)
        .order_by("path")
        .defer_streamfields()
    )
    by_parent_path = {category.path: [] for category in categories}
    for module in modules:
        siblings = by_parent_path.get(module.path[: -Page.steplen])
        if siblings is not None:
            siblings.append(module)
    for category in categories:
        category.module_list = by_parent_path[category.path]
    return categories
