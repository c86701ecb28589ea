from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from django_comments_xtd.models import XtdComment

from altcms.blocks import INLINE_FEATURES
from altcms.caching.addresses import Stale, address_of
from altcms.choices import HIRING_ROUTES, PREFECTURES, SCHOOL_LEVELS
from altcms.pagetree import CachedRouteMixin
from altcms.search_text import SiteSearchMixin
from community.markup import render_comment


class ForumIndexPage(CachedRouteMixin, SiteSearchMixin, Page):
    """/forum/: the boards where ALTs talk to each other."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.ForumBoardPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from community import forum

        context = super().get_context(request, *args, **kwargs)
        context["boards"] = forum.boards_with_stats(self, request)
        return context


class ForumBoardPage(CachedRouteMixin, SiteSearchMixin, RoutablePageMixin, Page):
    """/forum/<board>/: one board's topics; topics live at /forum/<board>/<id>-<slug>/."""

    description = models.CharField(max_length=300, help_text="One sentence: what goes here.")

    content_panels = Page.content_panels + [FieldPanel("description")]
    search_fields = Page.search_fields + [index.SearchField("description")]

    parent_page_types = ["community.ForumIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "forum board"

    @path("")
    def topic_list(self, request):
        from community import forum

        return forum.board(request, self)

    @path("new/")
    def new_topic(self, request):
        from community import forum

        return forum.new_topic(request, self)

    @re_path(r"^(?P<topic_id>\d+)-(?P<slug>[-\w]*)/$")
    def topic(self, request, topic_id, slug):
        from community import forum

        return forum.topic(request, self, int(topic_id), slug)

    @re_path(r"^(?P<topic_id>\d+)/edit/$")
    def edit_topic(self, request, topic_id):
        from community import forum

        return forum.edit_topic(request, self, int(topic_id))

    @re_path(r"^(?P<topic_id>\d+)/follow/$")
    def follow_topic(self, request, topic_id):
        from community import forum

        return forum.follow_topic(request, self, int(topic_id))


class ContactPage(CachedRouteMixin, SiteSearchMixin, AbstractEmailForm):
    """/contact/: the contact form. Its core fields (name, email, module, message) are fixed in
    code, because every message also becomes a Feedback item; editors may add more fields.
    Submissions are stored (Wagtail form submissions) before anyone is emailed."""

    intro = RichTextField(features=INLINE_FEATURES, blank=True)
    thank_you_text = RichTextField(
        features=INLINE_FEATURES,
        blank=True,
        help_text="Shown after someone sends the form.",
    )

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            label="Extra field",
            heading="Extra fields",
            help_text="Name, email, module and message are always asked for; add more here.",
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "to_address",
                    help_text="Who is emailed about each message, separated by commas. "
                    "Leave empty to email everyone in the Editors group.",
                ),
                FieldPanel("subject"),
            ],
            heading="Email to the editors",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    landing_page_template = "community/contact_page_landing.html"

    def get_form_class(self):
        from community.contact import ContactFormBuilder

        return ContactFormBuilder(self.get_form_fields()).get_form_class()

    def get_data_fields(self):
        from community.contact import CORE_DATA_FIELDS

        return [("submit_time", "Submission date"), *CORE_DATA_FIELDS] + [
            (field.clean_name, field.label) for field in self.get_form_fields()
        ]

    def serve(self, request, *args, **kwargs):
        from community.contact import serve_contact_page

        return serve_contact_page(self, request, *args, **kwargs)

    def process_form_submission(self, form):
        from community.contact import store_and_notify

        return store_and_notify(self, form)


