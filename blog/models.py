from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, RevisionMixin
from wagtail.search import index

from altcms.blocks import INLINE_FEATURES, BaseStreamBlock
from altcms.caching.addresses import page_addresses
from altcms.caching.fragments import fragment_key, page_key
from altcms.choices import PREFECTURES
from altcms.pagetree import CachedRouteMixin
from altcms.richtext import PrefetchedLinksMixin
from altcms.search_text import CONTROL, SiteSearchMixin
from blog.blocks import ReferencesBlock
from modules.blocks import ModuleBodyBlock


class Person(RevisionMixin, index.Indexed, models.Model):
    """Someone who writes for the site: an ALT, a JTE, a researcher or an editor."""

    ROLE_CHOICES = [
        ("alt", "ALT"),
        ("jte", "JTE"),
        ("researcher", "Researcher"),
        ("editor", "Editor"),
    ]

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    bio = models.TextField(max_length=500, blank=True, verbose_name="short bio")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prefecture = models.CharField(max_length=2, blank=True, choices=PREFECTURES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The site account of this person, if they have one (never shown).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("prefecture"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("name"), APIField("role"), APIField("bio"), APIField("prefecture")]

    class Meta:
        verbose_name_plural = "people"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def byline(self):
        """Name, role and prefecture: "Aya Mori (ALT, Nagano)"."""
        details = [self.get_role_display()]
        if self.prefecture:
            details.append(self.get_prefecture_display())
        return f"{self.name} ({', '.join(details)})"


def people_of(page):
    """A post's or article's authors: from a prefetch when there is one, else one query."""
    if "authors" in getattr(page, "_prefetched_objects_cache", {}):
        return [link.person for link in page.authors.all()]
    return [link.person for link in page.authors.select_related("person")]


def with_authors(pages):
    """Prefetch authors and their people in one query for a listing."""
    from django.db.models import Prefetch

    return pages.prefetch_related(
        Prefetch(
            "authors",
            queryset=pages.model.authors.rel.related_model.objects.select_related("person"),
        )
    )


class AuthoredMixin:
    """A page with an ordered `authors` inline of people."""

    search_fields = Page.search_fields + [
        index.RelatedFields(
            "authors", [index.RelatedFields("person", [index.SearchField("name")])]
        ),
    ]

    @cached_property
    def author_people(self):
        return people_of(self)


class AuthorLink(Orderable):
    """One author of a post or article, in the order the editor gave."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("person")]
    api_fields = [APIField("person")]

    class Meta(Orderable.Meta):
        abstract = True


# Blog ---------------------------------------------------------------------------------------


class BlogIndexPage(CachedRouteMixin, SiteSearchMixin, RoutablePageMixin, Page):
    """/blog/: posts, newest first, filterable by tag, with RSS and Atom feeds."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count = 1
    POSTS_PER_PAGE = 10

    def posts(self, request=None):
        from altcms.pagetree import public

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
    date = models.DateField("post date", default=date.today)
    intro = models.TextField(max_length=300, help_text="One or two sentences for listings.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=255,
        blank=True,
        help_text="Describe the image for readers who cannot see it.",
    )
    body = StreamField(BaseStreamBlock())
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading="Hero image"),
        FieldPanel("body"),
        InlinePanel("authors", label="Author", heading="Authors"),
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
        verbose_name = "blog post"

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the image for readers who cannot see it."})

    def search_key_texts(self):
        """What says what the post is about, ranked above its body (altcms.search_text)."""
        return [self.title, self.intro]


class BlogPostAuthor(AuthorLink):
    page = ParentalKey(BlogPostPage, on_delete=models.CASCADE, related_name="authors")


# Research articles ---------------------------------------------------------------------------


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
        from altcms.pagetree import public

        articles = public(ArticlePage.objects.child_of(self).live(), request)
        articles = with_authors(articles.order_by("-date", "-pk").defer_streamfields())
        return self.render(request, context_overrides={"articles": articles})

    @path("submit/")
    def submit(self, request):
        from blog.submission import submit

        return submit(request, self)


class ArticleKeyword(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_keywords"
    )


class ArticlePage(
    CachedRouteMixin, SiteSearchMixin, PrefetchedLinksMixin, AuthoredMixin, RoutablePageMixin, Page
):
    """An ALT-written research article, with citation downloads and scholarly meta tags."""

    date = models.DateField("published date", default=date.today)
    abstract = models.TextField(max_length=3000)
    keywords = ClusterTaggableManager(through=ArticleKeyword, blank=True)
    body = StreamField(ModuleBodyBlock(), help_text="The article, in titled sections.")
    references = StreamField(ReferencesBlock(), blank=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="PDF",
    )
    licence = models.CharField(
        max_length=100, default="CC BY 4.0", help_text="The licence readers may reuse it under."
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[RegexValidator(r"^10\.\d{4,9}/\S+$", "A DOI looks like 10.1234/abcd.5678.")],
    )
    related_modules = ParentalManyToManyField("modules.ModulePage", blank=True, related_name="+")
    is_example = models.BooleanField(
        default=False,
        help_text="A sample showing the format, not real research: says so on the page.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_articles",
        help_text="The member who submitted it from the site (never shown publicly).",
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("abstract"),
        InlinePanel("authors", label="Author", heading="Authors"),
        FieldPanel("keywords"),
        FieldPanel("body"),
        FieldPanel("references"),
        FieldPanel("pdf"),
        MultiFieldPanel(
            [FieldPanel("licence"), FieldPanel("doi"), FieldPanel("is_example")],
            heading="Publication",
        ),
        FieldPanel("related_modules", widget=forms.CheckboxSelectMultiple),
        FieldPanel("submitted_by", read_only=True),
    ]
    search_fields = AuthoredMixin.search_fields + [
        index.SearchField("abstract"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("abstract"),
        APIField("authors"),
        APIField("keywords"),
        APIField("body"),
        APIField("references"),
        APIField("licence"),
        APIField("doi"),
    ]

    parent_page_types = ["blog.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "research article"

    def search_key_texts(self):
        """What says what the article is about, ranked above its body (altcms.search_text)."""
        return [self.title, *(keyword.name for keyword in self.keywords.all())]

    @path("")
    def article(self, request):
        return self.render(request)

    def cache_listed_on(self):
        """Pages beyond its ancestors that list it (altcms.caching.changes): the modules it is
        about ("ALT research on this topic")."""
        return list(self.related_modules.all())

    @path("cite/bibtex/")
    def bibtex(self, request):
        from blog.citations import bibtex_response

        return bibtex_response(self, request)

    @path("cite/ris/")
    def ris(self, request):
        from blog.citations import ris_response

        return ris_response(self, request)


class ArticleAuthor(AuthorLink):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
