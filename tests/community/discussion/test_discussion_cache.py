"""The rendered comment list is shared from the cache by every reader who wrote none of the
comments shown, and is never stale after a change nor personal to someone else. So are the
discussion's counts and the visible part of its form, whose security fields stay per request."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from community.models import Comment
from tests.helpers import add_comment, make_user

POST = "/discussion/post/"


pytestmark = pytest.mark.usefixtures("shared_cache_on")


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


def comment_count(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return int(soup.select_one(".discussion__count").get_text().split()[0])


def test_the_counts_come_from_the_cache_and_follow_every_comment(client, module):
    first = add_comment(module, "One more voice")
    before = comment_count(client, module)
    with CaptureQueriesContext(connection) as queries:
        assert comment_count(client, module) == before
    assert not [q for q in queries if "community_comment" in q["sql"]]  # counts and list cached
    add_comment(module, "And another")
    assert comment_count(client, module) == before + 1
    first.is_removed = True
    first.save()
    assert comment_count(client, module) == before


def comment_form(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("#comment-form")


def hidden_fields(form):
    return {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}


def test_each_reader_gets_their_own_form_and_its_security_fields_work(module):
    member = Client()
    member.force_login(make_user("aoife"))
    anonymous_first = comment_form(Client(), module)  # fills the shared cache
    signed_in = comment_form(member, module)
    anonymous_again = comment_form(Client(), module)
    for form in (anonymous_first, anonymous_again):
        assert form.find("input", attrs={"name": "email"}) is not None
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is None
    assert signed_in.find("input", attrs={"name": "email"}) is None
    assert signed_in.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert {"timestamp", "security_hash", "content_type", "object_pk"} <= set(
        hidden_fields(signed_in)
    )

    data = hidden_fields(signed_in)
    data.update({"comment": "Posted from the shared form", "task": "", "honeypot": ""})
    response = member.post(POST, data)
    assert response.status_code == 302
    assert Comment.objects.filter(comment="Posted from the shared form", is_public=True).exists()


def test_a_reply_and_an_answer_each_get_their_own_form(client, module):
    first = add_comment(module, "Start here", user_name="Hana")
    tasks = list(module.reflection_tasks.all())
    assert comment_form(client, module).h3.get_text(strip=True) == "Join the discussion"
    reply = comment_form(client, module, f"?reply={first.pk}")
    assert reply.h3.get_text(strip=True) == "Reply to Hana"
    assert hidden_fields(reply)["reply_to"] == str(first.pk)
    answer = comment_form(client, module, "?answer=2")
    assert answer.h3.get_text(strip=True) == "Answer task 2"
    assert answer.select_one("select[name=task] option[selected]")["value"] == str(tasks[1].pk)
    plain = comment_form(client, module)
    assert plain.h3.get_text(strip=True) == "Join the discussion"
    assert hidden_fields(plain)["reply_to"] == "0"
