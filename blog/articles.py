"""ALT research articles: peer-reviewed pieces written by ALTs, with citations."""

from datetime import date

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from altcms.caching.pagetree import CachedRouteMixin
from altcms.content.richtext import PrefetchedLinksMixin
from altcms.content.search_text import SiteSearchMixin
from blog.authors import AuthoredMixin, AuthorLink
from blog.blocks import ReferencesBlock
from modules.blocks import ModuleBodyBlock


class ArticleKeyword(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_keywords"
    )


class ArticlePage(
    CachedRouteMixin, SiteSearchMixin, PrefetchedLinksMixin, AuthoredMixin, RoutablePageMixin, Page
):
    """An ALT-written research article, with citation downloads and scholarly meta tags."""

    date = models.DateField(_("published date"), default=date.today)
    abstract = models.TextField(max_length=3000, verbose_name=_("abstract"))
    keywords = ClusterTaggableManager(
        through=ArticleKeyword, blank=True, verbose_name=_("keywords")
    )
    body = StreamField(
        ModuleBodyBlock(), help_text=_("The article, in titled sections."), verbose_name=_("body")
    )
    references = StreamField(ReferencesBlock(), blank=True, verbose_name=_("references"))
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("PDF file"),
    )
    licence = models.CharField(
        max_length=100,
        default="CC BY 4.0",
        help_text=_("The licence readers may reuse it under."),
        verbose_name=_("licence"),
    )
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[RegexValidator(r"^10\.\d{4,9}/\S+$", "A DOI looks like 10.1234/abcd.5678.")],
    )
    related_modules = ParentalManyToManyField(
        "modules.ModulePage", blank=True, related_name="+", verbose_name=_("related modules")
    )
    is_example = models.BooleanField(
        default=False,
        help_text=_("A sample showing the format, not real research: says so on the page."),
        verbose_name=_("is example"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_articles",
        help_text=_("The member who submitted it from the site (never shown publicly)."),
        verbose_name=_("submitted by"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("abstract"),
        InlinePanel("authors", label=_("Author"), heading=_("Authors")),
        FieldPanel("keywords"),
        FieldPanel("body"),
        FieldPanel("references"),
        FieldPanel("pdf"),
        MultiFieldPanel(
            [FieldPanel("licence"), FieldPanel("doi"), FieldPanel("is_example")],
            heading=_("Publication"),
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
        verbose_name = _("research article")

    def search_key_texts(self):
        """What says what the article is about, ranked above its body
        (altcms.content.search_text)."""
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
