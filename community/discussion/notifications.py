"""Email about comments. Everything here runs once the comment is stored, in the same
transaction: each message is stored and queued (altcms.ops.mail), and the task queue delivers it,
retrying when the mail server fails; a failure never undoes, or hides, what the person posted.
Links in emails are built on SITE_URL (altcms.http.siteurl), whatever host the request came on.
The stored message is the rendered one, so each is rendered for its recipient: in their language
(`translation.override`), links included (/ja/… for a Japanese reader)."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from altcms.http import siteurl
from community.accounts.language import editor_language, language_of
from community.discussion.models import Comment

logger = logging.getLogger(__name__)

CONFIRM_SALT = "community.comment.confirm"
MUTE_SALT = "community.thread.mute"
UNFOLLOW_SALT = "community.topic.unfollow"


def absolute(request, path):
    """`path` on the site's public address (SITE_URL); `request` is not used for it."""
    return siteurl.absolute(path)


def send_safely(subject, template, context, to, headers=None):
    """Render `template`.txt (and .html if present) and queue it; log and return False if it
    could not even be queued."""
    text = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, headers=headers or {}
    )
    try:
        html = get_template(f"{template}.html")
    except TemplateDoesNotExist:
        html = None  # plain text only
    if html is not None:
        message.attach_alternative(html.render(context), "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("Could not queue %r to %s", subject, ", ".join(to))
        return False
    return True


def confirmation_token(comment):
    return signing.dumps(comment.pk, salt=CONFIRM_SALT)


def read_confirmation_token(token, max_age):
    return signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)


def mute_token(thread_id, email):
    return signing.dumps({"thread": thread_id, "email": email.lower()}, salt=MUTE_SALT)


def read_mute_token(token):
    return signing.loads(token, salt=MUTE_SALT)


def send_confirmation_request(comment, request):
    url = absolute(request, reverse("discussion:confirm", args=[confirmation_token(comment)]))
    return send_safely(
        _("Confirm your comment on ALT Training Online"),  # in the commenter's language
        "community/email/confirm_comment",
        {"comment": comment, "page": comment.content_object, "confirm_url": url},
        [comment.user_email],
    )


def unfollow_token(topic_id, user_id):
    return signing.dumps({"topic": topic_id, "user": user_id}, salt=UNFOLLOW_SALT)


def read_unfollow_token(token):
    return signing.loads(token, salt=UNFOLLOW_SALT)


def notify_comment_published(comment, request=None):
    """Tell the thread's followers, the topic's followers and the page's owner about a newly
    visible comment; each person at most one email, never the commenter. Each email is written
    in its recipient's language (community.accounts.language), with the site's addresses in
    that language, whatever the language of the request that published the comment."""
    target = comment.content_object
    if target is None or not getattr(target, "live", False):
        return
    author_email = (comment.user.email if comment.user_id else comment.user_email) or ""
    told = {author_email.lower()} - {""}
    for user_id, email, language, write in _recipients(comment, target):
        if not email or email.lower() in told or (user_id and user_id == comment.user_id):
            continue
        told.add(email.lower())
        with translation.override(language):
            subject, template, context, stop_url = write()
            context = {
                **context,
                "comment": comment,
                "page": target,
                "comment_url": absolute(request, comment.get_absolute_url()),
                "stop_url": stop_url,
            }
            headers = None
            if stop_url:
                headers = {
                    "List-Unsubscribe": f"<{stop_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                }
            send_safely(subject, template, context, [email], headers=headers)


def _recipients(comment, target):
    """(user id, email, language, write) for everyone to tell, in order; `write()`, called in
    the recipient's language, gives the subject, template, context and stop link."""
    if comment.level > 0:
        followers = (
            Comment.objects.filter(
                thread_id=comment.thread_id, followup=True, is_public=True, is_removed=False
            )
            .select_related("user__profile")
            .order_by("submit_date")
        )
        for follower in followers:
            email = follower.user.email if follower.user_id else follower.user_email

            def write(follower=follower, email=email):
                mute = reverse("discussion:mute", args=[mute_token(comment.thread_id, email)])
                return (
                    _("New reply in a discussion on “{title}”").format(title=target.title),
                    "community/email/reply_notification",
                    {"name": follower.author_name},
                    absolute(None, mute),
                )

            # A member's own language; a reader without an account, the one they wrote in.
            language = language_of(follower.user if follower.user_id else None, follower.language)
            yield follower.user_id, email, language, write

    follows = getattr(target, "follows", None)
    if follows is not None:
        for follow in follows.select_related("user__profile"):

            def write(follow=follow):
                token = unfollow_token(target.pk, follow.user_id)
                return (
                    _("New reply in “{title}”").format(title=target.title),
                    "community/email/topic_notification",
                    {"name": follow.user.get_username()},
                    absolute(None, reverse("community:unfollow", args=[token])),
                )

            yield follow.user_id, follow.user.email, language_of(follow.user), write

    owner = getattr(target, "owner", None)
    if getattr(target, "notify_owner_of_comments", False) and owner is not None:

        def write():
            return (
                _("New comment on “{title}”").format(title=target.title),
                "community/email/owner_notification",
                {"owner": owner},
                None,
            )

        # The owner is an editor: written to in the language of their admin.
        yield owner.pk, owner.email, editor_language(owner), write
