"""What readers tell the editors, from any channel; the editorial loop acts on it."""

from django.db import models
from django.utils import timezone

from community.discussion.models import Comment
from community.forum.models import Topic


class Feedback(models.Model):
    """Something a reader told the editors: from the contact form, an email, a comment or a
    forum post. Editors accept or decline it; a module revision that acts on it marks it
    applied and points at that revision."""

    CONTACT_FORM, EMAIL, COMMENT, FORUM = "contact", "email", "comment", "forum"
    SOURCE_CHOICES = [
        (CONTACT_FORM, "Contact form"),
        (EMAIL, "Email"),
        (COMMENT, "Comment"),
        (FORUM, "Forum"),
    ]
    NEW, ACCEPTED, APPLIED, DECLINED = "new", "accepted", "applied", "declined"
    STATUS_CHOICES = [
        (NEW, "New"),
        (ACCEPTED, "Accepted"),
        (APPLIED, "Applied"),
        (DECLINED, "Declined"),
    ]
    OPEN = [NEW, ACCEPTED]

    source = models.CharField(max_length=10, choices=SOURCE_CHOICES, default=CONTACT_FORM)
    sender_name = models.CharField(max_length=200, blank=True)
    sender_email = models.EmailField(max_length=254, blank=True)
    module = models.ForeignKey(
        "modules.ModulePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The module it is about, if any.",
    )
    concerns = models.CharField(
        "section or task",
        max_length=200,
        blank=True,
        help_text="The part of the module it concerns, such as a section or a reflection task.",
    )
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=NEW, db_index=True)
    editor_notes = models.TextField(blank=True, help_text="For editors only; never shown.")
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
        default=False, help_text="The sender asked to be told when it leads to a change."
    )
    credit_sender = models.BooleanField(
        default=False, help_text="The sender agreed to be named in the module's changelog."
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
        verbose_name = "feedback item"
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="feedback_unique_message_id",
            )
        ]

    def __str__(self):
        about = f" on {self.module.title}" if self.module_id and self.module else ""
        return f"Feedback{about} from {self.sender_name or 'a reader'}"
