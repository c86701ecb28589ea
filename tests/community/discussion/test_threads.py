"""Threads: replies, depth, ordering, filtering by task, pagination and removed comments."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from community.models import Comment
from tests.helpers import add_comment, form_data

POST = "/discussion/post/"


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_reply_is_threaded_under_its_parent_and_answers_the_same_task(alt_client, module):
    task = module.reflection_tasks.first()
    parent = add_comment(module, "Parent", task=task)
    response = alt_client.post(POST, form_data(module, comment="A reply", reply_to=parent.pk))
    assert response.status_code == 302
    reply = Comment.objects.get(comment="A reply")
    assert (reply.thread_id, reply.parent_id, reply.level) == (parent.pk, parent.pk, 1)
    assert reply.task == task

    soup = soup_of(alt_client, module.url)
    parent_item = soup.find(id=f"c{parent.pk}").parent
    nested = parent_item.find("ol", class_="comment-list--replies")
    assert nested.find(id=f"c{reply.pk}") is not None


def test_replies_nest_to_the_configured_depth_and_no_further(alt_client, module, settings):
    assert settings.COMMENTS_XTD_MAX_THREAD_LEVEL == 3
    comment = add_comment(module, "level 0")
    for level in range(1, 4):
        comment = add_comment(module, f"level {level}", parent=comment)
    assert comment.level == 3
    soup = soup_of(alt_client, module.url)
    assert soup.find(id=f"c{comment.pk}").find("a", string="Reply") is None
    response = alt_client.post(POST, form_data(module, comment="too deep", reply_to=comment.pk))
    assert response.status_code == 400
    assert "as deep as it goes" in response.content.decode()
    assert not Comment.objects.filter(comment="too deep").exists()


def test_newest_and_oldest_first(client, module):
    from datetime import timedelta

    from django.utils import timezone

    old = add_comment(module, "older", submit_date=timezone.now() - timedelta(days=2))
    new = add_comment(module, "newer", submit_date=timezone.now() - timedelta(days=1))

    def order(query):
        soup = soup_of(client, module.url + query)
        return [a["id"] for a in soup.select("#discussion article.comment")]

    assert order("") == [f"c{old.pk}", f"c{new.pk}"]
    assert order("?order=newest") == [f"c{new.pk}", f"c{old.pk}"]
    assert order("?order=nonsense") == [f"c{old.pk}", f"c{new.pk}"]


def test_the_discussion_filters_by_task_with_counts(client, module):
    tasks = list(module.reflection_tasks.all())
    first = add_comment(module, "answer to one", task=tasks[0])
    add_comment(module, "reply in that thread", parent=first)
    add_comment(module, "answer to two", task=tasks[1])
    add_comment(module, "general remark")

    soup = soup_of(client, module.url)
    chips = [a.get_text() for a in soup.select(".chips a")]
    assert chips[:5] == ["All (4)", "Task 1 (2)", "Task 2 (1)", "Task 3 (0)", "General (1)"]
    assert soup.select_one(".chips a[aria-current]").get_text() == "All (4)"

    def texts(query):
        page = soup_of(client, module.url + query)
        return [b.get_text(strip=True) for b in page.select("#discussion .comment__body")]

    assert texts("?task=1") == ["answer to one", "reply in that thread"]
    assert texts("?task=2") == ["answer to two"]
    assert texts("?task=general") == ["general remark"]
    assert len(texts("?task=99")) == 4  # an unknown filter shows everything, not an error


def test_every_task_chip_links_to_its_own_filter_and_shows_as_current(client, module):
    tasks = list(module.reflection_tasks.all())
    add_comment(module, "answer to one", task=tasks[0])
    add_comment(module, "answer to two", task=tasks[1])

    chips = {a.get_text(): a["href"] for a in soup_of(client, module.url).select(".chips a")}
    assert chips["All (2)"] == "?#discussion"
    assert chips["Task 1 (1)"] == "?task=1#discussion"  # not the same link as All
    assert chips["Task 2 (1)"] == "?task=2#discussion"
    assert chips["General (0)"] == "?task=general#discussion"
    assert chips["Newest first"] == "?order=newest#discussion"
    filters = [href for label, href in chips.items() if "first" not in label]
    assert len(set(filters)) == len(filters)

    for label, href in chips.items():
        current = soup_of(client, module.url + href.split("#")[0]).select(".chips a[aria-current]")
        assert label in [a.get_text() for a in current], f"{label} is not shown as chosen"
    # A filter keeps the chosen order, and the order keeps the filter (page 1 is never named).
    soup = soup_of(client, module.url + "?task=1&order=newest&dpage=1")
    hrefs = {a.get_text(): a["href"] for a in soup.select(".chips a")}
    assert hrefs["Task 2 (1)"] == "?order=newest&task=2#discussion"
    assert hrefs["Oldest first"] == "?task=1#discussion"


def test_answer_this_task_binds_the_form_to_that_task(client, module):
    tasks = list(module.reflection_tasks.all())
    soup = soup_of(client, module.url)
    link = soup.find(id="reflection-2").find("a", string="Answer this task")
    assert link["href"] == "?answer=2#comment-form"
    form = soup_of(client, module.url + "?answer=2").find(id="comment-form")
    assert "Answer task 2" in form.find("h3").get_text()
    assert form.find("select", attrs={"name": "task"}).find("option", selected=True)[
        "value"
    ] == str(tasks[1].pk)


def test_more_than_fifty_threads_are_paged_and_permalinks_find_their_page(client, module):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() - timedelta(days=10)
    comments = [
        add_comment(module, f"thread {n}", submit_date=start + timedelta(minutes=n))
        for n in range(55)
    ]
    first_page = soup_of(client, module.url)
    assert len(first_page.select("#discussion .comment-list > .comment-item")) == 50
    assert [a.get_text() for a in first_page.select(".pagination a")] == ["2"]
    second = soup_of(client, module.url + "?dpage=2")
    assert len(second.select("#discussion .comment-list > .comment-item")) == 5
    late = comments[52]
    response = client.get(reverse("discussion:permalink", args=[late.pk]))
    assert response["Location"] == f"{module.url}?dpage=2#c{late.pk}"
    assert (
        soup_of(client, module.url + "?dpage=999")
        .select(".pagination [aria-current]")[0]
        .get_text()
        == "2"
    )


def test_a_removed_comment_with_replies_leaves_a_placeholder(client, module):
    parent = add_comment(module, "Original words")
    reply = add_comment(module, "A reply", parent=parent)
    lonely = add_comment(module, "Nobody replied")
    for comment, by in [(parent, "author"), (lonely, "moderator")]:
        comment.is_removed = True
        comment.removed_by = by
        comment.save()

    soup = soup_of(client, module.url)
    placeholder = soup.find(id=f"c{parent.pk}")
    assert "This comment was removed by its author." in placeholder.get_text()
    assert "Original words" not in soup.get_text()
    assert soup.find(id=f"c{reply.pk}") is not None  # the thread stays whole
    assert soup.find(id=f"c{lonely.pk}") is None
    assert "1 comment" in soup.find(id="discussion").find("h2").get_text()
    assert Comment.objects.filter(pk=lonely.pk, comment="Nobody replied").exists()  # kept


@pytest.mark.parametrize("query", ["?dpage=abc", "?dpage=-3", "?task=abc&order=%00", "?reply=abc"])
def test_odd_discussion_parameters_never_break_the_page(client, module, query):
    add_comment(module, "hello")
    assert client.get(module.url + query).status_code == 200
