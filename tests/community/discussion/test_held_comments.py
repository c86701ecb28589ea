"""A comment waiting for a moderator (a new account's first comment) is shown to its author,
in its place in the discussion and marked as waiting, and to no one else; the public count and
the comment list other readers share from the cache stay as they were."""

import re

from django.core import mail
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from community.models import Comment
from tests.helpers import add_comment, form_data, make_user

POST = "/discussion/post/"
WAITING = "Waiting for a moderator — only you can see this."


def discussion_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="discussion")


def count_of(discussion):
    return discussion.find("h2").find(class_="discussion__count").get_text(" ", strip=True)


def post_held(client, module, text="Hello, I'm new here", **fields):
    newcomer = make_user("newcomer", days_old=1)
    client.force_login(newcomer)
    response = client.post(POST, form_data(module, comment=text, **fields))
    comment = Comment.objects.get(comment=text)
    assert not comment.is_public and comment.awaiting == Comment.AWAITING_MODERATION
    return response, comment


def test_the_author_lands_on_their_held_comment_marked_as_waiting(client, module):
    response, comment = post_held(client, module)
    assert response.status_code == 302
    assert response["Location"] == f"{module.url}#c{comment.pk}"

    discussion = discussion_of(client, response["Location"])
    assert count_of(discussion) == "0 comments"  # the public count: it is not public yet
    held = discussion.find(id=f"c{comment.pk}")
    assert "Hello, I'm new here" in held.get_text()
    assert held.find(class_="comment__held").get_text(strip=True) == WAITING
    assert "comment--held" in held["class"]
    # Nothing that would fail on a comment not yet public: no reply, no permalink, no report.
    links = [a.get_text(" ", strip=True) for a in held.find_all("a")]
    assert links == ["Edit", "Delete"]
    assert "No one has commented yet" not in discussion.get_text()
    assert "first comment is checked by a moderator" in discussion.find(
        class_="discussion__held"
    ).get_text(" ", strip=True)


def test_a_held_comment_is_shown_to_no_one_else(client, module):
    public = add_comment(module, "Already public")
    _, comment = post_held(client, module)
    other = Client()
    other.force_login(make_user("brian"))
    for reader in (other, Client()):
        discussion = discussion_of(reader, module.url)
        assert discussion.find(id=f"c{comment.pk}") is None
        assert "new here" not in discussion.get_text()
        assert discussion.find(class_="discussion__held") is None
        assert discussion.find(id=f"c{public.pk}") is not None
        assert count_of(discussion) == "1 comment"


def test_a_held_reply_shows_under_its_comment_on_the_right_page(client, module, settings):
    settings.DISCUSSION_PAGE_SIZE = 2
    first = add_comment(module, "Thread one")
    for number in (2, 3):
        add_comment(module, f"Thread {number}")
    response, reply = post_held(client, module, "A held reply", reply_to=first.pk)
    assert response["Location"] == f"{module.url}#c{reply.pk}"  # thread one is on page one
    held_root = client.post(POST, form_data(module, comment="A held new thread"))
    root = Comment.objects.get(comment="A held new thread")
    assert held_root["Location"] == f"{module.url}?dpage=2#c{root.pk}"

    discussion = discussion_of(client, module.url)
    parent = discussion.find(id=f"c{first.pk}").find_parent("li")
    assert parent.find(id=f"c{reply.pk}").find(class_="comment__held") is not None
    assert count_of(discussion) == "3 comments"
    on_two = discussion_of(client, held_root["Location"])
    assert on_two.find(id=f"c{root.pk}").find(class_="comment__held") is not None


def test_the_shared_comment_list_is_not_polluted_by_a_held_comment(client, module, cached_site):
    """With the real shared cache (Redis): the author's view, rendered afresh, is kept nowhere;
    every other reader gets the list everyone shares."""
    public = add_comment(module, "Already public")
    brian = Client()
    brian.force_login(make_user("brian"))
    anonymous = Client()
    before = str(discussion_of(brian, module.url).find(class_="comment-list"))
    discussion_of(anonymous, module.url)  # the whole page, cached for readers not signed in

    _, comment = post_held(client, module)
    own = discussion_of(client, module.url)  # the author first: nothing of theirs is kept
    assert own.find(id=f"c{comment.pk}").find(class_="comment__held") is not None
    assert own.find(id=f"c{public.pk}") is not None
    keys = [key for key in cached_site.keys("*") if "new here" in str(cached_site.get(key))]
    assert keys == []
    for reader in (brian, anonymous, Client()):
        discussion = discussion_of(reader, module.url)
        assert discussion.find(id=f"c{comment.pk}") is None
        assert "new here" not in str(discussion)
        assert count_of(discussion) == "1 comment"
    assert str(discussion_of(brian, module.url).find(class_="comment-list")) == before


