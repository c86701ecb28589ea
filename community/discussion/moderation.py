"""What a moderator can do to a comment. Nothing is deleted: removal hides, and keeps."""

from django.db import transaction
from django.db.models import Q

from django_comments.models import CommentFlag

from community.discussion.models import BlockedAuthor, Comment
from community.discussion.reading import on_comment_published


def approve(comment, request=None):
    """Publish a comment that was waiting for a moderator (or restore one a moderator removed)."""
    was_hidden = not comment.is_public
    comment.is_public = True
    comment.awaiting = ""
    if comment.removed_by == Comment.REMOVED_BY_MODERATOR:
        comment.is_removed = False
        comment.removed_by = ""
    comment.save(
        update_fields=["is_public", "awaiting", "is_removed", "removed_by", "comment_html"]
    )
    if was_hidden:
        on_comment_published(comment, request)


def remove(comment):
    """Hide a comment from the site; it stays in the database, with its replies."""
    comment.is_removed = True
    comment.removed_by = Comment.REMOVED_BY_MODERATOR
    comment.save(update_fields=["is_removed", "removed_by", "comment_html"])


def dismiss_reports(comment):
    """The comment is fine: clear readers' reports so it leaves the queue."""
    CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).delete()


@transaction.atomic
def block_author(comment, moderator, reason=""):
    """Stop the comment's author posting again (their account and their email address), and
    remove this comment and anything else of theirs not yet published."""
    email = (comment.user.email if comment.user_id else comment.user_email) or ""
    if comment.user_id:
        BlockedAuthor.objects.get_or_create(
            user=comment.user,
            defaults={"email": email, "blocked_by": moderator, "reason": reason},
        )
    elif email and not BlockedAuthor.objects.filter(email__iexact=email).exists():
        BlockedAuthor.objects.create(email=email, blocked_by=moderator, reason=reason)
    theirs = Q(pk__in=[])
    if comment.user_id:
        theirs |= Q(user=comment.user)
    if email:
        theirs |= Q(user_email__iexact=email)
    Comment.objects.filter(theirs, is_public=False).update(
        is_removed=True, removed_by=Comment.REMOVED_BY_MODERATOR
    )
    remove(comment)
