"""The mute link in a reply email, in a real browser: the page asks, the button mutes, Undo
follows again; in English and Japanese, on a desktop and a phone."""

import os
from pathlib import Path

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from community.discussion.notifications import mute_token
from community.models import Comment
from modules.models import ModulePage
from tests.e2e.conftest import serious_accessibility_violations
from tests.helpers import add_comment

# Set SCREENSHOTS=/some/dir to keep a picture of each page looked at.
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def shoot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("language", "asks", "button", "muted", "undo", "again"),
    [
        (
            "",
            "Stop emails about this thread?",
            "Mute this thread",
            "Thread muted",
            "Undo: keep emailing me",
            "You're following this thread again",
        ),
        (
            "/ja",
            "このスレッドのメール通知を止めますか？",
            "このスレッドの通知を止める",
            "スレッドの通知を停止しました",
            "元に戻す（引き続きメールを受け取る）",
            "このスレッドのフォローを再開しました",
        ),
    ],
    ids=["en", "ja"],
)
@pytest.mark.parametrize("width", [1280, 390])
def test_the_mute_link_asks_then_mutes_then_undoes(
    page, width, language, asks, button, muted, undo, again
):
    module = ModulePage.objects.live().get(slug="teachers-working-together")
    thread = add_comment(
        module,
        "How do you plan a lesson with a JTE who has no time to meet? "
        "We only see each other for five minutes before class.",
        user_name="Mia",
        user_email="mia@example.com",
        followup=True,
    )
    link = language + reverse(
        "discussion:mute", args=[mute_token(thread.thread_id, "mia@example.com")]
    )
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(asks)
    expect(page.get_by_text("five minutes before class")).to_be_visible()
    assert Comment.objects.get(pk=thread.pk).followup  # opening the link changes nothing
    assert not serious_accessibility_violations(page)
    shoot(page, f"mute-ask-{language.strip('/') or 'en'}-{width}")

    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(muted)
    assert not Comment.objects.get(pk=thread.pk).followup
    shoot(page, f"mute-done-{language.strip('/') or 'en'}-{width}")

    page.get_by_role("button", name=undo).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(again)
    assert Comment.objects.get(pk=thread.pk).followup