def test_a_visitor_who_confirms_a_held_comment_sees_it_marked(client, module, cached_site):
    """Signed out, with a new account's address: confirmed, then held; the browser that
    confirmed it is shown it in its place, as a member is; the shared list stays as it was."""
    add_comment(module, "Already public")
    make_user("fresh", days_old=1)
    client.post(POST, form_data(module, comment="Confirmed, then held", email="fresh@example.com"))
    link = re.search(r"http://testserver(/discussion/confirm/\S+/)", mail.outbox[0].body).group(1)
    response = client.post(link)
    comment = Comment.objects.get(comment="Confirmed, then held")
    assert comment.awaiting == Comment.AWAITING_MODERATION and not comment.is_public
    assert response["Location"] == f"{module.url}#c{comment.pk}"
    held = discussion_of(client, response["Location"]).find(id=f"c{comment.pk}")
    assert held.find(class_="comment__held").get_text(strip=True) == WAITING
    assert [a.get_text(strip=True) for a in held.find_all("a")] == []  # not theirs to edit
    # Opening the emailed link again leads back to it, not to a "no such comment".
    assert client.get(link)["Location"] == f"{module.url}#c{comment.pk}"
    assert discussion_of(Client(), module.url).find(id=f"c{comment.pk}") is None


def test_the_form_says_a_new_accounts_first_comment_is_checked(client, module):
    anonymous_note = discussion_of(client, module.url).find(class_="comment-form__note")
    text = anonymous_note.get_text(" ", strip=True)
    assert "post straight away, except that a new account’s first comment" in text
    client.force_login(make_user("newcomer", days_old=1))
    note = discussion_of(client, module.url).find(class_="comment-form__note")
    assert "your first comment is checked by a moderator" in note.get_text(" ", strip=True)
    client.force_login(make_user("established"))
    assert discussion_of(client, module.url).find(class_="comment-form__note") is None


@pytest.mark.parametrize("language", ["ja"])
def test_the_held_mark_is_translated(client, module, language):
    _, comment = post_held(client, module)
    held = discussion_of(client, f"/{language}{module.url}").find(id=f"c{comment.pk}")
    assert held.find(class_="comment__held").get_text(strip=True) != WAITING


def test_an_edit_of_an_approved_first_comment_waits_for_a_moderator_again(
    client, module, moderator
):
    from django.urls import reverse

    from community.discussion import moderation
    from community.models import CommentEdit

    _, comment = post_held(client, module, "A polite first comment")
    moderation.approve(comment)
    assert Comment.objects.get(pk=comment.pk).is_public
    response = client.post(
        reverse("discussion:edit", args=[comment.pk]), {"comment": "Something else entirely"}
    )
    assert response["Location"] == f"{module.url}#c{comment.pk}"
    comment.refresh_from_db()
    assert comment.comment == "Something else entirely"
    assert not comment.is_public and comment.awaiting == Comment.AWAITING_MODERATION
    assert list(CommentEdit.objects.values_list("previous_text", flat=True)) == [
        "A polite first comment"
    ]
    page = client.get(response["Location"])
    told = [str(message) for message in page.context["messages"]]
    assert any("waits for a moderator again" in message for message in told)
    held = BeautifulSoup(page.content, "html.parser").find(id=f"c{comment.pk}")
    assert held.find(class_="comment__held").get_text(strip=True) == WAITING
    for reader in (Client(), Client()):
        assert "Something else" not in str(discussion_of(reader, module.url))
    moderator_view = Client()
    moderator_view.force_login(moderator)
    queue = moderator_view.get(
        reverse("community_comment_modeladmin_index"), {"status": "attention"}
    )
    assert "Something else entirely" in queue.content.decode()


def test_edits_by_established_members_stay_public(alt_client, alt, module):
    from django.urls import reverse

    comment = add_comment(module, "First words", user=alt)
    alt_client.post(reverse("discussion:edit", args=[comment.pk]), {"comment": "Other words"})
    comment.refresh_from_db()
    assert comment.comment == "Other words" and comment.is_public and not comment.awaiting
    # A new account with another published comment is trusted as a new post would be.
    newcomer = make_user("newcomer2", days_old=1)
    add_comment(module, "Approved earlier", user=newcomer)
    second = add_comment(module, "Posted straight away", user=newcomer)
    alt_client.force_login(newcomer)
    alt_client.post(reverse("discussion:edit", args=[second.pk]), {"comment": "Fixed a typo"})
    second.refresh_from_db()
    assert second.comment == "Fixed a typo" and second.is_public
