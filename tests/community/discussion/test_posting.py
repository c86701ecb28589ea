"""Who may post, and what happens when they do: signed-in users directly, anonymous readers
only after confirming their email; a comment is stored before any email is sent."""

import re
from datetime import datetime

from django.core import mail
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from altcms.models import OutgoingEmail
from community.models import Comment
from tests.helpers import form_data

POST = "/discussion/post/"


def discussion_of(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="discussion")


def test_a_signed_in_alt_posts_straight_away(alt_client, module, alt):
    task = module.reflection_tasks.all()[1]
    response = alt_client.post(
        POST, form_data(module, comment="We plan in the corridor.", task=task.pk)
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("discussion:permalink", args=[comment.pk])
    assert comment.is_public and comment.user == alt and comment.task == task
    assert comment.user_name == "Kenji Sato" and comment.user_email == "kenji@example.com"

    discussion = discussion_of(alt_client, module)
    assert "1 comment" in discussion.find("h2").get_text()
    article = discussion.find(id=f"c{comment.pk}")
    assert "We plan in the corridor." in article.get_text()
    assert "Kenji Sato" in article.get_text()
    assert datetime.fromisoformat(article.find("time")["datetime"]) == comment.submit_date
    assert "Answers task 2" in article.get_text()


def test_the_permalink_leads_to_the_comment_on_its_page(alt_client, module):
    alt_client.post(POST, form_data(module))
    comment = Comment.objects.get()
    response = alt_client.get(reverse("discussion:permalink", args=[comment.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{module.url}#c{comment.pk}"


def test_an_anonymous_comment_waits_for_email_confirmation(client, module):
    response = client.post(POST, form_data(module, name="Aoife", email="aoife@example.com"))
    assert response.status_code == 302
    assert response["Location"] == reverse("discussion:check_email")

    comment = Comment.objects.get()  # stored, but not published
    assert not comment.is_public and comment.awaiting == Comment.AWAITING_CONFIRMATION
    assert "0 comments" in discussion_of(client, module).find("h2").get_text()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aoife@example.com"]
    link = re.search(r"http://testserver(/discussion/confirm/\S+/)", mail.outbox[0].body).group(1)

    # Opening the link publishes nothing (mail scanners open links); the button does.
    page = client.get(link)
    assert page.status_code == 200 and "Publish my comment" in page.content.decode()
    comment.refresh_from_db()
    assert not comment.is_public
    response = client.post(link)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_public and comment.awaiting == ""
    page = discussion_of(client, module)
    assert "1 comment" in page.find("h2").get_text()
    assert "A thoughtful answer." in page.find(id=f"c{comment.pk}").get_text()
    # Confirming twice is harmless.
    assert client.post(link).status_code == 302
    assert Comment.objects.count() == 1
    # The email never carries the comment's text (the form must not mail strangers spam).
    assert "A thoughtful answer." not in mail.outbox[0].body


def test_a_forged_or_expired_confirmation_link_is_refused(client, module, settings):
    client.post(POST, form_data(module))
    link = re.search(r"http://testserver(/discussion/confirm/\S+/)", mail.outbox[0].body).group(1)
    forged = client.get(link[:-3] + "xx/")
    assert forged.status_code == 400
    assert "not valid" in forged.content.decode()
    settings.DISCUSSION_CONFIRM_DAYS = -1
    expired = client.get(link)
    assert expired.status_code == 400
    assert "expired" in expired.content.decode()
    assert not Comment.objects.get().is_public


def test_the_comment_is_in_the_database_before_its_email_is_sent(client, module, settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.community.failing_email.StoredFirstBackend"
    from tests.community import failing_email

    failing_email.seen.clear()
    client.post(POST, form_data(module, comment="Stored before sending"))
    assert failing_email.seen == [True]


def test_a_comment_is_kept_when_the_email_cannot_be_sent(client, module, settings, caplog):
    settings.EMAIL_DELIVERY_BACKEND = "tests.community.failing_email.FailingBackend"
    response = client.post(POST, form_data(module, comment="Kept even if mail is down."))
    assert response.status_code == 302  # the person still gets the "check your email" page
    assert Comment.objects.get().comment == "Kept even if mail is down."
    assert "not sent" in caplog.text
    assert OutgoingEmail.objects.get().to == ["aoife@example.com"]  # kept, tried again later


@pytest.mark.parametrize(
    "text", ["授業の前に5分だけ打ち合わせます。🙂👍", "Ich höre zu — café ☕ 𠮷野家"]
)
def test_japanese_and_emoji_round_trip_unchanged(alt_client, module, text):
    alt_client.post(POST, form_data(module, comment=text))
    comment = Comment.objects.get()
    assert comment.comment == text
    assert text in discussion_of(alt_client, module).find(id=f"c{comment.pk}").get_text()


def test_an_email_longer_than_the_database_allows_is_a_400(client, module):
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "example.com"
    assert len(email) > 254
    response = client.post(POST, form_data(module, email=email))
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_signed_in_users_post_even_with_a_long_name_or_no_email(client, module):
    from tests.helpers import make_user

    user = make_user("longname", first_name="A" * 40, last_name="B" * 40, email="")
    client.force_login(user)
    response = client.post(POST, form_data(module, comment="Hello", followup="on", email="x@y.z"))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.user == user and comment.user_email == "" and not comment.followup
    assert len(comment.user_name) == 50


@pytest.mark.parametrize("username", ["moderator", "editor", "admin"])
def test_staff_whose_account_is_named_for_their_role_post_under_that_name(client, module, username):
    """A name kept for staff is refused to a visitor signing a comment, not to the account
    that is called it: the seeded moderator could not reply, and the form said nothing."""
    from tests.helpers import make_user

    staff = make_user(username, first_name="", last_name="", is_staff=True)
    client.force_login(staff)
    response = client.post(POST, form_data(module, comment="Thanks, fixed now."))
    assert response.status_code == 302
    assert Comment.objects.get().user == staff
