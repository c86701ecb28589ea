"""The comment moderation queue (wagtail-modeladmin) and blocked authors; registered in
community/wagtail_hooks.py.

Moderators (a Wagtail group with only these rights) approve comments waiting for them, remove
comments (hidden from the site, kept in the database) and block authors.
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import re_path
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_comments.models import CommentFlag
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InstanceSpecificView

from altcms.http.ids import NumericIdsOnly
from community.discussion import moderation
from community.discussion.models import BlockedAuthor, Comment

REPORTED = Q(flags__flag=CommentFlag.SUGGEST_REMOVAL)


class CommentStatusFilter(SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("attention", _("Needs attention")),
            ("moderation", _("Waiting for a moderator")),
            ("reported", _("Reported by readers")),
            ("confirmation", _("Waiting for email confirmation")),
            ("published", _("Published")),
            ("removed", _("Removed")),
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
    def action_button(self, obj, action, label, classname="button-secondary", title=""):
        return {
            "url": self.url_helper.get_action_url("moderate", quote(obj.pk)) + f"?action={action}",
            "label": label,
            "classname": f"button button-small {classname}",
            "title": title or label,
        }

    def more_buttons(self, obj):
        """Actions other rooms add (community.feedback.admin: send to the feedback inbox)."""
        return []

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if not self.permission_helper.user_can_moderate(self.request.user):
            return buttons
        if not obj.is_public and obj.awaiting == Comment.AWAITING_MODERATION and not obj.is_removed:
            buttons.append(
                self.action_button(obj, "approve", _("Approve"), "", _("Approve this comment"))
            )
        if obj.is_removed and obj.removed_by == Comment.REMOVED_BY_MODERATOR:
            buttons.append(
                self.action_button(obj, "restore", _("Restore"), title=_("Restore this comment"))
            )
        if not obj.is_removed and getattr(obj, "report_count", 0):
            buttons.append(self.action_button(obj, "dismiss", _("Keep it (dismiss reports)")))
        buttons.extend(self.more_buttons(obj))
        if not obj.is_removed:
            buttons.append(
                self.action_button(obj, "remove", _("Remove"), "no", _("Remove this comment"))
            )
            buttons.append(
                self.action_button(
                    obj, "block", _("Block author"), "no", _("Block the author of this comment")
                )
            )
        return buttons


class ModerateView(InstanceSpecificView):
    """Confirm (GET) and carry out (POST) approve, remove, restore or block."""

    #: {action: (the question, the button, what it does)}
    ACTIONS = {
        "approve": (
            gettext_lazy("Approve this comment?"),
            gettext_lazy("Approve this comment"),
            gettext_lazy("It will appear in the discussion at once."),
        ),
        "restore": (
            gettext_lazy("Restore this comment?"),
            gettext_lazy("Restore this comment"),
            gettext_lazy("It will appear in the discussion again."),
        ),
        "dismiss": (
            gettext_lazy("Keep this comment?"),
            gettext_lazy("Keep this comment"),
            gettext_lazy(
                "Readers’ reports on it are cleared and it leaves the “needs attention” list."
            ),
        ),
        "remove": (
            gettext_lazy("Remove this comment?"),
            gettext_lazy("Remove this comment"),
            gettext_lazy(
                "It disappears from the site but is kept here; replies to it stay, under a "
                "“removed by a moderator” note."
            ),
        ),
        "block": (
            gettext_lazy("Block the author of this comment?"),
            gettext_lazy("Block the author of this comment"),
            gettext_lazy(
                "They can no longer post, anything else of theirs waiting for a moderator is "
                "not published, and this comment is removed."
            ),
        ),
    }
    #: An action that needs a permission beyond moderating: {action: permission}.
    PERMISSIONS = {}
    page_title = gettext_lazy("Moderate")

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_helper.user_can_moderate(request.user):
            raise PermissionDenied
        self.action = request.POST.get("action") or request.GET.get("action")
        needed = self.PERMISSIONS.get(self.action)
        if needed and not request.user.has_perm(needed):
            raise PermissionDenied
        if self.action not in self.ACTIONS:
            messages.error(request, _("Unknown moderation action."))
            return redirect(self.index_url)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return _("Comment by {name}").format(name=self.instance.author_name)

    def get_template_names(self):
        return ["modeladmin/community/comment/moderate.html"]

    def get_context_data(self, **kwargs):
        question, verb, effect = self.ACTIONS[self.action]
        return super().get_context_data(
            action=self.action,
            question=question,
            verb=verb,
            effect=effect,
            page=self.instance.content_object,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        comment = self.instance
        if self.action in {"approve", "restore"}:
            moderation.approve(comment, request)
            messages.success(
                request, _("The comment by {name} is published.").format(name=comment.author_name)
            )
        elif self.action == "dismiss":
            moderation.dismiss_reports(comment)
            messages.success(
                request,
                _("Reports on the comment by {name} are cleared.").format(name=comment.author_name),
            )
        elif self.action == "remove":
            moderation.remove(comment)
            messages.success(
                request, _("The comment by {name} is removed.").format(name=comment.author_name)
            )
        elif self.action == "block":
            moderation.block_author(comment, request.user, request.POST.get("reason", "")[:300])
            messages.success(
                request, _("{name} is blocked from posting.").format(name=comment.author_name)
            )
        else:
            self.carry_out(request, comment)
        return redirect(self.index_url)

    def carry_out(self, request, comment):
        """An action another room adds (see PERMISSIONS and ACTIONS)."""
        raise PermissionDenied


class CommentAdmin(NumericIdsOnly, ModelAdmin):
    model = Comment
    menu_label = gettext_lazy("Comments")
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
    moderate_view_class = ModerateView

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
        return self.moderate_view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def excerpt(self, obj):
        return Truncator(obj.comment).chars(90)

    excerpt.short_description = gettext_lazy("Comment")

    def author(self, obj):
        return format_html("{}<br><small>{}</small>", obj.author_name, obj.user_email)

    author.short_description = gettext_lazy("Author")

    def on_page(self, obj):
        page = obj.content_object
        return page.title if page is not None else _("(deleted page)")

    on_page.short_description = gettext_lazy("On")

    def submitted(self, obj):
        return obj.submit_date

    submitted.short_description = gettext_lazy("Submitted")

    def status(self, obj):
        if obj.is_removed:
            return _("Removed by {whom}").format(whom=str(obj.get_removed_by_display()).lower())
        if not obj.is_public:
            return _("Waiting for {what}").format(what=str(obj.get_awaiting_display()).lower())
        return _("Published (edited)") if obj.edited_at else _("Published")

    def reports(self, obj):
        return obj.report_count or ""

    status.short_description = gettext_lazy("Status")
    reports.short_description = gettext_lazy("Reports")


class BlockedAuthorAdmin(NumericIdsOnly, ModelAdmin):
    model = BlockedAuthor
    menu_label = gettext_lazy("Blocked authors")
    menu_icon = "lock"
    list_display = ["__str__", "reason", "blocked_by", "blocked_at"]
    search_fields = ["email", "user__username", "user__email"]
    form_fields_exclude = ["blocked_by"]
