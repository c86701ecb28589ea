"""The community's admin registrations, all here; the screens live in each room's admin module:
comments and blocked authors (discussion/admin.py), forum topics and the moderators' panel
(forum/admin.py), the feedback inbox and its "send to feedback" actions (feedback/admin.py), the
consented-answers export and the certificates, revoked and restored (progress/admin.py)."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from community import keep
from community.discussion.admin import BlockedAuthorAdmin
from community.feedback import loop
from community.feedback.admin import (
    CommentAdmin,
    FeedbackAdmin,
    FeedbackPanel,
    TopicAdmin,
    bulk_status,
)
from community.forum.admin import ModerationPanel
from community.people.appearances import member_stale
from community.progress import revocation
from community.progress.admin import (
    CertificateAdmin,
    ResearchExportMenuItem,
    RestoredFormatter,
    RevokedFormatter,
    export_research_answers,
)


class CommunityAdminGroup(ModelAdminGroup):
    menu_label = _("Community")
    menu_icon = "group"
    menu_order = 250
    items = (CommentAdmin, TopicAdmin, BlockedAuthorAdmin, CertificateAdmin)


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
    return loop.choices_for(page)


@hooks.register("register_admin_urls")
def register_research_urls():
    return [
        path(
            "community/research-export.csv",
            export_research_answers,
            name="community_research_export",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_research_menu_item():
    return ResearchExportMenuItem(
        _("Consented answers (CSV)"),
        reverse("community_research_export"),
        icon_name="download",
        order=900,
    )


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    """A certificate revoked or restored, in its history and the site history."""
    actions.register_action(revocation.REVOKE)(RevokedFormatter)
    actions.register_action(revocation.RESTORE)(RestoredFormatter)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# Deleting a page must never destroy what readers wrote or what was published (community.keep).
hooks.register("before_delete_page", keep.before_delete_page)
hooks.register("before_bulk_action", keep.before_bulk_action)
