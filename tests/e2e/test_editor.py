"""An editor logs in to the Wagtail admin, revises a module's summary, publishes, sees it live."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from playwright.sync_api import expect

from modules.models import ModulePage


def test_editor_revises_a_module_and_sees_it_live(page):
    editor = get_user_model().objects.create_user("e2e-editor", password="a-long-pass-phrase")
    editor.groups.add(Group.objects.get(name="Editors"))
    module = ModulePage.objects.get(slug="vocabulary")
    new_summary = "How words are learned, and how a team-taught lesson can help them stick."

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill("e2e-editor")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"/admin/pages/{module.pk}/edit/")
    summary = page.locator("#id_summary")
    expect(summary).to_have_value(module.summary)
    summary.fill(new_summary)

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("has been published")).to_be_visible()

    page.goto(module.url)
    expect(page.locator(".module-hero__summary")).to_have_text(new_summary)
    module.refresh_from_db()
    assert module.summary == new_summary
    assert module.live_revision.user == editor
