import math
import re
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from altcms.caching.addresses import Stale, page_addresses
from altcms.caching.fragments import fragment_key
from altcms.caching.pagetree import CachedRouteMixin, ancestors_of, public
from altcms.content.blocks import INLINE_FEATURES
from altcms.content.richtext import PrefetchedLinksMixin
from altcms.content.search_text import SiteSearchMixin, query_terms
from altcms.http import siteurl
from modules import handout, self_check
from modules.blocks import (
    DialogueLineBlock,
    HandoutTermBlock,
    HelpfulSectionBlock,
    ModuleBodyBlock,
    PathStepBlock,
    SelfCheckBlock,
    section_anchor,
)
from modules.forms import ModulePageForm
from modules.glossary import term_slug
from modules.serializers import ReadingSerializer

WORDS_PER_MINUTE = 200
CHANGELOG_LENGTH = 20  # entries of "What changed" shown on a module
WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")


class ModuleIndexPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/modules/: the whole curriculum, by category."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True, verbose_name=_("intro"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "modules.ModuleCategoryPage",
        "modules.LearningPathsPage",
        "modules.ProblemsPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = curriculum(self, request)
        context["course_order"] = course_order(context["categories"], request)
        context["problems_page"] = (
            public(ProblemsPage.objects.child_of(self).live(), request)
            .only("id", "title", "path", "depth", "url_path")
            .first()
        )
        return context


