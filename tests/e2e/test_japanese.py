"""The Japanese interface in a real browser: a reader switches a module page to Japanese and
back, a Japanese browser's first visit lands in Japanese, and a JTE writes to the editors in
Japanese from the Japanese contact page."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from playwright.sync_api import expect

from community.feedback.models import Feedback
from modules.models import ModulePage
from tests.e2e.conftest import serious_accessibility_violations

MODULE = "teachers-working-together"


def test_a_reader_switches_a_module_page_to_japanese_and_back(page):
    module = ModulePage.objects.get(slug=MODULE)
    page.goto(module.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#learning-goals-title")).to_have_text("Learning goals")

    switch = page.get_by_role("navigation", name="Language")
    switch.get_by_role("link", name="日本語").click()
    expect(page).to_have_url(re.compile(rf"/ja{re.escape(module.url)}$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("#learning-goals-title")).to_have_text("学習目標")
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)  # content as written
    tabs = page.get_by_role("navigation", name="メインメニュー")
    expect(tabs.get_by_role("link", name="掲示板")).to_have_attribute("href", "/ja/forum/")
    assert serious_accessibility_violations(page) == []

    # Remembered: the English address of another page now opens in Japanese.
    page.goto("/modules/")
    expect(page).to_have_url(re.compile(r"/ja/modules/$"))

    page.goto(module.url.replace("/modules/", "/ja/modules/", 1))
    page.get_by_role("navigation", name="言語").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(module.url)}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#learning-goals-title")).to_have_text("Learning goals")
    page.goto("/modules/")
    expect(page).to_have_url(re.compile(r"/modules/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_switch_keeps_the_reader_at_the_same_place_on_the_page(page):
    module = ModulePage.objects.get(slug=MODULE)
    page.goto(module.url + "#reflection-tasks")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="日本語").click()
    expect(page).to_have_url(re.compile(rf"/ja{re.escape(module.url)}#reflection-tasks$"))
    expect(page.locator("#reflection-tasks-title")).to_have_text("振り返り課題")
    expect(page.locator("#reflection-tasks-title")).to_be_in_viewport()


def test_a_japanese_browser_lands_in_japanese_on_its_first_visit(page, browser, live_server):
    # `page` restores the seeded site; this reader's browser asks for Japanese.
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    try:
        tab = context.new_page()
        tab.goto("/")
        expect(tab).to_have_url(re.compile(r"/ja/$"))
        expect(tab.locator("html")).to_have_attribute("lang", "ja")
        expect(tab.get_by_role("link", name="コースのモジュールを見る")).to_be_visible()
        # Its search works from the Japanese interface, and answers in it.
        tab.get_by_label("サイト内検索").fill("phonics")
        tab.get_by_label("サイト内検索").press("Enter")
        expect(tab).to_have_url(re.compile(r"/ja/search/\?q=phonics"))
        expect(tab.get_by_role("status").first).to_contain_text("「phonics」の検索結果")
        expect(tab.get_by_role("link", name="Phonics").first).to_have_attribute(
            "href", re.compile(r"^/ja/modules/")
        )
    finally:
        context.close()


def test_a_jte_writes_to_the_editors_in_japanese(page, browser, live_server):
    # `page` restores the seeded site; the JTE's browser asks for Japanese.
    editor = get_user_model().objects.create_user(
        "jte-inbox", email="jte-inbox@example.com", password="a-long-pass-phrase"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    try:
        tab = context.new_page()
        tab.goto("/ja/")
        tab.get_by_role("navigation", name="メインメニュー").get_by_role(
            "link", name="お問い合わせ"
        ).click()
        expect(tab).to_have_url(re.compile(r"/ja/contact/$"))
        assert serious_accessibility_violations(tab) == []
        tab.get_by_label("お名前").fill("佐藤 花子")
        tab.get_by_label("メールアドレス").fill("hanako.sato@example.jp")
        tab.get_by_label("どのモジュールについてですか？（任意）").select_option(
            label="Teachers Working Together"
        )
        tab.get_by_label("メッセージ", exact=True).fill(
            "ALTの先生と打ち合わせの時間を取るのが難しいです。"
            "短時間でできる打ち合わせの例があると助かります。"
        )
        tab.get_by_label("メッセージがモジュールの変更につながったらメールで知らせてほしい").check()
        tab.get_by_role("button", name="送信する").click()
        expect(tab.get_by_role("heading", level=1)).to_contain_text(
            "メッセージは編集部に届きました"
        )
        expect(tab.get_by_role("link", name="「Teachers Working Together」に戻る")).to_be_visible()
    finally:
        context.close()

    item = Feedback.objects.get(sender_email="hanako.sato@example.jp")
    assert item.language == Feedback.JAPANESE
    assert item.module == ModulePage.objects.get(slug=MODULE)
    assert item.notify_sender and "打ち合わせ" in item.text
    # The editors are told in the site's own language, with the message as written.
    told = [message for message in mail.outbox if message.to == ["jte-inbox@example.com"]]
    assert len(told) == 1
    assert "wrote through the contact form" in told[0].body
    assert "打ち合わせの時間" in told[0].body
