"""StreamField blocks shared by every page type that has a body (modules, posts, articles)."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul"]
INLINE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class KeyChoiceBlock(blocks.ChoiceBlock):
    """A ChoiceBlock whose stored value is read back as the string key it was saved as.

    Wagtail's ChoiceBlock wraps every choice list in a callable and, for each value it reads,
    lists the choices again to find the key's original type: about 0.1 ms a value, a hundred
    values on a module page (headings, callouts, dialogue lines), and a query a value where the
    choices come from the database. Every key here is a string, so the value is the key.
    Migrations still record a plain ChoiceBlock (BaseChoiceBlock.deconstruct)."""

    def normalize_choice(self, value):
        return None if value is None else str(value)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=pgettext_lazy("heading", "Text"))
    level = KeyChoiceBlock(
        choices=[
            ("h2", pgettext_lazy("heading level", "Heading")),
            ("h3", pgettext_lazy("heading level", "Sub-heading")),
            ("h4", pgettext_lazy("heading level", "Minor heading")),
        ],
        default="h3",
        label=_("Level"),
        help_text=_(
            "Inside a module's section, use sub-headings: the section title is the heading."
        ),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["anchor"] = slugify(value["text"])
        return context

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        preview_value = {"text": "Planning with your JTE", "level": "h3"}
        description = _("A heading inside a section.")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Text")
        preview_value = (
            "<p>Team teaching works best when both teachers know, before the bell, "
            "who leads each step of the lesson.</p>"
        )
        description = _("Paragraphs, lists and links.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=pgettext_lazy("quotation", "Text"),
        help_text=_("Only an exact quotation from a published source."),
    )
    attribution = blocks.CharBlock(
        max_length=255,
        label=_("Attribution"),
        help_text=_("Who said it, with year and page, e.g. McConnell (2000, p. 198)"),
    )
    url = blocks.URLBlock(
        required=False, label=_("URL"), help_text=_("Optional link to the source.")
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quotation")
        preview_value = {
            "text": "Every situation is different.",
            "attribution": "A saying among ALTs",
        }
        description = _("An attributed quotation.")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        max_length=255,
        required=False,
        label=_("Alt text"),
        help_text=_(
            "Describe the picture for people who cannot see it. Leave empty only if it "
            "is purely decorative."
        ),
    )
    caption = blocks.CharBlock(max_length=255, required=False, label=_("Caption"))
    credit = blocks.CharBlock(
        max_length=255,
        required=False,
        label=_("Credit"),
        help_text=_("Photographer, licence"),
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        preview_value = {"caption": "A junior high classroom during a team-taught lesson"}
        description = _("A picture with alt text and an optional caption.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video"), help_text=_("A YouTube or Vimeo address."))
    caption = blocks.CharBlock(max_length=255, required=False, label=_("Caption"))
    transcript = blocks.TextBlock(
        required=False,
        label=_("Transcript"),
        help_text=_("A transcript or summary for readers who cannot play video."),
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("Video")
        preview_value = {"caption": "A demonstration lesson", "transcript": "The ALT models..."}
        description = _("An embedded video with a transcript.")


# Each kind's own title, shown when the editor gives none: written by the site, so shown in the
# reader's language, and in the editor's language in the kind menu (lazy: the migrations record
# the English, as before).
CALLOUT_KINDS = [
    ("classroom", _("In the classroom")),
    ("research", _("What the research says")),
    ("tip", _("Try this")),
    ("note", _("Good to know")),
]


class CalloutBlock(blocks.StructBlock):
    kind = KeyChoiceBlock(choices=CALLOUT_KINDS, default="classroom", label=_("Kind"))
    title = blocks.CharBlock(
        max_length=120,
        required=False,
        label=_("Title"),
        help_text=_("Leave empty to use the kind's own title."),
    )
    body = blocks.RichTextBlock(features=INLINE_FEATURES, label=_("Body"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        own_title = dict(CALLOUT_KINDS).get(value["kind"], "")
        context["heading"] = value["title"] or str(own_title)
        return context

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        label = _("Callout")
        preview_value = {
            "kind": "classroom",
            "body": "<p>Agree a signal with your JTE for switching from Japanese to English.</p>",
        }
        description = _(
            "A boxed note: In the classroom, What the research says, Try this, Good to know."
        )


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()
