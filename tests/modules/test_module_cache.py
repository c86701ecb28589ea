"""A module page's content (everything but the reader's progress and the discussion) is rendered
once into the shared cache and served from there to every reader, signed in or not; never stale
after an editor publishes, never a preview's draft, never someone else's progress."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from modules.models import Reading
from tests.admin_forms import edit_form_data
from tests.helpers import make_user

CONTENT_TABLES = ("modules_modulereading", "modules_modulechange", "modules_relatedmodule")


pytestmark = pytest.mark.usefixtures("shared_cache_on")


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor1", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def read(client, module):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(module.url)
    assert response.status_code == 200
    tables = {table for table in CONTENT_TABLES if any(table in q["sql"] for q in queries)}
    return BeautifulSoup(response.content, "html.parser"), tables


def test_the_content_is_rendered_once_and_served_to_every_reader(module):
    member = Client()
    member.force_login(make_user("aiko"))
    first, tables = read(Client(), module)
    assert tables == set(CONTENT_TABLES)  # rendered: the readings, changes, related modules
    for reader in (Client(), member):
        again, tables = read(reader, module)
        assert tables == set()  # from the shared cache: none of their queries
        for selector in (".module-hero h1", ".module-body", ".reading-list", ".module-toc"):
            assert again.select_one(selector).decode() == first.select_one(selector).decode()


def test_what_an_editor_publishes_is_seen_at_once(editor, module):
    read(Client(), module)
    published = "A summary published a moment ago."
    data = edit_form_data(module, summary=published)
    data["action-publish"] = "action-publish"
    response = editor.post(reverse("wagtailadmin_pages:edit", args=[module.pk]), data)
    assert response.status_code == 302
    page, tables = read(Client(), module)
    assert page.select_one(".module-hero__summary").get_text() == published
    assert tables == set(CONTENT_TABLES)


def test_an_edited_reading_is_seen_at_once(module):
    reading = module.readings.select_related("reading").first().reading
    read(Client(), module)
    reading.title = "A corrected title for this reading"
    reading.save()
    page, _ = read(Client(), module)
    assert "A corrected title for this reading" in page.select_one(".reading-list").get_text()
    assert Reading.objects.filter(title="A corrected title for this reading").exists()


def test_a_preview_shows_the_draft_not_the_cached_page(editor, module):
    read(Client(), module)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[module.pk])
    data = edit_form_data(module, summary="A draft summary, only in the preview.")
    assert editor.post(preview_url, data).json()["is_valid"]
    preview = BeautifulSoup(editor.get(preview_url).content, "html.parser")
    summary = preview.select_one(".module-hero__summary").get_text()
    assert summary == "A draft summary, only in the preview."
    live, _ = read(Client(), module)
    assert live.select_one(".module-hero__summary").get_text() == module.summary


def test_each_reader_sees_their_own_progress_beside_the_shared_content(module):
    done_by = Client()
    done_by.force_login(make_user("kenta"))
    not_yet = Client()
    not_yet.force_login(make_user("mei"))
    read(not_yet, module)  # fills the cache with mei's view of the page
    response = done_by.post("/community/progress/", {"module": module.pk, "done": "1"})
    assert response.status_code in (200, 302)
    labels = {}
    for name, reader in [("kenta", done_by), ("mei", not_yet), ("visitor", Client())]:
        page, _ = read(reader, module)
        labels[name] = page.select_one(".progress-toggle__label").get_text()
    assert labels == {
        "kenta": "Done ✓",
        "mei": "Mark this module as done",
        "visitor": "Mark this module as done",
    }
