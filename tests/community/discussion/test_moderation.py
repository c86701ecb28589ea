"""Moderation in the Wagtail admin: a queue, approve, soft remove, block; reports from readers."""

from django.core import mail
from django.urls import reverse

from django_comments.models import CommentFlag

from community.models import BlockedAuthor, Comment
from tests.helpers import add_comment, form_data, make_user

INDEX = reverse("community_comment_modeladmin_index")


def moderate_url(comment, action):
    url = reverse("community_comment_modeladmin_moderate", args=[comment.pk])
    return f"{url}?action={action}"


def test_the_queue_shows_comments_that_need_attention(moderator_client, module, alt):
    held = add_comment(module, "Waiting for you", is_public=False, awaiting="moderation")
    reported = add_comment(module, "Reported one")
    CommentFlag.objects.create(comment=reported, user=alt, flag=CommentFlag.SUGGEST_REMOVAL)
    add_comment(module, "Fine and published")
    response = moderator_client.get(INDEX, {"status": "attention"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Waiting for you" in content and "Reported one" in content
    assert "Fine and published" not in content
    assert moderate_url(held, "approve") in content.replace("&amp;", "&")


def test_approving_publishes_and_notifies(moderator_client, module):
    parent = add_comment(module, "Parent", user_email="follower@example.com", followup=True)
    held = add_comment(module, "Held reply", parent=parent, is_public=False, awaiting="moderation")
    assert moderator_client.get(moderate_url(held, "approve")).status_code == 200
    response = moderator_client.post(moderate_url(held, "approve"), {"action": "approve"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.is_public and held.awaiting == ""
    assert [m.to for m in mail.outbox] == [["follower@example.com"]]
    assert f'id="c{held.pk}"' in moderator_client.get(module.url).content.decode()


def test_removing_hides_but_keeps_the_comment_and_its_replies(moderator_client, module):
    comment = add_comment(module, "Something unkind")
    reply = add_comment(module, "A reply", parent=comment)
    moderator_client.post(moderate_url(comment, "remove"), {"action": "remove"})
    comment.refresh_from_db()
    assert comment.is_removed and comment.removed_by == Comment.REMOVED_BY_MODERATOR
    assert comment.comment == "Something unkind"
    page = moderator_client.get(module.url).content.decode()
    assert "Something unkind" not in page
    assert "removed by a moderator" in page and f'id="c{reply.pk}"' in page
    # And it can be restored.
    moderator_client.post(moderate_url(comment, "restore"), {"action": "restore"})
    comment.refresh_from_db()
    assert not comment.is_removed


def test_blocking_an_author_stops_their_posts(moderator_client, module, client):
    author = make_user("troll")
    comment = add_comment(module, "Spam spam", user=author)
    waiting = add_comment(module, "More spam", user=author, is_public=False, awaiting="moderation")
    moderator_client.post(moderate_url(comment, "block"), {"action": "block", "reason": "spam"})
    block = BlockedAuthor.objects.get()
    assert block.user == author and block.reason == "spam"
    assert Comment.objects.get(pk=comment.pk).is_removed
    assert Comment.objects.get(pk=waiting.pk).is_removed
    client.force_login(author)
    response = client.post("/discussion/post/", form_data(module, comment="Should not be stored"))
    assert response.status_code == 403


def test_an_unknown_action_changes_nothing(moderator_client, module):
    comment = add_comment(module, "Stays")
    response = moderator_client.post(moderate_url(comment, "explode"), {"action": "explode"})
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).is_public


def test_a_reader_reports_a_comment_from_the_page(alt_client, alt, module):
    comment = add_comment(module, "Questionable")
    page = alt_client.get(module.url).content.decode()
    report_url = reverse("discussion:report", args=[comment.pk])
    assert f'href="{report_url}"' in page
    assert alt_client.get(report_url).status_code == 200
    assert alt_client.post(report_url).status_code == 302
    assert alt_client.post(report_url).status_code == 302  # twice counts once
    assert CommentFlag.objects.filter(comment=comment, user=alt).count() == 1


def test_moderators_have_only_moderation_rights(moderator_client, module):
    assert moderator_client.get(INDEX).status_code == 200
    assert (
        moderator_client.get(reverse("community_blockedauthor_modeladmin_index")).status_code == 200
    )
    # No page editing, images, documents, users or settings.
    for url in [
        reverse("wagtailadmin_pages:edit", args=[module.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailusers_users:index"),
    ]:
        response = moderator_client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/admin/" in response["Location"] and url not in response["Location"]


def test_readers_and_editors_without_rights_cannot_moderate(alt_client, module):
    comment = add_comment(module, "Stays")
    response = alt_client.post(moderate_url(comment, "remove"), {"action": "remove"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Comment.objects.get(pk=comment.pk).is_removed


def test_moderators_can_read_earlier_versions_of_an_edited_comment(moderator_client, module):
    from community.models import CommentEdit

    comment = add_comment(module, "Now")
    CommentEdit.objects.create(comment=comment, previous_text="Before the edit")
    url = reverse("community_comment_modeladmin_inspect", args=[comment.pk])
    content = moderator_client.get(url).content.decode()
    assert "Before the edit" in content and "Now" in content


def test_dismissing_reports_takes_a_fine_comment_out_of_the_queue(moderator_client, module, alt):
    comment = add_comment(module, "Actually fine")
    CommentFlag.objects.create(comment=comment, user=alt, flag=CommentFlag.SUGGEST_REMOVAL)
    listing = moderator_client.get(INDEX, {"status": "attention"}).content.decode()
    assert moderate_url(comment, "dismiss") in listing.replace("&amp;", "&")
    moderator_client.post(moderate_url(comment, "dismiss"), {"action": "dismiss"})
    assert not CommentFlag.objects.filter(comment=comment).exists()
    assert (
        "Actually fine" not in moderator_client.get(INDEX, {"status": "attention"}).content.decode()
    )
    assert Comment.objects.get(pk=comment.pk).is_public


def test_blocking_covers_the_email_address_and_unconfirmed_comments(moderator_client, module):
    import re

    from django.test import Client

    reader = Client()
    author = make_user("troll")
    published = add_comment(module, "Spam", user=author)
    reader.post(
        "/discussion/post/", form_data(module, comment="Unconfirmed", email="troll@example.com")
    )
    link = re.search(r"http://testserver(/discussion/confirm/\S+/)", mail.outbox[-1].body).group(1)
    moderator_client.post(moderate_url(published, "block"), {"action": "block"})
    assert BlockedAuthor.objects.get().email == "troll@example.com"
    assert Comment.objects.get(comment="Unconfirmed").is_removed
    # Signed out, with the same address: refused; the old confirmation link publishes nothing.
    response = reader.post(
        "/discussion/post/",
        form_data(module, comment="Should not be stored", email="troll@example.com"),
    )
    assert response.status_code == 403
    assert reader.post(link).status_code == 404
    assert not Comment.objects.filter(comment="Unconfirmed", is_public=True).exists()


def test_admin_users_without_the_moderation_right_cannot_moderate(client, module):
    from django.contrib.auth.models import Permission

    staff = make_user("helper")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    comment = add_comment(module, "Stays")
    for response in [
        client.get(moderate_url(comment, "remove")),
        client.post(moderate_url(comment, "remove"), {"action": "remove"}),
    ]:
        # Wagtail answers a permission error in its admin with a redirect to the dashboard.
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not Comment.objects.get(pk=comment.pk).is_removed


def test_non_numeric_ids_in_the_admin_are_a_404(moderator_client):
    for url in [
        "/admin/community/comment/moderate/abc/",
        "/admin/community/comment/inspect/abc/",
        "/admin/community/topic/edit/abc/",
    ]:
        assert moderator_client.get(url).status_code == 404, url


def test_the_moderators_admin_home_shows_what_waits_for_them(moderator_client, module, alt):
    from bs4 import BeautifulSoup

    from community.models import ForumBoardPage, Topic

    home = reverse("wagtailadmin_home")
    panel = BeautifulSoup(moderator_client.get(home).content, "html.parser").find(
        class_="moderation-panel"
    )
    assert panel is not None and "Nothing is waiting" in panel.get_text()

    add_comment(module, "Held one", is_public=False, awaiting="moderation")
    add_comment(module, "Held two", is_public=False, awaiting="moderation")
    reported = add_comment(module, "Reported one")
    for reader in (alt, make_user("second-reader")):  # two reports, one comment
        CommentFlag.objects.create(comment=reported, user=reader, flag=CommentFlag.SUGGEST_REMOVAL)
    board = ForumBoardPage.objects.first()
    Topic.objects.create(board=board, author=alt, title="First topic", body="Hi", held=True)

    soup = BeautifulSoup(moderator_client.get(home).content, "html.parser")
    links = {
        " ".join(a.get_text().split()): a["href"]
        for a in soup.find(class_="moderation-panel").find_all("a")
    }
    assert links == {
        "2 comments waiting for a moderator": f"{INDEX}?status=moderation",
        "1 comment reported by readers": f"{INDEX}?status=reported",
        "1 forum topic waiting for a moderator": reverse("community_topic_modeladmin_index")
        + "?held__exact=1",
    }
    for href in links.values():  # each link opens its queue, with the items in it
        assert moderator_client.get(href).status_code == 200
    queue = moderator_client.get(f"{INDEX}?status=moderation").content.decode()
    assert "Held one" in queue and "Held two" in queue and "Reported one" not in queue


def test_the_moderation_panel_is_only_for_people_who_moderate(client, db):
    from django.contrib.auth.models import Permission

    someone = make_user("adminonly")
    someone.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(someone)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "moderation-panel" not in response.content.decode()
