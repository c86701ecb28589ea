"""Blocks only the blog app uses: an article's references."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks


class ReferenceBlock(blocks.StructBlock):
    authors = blocks.CharBlock(
        max_length=255, label=_("Authors"), help_text=_('As in APA: "Burns, A."')
    )
    year = blocks.IntegerBlock(min_value=1800, max_value=2100, label=_("Year"))
    title = blocks.CharBlock(max_length=500, label=pgettext_lazy("reference", "Title"))
    source = blocks.CharBlock(
        max_length=500,
        label=pgettext_lazy("reference", "Source"),
        help_text=_('Publisher, or "Journal, 42(1), 133–138".'),
    )
    url = blocks.URLBlock(required=False, label=_("URL"))

    class Meta:
        icon = "openquote"
        template = "blocks/reference_block.html"
        label = _("Reference")
        preview_value = {
            "authors": "Burns, A.",
            "year": 2010,
            "title": "Doing Action Research in English Language Teaching",
            "source": "Routledge",
        }
        description = _("A structured reference (APA style).")


class CitationBlock(blocks.TextBlock):
    """A reference as one line of text, as an author typed it when submitting."""

    class Meta:
        icon = "doc-empty"
        template = "blocks/citation_block.html"
        label = _("Reference as text")
        preview_value = "Burns, A. (2010). Doing action research in English language teaching."
        description = _("A reference written out as a line of text.")


class ReferencesBlock(blocks.StreamBlock):
    reference = ReferenceBlock()
    citation = CitationBlock()