class ModuleCategoryPage(CachedRouteMixin, SiteSearchMixin, Page):
    """One of the three categories: Contextual, Training, Professional Development."""

    summary = models.TextField(
        max_length=300, help_text=_("One or two sentences for listings."), verbose_name=_("summary")
    )
    intro = RichTextField(features=INLINE_FEATURES, blank=True, verbose_name=_("intro"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("intro"),
    ]
    api_fields = [APIField("summary"), APIField("intro")]

    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types = ["modules.ModulePage"]

    def cache_listed_on(self):
        """Pages beyond those below it that name this category (altcms.caching.changes): the
        modules just before its first and after its last, whose pagers lead into it."""
        categories = course_outline()
        flat = [module for category in categories for module in category.modules]
        mine = [position for position, module in enumerate(flat) if module.category.pk == self.pk]
        if not mine:
            return []
        around = [mine[0] - 1, mine[-1] + 1]
        return [flat[position] for position in around if 0 <= position < len(flat)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            public(ModulePage.objects.child_of(self).live(), request)
            .order_by("path")
            .defer_streamfields()
        )
        return context


class ModulePage(CachedRouteMixin, SiteSearchMixin, PrefetchedLinksMixin, RoutablePageMixin, Page):
    """A course module: summary, goals, a body in sections, readings and reflection tasks."""

    # Kept with the page in the route cache (altcms.caching.pagetree): the discussion needs them.
    route_cache_prefetch = ("reflection_tasks",)

    summary = models.TextField(
        max_length=300,
        help_text=_("One or two sentences: what the module is about and for whom."),
        verbose_name=_("summary"),
    )
    learning_goals = StreamField(
        [("goal", blocks.CharBlock(max_length=300, label=_("Learning goal")))],
        help_text=_("What an ALT will be able to do after the module. Drag to reorder."),
        verbose_name=_("learning goals"),
    )
    body = StreamField(
        ModuleBodyBlock(),
        help_text=_("The module's text, in titled sections."),
        verbose_name=_("body"),
    )
    self_check = StreamField(
        SelfCheckBlock(),
        blank=True,
        verbose_name=_("self-check"),
        help_text=_(
            "3–5 questions about a real classroom or staff-room situation, each with 3–4 "
            "answers, exactly one right, and feedback on every answer naming the section to reread."
        ),
    )
    try_tomorrow = StreamField(
        [("action", blocks.CharBlock(max_length=400, label=_("Action")))],
        blank=True,
        verbose_name=_("try it tomorrow"),
        help_text=_(
            "Three concrete actions for the next team-taught lesson, each small enough "
            "for a 50-minute class and a busy JTE. Start each with a verb."
        ),
    )
    last_reviewed = models.DateField(
        default=date.today,
        help_text=_(
            "When an editor last checked the whole module was accurate and current. "
            "Publishing a revision with a change note or ticked feedback sets it to that day, "
            "unless you change it here."
        ),
        verbose_name=_("last reviewed"),
    )
    notify_owner_of_comments = models.BooleanField(
        default=True,
        verbose_name=_("Notify the owner of new comments"),
        help_text=_("Email the module's owner (set below) when someone comments on it."),
    )
    change_note = models.TextField(
        _("what changed"),
        max_length=600,
        blank=True,
        help_text=_(
            "For readers: one or two sentences on what this revision changes and why. Shown "
            "under 'What changed' on the module when you publish; leave empty for small fixes."
        ),
    )
    addressed_feedback = models.JSONField(
        default=list, blank=True, editable=True, verbose_name=_("addressed feedback")
    )
    reading_time = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        validators=[MinValueValidator(0), MaxValueValidator(600)],
        help_text=_(
            "Estimated minutes to read, worked out from the text when the module is saved."
        ),
        verbose_name=_("reading time"),
    )
    # The handout for the ALT's JTE, in Japanese (modules.handout): at <module>/jte/.
    jte_title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("In Japanese: what the module is about, for a busy colleague."),
    )
    jte_about = models.TextField(
        _("what the module is about"),
        blank=True,
        help_text=_("Three or four sentences, in Japanese."),
    )
    jte_why = models.TextField(
        _("why it matters for their lessons"),
        blank=True,
        help_text=_("Two to four sentences, in Japanese."),
    )
    jte_proposals = StreamField(
        [("item", blocks.CharBlock(max_length=300, label=_("Proposal")))],
        blank=True,
        verbose_name=_("what the ALT may propose"),
        help_text=_(
            "Two to four things the ALT may propose after reading the module, in Japanese."
        ),
    )
    jte_questions = StreamField(
        [("item", blocks.CharBlock(max_length=300, label=_("Question")))],
        blank=True,
        verbose_name=_("questions to discuss together"),
        help_text=_("Two or three, in Japanese."),
    )
    jte_terms = StreamField(
        [("term", HandoutTermBlock())],
        blank=True,
        verbose_name=_("key terms"),
        help_text=_("Four to eight, in English and Japanese."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("learning_goals"),
        FieldPanel("body"),
        FieldPanel("self_check"),
        FieldPanel("try_tomorrow"),
        InlinePanel(
            "dialogues",
            heading=_("Model dialogues"),
            label=_("Dialogue"),
            help_text=_(
                "Bilingual model exchanges with a JTE or a homeroom teacher. Modules without "
                "dialogues of their own link to the modules that have some."
            ),
        ),
        InlinePanel(
            "reflection_tasks",
            heading=_("Reflection tasks"),
            label=_("Reflection task"),
            help_text=_("Answered by ALTs in the discussion under the module. Drag to reorder."),
        ),
        InlinePanel("readings", heading=_("Readings"), label=_("Reading")),
        MultiFieldPanel(
            [
                InlinePanel("related_modules", label=_("Related module")),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Related modules and review"),
        ),
        MultiFieldPanel(
            [FieldPanel("addressed_feedback"), FieldPanel("change_note")],
            heading=_("What changed (shown to readers)"),
        ),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("owner"), FieldPanel("notify_owner_of_comments")],
            heading=_("Who looks after this module"),
        )
    ]
    jte_panels = [
        FieldPanel("jte_title"),
        FieldPanel("jte_about"),
        FieldPanel("jte_why"),
        FieldPanel("jte_proposals"),
        FieldPanel("jte_questions"),
        FieldPanel("jte_terms"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(
                jte_panels,
                heading=_("JTE handout"),
                help_text=_(
                    "A one-page handout in Japanese an ALT can give their JTE, at the "
                    "module's address + jte/ (and jte/pdf/). Preview it with the preview's 'JTE "
                    "handout' mode."
                ),
            ),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )
    preview_modes = [("", _("Module page")), ("jte", _("JTE handout"))]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_goals"),
        index.SearchField("body"),
        index.SearchField("try_tomorrow"),
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
        APIField("self_check"),
        APIField("try_tomorrow"),
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
        verbose_name = _("module")

    def clean(self):
        super().clean()
        self.reading_time = self.estimate_reading_time()
        headings = {heading for _anchor, heading in self.sections}
        unknown = sorted(
            {block.value["section"] for block in self.self_check} - headings, key=str.lower
        )
        if unknown:
            quoted = [gettext("“{name}”").format(name=name) for name in unknown]
            names = pgettext("list separator", ", ").join(quoted)
            raise ValidationError(
                {
                    "self_check": gettext(
                        "Each question names a section of this module, as its heading is "
                        "written: no section is called {names}"
                    ).format(names=names)
                }
            )

    # The JTE handout (modules.handout) --------------------------------------------------------

    @path("")
    def module(self, request):
        return self.render(request)

    @path("jte/")
    def jte_handout(self, request):
        if not handout.has_handout(self):
            raise Http404("This module has no handout yet.")
        return TemplateResponse(request, "modules/jte_handout.html", {"page": self, "self": self})

    @path("jte/pdf/")
    def jte_handout_pdf(self, request):
        if not handout.has_handout(self):
            raise Http404("This module has no handout yet.")
        response = HttpResponse(
            handout.handout_pdf(self, siteurl.absolute(self.get_url(request))),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'inline; filename="jte-handout-{self.slug}.pdf"'
        return response

    def get_sitemap_urls(self, request=None):
        """The module, and its handout (page and PDF) when it has one, as of its last publish."""
        urls = super().get_sitemap_urls(request)
        if handout.has_handout(self):
            module = urls[0]
            urls += [
                {**module, "location": module["location"] + suffix}
                for suffix in ("jte/", "jte/pdf/")
            ]
        return urls

    def serve_preview(self, request, mode_name):
        if mode_name == "jte":
            request.is_preview = True
            return self.jte_handout(request)
        return super().serve_preview(request, mode_name)

    def grade_self_check(self, data):
        """The self-check's Result for the answers in `data` (modules.self_check), or None."""
        return self_check.grade([block.value for block in self.self_check], data)

    # Reviewed when published -----------------------------------------------------------------
    # A revision that records a change (a change note or ticked feedback) marks the module as
    # reviewed on the day it goes live, whichever way it goes live: published from the editor
    # (after a preview, a saved draft or an autosave, or not), scheduled, or approved in a
    # workflow. An editor who set another date by hand in that revision keeps it.

    @property
    def records_change(self):
        ticked = [pk for pk in self.addressed_feedback or [] if isinstance(pk, int)]
        return bool((self.change_note or "").strip() or ticked)

    def reviewed_on_publish(self, live_reviewed, today=None):
        """The "last reviewed" date this revision gets when it is published over a live page
        reviewed on `live_reviewed`."""
        if self.records_change and self.last_reviewed == live_reviewed:
            return today or timezone.localdate()
        return self.last_reviewed

    def save(self, *args, **kwargs):
        before = None
        if self.pk and self.live and kwargs.get("update_fields") is None:
            before = (
                ModulePage.objects.filter(pk=self.pk)
                .values_list("live_revision_id", "last_reviewed")
                .first()
            )
        # Being published: the live revision changes to this one (a save of the same live
        # revision, a revert to it or a republish by a workflow, is not a new review).
        publishing = before is not None and self.live_revision_id not in (None, before[0])
        if publishing:
            self.last_reviewed = self.reviewed_on_publish(before[1])
        result = super().save(*args, **kwargs)
        if publishing and self.last_reviewed != before[1]:
            self._carry_review_date_into_revisions(before[1])
        return result

    def _carry_review_date_into_revisions(self, old_date):
        """The published revision, and drafts after it that still carry the old date, say the
        new one, so the editor opens the date readers see and a later publish keeps it."""
        from wagtail.models import Revision

        live = Revision.objects.filter(pk=self.live_revision_id).only("created_at").first()
        if live is None:
            return
        old, new = old_date.isoformat(), self.last_reviewed.isoformat()
        for revision in self.revisions.filter(created_at__gte=live.created_at):
            if revision.pk == live.pk or revision.content.get("last_reviewed") == old:
                revision.content["last_reviewed"] = new
                revision.save(update_fields=["content"])

    def search_key_texts(self):
        """What says what the module is about, ranked above its body
        (altcms.content.search_text)."""
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
        if getattr(request, "is_preview", False) and self.pk:
            # The preview shows the date publishing would give.
            live = ModulePage.objects.filter(pk=self.pk).values_list("last_reviewed", flat=True)
            if live:
                self.last_reviewed = self.reviewed_on_publish(live[0])
        ancestors = ancestors_of(self)
        context["category"] = ancestors[-1]
        context["course_index"] = ancestors[-2]  # /modules/, the course overview
        # A self-check answered (its answers are in the address) is part of the content too.
        checked = self.grade_self_check(request.GET)
        context["self_check_result"] = checked
        context["content_key"] = fragment_key(
            request, self, "module", *(("check", checked.signature) if checked else ())
        )
        # One query each, however many tasks, readings or related modules there are.
        context["reflection_tasks"] = SimpleLazyObject(lambda: list(self.reflection_tasks.all()))
        context["readings"] = SimpleLazyObject(
            lambda: list(self.readings.select_related("reading"))
        )
        context["changes"] = SimpleLazyObject(lambda: list(self.changes.all()[:CHANGELOG_LENGTH]))
        context["related_modules"] = SimpleLazyObject(
            lambda: [
                link.module
                # Only what a link needs: a module's body and self-check are large to read.
                for link in self.related_modules.select_related("module").only(
                    "sort_order", "page", "module__title", "module__url_path", "module__live"
                )
                if link.module is not None and link.module.live
            ]
        )
        context["place"] = SimpleLazyObject(lambda: self.place_in_course(request))
        homes = SimpleLazyObject(lambda: self.dialogue_homes(request))
        context["dialogue_homes"] = SimpleLazyObject(
            lambda: [home for home in homes if home.pk != self.pk]
        )
        context["dialogues"] = SimpleLazyObject(
            lambda: list(self.dialogues.all()) if any(h.pk == self.pk for h in homes) else []
        )
        return context

    def dialogue_homes(self, request=None):
        """The live modules that hold model dialogues, in course order, each with `partners`
        (who the dialogues are with), in one query: a module that holds none links to them."""
        rows = (
            public(ModulePage.objects.live().filter(dialogues__isnull=False), request)
            .order_by("path")
            .values_list("id", "title", "url_path", "path", "depth", "dialogues__partner")
            .distinct()
        )
        homes = {}
        for page_id, title, url_path, tree_path, depth, partner in rows:
            home = homes.setdefault(
                page_id,
                ModulePage(
                    id=page_id,
                    page_ptr_id=page_id,
                    title=title,
                    url_path=url_path,
                    path=tree_path,
                    depth=depth,
                ),
            )
            home.partners = sorted({*getattr(home, "partners", []), partner})
        return list(homes.values())

    def cache_listed_on(self):
        """Pages beyond its ancestors that show this module (altcms.caching.changes): the
        Resources page's reading list, the common problems (which link to its sections), the
        modules before and after it in the course, and the modules that link to its dialogues."""
        neighbours = [module for module in self.neighbours() if module is not None]
        # A module with model dialogues is linked from every module without any.
        linking = ModulePage.objects.live().exclude(pk=self.pk) if self.dialogues.exists() else []
        return [
            *ResourceIndexPage.objects.live(),
            *ProblemsPage.objects.live(),  # its problems link to the module's sections
            *neighbours,
            *linking,
        ]

    def place_in_course(self, request=None):
        """Where the module stands in the course, in one query: its number in its category,
        and the modules before and after it in the whole course (the next category's first
        module follows a category's last). Each neighbour carries `category`, its category
        page. {} for a preview of a module that is not live."""
        modules = [module for category in course_outline(request) for module in category.modules]
        ids = [module.pk for module in modules]
        if self.pk not in ids:
            return {}
        position = ids.index(self.pk)
        siblings = [
            module for module in modules if module.category.pk == modules[position].category.pk
        ]
        return {
            "previous": modules[position - 1] if position > 0 else None,
            "next": modules[position + 1] if position + 1 < len(modules) else None,
            "number": siblings.index(modules[position]) + 1,
            "count": len(siblings),
        }

    def neighbours(self):
        """The live modules just before and after this one in the course (either may be None):
        the pages whose "Previous/Next module" links name this one, so a publish, unpublish,
        move or retitle of this module makes them stale. Ask before an unpublish or move (the
        old neighbours) and after a publish or move (the new ones)."""
        place = self.place_in_course()
        return place.get("previous"), place.get("next")


class ProblemsPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/modules/problems/: common classroom and staff-room problems in a teacher's own words,
    each pointing at the module sections that help. Search shows a matching problem's sections
    above its results (search.problems)."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True, verbose_name=_("intro"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "problems",
            heading=_("Problems"),
            label=_("Problem"),
            min_num=1,
            help_text=_(
                "Each in a teacher's own words, with the sections that help. Drag to reorder."
            ),
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
        verbose_name = _("common problems page")

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
        (CLASSROOM, _("In the classroom")),
        (COLLEAGUES, _("With your JTE and colleagues")),
        (ROLE, _("Your role and your schools")),
    ]
    MAX_VARIANTS = 12

    page = ParentalKey(ProblemsPage, on_delete=models.CASCADE, related_name="problems")
    wording = models.CharField(
        max_length=120,
        help_text=_("The problem as a teacher would say it: “Students won't speak”."),
        verbose_name=_("wording"),
    )
    variants = models.TextField(
        blank=True,
        help_text=_(
            "Other ways teachers say it, one a line: “my class is silent”. A search for "
            "any of them shows this problem."
        ),
        verbose_name=_("variants"),
    )
    setting = models.CharField(
        max_length=20, choices=SETTINGS, default=CLASSROOM, verbose_name=_("setting")
    )
    helps = StreamField(
        [("section", HelpfulSectionBlock())],
        min_num=1,
        max_num=4,
        help_text=_("The module sections that help, best first."),
        verbose_name=_("helps"),
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
            errors.append(("wording", gettext("Use at least one word a search can find.")))
        variants = self.variant_list()
        if len(variants) > self.MAX_VARIANTS:
            errors.append(
                (
                    "variants",
                    gettext("At most {count} variants, one a line.").format(
                        count=self.MAX_VARIANTS
                    ),
                )
            )
        seen = {tuple(query_terms(self.wording)): self.wording}
        for variant in variants:
            terms = tuple(query_terms(variant))
            if not terms:
                errors.append(
                    (
                        "variants",
                        gettext(
                            "“{variant}” has no word a search can use; reword or remove it."
                        ).format(variant=variant),
                    )
                )
            elif terms in seen:
                errors.append(
                    (
                        "variants",
                        gettext("“{variant}” says the same as “{other}”.").format(
                            variant=variant, other=seen[terms]
                        ),
                    )
                )
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
            module_id, _sep, anchor = _section_of(block).partition("#")
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
    date = models.DateField(default=date.today, verbose_name=_("date"))
    note = models.TextField(max_length=600, verbose_name=_("note"))
    feedback_count = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("How many pieces of ALT feedback it applied.")
    )
    credits = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Names of the ALTs who suggested it and agreed to be named."),
        verbose_name=_("credits"),
    )

    panels = [FieldPanel("page"), FieldPanel("date"), FieldPanel("note"), FieldPanel("credits")]

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("module change")
        verbose_name_plural = _("module changes")

    def __str__(self):
        return f"{self.page.title}, {self.date:%Y-%m-%d}"

    @property
    def from_feedback(self):
        return self.feedback_count > 0


