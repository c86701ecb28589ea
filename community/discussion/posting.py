"""The posting policy, for comments and forum topics alike: who waits for a moderator
(a new account's first post), and who has already published."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone

from community.discussion.models import Comment

#: Other things a person can publish that count as having published, each a function of a
#: user answering yes or no. The forum adds its topics (community.apps); comments are here.
elsewhere = []


def can_skip_moderation(user):
    return user.is_staff or user.has_perm("django_comments.can_moderate")


def lookup_email(value):
    """An address fit to look up (a valid one), else "": whatever was typed reaches no query
    before the form has checked it (a NUL byte would be a database error, not a 400)."""
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value if len(value) <= 254 else ""


def has_published(user=None, email="", exclude=None):
    who = Q(pk__in=[])
    if user is not None and user.is_authenticated:
        who |= Q(user=user)
        email = email or user.email
    if email:
        who |= Q(user_email__iexact=email)
    published = Comment.objects.filter(who, is_public=True, is_removed=False)
    if exclude is not None:
        published = published.exclude(pk=exclude.pk)
    if published.exists():
        return True
    author = user if user is not None and user.is_authenticated else None
    if author is None and email:
        author = get_user_model().objects.filter(email__iexact=email).first()
    return bool(author and any(published(author) for published in elsewhere))


def is_first_comment(user, email, exclude=None):
    """Has this person (account or email address) no published comment yet?"""
    if user.is_authenticated and can_skip_moderation(user):
        return False
    return not has_published(user, email, exclude=exclude)


def needs_moderation(user, email, exclude=None):
    """First posts (comments or topics) from new accounts wait for a moderator, also when the
    account's owner posts signed out with the account's email address. With `exclude`, a
    comment being edited: would it wait if it were posted now (community.discussion.views)?"""
    account = user if user.is_authenticated else None
    if account is None and email:
        account = get_user_model().objects.filter(email__iexact=email).first()
    if account is None or not is_new(account) or can_skip_moderation(account):
        return False
    return not has_published(account, exclude=exclude)


def is_new(account):
    young = timezone.now() - account.date_joined
    return young.days < settings.DISCUSSION_NEW_ACCOUNT_DAYS


def first_post_waits(user):
    """Will this signed-in reader's next comment wait for a moderator? No query for an
    account older than a week (most readers)."""
    return user.is_authenticated and is_new(user) and needs_moderation(user, "")
