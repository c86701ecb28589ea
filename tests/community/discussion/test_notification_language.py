"""Each notification is written in its recipient's language, with links to the pages in that
language, whatever the language of the request that caused it."""

import re

from django.core import mail
from django.test import Client

import pytest

from community.models import Comment, ForumBoardPage, Profile, Topic, TopicFollow
from tests.helpers import add_comment, form_data, make_user


def member(username, language):
    user = make_user(username)
    Profile.objects.create(user=user, language=language)
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def links_in(message):
    return re.findall(r"http://testserver(/\S*)", message.body)


@pytest.fixture
def quiet_module(module):
    module.notify_owner_of_comments = False
    module.save()
    return module


def test_a_japanese_member_hears_in_japanese_about_a_reply_posted_in_english(
    alt_client, quiet_module
):
    kaori = member("kaori", "ja")
    thread = add_comment(quiet_module, "チームティーチングの質問", user=kaori, followup=True)

    response = alt_client.post(
        "/discussion/post/", form_data(quiet_module, comment="An answer", reply_to=thread.pk)
    )

    assert response.status_code == 302
    reply = Comment.objects.get(comment="An answer")
    [message] = mail.outbox
    assert message.to == ["kaori@example.com"]
    assert message.subject == f"「{quiet_module.title}」のディスカッションに新しい返信があります"
    assert "kaori様" in message.body and "さんが返信しました" in message.body
    assert "Read it and reply" not in message.body
    links = links_in(message)
    assert links[0] == f"/ja/discussion/c/{reply.pk}/"
    assert links[1].startswith("/ja/discussion/mute/")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{links[1]}>"
    # The links lead to the Japanese pages.
    asked = Client().get(links[1])
    assert asked.status_code == 200 and '<html lang="ja">' in asked.content.decode()
    assert "このスレッドのメール通知を止めますか？" in asked.content.decode()


def test_an_english_member_hears_in_english_about_a_reply_posted_in_japanese(quiet_module):
    emma = member("emma", "en")
    thread = add_comment(quiet_module, "A question", user=emma, followup=True)
    kaori = member("kaori", "ja")

    response = signed_in(kaori).post(
        "/ja/discussion/post/", form_data(quiet_module, comment="回答です", reply_to=thread.pk)
    )

    assert response.status_code == 302
    reply = Comment.objects.get(comment="回答です")
    assert reply.language == "ja"
    [message] = mail.outbox
    assert message.to == ["emma@example.com"]
    assert message.subject == f"New reply in a discussion on “{quiet_module.title}”"
    assert "Hello emma," in message.body and "Read it and reply:" in message.body
    assert not re.search(r"[\u3040-\u30ff]", message.body.replace("回答です", ""))
    links = links_in(message)
    assert links[0] == f"/discussion/c/{reply.pk}/"
    assert links[1].startswith("/discussion/mute/")


def test_one_reply_is_told_to_each_follower_in_their_own_language(quiet_module):
    thread = add_comment(quiet_module, "Q", user=member("emma", "en"), followup=True)
    add_comment(quiet_module, "Me too", parent=thread, user=member("kaori", "ja"), followup=True)
    # A reader without an account who wrote in Japanese, and a member who never chose.
    yui = add_comment(
        quiet_module, "同じく", parent=thread, user_email="yui@example.com", followup=True
    )
    Comment.objects.filter(pk=yui.pk).update(language="ja")
    add_comment(quiet_module, "Same", parent=thread, user=make_user("nochoice"), followup=True)

    signed_in(make_user("replier")).post(
        "/ja/discussion/post/", form_data(quiet_module, comment="Answer", reply_to=thread.pk)
    )

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "emma@example.com": f"New reply in a discussion on “{quiet_module.title}”",
        "kaori@example.com": f"「{quiet_module.title}」のディスカッションに新しい返信があります",
        "yui@example.com": f"「{quiet_module.title}」のディスカッションに新しい返信があります",
        "nochoice@example.com": f"New reply in a discussion on “{quiet_module.title}”",
    }


def test_topic_followers_and_module_owners_are_told_in_their_language(alt_client, module):
    board = ForumBoardPage.objects.get(slug="team-teaching")
    kaori = member("kaori", "ja")
    topic = Topic.objects.create(board=board, author=kaori, title="Warm-ups", body="Ideas?")
    TopicFollow.objects.create(topic=topic, user=kaori)
    alt_client.post("/discussion/post/", form_data(topic, comment="Try a chant"))
    [message] = mail.outbox
    assert message.subject == "「Warm-ups」に新しい返信があります"
    assert "フォローしている掲示板のトピック「Warm-ups」" in message.body
    assert links_in(message)[1].startswith("/ja/community/unfollow/")

    mail.outbox.clear()
    module.owner = member("owner", "ja")
    module.save()
    alt_client.post("/discussion/post/", form_data(module, comment="Hello owner"))
    [message] = mail.outbox
    assert message.subject == f"「{module.title}」に新しいコメントがあります"
    assert "ご担当のモジュール" in message.body
    assert links_in(message)[0].startswith("/ja/discussion/c/")
