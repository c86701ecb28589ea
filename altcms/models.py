from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, label=pgettext_lazy("link", "Label"))
    url = blocks.URLBlock(label=_("URL"))

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"
        label = _("Link")
        preview_value = {"label": "JALT Team Teaching SIG", "url": "https://jalt.org/"}


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Site-wide words and links that editors change without a developer."""

    tagline = models.CharField(
        max_length=120,
        default="Free training for Assistant Language Teachers in Japan",
        verbose_name=_("tagline"),
        help_text=_("Shown beside the site name in the header."),
    )
    footer_text = models.TextField(
        default=(
            "ALT Training Online is free and open to everyone. Module texts are written by the "
            "project and revised from ALTs' comments and emails."
        ),
        verbose_name=_("footer text"),
        help_text=_("A sentence or two at the foot of every page."),
    )
    contact_email = models.EmailField(
        default="editors@alt-training.example",
        verbose_name=_("contact email"),
        help_text=_("Where readers can write to the editors."),
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("footer links"),
        help_text=_("Links to partner organisations or social media, shown in the footer."),
    )

    panels = [
        FieldPanel("tagline"),
        FieldPanel("footer_text"),
        FieldPanel("contact_email"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("Site settings")


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


class OutgoingEmail(models.Model):
    """An email the site has to send, stored before anything is sent (altcms.ops.mail).

    The task queue delivers it and retries when the mail server fails; its body is cleared once
    it is delivered (it may hold a sign-in or confirmation link). Editors see in the admin what
    could not be sent, and why."""

    QUEUED, SENT, RETRYING, FAILED = "queued", "sent", "retrying", "failed"
    STATUS_CHOICES = [
        (QUEUED, _("Waiting to be sent")),
        (SENT, _("Sent")),
        (RETRYING, _("Failed; will try again")),
        (FAILED, _("Could not be sent")),
    ]

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=QUEUED, db_index=True
    )
    subject = models.CharField(_("subject"), max_length=998)
    from_email = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.TextField(blank=True)
    content_subtype = models.CharField(max_length=20, default="plain")
    alternatives = models.JSONField(
        default=list, blank=True, help_text="[content, MIME type] pairs (an HTML version)."
    )
    attachments = models.JSONField(
        default=list, blank=True, help_text="[file name, base64 content, MIME type] triples."
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last problem"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing email")

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"


class FormReceipt(models.Model):
    """One form sent once (altcms.http.submitonce): the key names the form instance, the sender and
    what they sent; `url` is where the stored item can be seen. A second copy of the same form
    (a double-click, a reload, the back button) finds this row and stores nothing."""

    key = models.CharField(max_length=64, unique=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "form receipt"

    def __str__(self):
        return f"Receipt {self.key[:12]}… ({self.created_at:%Y-%m-%d %H:%M})"
