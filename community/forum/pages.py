"""The forum's pages: /forum/ and its boards. Topics are routes of their board's page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from altcms.caching.pagetree import CachedRouteMixin
from altcms.content.blocks import INLINE_FEATURES
from altcms.content.search_text import SiteSearchMixin
from community.forum import views as forum


class ForumIndexPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/forum/: the boards where ALTs talk to each other."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.ForumBoardPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["boards"] = forum.boards_with_stats(ForumBoardPage.objects.child_of(self), request)
        return context


class ForumBoardPage(CachedRouteMixin, SiteSearchMixin, RoutablePageMixin, Page):
    """/forum/<board>/: one board's topics; topics live at /forum/<board>/<id>-<slug>/."""

    description = models.CharField(max_length=300, help_text=_("One sentence: what goes here."))

    content_panels = Page.content_panels + [FieldPanel("description")]
    search_fields = Page.search_fields + [index.SearchField("description")]

    parent_page_types = ["community.ForumIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("forum board")
        verbose_name_plural = _("forum boards")

    @path("")
    def topic_list(self, request):
        return forum.board(request, self)

    @path("new/")
    def new_topic(self, request):
        return forum.new_topic(request, self)

    @re_path(r"^(?P<topic_id>\d+)-(?P<slug>[-\w]*)/$")
    def topic(self, request, topic_id, slug):
        return forum.topic(request, self, int(topic_id), slug)

    @re_path(r"^(?P<topic_id>\d+)/edit/$")
    def edit_topic(self, request, topic_id):
        return forum.edit_topic(request, self, int(topic_id))

    @re_path(r"^(?P<topic_id>\d+)/follow/$")
    def follow_topic(self, request, topic_id):
        return forum.follow_topic(request, self, int(topic_id))
