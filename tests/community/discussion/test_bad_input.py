"""Bad posts get a 4xx and a plain message, never a 500, and store nothing."""

import html

from django.contrib.contenttypes.models import ContentType
from django.test import Client

import pytest

from community.discussion.forms import CommentForm
from community.models import Comment
from home.models import HomePage
from modules.models import Reading
from tests.helpers import add_comment, form_data

POST = "/discussion/post/"


def assert_refused(response, status, message):
    assert response.status_code == status, response.content.decode()[:500]
    content = html.unescape(response.content.decode())
    assert message in content
    assert "Traceback" not in content
    assert not Comment.objects.filter(comment__startswith="Should not").exists()


def test_a_post_without_a_csrf_token_is_a_400(module, alt):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alt)
    response = client.post(POST, form_data(module, comment="Should not be stored"))
    assert_refused(response, 400, "We couldn't accept that form")


@pytest.mark.parametrize(
    "changes",
    [
        {"content_type": "modules.modulepage", "object_pk": "999999"},
        {"content_type": "nosuchapp.nosuchmodel"},
        {"content_type": "modules"},
        {"object_pk": "not-a-number"},
    ],
    ids=["missing page", "unknown model", "malformed type", "malformed id"],
)
def test_a_comment_target_that_does_not_exist_is_a_400(alt_client, module, changes):
    data = form_data(module, comment="Should not be stored")
    data.update(changes)
    assert_refused(alt_client.post(POST, data), 400, "not attached to a page that takes comments")


def test_a_target_that_takes_no_comments_is_a_400(alt_client):
    home = HomePage.objects.get()
    assert_refused(
        alt_client.post(POST, form_data(home, comment="Should not be stored")),
        400,
        "This page does not take comments",
    )
    reading = Reading.objects.first()
    data = form_data(home, comment="Should not be stored")
    data.update({"content_type": "modules.reading", "object_pk": str(reading.pk)})
    assert_refused(alt_client.post(POST, data), 400, "not attached to a page")


def test_an_unpublished_page_takes_no_comments(alt_client, module):
    module.unpublish()
    assert_refused(
        alt_client.post(POST, form_data(module, comment="Should not be stored")),
        400,
        "This page does not take comments",
    )


def test_a_parent_from_another_page_is_a_400(alt_client, module, other_module):
    elsewhere = add_comment(other_module, "On another page")
    response = alt_client.post(
        POST, form_data(module, comment="Should not be stored", reply_to=elsewhere.pk)
    )
    assert_refused(response, 400, "You can't reply to that comment here")


@pytest.mark.parametrize("reply_to", ["999999", "abc", "-1"])
def test_a_parent_that_does_not_exist_is_a_400(alt_client, module, reply_to):
    response = alt_client.post(
        POST, form_data(module, comment="Should not be stored", reply_to=reply_to)
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_replying_to_a_removed_or_unpublished_comment_is_a_400(alt_client, module):
    removed = add_comment(module, "gone", is_removed=True)
    held = add_comment(module, "waiting", is_public=False)
    for parent in (removed, held):
        response = alt_client.post(
            POST, form_data(module, comment="Should not be stored", reply_to=parent.pk)
        )
        assert_refused(response, 400, "You can't reply to that comment here")


def test_an_unknown_reflection_task_is_a_400(alt_client, module, other_module):
    task_elsewhere = other_module.reflection_tasks.first()
    for task in [task_elsewhere.pk, 999999, "abc"]:
        response = alt_client.post(
            POST, form_data(module, comment="Should not be stored", task=task)
        )
        assert_refused(response, 400, "That reflection task is not part of this page")


def test_a_filled_honeypot_is_refused(client, module):
    response = client.post(POST, form_data(module, comment="Should not be stored", honeypot="x"))
    assert_refused(response, 400, "This comment was not accepted")


def test_a_tampered_security_hash_is_refused(alt_client, module, other_module):
    data = form_data(module, comment="Should not be stored")
    data["object_pk"] = str(other_module.pk)  # the hash was made for the other page
    assert_refused(alt_client.post(POST, data), 400, "changed or comes from another page")


def test_an_old_form_comes_back_filled_instead_of_losing_the_text(alt_client, module):
    data = form_data(module, comment="Written slowly over a week.")
    form = CommentForm(module)
    old = 1_000_000_000
    data.update({"timestamp": str(old), "security_hash": form.initial_security_hash(old)})
    response = alt_client.post(POST, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "open for a long time" in content
    assert "Written slowly over a week." in content
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"comment": ""}, "Write something before posting."),
        ({"comment": "   \n  "}, "Write something before posting."),
        ({"comment": "x" * 3001}, "at most 3000 characters; yours has 3001"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
    ],
    ids=["empty", "blank", "too long", "bad email", "no name"],
)
def test_invalid_comments_come_back_with_the_text_kept(client, module, fields, message):
    data = form_data(module, **{"comment": "Kept text " + "y" * 20, **fields})
    response = client.post(POST, data)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert message in content
    if fields.get("comment", "x").strip():
        assert data["comment"][:50] in content  # what they typed is in the form again
    assert not Comment.objects.exists()


def test_a_get_to_the_post_url_is_a_405(client):
    assert client.get(POST).status_code == 405


def test_moderation_state_cannot_be_forged_from_the_form(alt_client, module):
    data = form_data(module, comment="Trying to skip moderation")
    data.update({"is_public": "False", "is_removed": "True", "user": "1", "awaiting": ""})
    alt_client.post(POST, data)
    comment = Comment.objects.get()
    assert comment.is_public and not comment.is_removed
    assert comment.content_type == ContentType.objects.get_for_model(module)


def test_a_reply_that_needs_fixing_comes_back_as_the_same_reply(alt_client, module):
    parent = add_comment(module, "The question", user_name="Mia")
    response = alt_client.post(POST, form_data(module, comment="r" * 3001, reply_to=parent.pk))
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "Reply to Mia" in content
    assert f'name="reply_to" value="{parent.pk}"' in content
    assert f'href="{module.url}#comment-form"' in content
    assert not Comment.objects.filter(parent_id=parent.pk).exclude(pk=parent.pk).exists()
