"""A non-technical editor revises, previews and publishes a module in the Wagtail admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from modules.models import ModulePage
from tests.admin_forms import edit_form_data


@pytest.fixture
def editor_client(client, db):
    editor = get_user_model().objects.create_user("editor1", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    client.user = editor
    return client


@pytest.fixture
def module(db):
    return ModulePage.objects.get(slug="speaking")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_an_editor_can_open_a_module_in_the_editor(editor_client, module):
    response = editor_client.get(edit_url(module))
    assert response.status_code == 200
    content = response.content.decode()
    for label in ["Summary", "Learning goals", "Body", "Reflection tasks", "Readings"]:
        assert label in content


def test_publishing_with_a_missing_field_shows_a_clear_message_and_keeps_the_input(
    editor_client, module
):
    data = edit_form_data(module, title="A new title the editor typed", summary="")
    data["action-publish"] = "action-publish"
    response = editor_client.post(edit_url(module), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "The page could not be saved due to validation errors" in content
    assert "This field is required." in content
    assert "A new title the editor typed" in content  # nothing they typed is lost
    module.refresh_from_db()
    assert module.title == "Speaking" and module.summary  # nothing half-saved


def test_an_editor_can_preview_a_change_before_publishing(editor_client, module):
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[module.pk])
    data = edit_form_data(module, summary="Previewed summary, not yet live.")
    response = editor_client.post(preview_url, data)
    assert response.json() == {"is_valid": True, "is_available": True}
    preview = editor_client.get(preview_url)
    assert "Previewed summary, not yet live." in preview.content.decode()
    assert "Previewed summary" not in editor_client.get(module.url).content.decode()


def test_an_editor_can_publish_a_revised_module(editor_client, module):
    data = edit_form_data(module, summary="A clearer summary, revised by an editor.")
    data["action-publish"] = "action-publish"
    response = editor_client.post(edit_url(module), data)
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.summary == "A clearer summary, revised by an editor."
    assert module.live_revision.user == editor_client.user
    # Tasks and readings came through the round trip untouched.
    assert module.reflection_tasks.count() >= 2 and module.readings.count() >= 3
    page = editor_client.get(module.url).content.decode()
    assert "A clearer summary, revised by an editor." in page


def test_an_editor_manages_readings_as_snippets(editor_client):
    response = editor_client.get(reverse("wagtailsnippets_modules_reading:list") + "?q=McConnell")
    assert response.status_code == 200
    assert "McConnell" in response.content.decode()


def test_an_anonymous_visitor_cannot_reach_the_editor(client, module):
    response = client.get(edit_url(module))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
