from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from altcms.caching.fragments import fragment_key
from altcms.caching.pagetree import CachedRouteMixin, public, route_by_url_path
from altcms.content.blocks import INLINE_FEATURES, BaseStreamBlock
from altcms.content.search_text import SiteSearchMixin
from modules.models import LearningPathsPage, ModuleIndexPage, course_order, curriculum, with_steps


class GoalBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80, label=_("Title"))
    text = blocks.TextBlock(max_length=400, label=pgettext_lazy("goal", "Text"))

    class Meta:
        icon = "tick"
        template = "blocks/goal_block.html"
        label = _("Goal")
        preview_value = {
            "title": "Build a community",
            "text": "Connect ALTs so they can learn from each other's classrooms.",
        }


class HomePage(CachedRouteMixin, SiteSearchMixin, Page):
    """The front door: what the site is for, its three goals, and the way into the modules."""

    hero_heading = models.CharField(max_length=160, verbose_name=_("hero heading"))
    hero_text = RichTextField(features=INLINE_FEATURES, verbose_name=_("hero text"))
    goals_heading = models.CharField(
        max_length=120, default="What this site is for", verbose_name=_("goals heading")
    )
    goals = StreamField(
        [("goal", GoalBlock())], help_text=_("The site's goals, in order."), verbose_name=_("goals")
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("goals_heading"),
        FieldPanel("goals"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("hero_heading"), APIField("hero_text"), APIField("goals")]

    # Serve any page below by its url_path in one query (see altcms.caching.pagetree).
    routes_by_url_path = True

    def route(self, request, path_components):
        if path_components:
            result = route_by_url_path(self, request, path_components)
            if result is not None:
                return result
        return super().route(request, path_components)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "modules.ModuleIndexPage",
        "modules.ResourceIndexPage",
        "modules.GlossaryPage",
        "blog.BlogIndexPage",
        "community.ForumIndexPage",
        "community.ContactPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        """The page is the same for every reader: it is kept rendered in the shared cache
        (`content_key`), and the course overview is only read when it is rendered."""
        context = super().get_context(request, *args, **kwargs)
        context["content_key"] = fragment_key(request, self, "home")
        context["course"] = SimpleLazyObject(lambda: self.course_overview(request))
        return context

    def course_overview(self, request=None):
        module_index = public(ModuleIndexPage.objects.child_of(self).live(), request).first()
        categories = curriculum(module_index, request) if module_index else []
        modules = [module for category in categories for module in category.module_list]
        minutes = sorted(module.reading_time for module in modules)
        paths_page = (
            public(LearningPathsPage.objects.child_of(module_index).live(), request).first()
            if module_index
            else None
        )
        return {
            "module_index": module_index,
            "categories": categories,
            "module_total": len(modules),
            "reading_hours": round(sum(minutes) / 60),
            # What the cards say for a typical module (the median), so the two never disagree.
            "typical_minutes": minutes[len(minutes) // 2] if minutes else None,
            "first_module": modules[0] if modules else None,
            "order": course_order(categories, request),
            "paths_page": paths_page,
            "paths": with_steps(list(paths_page.paths.all()), request) if paths_page else [],
        }


class StandardPage(CachedRouteMixin, SiteSearchMixin, Page):
    """A plain page: About, Privacy, Terms."""

    introduction = models.TextField(max_length=500, blank=True, verbose_name=_("introduction"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("introduction"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
