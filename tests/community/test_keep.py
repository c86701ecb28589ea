"""Deleting a page never destroys what readers wrote or what was published: the admin refuses,
says why, and points to unpublishing, which keeps everything."""

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

import pytest

from blog.models import BlogIndexPage, BlogPostPage
from community.models import ContactPage, ForumBoardPage
from tests.helpers import add_comment, make_user


@pytest.fixture
def staff(db):
    user = make_user("edwina", is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def delete(client, page):
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    return client.post(url, follow=True)


def refusal(response):
    messages = [str(m) for m in response.context["messages"]]
    return " ".join(messages)


def test_a_published_module_cannot_be_deleted(staff, module):
    response = delete(staff, module)
    assert Page.objects.filter(pk=module.pk).exists()
    text = refusal(response)
    assert f"“{module.title}” can't be deleted" in text
    assert "1 published page" in text and "Unpublish instead" in text


def test_a_category_cannot_be_deleted_with_its_modules(staff, module):
    category = module.get_parent()
    response = delete(staff, category)
    assert Page.objects.filter(pk=category.pk).exists()
    assert Page.objects.filter(pk=module.pk).exists()
    assert "published pages" in refusal(response)


def test_comments_and_submissions_and_topics_are_named(staff, module):
    add_comment(module, "An answer worth keeping")
    assert "1 comment" in refusal(delete(staff, module))

    contact = ContactPage.objects.get()
    FormSubmission.objects.create(page=contact, form_data={"message": "kept"})
    assert "1 form submission" in refusal(delete(staff, contact))
    assert FormSubmission.objects.filter(page=contact).count() == 1

    board = ForumBoardPage.objects.first()
    from community.models import Topic

    Topic.objects.create(board=board, title="Kept", body="Kept")
    assert "1 forum topic" in refusal(delete(staff, board))


def test_a_draft_that_never_went_live_and_holds_nothing_can_be_deleted(staff):
    blog = BlogIndexPage.objects.get()
    draft = blog.add_child(
        instance=BlogPostPage(title="A draft nobody saw", slug="draft-nobody-saw", live=False)
    )
    response = delete(staff, draft)
    assert response.status_code == 200
    assert not Page.objects.filter(pk=draft.pk).exists()


def test_bulk_deletion_is_refused_too(staff):
    posts = list(BlogPostPage.objects.live()[:2])
    ids = "&".join(f"id={post.pk}" for post in posts)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?{ids}"
    response = staff.post(url, follow=True)
    assert BlogPostPage.objects.filter(pk__in=[p.pk for p in posts]).count() == 2
    assert "can't be deleted" in refusal(response)


def test_editors_are_refused_as_admins_are(module, db):
    editor = make_user("ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[module.pk]))
    assert response.status_code in (302, 403)
    assert Page.objects.filter(pk=module.pk).exists()
