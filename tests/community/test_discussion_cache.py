"""The rendered comment list is shared from the cache by every reader who wrote none of the
comments shown, and is never stale after a change nor personal to someone else."""

from django.test import Client

import pytest
from bs4 import BeautifulSoup

from community.models import Comment
from tests.helpers import add_comment, make_user


@pytest.fixture(autouse=True)
def fragment_cache_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600


def comment_text(client, page, comment):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.find(id=f"c{comment.pk}").get_text(" ", strip=True)


def test_the_list_is_rendered_once_and_fresh_after_any_change(client, module):
    comment = add_comment(module, "Plan in the corridor")
    assert "Plan in the corridor" in comment_text(client, module, comment)
    # A write that bypasses the signals is not seen: the list came from the cache...
    Comment.objects.filter(pk=comment.pk).update(comment_html="<p>Changed behind its back</p>")
    assert "Plan in the corridor" in comment_text(client, module, comment)
    # ...while a real change (an edit, saved as the site saves it) is seen at once.
    comment.comment = "Plan in the staff room"
    comment.save()
    assert "Plan in the staff room" in comment_text(client, module, comment)


def test_a_new_reply_and_a_removal_show_at_once(client, module):
    first = add_comment(module, "First thoughts")
    client.get(module.url)
    reply = add_comment(module, "A reply", parent=first)
    assert "A reply" in comment_text(client, module, reply)
    reply.is_removed = True
    reply.save()
    page = BeautifulSoup(client.get(module.url).content, "html.parser")
    assert page.find(id=f"c{first.pk}") is not None
    assert "A reply" not in page.find(id="discussion").get_text()


def test_an_author_sees_their_own_links_and_nobody_else_does(module):
    author = make_user("aoife")
    theirs = add_comment(module, "Mine to edit", user=author)
    other = Client()
    other.force_login(make_user("brian"))
    assert "Report" in comment_text(other, module, theirs)  # brian fills the shared cache
    owner = Client()
    owner.force_login(author)
    own_view = comment_text(owner, module, theirs)
    assert "Edit" in own_view and "Delete" in own_view
    for reader in (Client(), other):
        shared = comment_text(reader, module, theirs)
        assert "Delete" not in shared and "Edit" not in shared and "Report" in shared


def test_a_forum_topic_and_a_page_with_the_same_id_keep_their_own_lists(client, module):
    from community.models import ForumBoardPage, Topic

    board = ForumBoardPage.objects.first()
    topic = Topic(board=board, title="Same number", body="A topic")
    topic.pk = module.pk
    topic.save(force_insert=True)
    add_comment(module, "Said under the module")
    add_comment(topic, "Said in the forum")
    assert "Said under the module" in client.get(module.url).content.decode()
    in_topic = client.get(topic.url).content.decode()
    assert "Said in the forum" in in_topic and "Said under the module" not in in_topic
