"""Follow-up emails with a mute link per thread (a page that asks, and a one-click POST for mail
clients); owners hear about new comments."""

import re

from django.core import mail

from altcms.models import OutgoingEmail
from community.models import Comment
from tests.helpers import add_comment, form_data, make_user

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

    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    asked = client.get(mute)  # the link asks first
    assert asked.status_code == 200 and "Stop emails about this thread?" in asked.content.decode()
    assert Comment.objects.get(pk=first.pk).followup
    page = client.post(mute)  # the button
    assert page.status_code == 200 and "Thread muted" in page.content.decode()
    assert not Comment.objects.get(pk=first.pk).followup
    mail.outbox.clear()
    alt_client.post(POST, form_data(module, comment="Another answer", reply_to=first.pk))
    assert mail.outbox == []

    undo_token = re.search(r'name="undo" value="([^"]+)"', page.content.decode()).group(1)
    undo = client.post(mute, {"undo": undo_token})
    assert "following this thread again" in undo.content.decode()
    assert Comment.objects.get(pk=first.pk).followup


def test_mail_clients_can_mute_with_a_one_click_post(client, alt_client, module):
    first = add_comment(module, "Q", user_email="mia@example.com", followup=True)
    alt_client.post(POST, form_data(module, comment="A", reply_to=first.pk))
    mute = re.search(r"http://testserver(/discussion/mute/\S+/)", mail.outbox[-1].body).group(1)
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        mute, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Comment.objects.get(pk=first.pk).followup


def test_the_commenter_is_never_emailed_about_their_own_reply(alt_client, alt, module):
    module.notify_owner_of_comments = False
    module.save()
    mine = add_comment(module, "My question", user=alt, followup=True)
    alt_client.post(POST, form_data(module, comment="Answering myself", reply_to=mine.pk))
    assert mail.outbox == []


def test_an_owner_who_also_follows_the_thread_gets_one_email(alt_client, module):
    owner = make_user("ownereditor")
    module.owner = owner
    module.save()
    thread = add_comment(module, "Owner asks", user=owner, followup=True)
    alt_client.post(POST, form_data(module, comment="Reply", reply_to=thread.pk))
    assert [m.to for m in mail.outbox] == [["ownereditor@example.com"]]


def test_an_owner_commenting_on_their_own_module_is_not_told(client, module):
    owner = make_user("ownereditor")
    module.owner = owner
    module.save()
    client.force_login(owner)
    client.post(POST, form_data(module, comment="The owner speaks"))
    assert mail.outbox == []


def test_replies_go_to_the_account_address_even_after_it_changes(alt_client, module):
    follower = make_user("mover")
    thread = add_comment(module, "Q", user=follower, followup=True)
    follower.email = "new-address@example.com"
    follower.save()
    module.notify_owner_of_comments = False
    module.save()
    alt_client.post(POST, form_data(module, comment="Reply", reply_to=thread.pk))
    assert [m.to for m in mail.outbox] == [["new-address@example.com"]]


def test_a_deleted_account_gets_no_more_email_and_keeps_no_address(alt_client, module):
    follower = make_user("leaver")
    thread = add_comment(module, "Q", user=follower, followup=True)
    follower.delete()
    thread.refresh_from_db()
    assert (thread.user_id, thread.user_email, thread.followup) == (None, "", False)
    module.notify_owner_of_comments = False
    module.save()
    alt_client.post(POST, form_data(module, comment="Reply", reply_to=thread.pk))
    assert mail.outbox == []


def test_a_forged_mute_link_is_refused(client, db):
    for send in (client.get, client.post):
        response = send("/discussion/mute/not-a-real-token/")
        assert response.status_code == 400
        assert "This link is not valid." in response.content.decode()


def mute_link(alt_client, module, email="mia@example.com"):
    first = add_comment(
        module, "Where do I start?", user_name="Mia", user_email=email, followup=True
    )
    alt_client.post(POST, form_data(module, comment="Here.", reply_to=first.pk))
    link = re.search(r"http://testserver(/discussion/mute/\S+/)", mail.outbox[-1].body).group(1)
    return first, link


def followups():
    return list(Comment.objects.order_by("pk").values_list("pk", "followup"))