class ModuleDialogue(Orderable):
    """A model exchange between an ALT and a JTE or homeroom teacher, in English and Japanese,
    shown in its module at #dialogue-<slug>."""

    PARTNERS = [("JTE", _("a JTE")), ("HRT", _("a homeroom teacher"))]

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="dialogues")
    slug = models.SlugField(
        max_length=80,
        help_text=_("The dialogue's address on the page: #dialogue-<slug>."),
        verbose_name=_("slug"),
    )
    title = models.CharField(max_length=120, verbose_name=_("title"))
    partner = models.CharField(max_length=3, choices=PARTNERS, verbose_name=_("partner"))
    situation = models.TextField(
        max_length=800,
        help_text=_("Where and when, and who is busy with what."),
        verbose_name=_("situation"),
    )
    lines = StreamField([("line", DialogueLineBlock())], verbose_name=_("lines"))
    notes = StreamField(
        [("note", blocks.TextBlock(max_length=600, label=_("Note")))],
        blank=True,
        help_text=_("Two to four short notes: why a phrase works, what to avoid."),
        verbose_name=_("notes"),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("partner"),
        FieldPanel("situation"),
        FieldPanel("lines"),
        FieldPanel("notes"),
    ]
    api_fields = [APIField("title"), APIField("partner"), APIField("situation"), APIField("lines")]

    def __str__(self):
        return self.title


