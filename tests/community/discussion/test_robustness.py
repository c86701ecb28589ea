"""Awkward but real situations: pages, tasks and accounts that go away, odd ids, held comments."""

import re

from django.core import mail
from django.urls import reverse

import pytest

from community.models import Comment
from community.progress.portfolio import answers_of
from tests.helpers import add_comment, form_data, make_user

POST = "/discussion/post/"


@pytest.mark.parametrize(
    "url",
    [
        "/modules/contextual/teachers-working-together/?reply=" + "9" * 30,
        "/modules/contextual/teachers-working-together/?dpage=" + "9" * 30,
        "/discussion/c/" + "9" * 30 + "/",
        "/discussion/c/" + "9" * 30 + "/report/",
        "/forum/team-teaching/" + "9" * 30 + "-x/",
    ],
)
def test_enormous_ids_are_never_a_500(alt_client, url):
    assert alt_client.get(url).status_code in (200, 302, 404)


def test_enormous_ids_in_a_post_are_a_400(alt_client, module):
    for changes in [{"object_pk": "9" * 30}, {"reply_to": "9" * 30}]:
        data = form_data(module, comment="Should not be stored")
        data.update(changes)
        assert alt_client.post(POST, data).status_code == 400
    assert not Comment.objects.exists()


def test_when_a_page_is_deleted_its_comments_cause_no_errors(client, alt, module):
    parent = add_comment(module, "On a page about to go", user_email="f@example.com", followup=True)
    mine = add_comment(module, "Mine", user=alt)
    client.post(POST, form_data(module, comment="Unconfirmed", reply_to=parent.pk))
    link = re.search(r"http://testserver(/discussion/confirm/\S+/)", mail.outbox[-1].body).group(1)
    held = add_comment(module, "Held", parent=parent, is_public=False, awaiting="moderation")
    module.delete()

    assert client.get(reverse("discussion:permalink", args=[parent.pk])).status_code == 404
    assert client.post(link).status_code == 404
    assert not Comment.objects.get(comment="Unconfirmed").is_public
    client.force_login(alt)
    response = client.post(reverse("discussion:delete", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/"
    from community.discussion import moderation

    moderation.approve(held)  # publishes; nobody to tell, no error
    assert Comment.objects.get(pk=held.pk).is_public


def test_answers_keep_their_task_when_an_editor_removes_it(alt_client, alt, module):
    task = module.reflection_tasks.first()
    answer = add_comment(module, "My answer", user=alt, task=task)
    assert answer.task_prompt == task.prompt
    task.delete()
    answer.refresh_from_db()
    assert answer.task is None and answer.task_prompt  # the prompt is kept
    groups = answers_of(alt)
    assert [g.module.pk for g in groups] == [module.pk]
    assert groups[0].tasks[0].prompt == answer.task_prompt and groups[0].tasks[0].number is None


def test_authors_can_delete_a_comment_that_is_still_waiting(client, module):
    newcomer = make_user("newcomer", days_old=1)
    client.force_login(newcomer)
    client.post(POST, form_data(module, comment="Second thoughts"))
    comment = Comment.objects.get()
    assert not comment.is_public
    assert client.post(reverse("discussion:delete", args=[comment.pk])).status_code == 302
    assert Comment.objects.get(pk=comment.pk).is_removed


def test_edits_obey_blocks_and_the_first_comment_link_limit(client, module):
    from community.models import BlockedAuthor

    newcomer = make_user("newcomer2", days_old=1)
    comment = add_comment(module, "Approved first comment", user=newcomer)
    client.force_login(newcomer)
    url = reverse("discussion:edit", args=[comment.pk])
    spam = "a-pills.com b-pills.net c-pills.org"
    response = client.post(url, {"comment": spam})
    assert response.status_code == 400 and "at most 2 links" in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).comment == "Approved first comment"
    BlockedAuthor.objects.create(user=newcomer)
    assert client.post(url, {"comment": "Changed"}).status_code == 403


def test_permalinks_skip_removed_threads_when_finding_the_page(client, module, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.DISCUSSION_PAGE_SIZE = 2
    start = timezone.now() - timedelta(days=1)
    gone = add_comment(module, "removed early", submit_date=start)
    gone.is_removed = True
    gone.save()
    kept = [
        add_comment(module, f"t{n}", submit_date=start + timedelta(minutes=n + 1)) for n in range(2)
    ]
    response = client.get(reverse("discussion:permalink", args=[kept[1].pk]))
    assert response["Location"] == f"{module.url}#c{kept[1].pk}"  # page 1, where it is shown
    page = client.get(module.url).content.decode()
    assert f'id="c{kept[1].pk}"' in page
