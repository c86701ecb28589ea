"""The community's admin: the comment moderation queue (wagtail-modeladmin) and blocked authors.

Moderators (a Wagtail group with only these rights) approve comments waiting for them, remove
comments (hidden from the site, kept in the database) and block authors.
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel

from django_comments.models import CommentFlag
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import InstanceSpecificView

from community import feedback, keep, moderation, research
from community.admin_helpers import NumericIdsOnly
from community.feedback_admin import FeedbackAdmin, FeedbackPanel, bulk_status
from community.models import BlockedAuthor, Comment, ForumBoardPage, Topic, member_stale
from community.moderation_admin import ModerationPanel

REPORTED = Q(flags__flag=CommentFlag.SUGGEST_REMOVAL)


class TopicBoardFilter(SimpleListFilter):
    """The forum boards, by title. (Django's related-field filter looks the board model up in
    django.contrib.admin's registry, which this site does not install: a 500 for a superuser.)"""

    title = "board"
    parameter_name = "board"

    def lookups(self, request, model_admin):
        return [(str(board.pk), board.title) for board in ForumBoardPage.objects.order_by("title")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(board_id=int(self.value()))
        return queryset


class CommentStatusFilter(SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("attention", "Needs attention"),
            ("moderation", "Waiting for a moderator"),
            ("reported", "Reported by readers"),
            ("confirmation", "Waiting for email confirmation"),
            ("published", "Published"),
            ("removed", "Removed"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        waiting = Q(is_public=False, awaiting=Comment.AWAITING_MODERATION, is_removed=False)
        reported = Q(report_count__gt=0, is_removed=False)
        filters = {
            "attention": waiting | reported,
            "moderation": waiting,
            "reported": reported,
            "confirmation": Q(is_public=False, awaiting=Comment.AWAITING_CONFIRMATION),
            "published": Q(is_public=True, is_removed=False),
            "removed": Q(is_removed=True),
        }
        return queryset.filter(filters[value]) if value in filters else queryset


class CommentPermissionHelper(PermissionHelper):
    """Comments are never created or deleted from the admin, only moderated."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_moderate(self, user):
        return self.user_has_specific_permission(user, "change_comment")


class CommentButtonHelper(ButtonHelper):
    def action_button(self, obj, action, label, classname="button-secondary"):
        return {
            "url": self.url_helper.get_action_url("moderate", quote(obj.pk)) + f"?action={action}",
            "label": label,
            "classname": f"button button-small {classname}",
            "title": f"{label} this comment",
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if not self.permission_helper.user_can_moderate(self.request.user):
            return buttons
        if not obj.is_public and obj.awaiting == Comment.AWAITING_MODERATION and not obj.is_removed:
            buttons.append(self.action_button(obj, "approve", "Approve", ""))
        if obj.is_removed and obj.removed_by == Comment.REMOVED_BY_MODERATOR:
            buttons.append(self.action_button(obj, "restore", "Restore"))
        if not obj.is_removed and getattr(obj, "report_count", 0):
            buttons.append(self.action_button(obj, "dismiss", "Keep it (dismiss reports)"))
        if self.request.user.has_perm("community.add_feedback"):
            buttons.append(self.action_button(obj, "feedback", "Send to feedback inbox"))
        if not obj.is_removed:
            buttons.append(self.action_button(obj, "remove", "Remove", "no"))
            buttons.append(self.action_button(obj, "block", "Block author", "no"))
        return buttons


class ModerateView(InstanceSpecificView):
    """Confirm (GET) and carry out (POST) approve, remove, restore or block."""

    ACTIONS = {
        "approve": ("Approve", "It will appear in the discussion at once."),
        "restore": ("Restore", "It will appear in the discussion again."),
        "dismiss": (
            "Keep",
            "Readers' reports on it are cleared and it leaves the 'needs attention' list.",
        ),
        "remove": (
            "Remove",
            "It disappears from the site but is kept here; replies to it stay, under a "
            "'removed by a moderator' note.",
        ),
        "feedback": (
            "Send to the feedback inbox",
            "Editors will find it in the feedback inbox, linked to this comment and its module, "
            "and can act on it in a module revision. The comment itself does not change.",
        ),
        "block": (
            "Block the author of",
            "They can no longer post, anything else of theirs waiting for a moderator is not "
            "published, and this comment is removed.",
        ),
    }
    page_title = "Moderate"

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_helper.user_can_moderate(request.user):
            raise PermissionDenied
        self.action = request.POST.get("action") or request.GET.get("action")
        if self.action == "feedback" and not request.user.has_perm("community.add_feedback"):
            raise PermissionDenied
        if self.action not in self.ACTIONS:
            messages.error(request, "Unknown moderation action.")
            return redirect(self.index_url)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"Comment by {self.instance.author_name}"

    def get_template_names(self):
        return ["modeladmin/community/comment/moderate.html"]

    def get_context_data(self, **kwargs):
        verb, effect = self.ACTIONS[self.action]
        return super().get_context_data(
            action=self.action,
            verb=verb,
            effect=effect,
            page=self.instance.content_object,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        comment = self.instance
        if self.action in {"approve", "restore"}:
            moderation.approve(comment, request)
            messages.success(request, f"Comment by {comment.author_name} is published.")
        elif self.action == "dismiss":
            moderation.dismiss_reports(comment)
            messages.success(request, f"Reports on {comment.author_name}'s comment are cleared.")
        elif self.action == "remove":
            moderation.remove(comment)
            messages.success(request, f"Comment by {comment.author_name} is removed.")
        elif self.action == "feedback":
            item, created = feedback.from_comment(comment)
            say = messages.success if created else messages.info
            say(
                request,
                f"Comment by {comment.author_name} is feedback item #{item.pk}"
                + ("." if created else " already."),
            )
        elif self.action == "block":
            moderation.block_author(comment, request.user, request.POST.get("reason", "")[:300])
            messages.success(request, f"{comment.author_name} is blocked from posting.")
        return redirect(self.index_url)


class CommentAdmin(NumericIdsOnly, ModelAdmin):
    model = Comment
    menu_label = "Comments"
    menu_icon = "comment"
    list_display = ["excerpt", "author", "on_page", "submitted", "status", "reports"]
    list_filter = [CommentStatusFilter]
    search_fields = ["comment", "user_name", "user_email"]
    list_per_page = 50
    ordering = ["-submit_date"]
    inspect_view_enabled = True
    inspect_template_name = "modeladmin/community/comment/inspect.html"
    permission_helper_class = CommentPermissionHelper
    button_helper_class = CommentButtonHelper

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "task")
            .prefetch_related("content_object")
            .annotate(report_count=Count("flags", filter=REPORTED))
        )

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("moderate"),
                self.moderate_view,
                name=self.url_helper.get_action_url_name("moderate"),
            ),
        )

    def moderate_view(self, request, instance_pk):
        self._check(instance_pk)
        return ModerateView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    @staticmethod
    def excerpt(obj):
        return Truncator(obj.comment).chars(90)

    @staticmethod
    def author(obj):
        return format_html("{}<br><small>{}</small>", obj.author_name, obj.user_email)

    @staticmethod
    def on_page(obj):
        page = obj.content_object
        return page.title if page is not None else "(deleted page)"

    on_page.short_description = "On"

    @staticmethod
    def submitted(obj):
        return obj.submit_date

    @staticmethod
    def status(obj):
        if obj.is_removed:
            return f"Removed by {obj.get_removed_by_display().lower()}"
        if not obj.is_public:
            return f"Waiting for {obj.get_awaiting_display().lower()}"
        return "Published" + (" (edited)" if obj.edited_at else "")

    @staticmethod
    def reports(obj):
        return obj.report_count or ""


class TopicPermissionHelper(PermissionHelper):
    """Topics are started on the site; here moderators pin, lock, move and remove them."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class TopicButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.request.user.has_perm("community.add_feedback"):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("feedback", quote(obj.pk)),
                    "label": "Send to feedback inbox",
                    "classname": "button button-small button-secondary",
                    "title": "Make this topic a feedback item for the editors",
                }
            )
        return buttons


class TopicToFeedbackView(InstanceSpecificView):
    """Confirm (GET) and make (POST) a feedback item from a forum topic."""

    page_title = "Send to the feedback inbox"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("community.add_feedback"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.instance.title

    def get_template_names(self):
        return ["modeladmin/community/topic/to_feedback.html"]

    def post(self, request, *args, **kwargs):
        item, created = feedback.from_topic(self.instance)
        say = messages.success if created else messages.info
        say(
            request,
            f"“{self.instance.title}” is feedback item #{item.pk}"
            + ("." if created else " already."),
        )
        return redirect(self.index_url)


class TopicAdmin(NumericIdsOnly, ModelAdmin):
    model = Topic
    menu_label = "Forum topics"
    menu_icon = "folder-open-inverse"
    list_display = ["title", "board", "author_name", "last_activity_at", "flags"]
    list_filter = ["held", TopicBoardFilter, "pinned", "locked", "is_removed"]
    search_fields = ["title", "body"]
    ordering = ["-last_activity_at"]
    inspect_view_enabled = True
    permission_helper_class = TopicPermissionHelper
    button_helper_class = TopicButtonHelper
    panels = [
        FieldPanel("title"),
        FieldPanel("board", help_text="Choose another board to move the topic."),
        FieldPanel("held"),
        FieldPanel("pinned"),
        FieldPanel("locked"),
        FieldPanel("is_removed"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("board", "author")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("feedback"),
                self.to_feedback_view,
                name=self.url_helper.get_action_url_name("feedback"),
            ),
        )

    def to_feedback_view(self, request, instance_pk):
        self._check(instance_pk)
        return TopicToFeedbackView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    @staticmethod
    def flags(obj):
        states = [
            label
            for flag, label in [
                (obj.pinned, "pinned"),
                (obj.locked, "locked"),
                (obj.is_removed, "removed"),
            ]
            if flag
        ]
        return ", ".join(states) or "—"


class BlockedAuthorAdmin(NumericIdsOnly, ModelAdmin):
    model = BlockedAuthor
    menu_label = "Blocked authors"
    menu_icon = "lock"
    list_display = ["__str__", "reason", "blocked_by", "blocked_at"]
    search_fields = ["email", "user__username", "user__email"]
    form_fields_exclude = ["blocked_by"]


class CommunityAdminGroup(ModelAdminGroup):
    menu_label = "Community"
    menu_icon = "group"
    menu_order = 250
    items = (CommentAdmin, TopicAdmin, BlockedAuthorAdmin)


modeladmin_register(CommunityAdminGroup)
modeladmin_register(FeedbackAdmin)


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [
        path("community/feedback/bulk-status/", bulk_status, name="community_feedback_bulk_status")
    ]


@hooks.register("construct_homepage_panels")
def add_feedback_panel(request, panels):
    user = request.user
    if user.has_perm("community.view_feedback"):
        panels.append(FeedbackPanel(request))


@hooks.register("cache_stale_for_user")
def stale_with_member(user):
    """A member's username or name changed (altcms.caching.changes): where it appears."""
    return member_stale(user)


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if request.user.has_perm("community.change_comment"):
        panels.append(ModerationPanel(request))


@hooks.register("module_feedback_choices")
def open_feedback_for_module(page):
    return feedback.choices_for(page)


@require_admin_access
def export_research_answers(request):
    if not request.user.has_perm("community.export_research_answers"):
        raise PermissionDenied
    response = HttpResponse(research.as_csv(), content_type="text/csv; charset=utf-8")
    filename = f"consented-answers-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@hooks.register("register_admin_urls")
def register_research_urls():
    return [
        path(
            "community/research-export.csv",
            export_research_answers,
            name="community_research_export",
        )
    ]


class ResearchExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("community.export_research_answers")


@hooks.register("register_reports_menu_item")
def register_research_menu_item():
    return ResearchExportMenuItem(
        "Consented answers (CSV)",
        reverse("community_research_export"),
        icon_name="download",
        order=900,
    )


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# Deleting a page must never destroy what readers wrote or what was published (community.keep).
hooks.register("before_delete_page", keep.before_delete_page)
hooks.register("before_bulk_action", keep.before_bulk_action)
