"""The people who write for the site (Person snippets) and how pages name them."""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page, RevisionMixin
from wagtail.search import index

from altcms.content.choices import PREFECTURES


class Person(RevisionMixin, index.Indexed, models.Model):
    """Someone who writes for the site: an ALT, a JTE, a researcher or an editor."""

    ROLE_CHOICES = [
        ("alt", "ALT"),
        ("jte", "JTE"),
        ("researcher", _("Researcher")),
        ("editor", _("Editor")),
    ]

    name = models.CharField(max_length=120, verbose_name=_("name"))
    role = models.CharField(max_length=20, choices=ROLE_CHOICES, verbose_name=_("role"))
    bio = models.TextField(max_length=500, blank=True, verbose_name=_("short bio"))
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    prefecture = models.CharField(
        max_length=2, blank=True, choices=PREFECTURES, verbose_name=_("prefecture")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The site account of this person, if they have one (never shown)."),
        verbose_name=_("user"),
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
        verbose_name = _("person")
        verbose_name_plural = _("people")
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

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )

    panels = [FieldPanel("person")]
    api_fields = [APIField("person")]

    class Meta(Orderable.Meta):
        abstract = True


# Blog ---------------------------------------------------------------------------------------