class ContactFormField(AbstractFormField):
    page = ParentalKey(ContactPage, on_delete=models.CASCADE, related_name="form_fields")


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
        ("", "Nothing"),
        (AWAITING_CONFIRMATION, "Email confirmation"),
        (AWAITING_MODERATION, "A moderator"),
    ]
    REMOVED_BY_AUTHOR = "author"
    REMOVED_BY_MODERATOR = "moderator"
    REMOVED_BY_CHOICES = [
        ("", "—"),
        (REMOVED_BY_AUTHOR, "Its author"),
        (REMOVED_BY_MODERATOR, "A moderator"),
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
        help_text="The reflection task this comment answers; empty for a general comment.",
    )
    task_prompt = models.TextField(
        blank=True,
        editable=False,
        help_text="The task's prompt when the comment was written, kept if the task is removed.",
    )
    comment_html = models.TextField(blank=True, editable=False)
    awaiting = models.CharField(
        max_length=20, blank=True, default="", choices=AWAITING_CHOICES, db_index=True
    )
    removed_by = models.CharField(max_length=20, blank=True, default="", choices=REMOVED_BY_CHOICES)
    edited_at = models.DateTimeField(null=True, blank=True)
    research_consent = models.BooleanField(
        default=False,
        help_text="The author agreed that this answer may be used, anonymised, in research on "
        "ALT training.",
    )

    class Meta:
        verbose_name = "comment"
        ordering = ["thread_id", "order"]
        permissions = [
            ("export_research_answers", "Can export consented answers for research"),
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
        return self.user_name or "Former member"

    @property
    def author_profile(self):
        """The author's public profile, if they have one (None otherwise)."""
        profile = profile_of(self.user) if self.user_id else None
        return profile if profile is not None and profile.is_public else None

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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    email = models.EmailField(blank=True, db_index=True)
    reason = models.CharField(max_length=300, blank=True)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    blocked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "blocked author"

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


def profile_of(user):
    """The user's Profile, or None; never a query when it was select_related."""
    try:
        return user.profile
    except (AttributeError, ObjectDoesNotExist):
        return None


def display_name(user):
    profile = profile_of(user)
    if profile is not None and profile.display_name:
        return profile.display_name
    return user.get_full_name() or user.get_username()


class Profile(models.Model):
    """An ALT's profile: who they are and where they teach; public only if they say so."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(
        max_length=60, blank=True, help_text="The name shown with your comments and topics."
    )
    hiring_route = models.CharField(
        max_length=20, blank=True, choices=HIRING_ROUTES, verbose_name="How you were hired"
    )
    prefecture = models.CharField(max_length=2, blank=True, choices=PREFECTURES)
    school_levels = models.JSONField(
        default=list, blank=True, help_text="Which school levels you teach."
    )
    years_as_alt = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        verbose_name="Years as an ALT",
    )
    bio = models.TextField(max_length=1000, blank=True, verbose_name="About you")
    is_public = models.BooleanField(
        default=False,
        verbose_name="Show my profile to everyone",
        help_text="If not ticked, only you can see it; your name still appears on your posts.",
    )

    def __str__(self):
        return f"Profile of {self.user}"

    def get_absolute_url(self):
        return reverse("community:person", args=[self.user.get_username()])

    def cache_stale(self):
        """Everywhere this member's name or profile appears (altcms.caching.changes)."""
        return member_stale(self.user)

    def school_level_labels(self):
        labels = dict(SCHOOL_LEVELS)
        return [labels[level] for level in self.school_levels if level in labels]


class TopicQuerySet(models.QuerySet):
    def shown(self):
        """Topics readers see: not removed, not waiting for a moderator."""
        return self.filter(is_removed=False, held=False)


class Topic(SiteSearchMixin, index.Indexed, models.Model):
    """A forum topic: a title and an opening post; its replies are discussion comments."""

    board = models.ForeignKey(ForumBoardPage, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(max_length=150)
    body = models.TextField(max_length=10_000)
    body_html = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    pinned = models.BooleanField(default=False, help_text="Pinned topics stay at the top.")
    locked = models.BooleanField(default=False, help_text="Locked topics take no new replies.")
    is_removed = models.BooleanField(
        default=False, verbose_name="Removed", help_text="Hidden from the site, kept here."
    )
    held = models.BooleanField(
        default=False,
        verbose_name="Waiting for a moderator",
        help_text="A new member's first post waits here until a moderator unticks this.",
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

    def cache_discussion_listings(self):
        """The pages that show this topic's activity: its board and the forum index."""
        return [self.board, self.board.get_parent()]

    @property
    def slug(self):
        return slugify(self.title, allow_unicode=True)[:60] or "topic"

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
        return display_name(self.author) if self.author_id else "Former member"

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


class ModuleProgress(models.Model):
    """A module an ALT has marked as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey("modules.ModulePage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "module progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_module_progress")
        ]

    def __str__(self):
        return f"{self.user} finished {self.module_id}"


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


def profile_addresses(user):
    """The address of a member's profile page (shown only if public, kept either way)."""
    return [reverse("community:person", args=[user.get_username()])]


def member_stale(user):
    """Everywhere a member's name appears: their profile, the pages and topics they commented
    on, and their topics (altcms.caching.changes, through the cache_stale_for_user hook)."""
    stale = Stale(paths=set(profile_addresses(user)))
    targets = (
        Comment.objects.filter(user=user).values_list("content_type_id", "object_pk").distinct()
    )
    for comment in (
        Comment(content_type_id=content_type, object_pk=object_pk)
        for content_type, object_pk in targets
    ):
        target = comment.content_object
        if target is not None:
            stale.paths.update(address_of(target))
    for topic in Topic.objects.filter(author=user).select_related("board"):
        stale.update(topic.cache_stale())
    return stale
