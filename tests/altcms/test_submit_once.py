"""Sending a form twice stores it once (altcms.http.submitonce): the same thing sent again (a
double-click, a reload of the page that answered the POST, two tabs, the back button and Post
again) stores one item and sends one email, and the person is told kindly that it arrived."""

from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from wagtail.contrib.forms.models import FormSubmission

import pytest
from bs4 import BeautifulSoup

from altcms.models import FormReceipt
from blog.models import ArticlePage
from community.models import Comment, Feedback, ForumBoardPage, Profile, Topic
from modules.models import ModulePage
from tests.conftest import restore_seeded_site
from tests.helpers import (
    article_data,
    form_data,
    make_editor,
    make_user,
    post_at_the_same_instant,
)

POST = "/discussion/post/"
ALREADY = "already"


@pytest.fixture
def editor(db):
    return make_editor()


def shown_form(client, url, selector="form"):
    """What the page's form would send as it is shown: hidden fields (the token) included."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.select_one(selector)
    return {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}


def contact_data(client, **fields):
    data = shown_form(client, "/contact/", "form.contact-form")
    data.update(
        {
            "name": "Aoife",
            "email": "aoife@example.com",
            "module": "",
            "about": "",
            "message": "The reading list link is broken. 壊れています 🙏",
            "honeypot": "",
        }
    )
    data.update(fields)
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_the_contact_form_sent_twice_is_stored_once_and_emailed_once(client, editor):
    data = contact_data(client)
    first = client.post("/contact/", data)
    assert first.status_code == 302 and "?sent=" in first["Location"]
    again = client.post("/contact/", data, follow=True)  # a double-click, or back and Send
    assert Feedback.objects.count() == 1 and FormSubmission.objects.count() == 1
    assert len(mail.outbox) == 1
    assert again.status_code == 200
    assert any("already have this" in text for text in messages_of(again))
    assert "your message is with the editors" in again.content.decode()
    # Reloading the thank-you page sends nothing.
    for _ in range(2):
        assert client.get(first["Location"]).status_code == 200
    assert Feedback.objects.count() == 1 and len(mail.outbox) == 1


def test_going_back_and_changing_the_message_sends_the_new_one(client, editor):
    data = contact_data(client)
    client.post("/contact/", data)
    client.post("/contact/", {**data, "message": "Also: task 3 has a typo."})
    assert Feedback.objects.count() == 2 and len(mail.outbox) == 2


def test_the_same_message_from_a_fresh_form_is_still_the_same_message(client, editor):
    """Going back fetches the form again (a new page) with the text put back: still one."""
    client.post("/contact/", contact_data(client))
    client.post("/contact/", contact_data(client))
    assert Feedback.objects.count() == 1 and len(mail.outbox) == 1


def test_the_same_words_a_day_later_are_a_new_message(client, editor):
    client.post("/contact/", contact_data(client))
    FormReceipt.objects.update(created_at=timezone.now() - timedelta(hours=25))
    client.post("/contact/", contact_data(client))
    assert Feedback.objects.count() == 2


def test_a_thank_you_link_that_was_tampered_with_goes_back_to_the_form(client, editor):
    response = client.get("/contact/?sent=1")
    assert response.status_code == 302 and response["Location"] == "/contact/"


def test_an_anonymous_comment_sent_twice_is_stored_once_with_one_confirmation(client, module):
    data = form_data(module, email="visitor@example.com", comment="Twice? Once.")
    assert client.post(POST, data).status_code == 302
    again = client.post(POST, data, follow=True)
    assert Comment.objects.count() == 1 and len(mail.outbox) == 1
    assert any("already sent this comment" in text for text in messages_of(again))


def test_a_members_comment_and_reply_sent_twice_are_stored_once(alt_client, module):
    data = form_data(module, comment="Our JTE plans on Mondays.")
    alt_client.post(POST, data)
    again = alt_client.post(POST, data)
    [comment] = Comment.objects.all()
    assert again.status_code == 302 and again["Location"] == comment.get_absolute_url()
    reply = form_data(module, comment="Same here.", reply_to=comment.pk)
    alt_client.post(POST, reply)
    alt_client.post(POST, reply)
    assert Comment.objects.filter(parent_id=comment.pk).exclude(pk=comment.pk).count() == 1


def test_two_readers_saying_the_same_thing_are_both_kept(alt_client, module):
    data = form_data(module, comment="+1, this works in my school too.")
    Client().post(POST, {**data, "email": "one@example.com"})
    Client().post(POST, {**data, "email": "two@example.com"})
    alt_client.post(POST, data)
    assert Comment.objects.count() == 3


def test_a_topic_sent_twice_is_stored_once(alt_client):
    board = ForumBoardPage.objects.get(slug="team-teaching")
    data = shown_form(alt_client, board.url + "new/", "form.comment-form")
    data.update({"title": "Planning time", "body": "When do you plan?", "honeypot": ""})
    first = alt_client.post(board.url + "new/", data)
    again = alt_client.post(board.url + "new/", data, follow=True)
    [topic] = Topic.objects.all()
    assert first["Location"] == topic.url
    assert again.redirect_chain[0][0] == topic.url
    assert any("already sent this topic" in text for text in messages_of(again))


def test_an_article_sent_twice_is_one_submission(alt_client, alt, editor):
    url = "/resources/research/submit/"
    data = shown_form(alt_client, url, "form.comment-form")
    data.update(article_data())
    alt_client.post(url, data)
    emails = len(mail.outbox)
    again = alt_client.post(url, data, follow=True)
    assert ArticlePage.objects.filter(submitted_by=alt).count() == 1
    assert len(mail.outbox) == emails  # the editors are not told twice
    assert any("already have this" in text for text in messages_of(again))


def test_a_profile_saved_twice_is_one_profile(alt_client, alt):
    data = {"display_name": "Kenji S.", "hiring_route": "", "prefecture": "", "bio": ""}
    for _ in range(2):
        assert alt_client.post("/community/me/profile/", data).status_code == 302
    assert Profile.objects.filter(user=alt).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL")
def test_two_copies_at_the_same_instant_store_one(transactional_db, django_db_serialized_rollback):
    """A double-click sends both requests before either is answered: the receipt's unique key
    makes the second wait for the first, then find it."""
    restore_seeded_site()
    editor = make_user("edna", email="edna@example.com")
    editor.groups.add(Group.objects.get(name="Editors"))
    answers = post_at_the_same_instant("/contact/", contact_data(Client()))
    assert [answer.status_code for answer in answers] == [302, 302]
    assert Feedback.objects.count() == 1 and FormReceipt.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sent_again_from_the_english_page_answers_in_english(client, editor):
    """The first copy came from /ja/contact/, the second from /contact/ (the reader switched
    language, or opened the English page in another tab): the receipt is the English one."""
    data = contact_data(client)
    first = client.post("/ja/contact/", data)
    assert first.status_code == 302 and first["Location"].startswith("/ja/contact/?sent=")
    again = client.post("/contact/", data)
    assert again.status_code == 302
    assert again["Location"] == first["Location"].removeprefix("/ja")
    shown = client.get(again["Location"])
    assert BeautifulSoup(shown.content, "html.parser").html["lang"] == "en"
    assert any("already have this" in text for text in messages_of(shown))
    assert "your message is with the editors" in shown.content.decode()
    # And the other way round: the Japanese page answers with the Japanese receipt.
    back = client.post("/ja/contact/", data)
    assert back["Location"] == first["Location"]
    assert Feedback.objects.count() == 1 and len(mail.outbox) == 1


def test_a_comment_and_a_topic_sent_again_in_the_other_language_answer_in_it(alt_client, module):
    data = form_data(module, comment="二度目も一度だけ。")
    first = alt_client.post("/ja" + POST, data)
    [comment] = Comment.objects.all()
    assert first["Location"] == "/ja" + comment.get_absolute_url()
    assert alt_client.post(POST, data)["Location"] == comment.get_absolute_url()

    board = ForumBoardPage.objects.get(slug="team-teaching")
    topic_data = shown_form(alt_client, board.url + "new/", "form.comment-form")
    topic_data.update({"title": "準備の時間", "body": "いつ計画しますか？", "honeypot": ""})
    first = alt_client.post("/ja" + board.url + "new/", topic_data)
    [topic] = Topic.objects.all()
    assert first["Location"] == iri_to_uri("/ja" + topic.url)
    assert alt_client.post(board.url + "new/", topic_data)["Location"] == iri_to_uri(topic.url)
    assert Comment.objects.count() == 1 and Topic.objects.count() == 1


# A double-click at the rate limit. The second copy of a double-click arrives while the first is
# still being stored: the quick look (submitonce.seen) does not find it yet, only the receipt
# does. It must be answered as the first was, never with a 429, and never count as a new item.
# The limits are the site's own (settings), not ones made up for the test.


def reach_the_limit_with_double_clicks(client, url, data_for, limit):
    """Send `limit` different items to `url`, the last two each by a double-click; then one
    more, which the limit refuses."""
    for n in range(limit - 2):
        assert client.post(url, data_for(n)).status_code == 302, n
    for n in (limit - 2, limit - 1):
        first = client.post(url, data_for(n))
        assert first.status_code == 302, n
        with mock.patch("altcms.http.submitonce.seen", return_value=None):
            second = client.post(url, data_for(n))
        assert (second.status_code, second["Location"]) == (302, first["Location"]), n
        shown = client.get(second["Location"], follow=True)
        assert any(ALREADY in text for text in messages_of(shown)), n
    refused = client.post(url, data_for(limit))
    assert refused.status_code == 429 and refused.has_header("Retry-After")


def test_a_double_click_at_the_contact_limit_is_answered_as_the_first(client, editor):
    limit = settings.CONTACT_RATE_LIMITS["ip"]["minute"]  # an anonymous sender's limit
    reach_the_limit_with_double_clicks(
        client,
        "/contact/",
        lambda n: contact_data(client, message=f"Note {n}: the link is broken. 🙏"),
        limit,
    )
    assert Feedback.objects.count() == limit and len(mail.outbox) == limit


def test_a_double_click_at_the_comment_limit_is_answered_as_the_first(alt_client, module):
    limit = settings.DISCUSSION_RATE_LIMITS["account"]["minute"]
    reach_the_limit_with_double_clicks(
        alt_client, POST, lambda n: form_data(module, comment=f"コメント {n}"), limit
    )
    assert Comment.objects.count() == limit


def test_a_double_click_at_the_topic_limit_is_answered_as_the_first(alt_client):
    board = ForumBoardPage.objects.get(slug="team-teaching")
    url = board.url + "new/"
    shown = shown_form(alt_client, url, "form.comment-form")
    limit = settings.DISCUSSION_RATE_LIMITS["account"]["minute"]
    reach_the_limit_with_double_clicks(
        alt_client,
        url,
        lambda n: {**shown, "title": f"Planning {n}", "body": "When?", "honeypot": ""},
        limit,
    )
    assert Topic.objects.count() == limit


def test_a_double_click_at_the_article_limit_is_answered_as_the_first(alt_client, alt, editor):
    url = "/resources/research/submit/"
    shown = shown_form(alt_client, url, "form.comment-form")
    reach_the_limit_with_double_clicks(
        alt_client,
        url,
        lambda n: {**shown, **article_data(title=f"Role cards {n}")},
        3,  # an hour (blog.submission)
    )
    assert ArticlePage.objects.filter(submitted_by=alt).count() == 3


def double_click_at_the_limit_at_the_same_instant(url, data_for, limit, make_client=Client):
    """`limit - 1` different items, then the last one by a double-click whose two copies are
    under way at once (the first takes the last place under the limit), then one more. The
    answers to the double-click."""
    sender = make_client()
    for n in range(limit - 1):
        assert sender.post(url, data_for(n)).status_code == 302
    answers = post_at_the_same_instant(url, data_for(limit - 1), make_client=make_client)
    assert sender.post(url, data_for(limit)).status_code == 429
    return answers


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections at once: PostgreSQL"
)


@postgresql_only
def test_a_contact_double_click_reaching_the_limit_at_the_same_instant_is_one_message(
    transactional_db, django_db_serialized_rollback
):
    """The second copy waits for the first's receipt and is sent to the same place."""
    restore_seeded_site()
    editor = make_user("edna", email="edna@example.com")
    editor.groups.add(Group.objects.get(name="Editors"))
    limit = settings.CONTACT_RATE_LIMITS["ip"]["minute"]
    answers = double_click_at_the_limit_at_the_same_instant(
        "/contact/", lambda n: contact_data(Client(), message=f"Note {n}"), limit
    )
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Feedback.objects.count() == limit and len(mail.outbox) == limit


@postgresql_only
def test_a_comment_double_click_reaching_the_limit_at_the_same_instant_is_one_comment(
    transactional_db, django_db_serialized_rollback
):
    restore_seeded_site()
    member = make_user("kenji")
    module = ModulePage.objects.get(slug="teachers-working-together")

    def signed_in():
        browser = Client()
        browser.force_login(member)
        return browser

    limit = settings.DISCUSSION_RATE_LIMITS["account"]["minute"]
    answers = double_click_at_the_limit_at_the_same_instant(
        POST, lambda n: form_data(module, comment=f"Answer {n}"), limit, signed_in
    )
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Comment.objects.count() == limit
