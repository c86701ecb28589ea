"""A reader finds a module through the tabs and follows a reflection-task link."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serious_accessibility_violations


def test_reader_goes_from_home_to_a_reflection_task(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ALT job")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Course modules").click()
    expect(page).to_have_url(re.compile(r"/modules/$"))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Course modules")
    ).to_have_attribute("aria-current", "page")

    page.get_by_role("heading", name="Contextual").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/modules/contextual/$"))
    expect(page.locator(".module-card")).to_have_count(6)

    page.get_by_role("link", name="Teachers Working Together").click()
    expect(page).to_have_url(re.compile(r"/modules/contextual/teachers-working-together/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Teachers Working Together")

    toc = page.get_by_role("navigation", name="On this page")
    toc.get_by_role("link", name="Task 2", exact=True).click()
    expect(page).to_have_url(re.compile(r"#reflection-2$"))
    task = page.locator("#reflection-2")
    expect(task).to_be_in_viewport()
    expect(task).to_be_focused()  # the enhancement moves keyboard focus with the scroll
    expect(task).to_contain_text("Task 2")


def test_the_skip_link_takes_keyboard_users_to_the_content(page):
    page.goto("/modules/training/phonics/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/modules/",
        "/modules/contextual/",
        "/modules/contextual/teachers-working-together/",
        "/modules/training/phonics/",
        "/no-such-page/",
        "/accounts/login/",
        "/discussion/check-your-email/",
    ],
)
def test_no_serious_accessibility_violations(page, url):
    page.goto(url)
    assert serious_accessibility_violations(page) == []


def test_pages_fit_a_phone_screen(page):
    page.set_viewport_size({"width": 375, "height": 800})
    for url in ["/", "/modules/", "/modules/contextual/alts/"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px on a phone"