class ReflectionTask(Orderable):
    """A task the ALT answers in the discussion; it is addressable as #reflection-N."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="reflection_tasks")
    prompt = models.TextField(
        help_text=_("The question or task, addressed to the ALT."), verbose_name=_("prompt")
    )
    guidance = models.TextField(
        blank=True,
        help_text=_("What a good answer covers, how long, what to draw on."),
        verbose_name=_("guidance"),
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
        (KIND_BOOK, _("Book")),
        (KIND_ARTICLE, _("Journal article")),
        (KIND_CHAPTER, _("Book chapter")),
        (KIND_REPORT, _("Report or policy document")),
        (KIND_WEB, _("Web page")),
    ]

    authors = models.CharField(
        max_length=255,
        help_text=_('As in APA: "Tajino, A., & Tajino, Y." or "MEXT"'),
        verbose_name=_("authors"),
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1800), MaxValueValidator(2100)], verbose_name=_("year")
    )
    title = models.CharField(max_length=500, verbose_name=_("title"))
    source = models.CharField(
        max_length=500,
        help_text=_('Publisher for a book; "Journal, 42(1), 133–138" for an article.'),
        verbose_name=pgettext_lazy("reading", "source"),
    )
    kind = models.CharField(
        max_length=20, choices=KIND_CHOICES, default=KIND_BOOK, verbose_name=_("kind")
    )
    url = models.URLField(
        blank=True, max_length=500, help_text=_("A DOI or publisher link."), verbose_name=_("URL")
    )

    panels = [
        FieldPanel("authors"),
        FieldPanel("year"),
        FieldPanel("title"),
        FieldPanel("source"),
        FieldPanel("kind"),
        FieldPanel("url"),
    ]
    # The module editor's reading chooser searches as you type (autocomplete): by author,
    # title, year or source, so "Nation" finds Nation, I. S. P. and "2013" that year's readings.
    search_fields = [
        index.SearchField("title"),
        index.SearchField("authors"),
        index.SearchField("source"),
        index.AutocompleteField("title"),
        index.AutocompleteField("authors"),
        index.AutocompleteField("year"),
        index.AutocompleteField("source"),
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
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
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
    reading = models.ForeignKey(
        Reading, on_delete=models.PROTECT, related_name="module_links", verbose_name=_("reading")
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Why an ALT should read it, in one sentence."),
        verbose_name=_("note"),
    )

    panels = [FieldPanel("reading"), FieldPanel("note")]
    api_fields = [APIField("reading", serializer=ReadingSerializer()), APIField("note")]

    def __str__(self):
        return str(self.reading)


class RelatedModule(Orderable):
    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="related_modules")
    module = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("module")
    )

    panels = [FieldPanel("module")]
    api_fields = [APIField("module")]


class ResourceIndexPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/resources/: the reading list built from every module, downloads editors add, useful
    links, and ALT research articles (the research section is a child page)."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True, verbose_name=_("intro"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("downloads", heading=_("Downloads"), label=_("Download")),
        InlinePanel("links", heading=_("Useful links"), label=_("Link")),
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
    title = models.CharField(max_length=200, verbose_name=_("title"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    description = models.CharField(max_length=300, blank=True, verbose_name=_("description"))

    panels = [FieldPanel("title"), FieldPanel("document"), FieldPanel("description")]

    def __str__(self):
        return self.title


class ResourceLink(Orderable):
    page = ParentalKey(ResourceIndexPage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200, verbose_name=_("title"))
    url = models.URLField(max_length=500, verbose_name=_("URL"))
    description = models.CharField(max_length=300, blank=True, verbose_name=_("description"))

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("description")]

    def __str__(self):
        return self.title


def course_outline(request=None):
    """The live categories in course order, each with `modules`: its live modules in order, as
    plain pages (id, title, address), each with `category`. One query for the whole course."""
    pages = (
        public(Page.objects.type(ModuleCategoryPage, ModulePage).live(), request)
        .order_by("path")
        .only("id", "title", "slug", "path", "url_path", "depth", "content_type_id")
    )
    module_type = ContentType.objects.get_for_model(ModulePage).pk
    categories, by_path = [], {}
    for page in pages:
        if page.content_type_id != module_type:
            page.modules = []
            categories.append(page)
            by_path[page.path] = page
            continue
        category = by_path.get(page.path[: -Page.steplen])
        if category is not None:  # a module whose category is live
            page.category = category
            category.modules.append(page)
    return categories


def course_order(categories, request=None):
    """[{id, title, url}] for the modules of `curriculum()`, in course order: the same for
    every reader, for site.js to find the first one a visitor has not done."""
    return [
        {"id": module.pk, "title": module.title, "url": module.get_url(request)}
        for category in categories
        for module in category.module_list
    ]


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


# The glossary ---------------------------------------------------------------------------------


class GlossaryTerm(index.Indexed, models.Model):
    """A Japanese school term an ALT meets: how it is written and read, what it means, and the
    modules that use it. Shown on /glossary/ at #term-<slug>; a module links its first mention."""

    term = models.CharField(
        max_length=60,
        unique=True,
        help_text=_("As written in Japanese (学習指導要領)."),
        verbose_name=_("term"),
    )
    kana = models.CharField(
        max_length=120,
        help_text=_("Its reading in kana (がくしゅうしどうようりょう)."),
        verbose_name=_("kana"),
    )
    romaji = models.CharField(
        max_length=120,
        help_text=_("Hepburn with macrons, as the modules write it (gakushū shidō yōryō)."),
        verbose_name=_("romaji"),
    )
    english = models.CharField(
        max_length=200,
        help_text=_("The usual English; alternatives after ' / '."),
        verbose_name=_("english"),
    )
    explanation = models.TextField(
        max_length=500,
        help_text=_("One line: what it is, and why an ALT meets it."),
        verbose_name=_("explanation"),
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Its address on the glossary page (#term-…); made from the romaji if left empty."
        ),
        verbose_name=_("slug"),
    )
    modules = models.ManyToManyField(
        ModulePage,
        blank=True,
        related_name="glossary_terms",
        help_text=_("Modules that use it."),
        verbose_name=_("modules"),
    )
    see_also = models.ManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("see also")
    )

    panels = [
        FieldPanel("term"),
        FieldPanel("kana"),
        FieldPanel("romaji"),
        FieldPanel("english"),
        FieldPanel("explanation"),
        FieldPanel("slug"),
        FieldPanel("modules"),
        FieldPanel("see_also"),
    ]
    search_fields = [
        index.SearchField("term", boost=3),
        index.SearchField("kana", boost=2),
        index.SearchField("romaji", boost=2),
        index.SearchField("english", boost=2),
        index.SearchField("explanation"),
        index.AutocompleteField("term"),
        index.AutocompleteField("kana"),
        index.AutocompleteField("romaji"),
        index.AutocompleteField("english"),
    ]

    class Meta:
        ordering = ["romaji"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self):
        return f"{self.term} ({self.romaji})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = term_slug(self.romaji)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        glossary = GlossaryPage.objects.live().first()
        return f"{glossary.url}#{self.anchor}" if glossary else ""

    @property
    def anchor(self):
        return f"term-{self.slug}"

    def cache_stale(self):
        """What readers see change with a term (altcms.caching.changes): the glossary, and
        every module, whose first mentions link to it."""
        stale = Stale(trees={"/search/"})
        for page in [*GlossaryPage.objects.live(), *ModulePage.objects.live()]:
            stale.trees.update(page_addresses(page))
        return stale


class GlossaryPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/glossary/: every term, in romaji order, with jump links by letter."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True, verbose_name=_("intro"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["content_key"] = fragment_key(request, self, "glossary")
        context["letters"] = SimpleLazyObject(lambda: glossary_by_letter())
        return context


def glossary_by_letter():
    """[(letter, [terms])] in romaji order, each term with its modules and see-also terms."""
    terms = GlossaryTerm.objects.prefetch_related(
        models.Prefetch("modules", queryset=ModulePage.objects.live().order_by("path")),
        "see_also",
    )
    letters = {}
    for term in sorted(terms, key=lambda term: term_slug(term.romaji)):
        letters.setdefault(term_slug(term.romaji)[:1].upper() or "#", []).append(term)
    return sorted(letters.items())


def glossary_links(request=None):
    """(forms, href, title) for each term, for modules.glossary.link_first_mentions: one query,
    the glossary page's address read alongside the terms."""
    where = GlossaryPage.objects.live().values("url_path")[:1]
    rows = list(
        GlossaryTerm.objects.annotate(glossary=models.Subquery(where)).values_list(
            "term", "romaji", "slug", "english", "glossary"
        )
    )
    if not rows or rows[0][4] is None:
        return []
    base = Page(url_path=rows[0][4]).get_url(request)
    if base is None:
        return []
    # The link's tooltip, in the reader's language: "Glossary: course of study".
    title = gettext("Glossary: {english}")
    return [
        ((term, romaji), f"{base}#term-{slug}", title.format(english=english))
        for term, romaji, slug, english, _glossary in rows
    ]


