"""Every email the site sends is stored first, then delivered by the task queue, with retries.

`QueuedEmailBackend` is Django's EMAIL_BACKEND, so nothing needs to know about it: the site's
own messages, allauth's, the discussion's and Wagtail's workflow emails all end up here. It
stores each message as an OutgoingEmail and enqueues `deliver_email` on the "background" task
backend (Django's tasks API, django-tasks). With the database backend that happens in the same
transaction as whatever caused the email, so a message is queued exactly when the thing it
tells about is stored; the worker (`manage.py db_worker --backend background`) then delivers it
through EMAIL_DELIVERY_BACKEND (SMTP in production). A failure is logged, kept on the
OutgoingEmail for editors to see, and retried later (EMAIL_MAX_ATTEMPTS attempts in all, further
and further apart); a failed message can be sent again from the admin.
"""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from django_tasks import task

from altcms.models import OutgoingEmail

logger = logging.getLogger(__name__)

# Seconds to wait before the 2nd, 3rd, ... attempt; the last figure repeats.
RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60, 6 * 60 * 60]


# Who can tell the language a person reads the site in; the community app, which keeps each
# member's, adds its lookup here (community.apps), so that any app can write to a member in
# their language without naming it.
language_finders = []


def language_for(user):
    """The language to write to `user` in: the first a finder knows, else the site's."""
    for find in language_finders:
        language = find(user)
        if language:
            return language
    return settings.LANGUAGE_CODE


class DeliveryFailed(Exception):
    """A message could not be delivered this time (the cause is chained)."""


def one_line(text):
    """A header value on one line: CR/LF (and any other line break) become spaces. Django
    refuses a header with a line break (BadHeaderError) and the message would be lost."""
    return " ".join(str(text).split())


class QueuedEmailBackend(BaseEmailBackend):
    """Stores each message and hands it to the task queue; returns how many were queued."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            try:
                queue_message(message)
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Could not queue an email to %s", ", ".join(message.to))
            else:
                queued += 1
        return queued


def queue_message(message):
    """Store `message` (an EmailMessage) and enqueue its delivery; the OutgoingEmail."""
    alternatives = [
        [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
    ]
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            subject=one_line(message.subject)[:998],
            from_email=one_line(message.from_email or settings.DEFAULT_FROM_EMAIL),
            to=[one_line(address) for address in message.to],
            cc=[one_line(address) for address in message.cc],
            bcc=[one_line(address) for address in message.bcc],
            reply_to=[one_line(address) for address in message.reply_to],
            headers={one_line(k): one_line(v) for k, v in (message.extra_headers or {}).items()},
            body=str(message.body),
            content_subtype=message.content_subtype,
            alternatives=alternatives,
            attachments=attachments,
        )
        schedule(email)
    return email


def schedule(email, when=None):
    """Enqueue the delivery of `email`, now or at `when` where the backend can defer."""
    backend = deliver_email.get_backend()
    if when is not None and backend.supports_defer:
        deliver_email.using(run_after=when).enqueue(email.pk)
    elif when is None:
        deliver_email.enqueue(email.pk)
    # Else (an immediate backend cannot wait): it stays "retrying" until sent again by hand.


def as_message(email):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        reply_to=email.reply_to,
        headers=email.headers,
        connection=get_connection(settings.EMAIL_DELIVERY_BACKEND),
    )
    message.content_subtype = email.content_subtype
    for content, mimetype in email.alternatives:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in email.attachments:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task(backend="background", queue_name="email")
def deliver_email(email_id):
    """Send one stored message; on failure record why and schedule the next attempt."""
    failure = None
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status in (OutgoingEmail.SENT, OutgoingEmail.FAILED):
            return email.status if email is not None else "gone"
        now = timezone.now()
        email.attempts += 1
        email.last_attempt_at = now
        try:
            as_message(email).send()
        except Exception as error:  # the mail server refused, timed out, or was unreachable
            failure = error
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status, email.next_attempt_at = OutgoingEmail.FAILED, None
            else:
                delay = RETRY_DELAYS[min(email.attempts, len(RETRY_DELAYS)) - 1]
                email.status = OutgoingEmail.RETRYING
                email.next_attempt_at = now + timedelta(seconds=delay)
                schedule(email, email.next_attempt_at)
        else:
            email.status, email.sent_at, email.next_attempt_at = OutgoingEmail.SENT, now, None
            email.last_error = ""
            # What was sent may hold a one-time link; the subject and addresses are enough to
            # show editors what went out.
            email.body, email.alternatives, email.attachments = "", [], []
        email.save()
    if failure is not None:
        logger.warning(
            "Email %s (%r to %s) not sent, attempt %s of %s: %s",
            email.pk,
            email.subject,
            ", ".join(email.to),
            email.attempts,
            settings.EMAIL_MAX_ATTEMPTS,
            email.last_error,
        )
        raise DeliveryFailed(email.last_error) from failure
    return email.status


def send_again(emails):
    """Queue failed or waiting messages again at once (the admin's "Send again")."""
    count = 0
    for email in emails:
        if email.status == OutgoingEmail.SENT:
            continue
        with transaction.atomic():
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=OutgoingEmail.QUEUED, next_attempt_at=None, attempts=0
            )
            schedule(email)
        count += 1
    return count
