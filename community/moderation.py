"""What a moderator can do to a comment. Nothing is deleted: removal hides, and keeps."""

from django.db import transaction

from community import notifications
from community.models import BlockedAuthor, Comment


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
        notifications.notify_comment_published(comment, request)


def remove(comment):
    """Hide a comment from the site; it stays in the database, with its replies."""
    comment.is_removed = True
    comment.removed_by = Comment.REMOVED_BY_MODERATOR
    comment.save(update_fields=["is_removed", "removed_by", "comment_html"])


@transaction.atomic
def block_author(comment, moderator, reason=""):
    """Stop the comment's author posting again, and remove this comment."""
    if comment.user_id:
        BlockedAuthor.objects.get_or_create(
            user=comment.user, defaults={"blocked_by": moderator, "reason": reason}
        )
    elif (
        comment.user_email
        and not BlockedAuthor.objects.filter(email__iexact=comment.user_email).exists()
    ):
        BlockedAuthor.objects.create(email=comment.user_email, blocked_by=moderator, reason=reason)
    # Anything else they have waiting is not published either.
    waiting = Comment.objects.filter(is_public=False, awaiting=Comment.AWAITING_MODERATION)
    waiting = (
        waiting.filter(user=comment.user)
        if comment.user_id
        else waiting.filter(user_email__iexact=comment.user_email)
    )
    waiting.update(is_removed=True, removed_by=Comment.REMOVED_BY_MODERATOR)
    remove(comment)