# Learning paths ---------------------------------------------------------------------------------


class LearningPathsPage(CachedRouteMixin, SiteSearchMixin, RoutablePageMixin, Page):
    """/modules/paths/: curated sequences of modules for a reader's situation; each path also
    at /modules/paths/<slug>/. A signed-in reader sees their progress along each."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True, verbose_name=_("intro"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("paths", heading=_("Paths"), label=_("Path")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields(
            "paths", [index.SearchField("title"), index.SearchField("introduction")]
        ),
    ]

    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("learning paths page")

    def get_sitemap_urls(self, request=None):
        """The page, and each path at its own address, as of the page's last publish."""
        urls = super().get_sitemap_urls(request)
        page = urls[0]
        for learning_path in self.paths.all():
            location = page["location"] + self.reverse_subpage("one_path", [learning_path.slug])
            urls.append({**page, "location": location})
        return urls

    @path("")
    def all_paths(self, request):
        return self._render(request, list(self.paths.all()), single=None)

    @path("<slug:slug>/")
    def one_path(self, request, slug):
        paths = [learning_path for learning_path in self.paths.all() if learning_path.slug == slug]
        if not paths:
            raise Http404("No such learning path.")
        return self._render(request, paths, single=paths[0])

    def _render(self, request, paths, single):
        with_steps(paths, request)
        # The same for every visitor (their progress is marked in their browser); a signed-in
        # reader's progress is marked here, so their page is their own.
        key = None
        if not request.user.is_authenticated:
            key = fragment_key(request, self, "paths", single.slug if single else "all")
        return self.render(
            request,
            context_overrides={"learning_paths": paths, "single": single, "content_key": key},
        )


