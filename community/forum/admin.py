"""Forum topics in the admin (moderators pin, lock, move and remove them), and the moderators'
home panel: what waits for them (comments held for a moderator, comments readers reported,
forum topics held), with counts and links to each queue. Registered in
community/wagtail_hooks.py."""

from django.contrib.admin import SimpleListFilter
from django.db.models import Q
from django.urls import reverse

from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component

from django_comments.models import CommentFlag
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from altcms.http.ids import NumericIdsOnly
from community.discussion.models import Comment
from community.forum.models import Topic
from community.forum.pages import ForumBoardPage

REPORTED = Q(flags__flag=CommentFlag.SUGGEST_REMOVAL, is_removed=False)
HELD = Q(is_public=False, awaiting=Comment.AWAITING_MODERATION, is_removed=False)


class ModerationPanel(Component):
    name = "moderation_panel"
    template_name = "community/admin/moderation_panel.html"
    order = 40  # before the editors' feedback panel

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        comments = reverse("community_comment_modeladmin_index")
        topics = reverse("community_topic_modeladmin_index")
        rows = [
            (
                Comment.objects.filter(HELD).count(),
                "comment waiting for a moderator",
                "comments waiting for a moderator",
                f"{comments}?status=moderation",
            ),
            (
                Comment.objects.filter(REPORTED).distinct().count(),
                "comment reported by readers",
                "comments reported by readers",
                f"{comments}?status=reported",
            ),
            (
                Topic.objects.filter(held=True, is_removed=False).count(),
                "forum topic waiting for a moderator",
                "forum topics waiting for a moderator",
                f"{topics}?held__exact=1",
            ),
        ]
        waiting = [
            {"count": count, "label": one if count == 1 else many, "url": url}
            for count, one, many, url in rows
        ]
        return {
            "waiting": waiting,
            "total": sum(row["count"] for row in waiting),
            "comments_url": comments,
            "topics_url": topics,
        }


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


class TopicPermissionHelper(PermissionHelper):
    """Topics are started on the site; here moderators pin, lock, move and remove them."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class TopicButtonHelper(ButtonHelper):
    def more_buttons(self, obj):
        """Actions other rooms add (community.feedback.admin: send to the feedback inbox)."""
        return []

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        return buttons + self.more_buttons(obj)


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
