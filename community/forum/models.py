"""Forum topics and who follows them. The board and index pages are in forum/pages.py."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from altcms.caching.addresses import Stale, address_of
from altcms.content.search_text import SiteSearchMixin
from community.accounts.models import FORMER_MEMBER, display_name, profile_addresses, profile_of
from community.discussion.markup import render_comment


class TopicQuerySet(models.QuerySet):
    def shown(self):
        """Topics readers see: not removed, not waiting for a moderator."""
        return self.filter(is_removed=False, held=False)


class Topic(SiteSearchMixin, index.Indexed, models.Model):
    """A forum topic: a title and an opening post; its replies are discussion comments."""

    board = models.ForeignKey(
        "community.ForumBoardPage",
        on_delete=models.PROTECT,
        related_name="topics",
        verbose_name=_("board"),
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("opening post"), max_length=10_000)
    body_html = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned topics stay at the top.")
    )
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Locked topics take no new replies.")
    )
    is_removed = models.BooleanField(
        default=False, verbose_name=_("Removed"), help_text=_("Hidden from the site, kept here.")
    )
    held = models.BooleanField(
        default=False,
        verbose_name=_("Waiting for a moderator"),
        help_text=_("A new member's first post waits here until a moderator unticks this."),
    )

    objects = TopicQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("body"),
        index.FilterField("board"),
        index.FilterField("is_removed"),
        index.FilterField("held"),
        index.FilterField("last_activity_at"),
    ]

    class Meta:
        ordering = ["-pinned", "-last_activity_at"]
        verbose_name = _("forum topic")
        verbose_name_plural = _("forum topics")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_comment(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.url

    def cache_stale(self):
        """What readers see change with this topic (altcms.caching.changes): the topic and its
        sub-addresses, its board and the forum index, the author's profile, search results."""
        stale = Stale(trees={self.url, "/search/"})
        for listing in self.cache_discussion_listings():
            stale.paths.update(address_of(listing))
        if self.author_id:
            stale.paths.update(profile_addresses(self.author))
        return stale

    @staticmethod
    def has_published(author):
        """Has this member a topic readers can see? (community.discussion.posting)"""
        return Topic.objects.shown().filter(author=author).exists()

    def comment_published(self, comment):
        """A reply became visible (community.discussion.reading): the topic moves up its board.
        No signal, and none needed: the comment's own change makes the board's list stale."""
        Topic.objects.filter(pk=self.pk).update(last_activity_at=comment.submit_date)

    def cache_discussion_listings(self):
        """The pages that show this topic's activity: its board and the forum index."""
        return [self.board, self.board.get_parent()]

    @property
    def slug(self):
        # From the words only: a title that contains markup (<b>) gives no "b" in the address.
        return slugify(strip_tags(self.title), allow_unicode=True)[:60] or "topic"

    @property
    def url(self):
        return self.board.url + f"{self.pk}-{self.slug}/"

    @property
    def live(self):
        """Takes comments and shows publicly, like a live page."""
        return not self.is_removed and not self.held and self.board.live

    @property
    def discussion_open(self):
        return not self.locked

    @property
    def author_name(self):
        return display_name(self.author) if self.author_id else FORMER_MEMBER

    @property
    def author_profile(self):
        profile = profile_of(self.author) if self.author_id else None
        return profile if profile is not None and profile.is_public else None

    def can_be_edited_by(self, user, now=None):
        window = timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES)
        return bool(
            user.is_authenticated
            and self.author_id == user.pk
            and not self.is_removed
            and (now or timezone.now()) <= self.created_at + window
        )


class TopicFollow(models.Model):
    """A reader who wants an email when someone replies in a topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="unique_topic_follow")
        ]

    def __str__(self):
        return f"{self.user} follows {self.topic}"
