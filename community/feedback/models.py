"""What readers tell the editors, from any channel; the editorial loop acts on it."""

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from community.discussion.models import Comment
from community.forum.models import Topic

# Hiragana, katakana and the CJK ideographs (kanji).
JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


class Feedback(models.Model):
    """Something a reader told the editors: from the contact form, an email, a comment or a
    forum post. Editors accept or decline it; a module revision that acts on it marks it
    applied and points at that revision."""

    CONTACT_FORM, EMAIL, COMMENT, FORUM = "contact", "email", "comment", "forum"
    SOURCE_CHOICES = [
        (CONTACT_FORM, _("Contact form")),
        (EMAIL, pgettext_lazy("where feedback came from", "Email")),
        (COMMENT, _("Comment")),
        (FORUM, _("Forum")),
    ]
    NEW, ACCEPTED, APPLIED, DECLINED = "new", "accepted", "applied", "declined"
    STATUS_CHOICES = [
        (NEW, _("New")),
        (ACCEPTED, _("Accepted")),
        (APPLIED, _("Applied")),
        (DECLINED, _("Declined")),
    ]
    OPEN = [NEW, ACCEPTED]
    # The languages of the interface (settings.LANGUAGES); a JTE may write in Japanese.
    ENGLISH, JAPANESE = "en", "ja"
    LANGUAGE_CHOICES = [
        (ENGLISH, pgettext_lazy("language", "English")),
        (JAPANESE, pgettext_lazy("language", "Japanese")),
    ]

    source = models.CharField(
        _("source"), max_length=10, choices=SOURCE_CHOICES, default=CONTACT_FORM
    )
    sender_name = models.CharField(_("sender name"), max_length=200, blank=True)
    sender_email = models.EmailField(_("sender email"), max_length=254, blank=True)
    module = models.ForeignKey(
        "modules.ModulePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("module"),
        help_text=_("The module it is about, if any."),
    )
    concerns = models.CharField(
        _("section or task"),
        max_length=200,
        blank=True,
        help_text=_("The part of the module it concerns, such as a section or a reflection task."),
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    text = models.TextField(_("message"))
    language = models.CharField(
        _("written in"),
        max_length=10,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("The language the reader wrote in (blank where nobody recorded it)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=NEW, db_index=True
    )
    editor_notes = models.TextField(
        _("editor notes"), blank=True, help_text=_("For editors only; never shown.")
    )
    applied_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)
    notify_sender = models.BooleanField(
        _("tell the sender"),
        default=False,
        help_text=_("The sender asked to be told when it leads to a change."),
    )
    credit_sender = models.BooleanField(
        _("name the sender"),
        default=False,
        help_text=_("The sender agreed to be named in the module's changelog."),
    )
    sender_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    editors_notified = models.BooleanField(default=False, editable=False)
    submission = models.ForeignKey(
        "wagtailforms.FormSubmission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    message_id = models.CharField(max_length=998, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="feedback_unique_message_id",
            )
        ]

    def __str__(self):
        sender = self.sender_name or gettext("a reader")
        if self.module_id and self.module:
            return gettext("Feedback on {module} from {sender}").format(
                module=self.module.title, sender=sender
            )
        return gettext("Feedback from {sender}").format(sender=sender)

    @classmethod
    def written_in(cls, text, interface=""):
        """The language of `text`: Japanese if it has kana or kanji, English if it has Latin
        letters and neither, else the language of the interface it was sent from."""
        if JAPANESE_SCRIPT.search(text):
            return cls.JAPANESE
        if re.search(r"[A-Za-z]", text):
            return cls.ENGLISH
        return interface if interface in dict(cls.LANGUAGE_CHOICES) else ""
