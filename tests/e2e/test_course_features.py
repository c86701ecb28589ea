"""In Chromium: a module's self-check answered without an account and without JavaScript, the
model dialogues and the JTE handout, and a visitor's progress along a learning path."""

import re

from playwright.sync_api import expect

from modules.models import ModulePage
from tests.e2e.conftest import serious_accessibility_violations

MODULE = "teachers-working-together"


def test_a_self_check_answered_without_javascript(browser, live_server, page):
    # `page` restores the site; this context is a visitor's browser with JavaScript off.
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    module = ModulePage.objects.get(slug=MODULE)
    tab.goto(module.url + "#self-check")
    section = tab.locator("#self-check")
    questions = [block.value for block in module.self_check]
    for number, question in enumerate(questions, start=1):
        right = next(i for i, a in enumerate(question["answers"]) if a["correct"])
        tab.locator(f'input[name="q{number}"][value="{right}"]').check()
    section.get_by_role("button", name="Check my answers").click()
    expect(tab).to_have_url(re.compile(r"\?check=1&q1=.*#self-check$"))
    expect(section.locator(".self-check__score")).to_contain_text("Passed")
    first = section.locator("#self-check-1")
    expect(first.locator(".self-check__feedback").first).to_contain_text("Right.")
    expect(first.locator(".self-check__mark--right")).to_have_text("Right answer")
    tab.get_by_role("link", name="Start again").click()
    expect(tab.locator(".self-check__score")).to_have_count(0)
    context.close()


def test_the_self_check_and_dialogues_are_accessible_on_a_phone(page):
    module = ModulePage.objects.get(slug=MODULE)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(module.url + "?check=1&q1=0&q2=1#self-check")
    expect(page.locator(".self-check__score")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(module.url + "#dialogues")
    expect(page.locator("article.dialogue").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_accessibility_violations(page) == []


def test_the_jte_handout_opens_and_prints_on_one_page(page):
    module = ModulePage.objects.get(slug=MODULE)
    page.goto(module.url)
    page.get_by_role("link", name="Share with your JTE").click()
    expect(page.locator("article.handout h1")).to_have_text(module.jte_title)
    assert page.locator("article.handout").get_attribute("lang") == "ja"
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_a_visitors_progress_along_a_path_comes_from_their_browser(page):
    first = ModulePage.objects.get(slug="the-japanese-context")
    second = ModulePage.objects.get(slug="alts")
    for module in (first, second):
        page.goto(module.url)
        page.get_by_role("button", name="Mark this module as done").click()
        expect(page.get_by_role("button", name=re.compile("Done"))).to_be_visible()
    page.goto("/modules/paths/your-first-month/")
    path = page.locator("section.path")
    expect(path.locator(".path__progress")).to_have_text("2 of 6 modules done")
    expect(path.locator(f'[data-module-id="{first.pk}"]')).to_have_class(re.compile("is-done"))
