"""The editorial loop in a real browser: a reader suggests an improvement to a module, an editor
finds it in the feedback inbox, revises the module with the feedback linked, publishes, and the
module shows what changed while the reader's inbox holds the notice."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from playwright.sync_api import expect

from community.models import Feedback
from modules.models import ModuleChange, ModulePage
from tests.e2e.conftest import serious_accessibility_violations


def test_feedback_from_a_reader_changes_a_module(page, browser, live_server):
    editor = get_user_model().objects.create_user(
        "loop-editor", email="loop-editor@example.com", password="a-long-pass-phrase"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    module = ModulePage.objects.get(slug="vocabulary")

    # The reader, on the module, suggests an improvement to its second task.
    page.goto(module.url)
    page.locator("#reflection-2").get_by_role("link", name="Suggest an improvement").click()
    expect(page).to_have_url(re.compile(r"/contact/\?module=\d+&about=Task%202"))
    expect(page.get_by_label("Which module is this about? (optional)")).to_have_value(
        str(module.pk)
    )
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Your name").fill("Saoirse Kelly")
    page.get_by_label("Your email").fill("saoirse@example.com")
    page.get_by_label("Your message").fill(
        "Task 2 could suggest a word wall, which many elementary schools already use."
    )
    page.get_by_label("Email me if my message leads to a change in a module").check()
    page.get_by_label("You may name me in the module's list of changes").check()
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your message is with the editors")
    item = Feedback.objects.get(sender_email="saoirse@example.com")
    assert item.module == module and item.concerns == "Task 2"
    assert any(message.to == ["loop-editor@example.com"] for message in mail.outbox)

    # The editor finds it in the inbox and opens the module from it.
    editor_context = browser.new_context(base_url=live_server.url)
    admin = editor_context.new_page()
    admin.goto("/admin/login/")
    admin.get_by_label("Username").fill("loop-editor")
    admin.get_by_label("Password").fill("a-long-pass-phrase")
    admin.get_by_role("button", name="Sign in").click()
    admin.get_by_role("link", name=re.compile(r"1 new feedback item")).click()
    expect(admin.get_by_text("could suggest a word wall")).to_be_visible()
    admin.get_by_role("link", name="Open module in editor").first.click()
    expect(admin).to_have_url(re.compile(rf"/admin/pages/{module.pk}/edit/"))

    # Revises the module, ticks the feedback, writes the change note, publishes.
    admin.locator("#id_summary").fill(module.summary + " Includes word walls.")
    admin.get_by_label(re.compile(rf"#{item.pk} New, Saoirse Kelly")).check()
    admin.get_by_role("textbox", name="What changed", exact=True).fill(
        "Task 2 now suggests building a word wall."
    )
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.get_by_text("has been published")).to_be_visible()
    editor_context.close()

    # The module shows what changed, credited to the reader, and the reader was told.
    page.goto(module.url + "#changes")
    entry = page.locator("#changes .changelog__entry").first
    expect(entry).to_contain_text("Task 2 now suggests building a word wall.")
    expect(entry).to_contain_text("Suggested by ALT feedback: thank you, Saoirse Kelly.")
    assert serious_accessibility_violations(page) == []
    item.refresh_from_db()
    assert item.status == Feedback.APPLIED
    assert item.applied_revision == ModulePage.objects.get(pk=module.pk).live_revision
    assert ModuleChange.objects.get(page=module).feedback_count == 1
    notice = next(message for message in mail.outbox if message.to == ["saoirse@example.com"])
    assert "Task 2 now suggests building a word wall." in notice.body
