"""Everywhere a member's name appears, for the caches (the `cache_stale_for_user` hook)."""

from altcms.caching.addresses import Stale, address_of
from community.accounts.models import profile_addresses
from community.discussion.models import Comment
from community.forum.models import Topic


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
