"""The forum: boards, topics, replies through the same discussion, following, moderation."""

import html
import re
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from community.models import Comment, ForumBoardPage, Topic, TopicFollow
from tests.helpers import add_comment, form_data, make_user

BOARDS = [
    "Team teaching",
    "Lesson ideas",
    "Elementary school",
    "Life in Japan",
    "Module discussions",
]


@pytest.fixture
def board(db):
    return ForumBoardPage.objects.get(slug="team-teaching")


def topic_on(board, title="A topic", author=None, **fields):
    return Topic.objects.create(board=board, author=author, title=title, body="Body", **fields)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_the_forum_lists_its_seeded_boards(client, board):
    topic_on(board)
    soup = soup_of(client, "/forum/")
    assert [a.get_text() for a in soup.select(".board-card__title a")] == BOARDS
    assert "1 topic" in soup.select(".board-card")[0].get_text()


def test_an_empty_board_says_what_to_post_and_invites_the_first_topic(client, board):
    soup = soup_of(client, board.url)
    empty = soup.find(class_="empty-board")
    assert empty is not None
    assert board.description in empty.get_text(" ", strip=True)
    assert len(empty.select("li")) >= 2  # examples of what to post
    invite = empty.find("a", string="Start the first topic")
    assert invite["href"] == board.url + "new/"
    topic_on(board, "Planning with two JTEs")
    assert soup_of(client, board.url).find(class_="empty-board") is None


def test_a_board_lists_pinned_topics_first_then_by_last_activity(client, board):
    now = timezone.now()
    old = topic_on(board, "Old but pinned", pinned=True, last_activity_at=now - timedelta(days=9))
    quiet = topic_on(board, "Quiet", last_activity_at=now - timedelta(days=5))
    busy = topic_on(board, "Busy", last_activity_at=now - timedelta(days=1))
    add_comment(busy, "reply one")
    add_comment(busy, "reply two")
    topic_on(board, "Removed", is_removed=True)
    rows = soup_of(client, board.url).select("tbody tr")
    titles = [row.select_one(".topic-row__title").get_text() for row in rows]
    assert titles == ["Old but pinned", "Busy", "Quiet"]
    assert [row.select("td")[0].get_text() for row in rows] == ["0", "2", "0"]
    assert old.pinned and quiet.pk


def test_a_board_pages_its_topics_at_a_fixed_query_cost(
    client, board, django_assert_max_num_queries
):
    for n in range(30):
        topic_on(board, f"Topic {n}")
    client.get(board.url)
    with django_assert_max_num_queries(15):
        first = client.get(board.url)
    assert len(BeautifulSoup(first.content, "html.parser").select("tbody tr")) == 25
    second = soup_of(client, board.url + "?page=2")
    assert len(second.select("tbody tr")) == 5
    assert client.get(board.url + "?page=abc").status_code == 200


def test_a_signed_in_alt_starts_a_topic_and_follows_it(alt_client, alt, board):
    response = alt_client.post(
        board.url + "new/", {"title": "  How   do you grade speaking?  ", "body": "Asking **you**."}
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.url
    assert topic.title == "How do you grade speaking?" and topic.author == alt
    assert "<strong>you</strong>" in topic.body_html
    assert TopicFollow.objects.filter(topic=topic, user=alt).exists()
    page = soup_of(alt_client, topic.url)
    assert page.find("h1").get_text() == "How do you grade speaking?"


def test_starting_a_topic_needs_an_account(client, board):
    response = client.get(board.url + "new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(board.url + "new/", {"title": "x", "body": "y"})
    assert response.status_code == 302
    assert not Topic.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "body": "text"}, "Give your topic a title."),
        ({"title": "   ", "body": "text"}, "Give your topic a title."),
        ({"title": "t" * 10_000, "body": "text"}, "at most 150 characters; yours has 10000"),
        ({"title": "Fine", "body": ""}, "Write something to start the conversation."),
        ({"title": "Fine", "body": "b" * 10_001}, "at most 10000 characters; yours has 10001"),
    ],
    ids=["empty title", "blank title", "huge title", "empty body", "huge body"],
)
def test_bad_topics_come_back_with_a_message_and_the_text(alt_client, board, data, message):
    response = alt_client.post(board.url + "new/", data)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert message in content
    if data["body"]:
        assert data["body"][:100] in content
    assert not Topic.objects.exists()


