"""Forum topics in the admin (moderators pin, lock, move and remove them), and the moderators'
home panel: what waits for them (comments held for a moderator, comments readers reported,
forum topics held), with counts and links to each queue. Registered in
community/wagtail_hooks.py."""

from django.contrib.admin import SimpleListFilter
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

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
        held = Comment.objects.filter(HELD).count()
        reported = Comment.objects.filter(REPORTED).distinct().count()
        held_topics = Topic.objects.filter(held=True, is_removed=False).count()
        # Each row: how many, what it says when there are some, what it says when there are none.
        rows = [
            (
                held,
                ngettext(
                    "{count} comment waiting for a moderator",
                    "{count} comments waiting for a moderator",
                    held,
                ),
                _("No comments waiting for a moderator"),
                f"{comments}?status=moderation",
            ),
            (
                reported,
                ngettext(
                    "{count} comment reported by readers",
                    "{count} comments reported by readers",
                    reported,
                ),
                _("No comments reported by readers"),
                f"{comments}?status=reported",
            ),
            (
                held_topics,
                ngettext(
                    "{count} forum topic waiting for a moderator",
                    "{count} forum topics waiting for a moderator",
                    held_topics,
                ),
                _("No forum topics waiting for a moderator"),
                f"{topics}?held__exact=1",
            ),
        ]
        waiting = [
            {
                "count": count,
                "label": format_html(some, count=format_html("<strong>{}</strong>", count))
                if count
                else none,
                "url": url,
            }
            for count, some, none, url in rows
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

    title = gettext_lazy("board")
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
    menu_label = gettext_lazy("Forum topics")
    menu_icon = "folder-open-inverse"
    list_display = ["title", "board", "started_by", "last_activity_at", "flags"]
    list_filter = ["held", TopicBoardFilter, "pinned", "locked", "is_removed"]
    search_fields = ["title", "body"]
    ordering = ["-last_activity_at"]
    inspect_view_enabled = True
    permission_helper_class = TopicPermissionHelper
    button_helper_class = TopicButtonHelper
    panels = [
        FieldPanel("title"),
        FieldPanel("board", help_text=gettext_lazy("Choose another board to move the topic.")),
        FieldPanel("held"),
        FieldPanel("pinned"),
        FieldPanel("locked"),
        FieldPanel("is_removed"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("board", "author")

    def started_by(self, obj):
        return obj.author_name

    started_by.short_description = gettext_lazy("Started by")

    def flags(self, obj):
        states = [
            label
            for flag, label in [
                (obj.pinned, _("pinned")),
                (obj.locked, _("locked")),
                (obj.is_removed, _("removed")),
            ]
            if flag
        ]
        return pgettext("list separator", ", ").join(states) or "—"

    flags.short_description = gettext_lazy("Flags")
