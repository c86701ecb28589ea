"""Blocks only the blog app uses: an article's references."""

from wagtail import blocks


class ReferenceBlock(blocks.StructBlock):
    authors = blocks.CharBlock(max_length=255, help_text='As in APA: "Burns, A."')
    year = blocks.IntegerBlock(min_value=1800, max_value=2100)
    title = blocks.CharBlock(max_length=500)
    source = blocks.CharBlock(max_length=500, help_text='Publisher, or "Journal, 42(1), 133–138".')
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/reference_block.html"
        label = "Reference"
        preview_value = {
            "authors": "Burns, A.",
            "year": 2010,
            "title": "Doing Action Research in English Language Teaching",
            "source": "Routledge",
        }
        description = "A structured reference (APA style)."


class CitationBlock(blocks.TextBlock):
    """A reference as one line of text, as an author typed it when submitting."""

    class Meta:
        icon = "doc-empty"
        template = "blocks/citation_block.html"
        label = "Reference as text"
        preview_value = "Burns, A. (2010). Doing action research in English language teaching."
        description = "A reference written out as a line of text."


class ReferencesBlock(blocks.StreamBlock):
    reference = ReferenceBlock()
    citation = CitationBlock()
