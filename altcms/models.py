from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    url = blocks.URLBlock()

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"
        label = "Link"
        preview_value = {"label": "JALT Team Teaching SIG", "url": "https://jalt.org/"}


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Site-wide words and links that editors change without a developer."""

    tagline = models.CharField(
        max_length=120,
        default="Free training for Assistant Language Teachers in Japan",
        help_text="Shown beside the site name in the header.",
    )
    footer_text = models.TextField(
        default=(
            "ALT Training Online is free and open to everyone. Module texts are written by the "
            "project and revised from ALTs' comments and emails."
        ),
        help_text="A sentence or two at the foot of every page.",
    )
    contact_email = models.EmailField(
        default="editors@alt-training.example",
        help_text="Where readers can write to the editors.",
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Links to partner organisations or social media, shown in the footer.",
    )

    panels = [
        FieldPanel("tagline"),
        FieldPanel("footer_text"),
        FieldPanel("contact_email"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "Site settings"


class SeedRecord(models.Model):
    """What seed_site made from a content file, so a re-run can tell its own work from an editor's.

    `key` names the file entry (e.g. "module:the-japanese-context"), `digest` the content the
    object was last built from. An object whose record exists but whose row is gone was deleted by
    an editor, and is not made again.
    """

    key = models.CharField(max_length=255, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