def test_a_topic_posted_to_a_board_that_does_not_exist_is_a_404(alt_client, db):
    response = alt_client.post("/forum/no-such-board/new/", {"title": "x", "body": "y"})
    assert response.status_code == 404
    assert not Topic.objects.exists()


def test_a_topic_url_with_the_wrong_slug_redirects_and_a_removed_one_is_gone(client, board):
    topic = topic_on(board, "Staff room etiquette")
    response = client.get(board.url + f"{topic.pk}-wrong-slug/")
    assert response.status_code == 302 and response["Location"] == topic.url
    assert (
        client.get(
            ForumBoardPage.objects.get(slug="life-in-japan").url + f"{topic.pk}-x/"
        ).status_code
        == 404
    )
    topic.is_removed = True
    topic.save()
    assert client.get(topic.url).status_code == 404


def test_replies_use_the_discussion_and_notify_followers(alt_client, alt, board):
    follower = make_user("follower")
    topic = topic_on(board, "Warm-ups that work", author=follower)
    TopicFollow.objects.create(topic=topic, user=follower)
    response = alt_client.post(
        "/discussion/post/", form_data(topic, comment="Try a 2-minute chant")
    )
    assert response.status_code == 302
    reply = Comment.objects.get()
    assert reply.content_object == topic and reply.is_public
    topic.refresh_from_db()
    assert topic.last_activity_at == reply.submit_date
    assert [m.to for m in mail.outbox] == [["follower@example.com"]]
    unfollow = re.search(r"http://testserver(/community/unfollow/\S+/)", mail.outbox[0].body).group(
        1
    )

    page = soup_of(alt_client, topic.url)
    assert "Try a 2-minute chant" in page.find(id=f"c{reply.pk}").get_text()
    assert "1 reply" in page.find(id="discussion").find("h2").get_text()

    assert alt_client.post(unfollow).status_code == 200
    assert not TopicFollow.objects.filter(topic=topic, user=follower).exists()


def unfollow_link(alt_client, board):
    follower = make_user("follower")
    topic = topic_on(board, "Warm-ups that work", author=follower)
    TopicFollow.objects.create(topic=topic, user=follower)
    alt_client.post("/discussion/post/", form_data(topic, comment="Try a 2-minute chant"))
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/community/unfollow/\S+/)", message.body).group(1)
    return topic, follower, link, message


