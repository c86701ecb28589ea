"""Comments (django-comments-xtd's model, extended), their earlier versions, and the authors a
moderator has stopped from posting."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from django_comments_xtd.models import XtdComment

from altcms.caching.addresses import Stale, address_of
from community.accounts.models import FORMER_MEMBER, display_name, profile_addresses
from community.discussion.markup import render_comment


class Comment(XtdComment):
    """A comment in a page's discussion: django-comments-xtd's threaded comment, plus the
    reflection task it answers, its sanitised HTML, and where it stands in moderation.

    Visibility: `is_public` is True once the comment may be shown (confirmed, approved).
    `is_removed` hides its text but keeps it in the database and in the thread, so a removed
    comment with replies shows as a placeholder.
    """

    AWAITING_CONFIRMATION = "confirmation"
    AWAITING_MODERATION = "moderation"
    AWAITING_CHOICES = [
        ("", _("Nothing")),
        (AWAITING_CONFIRMATION, _("Email confirmation")),
        (AWAITING_MODERATION, _("A moderator")),
    ]
    REMOVED_BY_AUTHOR = "author"
    REMOVED_BY_MODERATOR = "moderator"
    REMOVED_BY_CHOICES = [
        ("", "—"),
        (REMOVED_BY_AUTHOR, _("Its author")),
        (REMOVED_BY_MODERATOR, _("A moderator")),
    ]

    xtdcomment_ptr = models.OneToOneField(
        XtdComment,
        parent_link=True,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="discussion_comment",
    )
    task = models.ForeignKey(
        "modules.ReflectionTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("reflection task"),
        help_text=_("The reflection task this comment answers; empty for a general comment."),
    )
    task_prompt = models.TextField(
        blank=True,
        editable=False,
        help_text=_("The task's prompt when the comment was written, kept if the task is removed."),
    )
    comment_html = models.TextField(blank=True, editable=False)
    awaiting = models.CharField(
        max_length=20, blank=True, default="", choices=AWAITING_CHOICES, db_index=True
    )
    removed_by = models.CharField(max_length=20, blank=True, default="", choices=REMOVED_BY_CHOICES)
    edited_at = models.DateTimeField(null=True, blank=True)
    research_consent = models.BooleanField(
        default=False,
        verbose_name=_("research consent"),
        help_text=_(
            "The author agreed that this answer may be used, anonymised, in research on ALT "
            "training."
        ),
    )
    language = models.CharField(
        max_length=10,
        blank=True,
        editable=False,
        help_text="The interface language it was written in: the language of emails to its "
        "author, when they are not a member who chose one.",
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "comment")
        verbose_name_plural = pgettext_lazy("model", "comments")
        ordering = ["thread_id", "order"]
        permissions = [
            ("export_research_answers", _("Can export consented answers for research")),
        ]

    def save(self, *args, **kwargs):
        self.comment_html = render_comment(self.comment)
        if self.task_id and not self.task_prompt:
            self.task_prompt = self.task.prompt
        super().save(*args, **kwargs)

    def _calculate_thread_data(self):
        # Lock the thread's root while its order is worked out, so replies posted at the same
        # moment get distinct places in the thread.
        root_id = XtdComment.norel_objects.filter(pk=self.parent_id).values("thread_id")
        with transaction.atomic():
            list(XtdComment.norel_objects.select_for_update().filter(pk__in=root_id))
            super()._calculate_thread_data()

    def get_absolute_url(self, anchor_pattern="#c%(id)s"):
        return reverse("discussion:permalink", args=[self.pk])

    def cache_stale(self):
        """What readers see change with this comment (altcms.caching.changes): the page or
        topic it is on, the listings that show that topic's activity, the author's profile."""
        stale = Stale()
        target = self.content_object
        if target is not None:
            stale.paths.update(address_of(target))
            for listing in getattr(target, "cache_discussion_listings", list)():
                stale.paths.update(address_of(listing))
        if self.user_id:
            stale.paths.update(profile_addresses(self.user))
        return stale

    @property
    def author_name(self):
        if self.user_id and self.user:
            return display_name(self.user)
        return self.user_name or FORMER_MEMBER

    @property
    def is_visible(self):
        return self.is_public and not self.is_removed

    def edit_deadline(self):
        return self.submit_date + timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES)

    def can_be_edited_by(self, user, now=None):
        return self.can_be_deleted_by(user) and (now or timezone.now()) <= self.edit_deadline()

    def can_be_deleted_by(self, user):
        return bool(
            user and user.is_authenticated and self.user_id == user.pk and not self.is_removed
        )


class CommentEdit(models.Model):
    """The text a comment had before its author edited it; moderators can read every version."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="edits")
    previous_text = models.TextField()
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["edited_at"]

    def __str__(self):
        return f"Edit of comment {self.comment_id} at {self.edited_at:%Y-%m-%d %H:%M}"


class BlockedAuthor(models.Model):
    """An account or email address a moderator has stopped from posting."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("account"),
    )
    email = models.EmailField(_("email address"), blank=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    blocked_at = models.DateTimeField(_("blocked at"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked author")
        verbose_name_plural = _("blocked authors")

    def __str__(self):
        return str(self.user or self.email)

    @classmethod
    def is_blocked(cls, user=None, email=""):
        query = models.Q(pk__in=[])
        if user is not None and user.is_authenticated:
            query |= models.Q(user=user)
            email = email or user.email
        if email:
            query |= models.Q(email__iexact=email)
        return cls.objects.filter(query).exists()
