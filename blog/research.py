"""/resources/research/: the ALT research index page, and its submission form's route."""

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from altcms.caching.pagetree import CachedRouteMixin, public
from altcms.content.blocks import INLINE_FEATURES
from altcms.content.search_text import SiteSearchMixin
from blog import submission
from blog.articles import ArticlePage
from blog.authors import with_authors


class ArticleIndexPage(CachedRouteMixin, SiteSearchMixin, RoutablePageMixin, Page):
    """/resources/research/: classroom research written by ALTs, and the way to submit it."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["modules.ResourceIndexPage"]
    subpage_types = ["blog.ArticlePage"]
    max_count = 1

    @path("")
    def article_list(self, request):
        articles = public(ArticlePage.objects.child_of(self).live(), request)
        articles = with_authors(articles.order_by("-date", "-pk").defer_streamfields())
        return self.render(request, context_overrides={"articles": articles})

    @path("submit/")
    def submit(self, request):
        return submission.submit(request, self)