def test_opening_the_unfollow_link_asks_and_changes_nothing(client, alt_client, board):
    """A mail scanner that opens every link unfollows nothing: the page asks, with a button."""
    topic, follower, link, _ = unfollow_link(alt_client, board)
    for _ in range(2):
        asked = client.get(link)
        assert asked.status_code == 200
        assert TopicFollow.objects.filter(topic=topic, user=follower).exists()
    page = BeautifulSoup(asked.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Stop emails about this topic?"
    assert page.find("main").find("form", method="post").find("button").get_text(strip=True) == (
        "Unfollow this topic"
    )

    done = client.post(link)  # the button
    assert done.status_code == 200 and "no longer following" in done.content.decode()
    assert not TopicFollow.objects.filter(topic=topic, user=follower).exists()
    again = client.post(link)  # a double-click, a reload: the same answer, nothing more
    assert again.status_code == 200 and "no longer following" in again.content.decode()
    later = BeautifulSoup(client.get(link).content, "html.parser")
    assert "no longer following" in later.find("h1").get_text()
    assert later.find("main").find("form", method="post") is None


def test_mail_clients_can_unfollow_with_a_one_click_post(alt_client, board):
    from django.test import Client

    topic, follower, link, message = unfollow_link(alt_client, board)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{link}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    response = Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not TopicFollow.objects.filter(topic=topic, user=follower).exists()


def test_a_forged_unfollow_link_is_refused(client, db):
    for send in (client.get, client.post):
        assert send("/community/unfollow/not-a-real-token/").status_code == 400


def test_replying_to_a_reply_threads_it(alt_client, board):
    topic = topic_on(board)
    first = add_comment(topic, "First reply")
    alt_client.post(
        "/discussion/post/", form_data(topic, comment="Reply to reply", reply_to=first.pk)
    )
    reply = Comment.objects.get(comment="Reply to reply")
    assert reply.parent_id == first.pk and reply.level == 1


def test_a_locked_topic_takes_no_replies(alt_client, board):
    topic = topic_on(board, locked=True)
    response = alt_client.post(
        "/discussion/post/", form_data(topic, comment="Should not be stored")
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()
    page = soup_of(alt_client, topic.url)
    assert "This topic is locked" in page.get_text()
    assert page.find(id="comment-form") is None


def test_following_and_unfollowing_from_the_page(alt_client, alt, board):
    topic = topic_on(board)
    alt_client.post(
        topic.url.replace(f"{topic.pk}-{topic.slug}/", f"{topic.pk}/follow/"), {"follow": "1"}
    )
    assert TopicFollow.objects.filter(topic=topic, user=alt).exists()
    alt_client.post(board.url + f"{topic.pk}/follow/", {"follow": "0"})
    assert not TopicFollow.objects.filter(topic=topic, user=alt).exists()


def test_authors_edit_their_topic_for_fifteen_minutes_and_nobody_else_can(client, alt, board):
    topic = topic_on(board, "Original", author=alt)
    edit = board.url + f"{topic.pk}/edit/"
    other = make_user("other")
    client.force_login(other)
    assert client.post(edit, {"title": "Hijacked", "body": "x"}).status_code == 403
    client.force_login(alt)
    assert client.post(edit, {"title": "Better title", "body": "Better body"}).status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Better title" and topic.edited_at is not None
    Topic.objects.filter(pk=topic.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    assert client.post(edit, {"title": "Too late", "body": "x"}).status_code == 403


def test_moderators_pin_lock_move_and_remove_topics_in_the_admin(client, board):
    moderator = make_user("mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    topic = topic_on(board, "Needs a moderator")
    elsewhere = ForumBoardPage.objects.get(slug="life-in-japan")
    url = reverse("community_topic_modeladmin_edit", args=[topic.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": topic.title,
            "board": elsewhere.pk,
            "pinned": "on",
            "locked": "on",
            "is_removed": "on",
        },
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.board_id, topic.pinned, topic.locked, topic.is_removed) == (
        elsewhere.pk,
        True,
        True,
        True,
    )
    assert client.get(reverse("community_topic_modeladmin_create")).status_code in (302, 403)


def test_a_new_members_first_topic_waits_for_a_moderator(client, board):
    newcomer = make_user("newcomer", days_old=1)
    client.force_login(newcomer)
    client.post(board.url + "new/", {"title": "Hello from Gunma", "body": "First post!"})
    topic = Topic.objects.get()
    assert topic.held
    assert "Hello from Gunma" not in client.get(board.url).content.decode()
    own_view = client.get(topic.url)
    assert own_view.status_code == 200 and "waiting for a moderator" in own_view.content.decode()
    client.logout()
    assert client.get(topic.url).status_code == 404
    # Replies can't be posted to it while it waits.
    response = client.post("/discussion/post/", form_data(topic, comment="Should not be stored"))
    assert response.status_code == 400

    moderator = make_user("mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    url = reverse("community_topic_modeladmin_edit", args=[topic.pk])
    client.post(url, {"title": topic.title, "board": board.pk})  # "held" unticked
    topic.refresh_from_db()
    assert not topic.held
    client.logout()
    assert client.get(topic.url).status_code == 200
    assert "Hello from Gunma" in client.get(board.url).content.decode()


def test_an_empty_board_offers_one_way_to_start_a_topic(client, board):
    starts = soup_of(client, board.url).select(f"main a[href='{board.url}new/']")
    assert [a.get_text(strip=True) for a in starts] == ["Start the first topic"]
    topic_on(board, "Planning with two JTEs")
    starts = soup_of(client, board.url).select(f"main a[href='{board.url}new/']")
    assert [a.get_text(strip=True) for a in starts] == ["Start a topic"]


def test_a_title_with_markup_gives_an_address_from_its_words_only(client, board):
    topic = topic_on(board, "<b>初めての投稿</b> from JTEs")
    assert topic.slug == "初めての投稿-from-jtes"
    assert client.get(topic.url).status_code == 200


def test_the_title_and_post_boxes_count_live_and_never_cut(alt_client, board):
    form = soup_of(alt_client, board.url + "new/")
    title = form.find("input", attrs={"name": "title"})
    # Counted live, never cut: a maxlength would cut a pasted title silently.
    assert title["data-max-length"] == "150" and not title.has_attr("maxlength")
    assert form.find("textarea", attrs={"name": "body"})["data-max-length"] == "10000"
