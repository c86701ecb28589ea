"""What editors keep for search (synonyms) and what readers' searches teach them (search terms)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.search.utils import normalise_query_string

from altcms.content.search_text import query_terms

MAX_FORMS = 12  # words and phrases in one synonym set
MAX_FORM_LENGTH = 100


def split_forms(text):
    """The words and phrases of a synonym set as an editor typed them: one a line, or
    separated by commas (Japanese 、 too); blank ones left out."""
    parts = []
    for line in (text or "").replace("、", ",").splitlines():
        parts += [part.strip() for part in line.split(",")]
    return [part for part in parts if part]


class SynonymSet(models.Model):
    """Words and phrases that mean the same thing to a reader (English, romaji, Japanese,
    acronyms): a search for any of them also searches for the others, and says so."""

    EDITOR, GLOSSARY, CURRICULUM = "editor", "glossary", "curriculum"
    SOURCES = [
        (EDITOR, _("Added by an editor")),
        (GLOSSARY, _("From the glossary")),
        (CURRICULUM, _("From the curriculum")),
    ]

    terms = models.TextField(
        _("words and phrases"),
        help_text=_(
            "Two or more, one a line (or separated by commas), for example: ICT, "
            "technology, tablets. A word may belong to one set only."
        ),
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("For editors: why these belong together."),
        verbose_name=_("note"),
    )
    source = models.CharField(max_length=20, choices=SOURCES, default=EDITOR, editable=False)
    source_key = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The glossary term or curriculum entry it was made from."),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("synonym set")
        verbose_name_plural = _("synonym sets")
        ordering = ["terms"]

    def __str__(self):
        forms = self.forms()
        return ", ".join(forms[:4]) + (" …" if len(forms) > 4 else "")

    def forms(self):
        return split_forms(self.terms)

    def clean(self):
        super().clean()
        self.terms = "\n".join(self.forms())
        check_forms(self.forms(), exclude_pk=self.pk)


def check_forms(forms, exclude_pk=None):
    """ValidationError (on "terms") unless `forms` make a usable set: at least two, each with a
    searchable word, none saying the same as another, none already in another set (a word in
    two sets would join them into a chain, and a search would jump from one to the next)."""
    errors = []
    if len(forms) < 2:
        errors.append(gettext("Give at least two words or phrases that mean the same thing."))
    if len(forms) > MAX_FORMS:
        errors.append(
            gettext("A set holds at most {count} words or phrases; split it in two.").format(
                count=MAX_FORMS
            )
        )
    seen = {}
    for form in forms:
        if len(form) > MAX_FORM_LENGTH:
            errors.append(
                gettext("“{form}…” is longer than {count} characters.").format(
                    form=form[:40], count=MAX_FORM_LENGTH
                )
            )
            continue
        terms = tuple(query_terms(form))
        if not terms:
            errors.append(
                gettext(
                    "“{form}” has no word a search can use (common words such as “the” and "
                    "punctuation are left out of every search)."
                ).format(form=form)
            )
        elif terms in seen:
            errors.append(
                gettext("“{form}” says the same as “{other}” to the search.").format(
                    form=form, other=seen[terms]
                )
            )
        else:
            seen[terms] = form
    others = SynonymSet.objects.exclude(pk=exclude_pk) if exclude_pk else SynonymSet.objects
    for other in others.only("pk", "terms"):
        for form in other.forms():
            terms = tuple(query_terms(form))
            if terms in seen:
                errors.append(
                    gettext(
                        "“{form}” is already in the set “{other}”: add the other words there "
                        "instead, so that one word never leads to two sets."
                    ).format(form=seen[terms], other=other)
                )
    if errors:
        raise ValidationError({"terms": errors})


class SearchTerm(models.Model):
    """What readers search for, and how well the site answers: counted per search (the first
    page of a new search), never per reader."""

    query = models.CharField(max_length=255, unique=True, verbose_name=_("query"))
    searches = models.PositiveIntegerField(default=0, verbose_name=_("searches"))
    zero_results = models.PositiveIntegerField(
        default=0, help_text=_("Searches that found nothing."), verbose_name=_("zero results")
    )
    results = models.PositiveIntegerField(
        default=0, help_text=_("Results the last search found."), verbose_name=_("results")
    )
    clicks = models.PositiveIntegerField(
        default=0,
        help_text=_("Results opened from this search (counted in the browser)."),
        verbose_name=_("clicks"),
    )
    first_searched = models.DateTimeField(auto_now_add=True, verbose_name=_("first searched"))
    last_searched = models.DateTimeField(auto_now=True, verbose_name=_("last searched"))

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.query

    @property
    def click_rate(self):
        return self.clicks / self.searches if self.searches else 0.0

    @classmethod
    def key(cls, text):
        return normalise_query_string(text)[:255]

    @classmethod
    def record(cls, text, found):
        """Count one search for `text` that found `found` results."""
        key = cls.key(text)
        if not key:
            return
        changes = {
            "searches": F("searches") + 1,
            "zero_results": F("zero_results") + (0 if found else 1),
            "results": found,
            "last_searched": timezone.now(),
        }
        if cls.objects.filter(query=key).update(**changes):
            return
        try:
            with transaction.atomic():
                cls.objects.create(
                    query=key, searches=1, zero_results=0 if found else 1, results=found
                )
        except IntegrityError:  # another request made it first
            cls.objects.filter(query=key).update(**changes)

    @classmethod
    def record_click(cls, text):
        """Count a result opened from a search for `text`; never more clicks than searches."""
        key = cls.key(text)
        if key:
            cls.objects.filter(query=key, clicks__lt=F("searches")).update(clicks=F("clicks") + 1)
