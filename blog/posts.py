"""The blog: its index (by tag, with feeds) and its posts."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from altcms.caching.addresses import page_addresses
from altcms.caching.fragments import fragment_key, page_key
from altcms.caching.pagetree import CachedRouteMixin
from altcms.content.blocks import INLINE_FEATURES, BaseStreamBlock
from altcms.content.richtext import PrefetchedLinksMixin
from altcms.content.search_text import CONTROL, SiteSearchMixin
from blog.authors import AuthoredMixin, AuthorLink, with_authors


class BlogIndexPage(CachedRouteMixin, SiteSearchMixin, RoutablePageMixin, Page):
    """/blog/: posts, newest first, filterable by tag, with RSS and Atom feeds."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True, verbose_name=_("intro"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count = 1
    POSTS_PER_PAGE = 10

    def posts(self, request=None):
        from altcms.caching.pagetree import public

        posts = public(BlogPostPage.objects.child_of(self).live(), request)
        return with_authors(posts.order_by("-date", "-pk")).prefetch_related("tags")

    @path("")
    def post_list(self, request):
        from django.core.paginator import Paginator

        posts = self.posts(request).defer_streamfields()
        # Control characters cannot be in a tag (and PostgreSQL refuses a NUL in a query).
        tag = " ".join(CONTROL.sub(" ", request.GET.get("tag", "")).split())[:100]
        if tag:
            posts = posts.filter(tags__name__iexact=tag).distinct()
        number = request.GET.get("page", "")
        # The listing is the same for every reader: kept rendered in the shared cache, its
        # queries made only when it is rendered.
        page = SimpleLazyObject(lambda: Paginator(posts, self.POSTS_PER_PAGE).get_page(number))
        key = fragment_key(request, self, "posts", tag, page_key(number))
        return self.render(
            request, context_overrides={"posts": page, "tag": tag, "listing_key": key}
        )

    def cache_listing_addresses(self):
        """Where this page lists its posts (altcms.caching.changes): here and in its feeds."""
        return [
            address + sub for address in page_addresses(self) for sub in ("", "feed/", "feed/atom/")
        ]

    @path("feed/")
    def rss_feed(self, request):
        from blog.feeds import LatestPostsFeed

        return LatestPostsFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from blog.feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self)(request)


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPostPage(CachedRouteMixin, SiteSearchMixin, PrefetchedLinksMixin, AuthoredMixin, Page):
    date = models.DateField(_("post date"), default=date.today)
    intro = models.TextField(
        max_length=300, help_text=_("One or two sentences for listings."), verbose_name=_("intro")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    hero_alt = models.CharField(
        _("hero image alt text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt")], heading=_("Hero image")
        ),
        FieldPanel("body"),
        InlinePanel("authors", label=_("Author"), heading=_("Authors")),
        FieldPanel("tags"),
    ]
    search_fields = AuthoredMixin.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("body"),
        APIField("authors"),
        APIField("tags"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("blog post")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the image for readers who cannot see it."})

    def search_key_texts(self):
        """What says what the post is about, ranked above its body (altcms.content.search_text)."""
        return [self.title, self.intro]


class BlogPostAuthor(AuthorLink):
    page = ParentalKey(BlogPostPage, on_delete=models.CASCADE, related_name="authors")


# Research articles ---------------------------------------------------------------------------
