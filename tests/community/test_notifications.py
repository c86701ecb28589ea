"""Follow-up emails with a one-click mute link per thread; owners hear about new comments."""

import re

from django.core import mail

from community.models import Comment
from tests.community.conftest import add_comment, form_data, make_user

POST = "/discussion/post/"


def test_followers_of_a_thread_are_emailed_about_replies_and_can_mute_it(
    client, alt_client, module
):
    module.notify_owner_of_comments = False
    module.save()
    first = add_comment(
        module, "Question", user_name="Mia", user_email="mia@example.com", followup=True
    )
    add_comment(module, "Unrelated thread", user_email="other@example.com", followup=True)

    alt_client.post(POST, form_data(module, comment="An answer", reply_to=first.pk))
    assert [m.to for m in mail.outbox] == [["mia@example.com"]]
    message = mail.outbox[0]
    assert "An answer" in message.body and module.title in message.subject
    mute = re.search(r"http://testserver(/discussion/mute/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{mute}>")

    page = client.get(mute)  # one click
    assert page.status_code == 200 and "Thread muted" in page.content.decode()
    assert not Comment.objects.get(pk=first.pk).followup
    mail.outbox.clear()
    alt_client.post(POST, form_data(module, comment="Another answer", reply_to=first.pk))
    assert mail.outbox == []

    undo = client.post(mute, {"follow": "1"})
    assert "following this thread again" in undo.content.decode()
    assert Comment.objects.get(pk=first.pk).followup


def test_a_forged_mute_link_is_refused(client, db):
    response = client.get("/discussion/mute/not-a-real-token/")
    assert response.status_code == 400


def test_the_module_owner_hears_about_new_comments_unless_they_turn_it_off(alt_client, module):
    owner = make_user("ownereditor")
    module.owner = owner
    module.save()
    assert module.notify_owner_of_comments  # on by default
    alt_client.post(POST, form_data(module, comment="Hello owner"))
    assert [m.to for m in mail.outbox] == [["ownereditor@example.com"]]
    assert "Hello owner" in mail.outbox[0].body

    mail.outbox.clear()
    module.notify_owner_of_comments = False
    module.save()
    alt_client.post(POST, form_data(module, comment="Quietly"))
    assert mail.outbox == []


def test_held_and_unconfirmed_comments_notify_nobody_until_published(client, module):
    owner = make_user("ownereditor")
    module.owner = owner
    module.save()
    client.post(POST, form_data(module, comment="Anonymous, unconfirmed"))
    assert [m.to for m in mail.outbox] == [["aoife@example.com"]]  # only the confirmation request


def test_every_email_is_sent_after_the_comment_is_stored(alt_client, module, settings, caplog):
    module.owner = make_user("ownereditor")
    module.save()
    settings.EMAIL_BACKEND = "tests.community.failing_email.FailingBackend"
    response = alt_client.post(POST, form_data(module, comment="Stored regardless"))
    assert response.status_code == 302
    assert Comment.objects.get().is_public
    assert "Could not send" in caplog.text
