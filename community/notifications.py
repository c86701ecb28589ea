"""Email about comments. Everything here runs after the comment is stored; a failure to send is
logged and never undoes, or hides, what the person posted."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from community.models import Comment

logger = logging.getLogger(__name__)

CONFIRM_SALT = "community.comment.confirm"
MUTE_SALT = "community.thread.mute"


def absolute(request, path):
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_safely(subject, template, context, to, headers=None):
    """Render `template`.txt (and .html if present) and send it; log and return False on failure."""
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
        logger.exception("Could not send %r to %s", subject, ", ".join(to))
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
        "Confirm your comment on ALT Training Online",
        "community/email/confirm_comment",
        {"comment": comment, "page": comment.content_object, "confirm_url": url},
        [comment.user_email],
    )


def notify_comment_published(comment, request=None):
    """Tell the thread's followers and the page's owner about a newly visible comment."""
    page = comment.content_object
    page_url = absolute(request, comment.get_absolute_url())
    if comment.level > 0:
        followers = (
            Comment.objects.filter(
                thread_id=comment.thread_id, followup=True, is_public=True, is_removed=False
            )
            .exclude(user_email__iexact=comment.user_email)
            .exclude(user_email="")
            .order_by("user_email")
            .values_list("user_name", "user_email")
        )
        seen = set()
        for name, email in followers:
            if email.lower() in seen:
                continue
            seen.add(email.lower())
            mute_url = absolute(
                request, reverse("discussion:mute", args=[mute_token(comment.thread_id, email)])
            )
            send_safely(
                f"New reply in a discussion on “{page.title}”",
                "community/email/reply_notification",
                {
                    "name": name,
                    "comment": comment,
                    "page": page,
                    "comment_url": page_url,
                    "mute_url": mute_url,
                },
                [email],
                headers={"List-Unsubscribe": f"<{mute_url}>"},
            )
    owner = getattr(page, "owner", None)
    if (
        getattr(page, "notify_owner_of_comments", False)
        and owner is not None
        and owner.email
        and owner.pk != comment.user_id
    ):
        send_safely(
            f"New comment on “{page.title}”",
            "community/email/owner_notification",
            {"owner": owner, "comment": comment, "page": page, "comment_url": page_url},
            [owner.email],
        )
