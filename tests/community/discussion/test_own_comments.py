"""Authors edit their comments for 15 minutes (earlier versions kept) and delete them any time."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from bs4 import BeautifulSoup

from community.models import Comment, CommentEdit
from tests.helpers import add_comment, make_user


def test_an_author_edits_within_fifteen_minutes_and_the_old_text_is_kept(alt_client, alt, module):
    comment = add_comment(module, "First version", user=alt)
    url = reverse("discussion:edit", args=[comment.pk])
    page = alt_client.get(url)
    assert page.status_code == 200 and "First version" in page.content.decode()
    response = alt_client.post(url, {"comment": "Second version"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.comment == "Second version" and comment.edited_at is not None
    assert list(CommentEdit.objects.values_list("previous_text", flat=True)) == ["First version"]
    soup = BeautifulSoup(alt_client.get(module.url).content, "html.parser")
    article = soup.find(id=f"c{comment.pk}")
    assert "Second version" in article.get_text() and "edited" in article.get_text()


def test_editing_after_fifteen_minutes_is_refused(alt_client, alt, module):
    comment = add_comment(
        module, "Old words", user=alt, submit_date=timezone.now() - timedelta(minutes=16)
    )
    soup = BeautifulSoup(alt_client.get(module.url).content, "html.parser")
    assert soup.find(id=f"c{comment.pk}").find("a", string="Edit") is None
    response = alt_client.post(reverse("discussion:edit", args=[comment.pk]), {"comment": "New"})
    assert response.status_code == 403
    assert "can be edited for 15 minutes" in response.content.decode()
    comment.refresh_from_db()
    assert comment.comment == "Old words"


def test_an_edit_that_is_too_long_comes_back_with_the_text(alt_client, alt, module):
    comment = add_comment(module, "Short", user=alt)
    response = alt_client.post(
        reverse("discussion:edit", args=[comment.pk]), {"comment": "z" * 3001}
    )
    assert response.status_code == 400
    assert "yours has 3001" in response.content.decode()
    assert "z" * 3001 in response.content.decode()


def test_nobody_edits_or_deletes_someone_elses_comment(client, alt, module):
    comment = add_comment(module, "Mine", user=alt)
    other = make_user("someone")
    client.force_login(other)
    for name in ("edit", "delete"):
        url = reverse(f"discussion:{name}", args=[comment.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"comment": "Hijacked"}).status_code == 403
    comment.refresh_from_db()
    assert comment.comment == "Mine" and not comment.is_removed


def test_signed_out_readers_are_sent_to_sign_in(client, alt, module):
    comment = add_comment(module, "Mine", user=alt)
    response = client.post(reverse("discussion:delete", args=[comment.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deleting_a_comment_with_replies_leaves_a_placeholder(alt_client, alt, module):
    comment = add_comment(module, "I will delete this", user=alt)
    reply = add_comment(module, "A reply", parent=comment)
    response = alt_client.post(reverse("discussion:delete", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_removed and comment.removed_by == Comment.REMOVED_BY_AUTHOR
    assert comment.comment == "I will delete this"  # kept in the database
    soup = BeautifulSoup(alt_client.get(module.url).content, "html.parser")
    assert "removed by its author" in soup.find(id=f"c{comment.pk}").get_text()
    assert soup.find(id=f"c{reply.pk}") is not None


def test_a_removed_comment_cannot_be_edited_or_deleted_again(alt_client, alt, module):
    comment = add_comment(module, "Gone", user=alt, is_removed=True)
    assert alt_client.get(reverse("discussion:edit", args=[comment.pk])).status_code == 404
    assert alt_client.post(reverse("discussion:delete", args=[comment.pk])).status_code == 404


def test_a_member_signed_out_in_another_tab_is_told_and_keeps_their_text(client, alt, module):
    from tests.helpers import form_data

    client.force_login(alt)
    page = BeautifulSoup(client.get(module.url).content, "html.parser")
    form = page.find(id="comment-form").find("form")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert form.find("input", attrs={"name": "email"}) is None
    sent = form_data(module, comment="Careful thoughts, typed at length", task="")
    del sent["name"], sent["email"]
    sent["csrfmiddlewaretoken"] = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    client.logout()  # in another tab

    response = client.post("/discussion/post/", sent)
    assert response.status_code == 403
    assert not Comment.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.find(role="alert")
    assert "You are no longer signed in" in alert.get_text()
    link = alert.find("a", string="sign in")
    assert link["href"] == f"/accounts/login/?next={module.url.replace('/', '%2F')}%23comment-form"
    assert "This field is required" not in soup.get_text()
    assert soup.find("textarea", attrs={"name": "comment"}).get_text(strip=True) == (
        "Careful thoughts, typed at length"
    )


def test_a_visitor_who_leaves_out_their_name_is_still_asked_for_it(client, module):
    from tests.helpers import form_data

    sent = form_data(module)
    del sent["name"], sent["email"]
    response = client.post("/discussion/post/", sent)
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert "no longer signed in" not in response.content.decode()