class LearningPath(Orderable):
    """One learning path: who it is for, and the modules to take in order, each with why."""

    page = ParentalKey(LearningPathsPage, on_delete=models.CASCADE, related_name="paths")
    title = models.CharField(max_length=120, verbose_name=_("title"))
    slug = models.SlugField(
        max_length=80, help_text=_("Its address: /modules/paths/<slug>/."), verbose_name=_("slug")
    )
    introduction = models.TextField(
        max_length=1200,
        help_text=_("60–120 words: who it is for and what they will be able to do."),
        verbose_name=_("introduction"),
    )
    steps = StreamField([("step", PathStepBlock())], verbose_name=_("steps"))

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("introduction"),
        FieldPanel("steps"),
    ]

    def __str__(self):
        return self.title


def with_steps(paths, request=None):
    """Give each path `step_list`: [(module, reason)] for its live modules, in order, with
    every path's modules read in one query."""
    ids = {
        step["value"].get("module")
        for learning_path in paths
        for step in learning_path.steps.raw_data
    }
    modules = {
        module.pk: module
        for module in public(
            ModulePage.objects.live().filter(pk__in=ids - {None}), request
        ).defer_streamfields()
    }
    for learning_path in paths:
        learning_path.step_list = [
            (modules[step["value"]["module"]], step["value"].get("reason", ""))
            for step in learning_path.steps.raw_data
            if step["value"].get("module") in modules
        ]
    return paths
