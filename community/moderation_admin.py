"""The moderators' admin home: what waits for them (comments held for a moderator, comments
readers reported, forum topics held), with counts and links to each queue."""

from django.db.models import Q
from django.urls import reverse

from wagtail.admin.ui.components import Component

from django_comments.models import CommentFlag

from community.models import Comment, Topic

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
