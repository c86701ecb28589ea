"""An editor opens an item's history on three admin screens and reads, in the header, which list
and which item it is, with a link back to the list: in English, and in Japanese for an editor
whose admin language is Japanese (altcms.http.ids)."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from wagtail.users.models import UserProfile

import pytest
from playwright.sync_api import expect

from community.feedback.models import Feedback
from community.forum.models import Topic
from community.forum.pages import ForumBoardPage
from modules.models import ModulePage
from tests.e2e.conftest import ARTIFACTS
from tests.helpers import add_comment

PASSWORD = "a-long-pass-phrase"
LABELS = {
    "en": {"feedback": "Feedback inbox", "comment": "Comments", "topic": "Forum topics"},
    "ja": {"feedback": "フィードバック受信箱", "comment": "コメント", "topic": "掲示板のトピック"},
}
HISTORY = {"en": "History", "ja": "履歴"}
TOGGLE = {"en": "Toggle breadcrumbs", "ja": "パンくずリストの表示を切り替え"}


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_history_header_names_the_list_and_the_item(page, language):
    editor = get_user_model().objects.create_user("e2e-editor", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Moderators"))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    module = ModulePage.objects.get(slug="phonics")
    items = {
        "feedback": Feedback.objects.create(
            module=module, sender_name="田中 花子 🌸", sender_email="h@example.com", text="誤字"
        ),
        "comment": add_comment(module, "廊下で打ち合わせ 🙇", user=editor),
        "topic": Topic.objects.create(
            board=ForumBoardPage.objects.live().first(),
            title="座席表 🪑",
            body="How?",
            author=editor,
        ),
    }

    page.goto("/admin/login/")
    page.locator("#id_username").fill("e2e-editor")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    for screen, item in items.items():
        page.goto(f"/admin/community/{screen}/history/{item.pk}/")
        page.mouse.move(700, 600)  # not over the breadcrumbs, which unfold on hover
        header = page.locator("main header").first
        # What shows at once: which item's history this is (Wagtail's header, as on its own
        # screens, folds the way here behind its breadcrumbs button).
        expect(header).to_contain_text(HISTORY[language])
        with translation.override(language):
            expect(header).to_contain_text(str(item))
        shoot(page, f"admin-history-{screen}-{language}")
        header.get_by_role("button", name=TOGGLE[language]).hover()  # unfolds them
        back = header.get_by_role("link", name=LABELS[language][screen], exact=True)
        expect(back).to_be_visible()
        expect(back).to_have_attribute("href", f"/admin/community/{screen}/")
        shoot(page, f"admin-history-{screen}-{language}-open")
        back.click()
        expect(page).to_have_url(re.compile(rf"/admin/community/{screen}/$"))


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-1280.png")