def test_opening_the_mute_link_asks_and_changes_nothing(client, alt_client, module):
    """A mail scanner that opens every link mutes nothing: the page asks, with a button."""
    first, link = mute_link(alt_client, module)
    before = followups()
    for _ in range(2):  # a reload too
        page = client.get(link)
        assert page.status_code == 200
        text = page.content.decode()
        assert "Stop emails about this thread?" in text and module.title in text
        assert "Where do I start?" in text  # which thread
        assert '<form method="post">' in text and "Mute this thread" in text
    assert followups() == before and Comment.objects.get(pk=first.pk).followup


def test_muting_twice_is_harmless_and_undo_still_works(client, alt_client, module):
    first, link = mute_link(alt_client, module)
    once = client.post(link)
    twice = client.post(link)  # double-click, or a reload of the answer
    assert once.status_code == twice.status_code == 200
    assert "Thread muted" in twice.content.decode()
    assert not Comment.objects.get(pk=first.pk).followup
    # The Undo on the page the second click left works.
    undo = re.search(r'name="undo" value="([^"]+)"', twice.content.decode()).group(1)
    client.post(link, {"undo": undo})
    assert Comment.objects.get(pk=first.pk).followup
    # Once muted, the link says so and offers no button.
    client.post(link)
    again = client.get(link).content.decode()
    assert "already muted" in again and "Mute this thread" not in again


def test_a_mute_link_for_a_thread_that_is_gone_is_a_404(client, alt_client, module):
    first, link = mute_link(alt_client, module)
    Comment.objects.filter(thread_id=first.thread_id).delete()
    for send in (client.get, client.post):
        response = send(link)
        assert response.status_code == 404
        assert "This discussion no longer exists." in response.content.decode()


def test_a_forged_undo_is_refused(client, alt_client, module):
    first, link = mute_link(alt_client, module)
    client.post(link)
    response = client.post(link, {"undo": "[1, 2, 3]"})
    assert response.status_code == 400
    assert not Comment.objects.get(pk=first.pk).followup


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
    thread = add_comment(module, "Q", user_email="follower@example.com", followup=True)
    client.post(POST, form_data(module, comment="Anonymous, unconfirmed", reply_to=thread.pk))
    assert [m.to for m in mail.outbox] == [["aoife@example.com"]]  # only the confirmation request
    mail.outbox.clear()
    newcomer = make_user("newcomer", days_old=1)
    client.force_login(newcomer)
    client.post(POST, form_data(module, comment="Held reply", reply_to=thread.pk))
    assert Comment.objects.get(comment="Held reply").awaiting == Comment.AWAITING_MODERATION
    assert mail.outbox == []


def test_every_email_is_sent_after_the_comment_is_stored(alt_client, module, settings, caplog):
    module.owner = make_user("ownereditor")
    module.save()
    settings.EMAIL_DELIVERY_BACKEND = "tests.community.failing_email.FailingBackend"
    response = alt_client.post(POST, form_data(module, comment="Stored regardless"))
    assert response.status_code == 302
    assert Comment.objects.get().is_public
    assert "not sent" in caplog.text
    # Kept, to be tried again: nothing about the comment depended on the mail server.
    assert OutgoingEmail.objects.get().status == OutgoingEmail.RETRYING


def test_the_owner_is_told_in_their_own_admin_language(alt_client, module):
    from wagtail.users.models import UserProfile

    owner = make_user("ownereditor")
    module.owner = owner
    module.save()
    alt_client.post(POST, form_data(module, comment="Hello owner"))
    [english] = mail.outbox
    assert english.subject == f"New comment on “{module.title}”"
    assert "a module you look after" in english.body

    mail.outbox.clear()
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = "ja"
    profile.save()
    alt_client.post(POST, form_data(module, comment="Hello again"))
    [japanese] = mail.outbox
    assert japanese.subject == f"「{module.title}」に新しいコメントがあります"
    assert f"ご担当のモジュール「{module.title}」に" in japanese.body
    assert "コメントを読む：" in japanese.body and "Hello again" in japanese.body
    assert "look after" not in japanese.body and "Read it" not in japanese.body
