"""Every email goes through the task queue (altcms.ops.mail): stored first, delivered by the worker,
retried when the mail server fails, and visible to editors in the admin."""

import re
import smtplib
from unittest import mock

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup

from altcms.models import OutgoingEmail
from community.models import Feedback
from tests.helpers import article_data, form_data, make_editor, make_user

POST = "/discussion/post/"
QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["email"]},
}


@pytest.fixture
def editor(db):
    return make_editor()


@pytest.fixture
def database_queue(settings):
    """The queue as production runs it: stored in the database, delivered by `db_worker`."""
    settings.TASKS = QUEUE


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def run_worker():
    """The worker, in batch mode, in the test's own transaction (it would otherwise close
    the connection it finds inside a transaction, as it should in production)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command(
            "db_worker",
            "--backend=background",
            "--queue-name=*",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )


def contact(client, **fields):
    data = {
        "name": "Aoife",
        "email": "aoife@example.com",
        "module": "",
        "about": "",
        "message": "The reading list link is broken.",
        "honeypot": "",
    }
    return client.post("/contact/", {**data, **fields})


def test_a_message_waits_in_the_queue_until_the_worker_delivers_it(client, editor, database_queue):
    assert contact(client).status_code == 302
    [email] = OutgoingEmail.objects.all()
    assert email.status == OutgoingEmail.QUEUED and email.to == ["edna@example.com"]
    assert mail.outbox == []  # stored, not yet sent: the request did not wait for SMTP
    run_worker()
    [sent] = mail.outbox
    assert sent.to == ["edna@example.com"] and "reading list link" in sent.body
    email.refresh_from_db()
    assert email.status == OutgoingEmail.SENT and email.attempts == 1
    assert email.body == ""  # what went out (it may hold a one-time link) is not kept


def test_a_refusing_mail_server_is_retried_later_and_then_delivered(
    client, editor, database_queue, monkeypatch, caplog
):
    from django.core.mail.backends.locmem import EmailBackend

    deliver = EmailBackend.send_messages

    def refuse(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    contact(client)
    run_worker()
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.RETRYING and email.attempts == 1
    assert "Service not available" in email.last_error
    assert email.next_attempt_at > timezone.now()
    assert "not sent, attempt 1 of 6" in caplog.text
    # The retry waits its turn; once due, the worker tries again, and the server answers.
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 1 and waiting.get().run_after > timezone.now()
    run_worker()
    assert mail.outbox == [] and OutgoingEmail.objects.get().attempts == 1  # not due yet
    waiting.update(run_after=timezone.now())
    monkeypatch.setattr(EmailBackend, "send_messages", deliver)
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.SENT and email.attempts == 2
    assert [m.to for m in mail.outbox] == [["edna@example.com"]]


def test_after_every_attempt_fails_the_message_is_marked_and_shown_to_editors(
    client, editor, settings, monkeypatch
):
    settings.EMAIL_MAX_ATTEMPTS = 1
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(ConnectionRefusedError("refused")),
    )
    contact(client)
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.FAILED and "refused" in email.last_error
    client.force_login(editor)
    home = text_of(client.get("/admin/"))
    assert "Email that could not be sent" in home and "1 message could not be sent" in home
    listing = client.get(reverse("altcms_outgoingemail_modeladmin_index")).content.decode()
    assert "Feedback from Aoife" in listing and "refused" in listing
    assert "Send again" in listing
    # Once the server answers again, an editor sends it again.
    monkeypatch.undo()
    url = reverse("altcms_outgoing_email_send_again", args=[email.pk])
    assert "Send this message again?" in client.get(url).content.decode()
    client.post(url)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.SENT
    assert [m.to for m in mail.outbox] == [["edna@example.com"]]


def test_editors_never_see_what_a_message_said(client, editor):
    alt = make_user("reset-me", email="reset@example.com")
    EmailAddress.objects.create(user=alt, email=alt.email, verified=True, primary=True)
    client.post(reverse("account_reset_password"), {"email": alt.email})
    email = OutgoingEmail.objects.get(to=["reset@example.com"])
    client.force_login(editor)
    page = client.get(
        reverse("altcms_outgoingemail_modeladmin_inspect", args=[email.pk])
    ).content.decode()
    assert "reset@example.com" in page
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    assert link not in page


def test_moderators_do_not_see_the_outgoing_email(client, db):
    moderator = make_user("molly")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    response = client.get(reverse("altcms_outgoingemail_modeladmin_index"))
    assert response.status_code in (302, 403)


def test_a_database_fault_after_the_message_is_stored_still_tells_the_editors(client, editor):
    """The message, its Feedback item and the editors' email are stored in one transaction;
    after that the request needs the database no more, so losing it then cannot make the
    sender resend, nor leave the editors untold."""
    failing = FailAfterStore()
    with connection.execute_wrapper(failing):
        response = contact(client)
    assert failing.stored
    assert response.status_code == 302 and "?sent=" in response["Location"]
    assert Feedback.objects.count() == 1 and FormSubmission.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["edna@example.com"]]
    assert OutgoingEmail.objects.get().status == OutgoingEmail.SENT


class FailAfterStore:
    """Every query once the transaction that stored the feedback has committed fails, as if
    the database went away right then. (Inside a test, "committed" is the view's outermost
    savepoint being released.)"""

    def __init__(self):
        self.base = len(connection.savepoint_ids)
        self.stored = False
        self.tripped = False

    def __call__(self, execute, sql, params, many, context):
        depth = len(connection.savepoint_ids)
        if self.stored and depth <= self.base and not sql.startswith("RELEASE SAVEPOINT"):
            self.tripped = True
            from django.db import OperationalError

            raise OperationalError("server closed the connection unexpectedly")
        result = execute(sql, params, many, context)
        if 'INSERT INTO "community_feedback"' in sql:
            self.stored = True
        return result


# Each path that sends email, and what must come out of it, through the queue.


def test_the_comment_confirmation_goes_through_the_queue(client, module):
    client.post(POST, form_data(module, email="visitor@example.com", comment="Hello"))
    assert OutgoingEmail.objects.get().subject == "Confirm your comment on ALT Training Online"
    assert mail.outbox[0].to == ["visitor@example.com"]


def test_reply_notifications_go_through_the_queue(alt_client, module):
    from tests.helpers import add_comment

    first = add_comment(module, "First", user_email="follower@example.com", followup=True)
    alt_client.post(POST, form_data(module, comment="A reply", reply_to=first.pk))
    assert OutgoingEmail.objects.filter(to=["follower@example.com"]).exists()
    assert any(m.to == ["follower@example.com"] for m in mail.outbox)


def test_account_emails_go_through_the_queue(client, db):
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "username": "newcomer",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    email = OutgoingEmail.objects.get(to=["new@example.com"])
    assert email.status == OutgoingEmail.SENT and "Confirm" in email.subject


def test_wagtails_workflow_emails_go_through_the_queue(alt_client, editor):
    response = alt_client.post(
        "/resources/research/submit/",
        article_data(),
    )
    assert response.status_code == 302
    queued = OutgoingEmail.objects.filter(to=["edna@example.com"])
    assert queued.exists() and all(e.status == OutgoingEmail.SENT for e in queued)
    assert any("Role cards" in e.subject for e in queued)
