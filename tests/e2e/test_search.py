"""Searching in the browser: suggestions as you type, the result page, the filter, Japanese."""

import re

from playwright.sync_api import expect

from tests.conftest import wait_until_idle
from tests.e2e.conftest import serious_accessibility_violations


def test_the_header_box_suggests_titles_and_the_keyboard_picks_one(page):
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    box.press_sequentially("t")
    expect(page.get_by_role("listbox", name="Suggested pages")).to_be_hidden()
    box.press_sequentially("ea")
    listbox = page.get_by_role("listbox", name="Suggested pages")
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option").first).to_contain_text("Teachers Working Together")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/modules/contextual/teachers-working-together/$"))


def test_japanese_typed_into_the_header_box_suggests_the_modules_that_use_it(page):
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    box.fill("指")  # one kanji is a word: suggested at once
    listbox = page.get_by_role("listbox", name="Suggested pages")
    expect(listbox).to_be_visible()
    box.fill("指導")  # no title says it; most modules do
    expect(listbox.get_by_role("option")).to_have_count(8)
    expect(listbox.get_by_role("option").first).to_contain_text("Module")
    box.fill("x")
    expect(listbox).to_be_hidden()


def test_escape_closes_the_suggestions_and_enter_still_searches(page):
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    box.press_sequentially("phonics")
    expect(page.get_by_role("listbox", name="Suggested pages")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggested pages")).to_be_hidden()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=phonics$"))
    expect(page.locator("ol.search-results li").first).to_contain_text("Phonics")


def test_the_result_page_filters_by_kind_and_passes_axe(page):
    page.goto("/search/?q=yakudoku")
    results = page.locator("ol.search-results > li")
    expect(results.first).to_be_visible()
    reading = results.filter(has_text="Reading").first
    expect(reading.locator(".kind-badge")).to_have_text("Module")
    expect(reading.locator(".search-result__category")).to_have_text("Training")
    expect(reading.locator("mark").first).to_be_visible()
    expect(page.get_by_text("Also searched for")).to_contain_text("訳読")
    assert serious_accessibility_violations(page) == []

    kind_filter = page.get_by_role("navigation", name="Kinds of result")
    kind_filter.get_by_role("link", name="Modules").click()
    expect(page).to_have_url(re.compile(r"kind=module"))
    kinds = page.locator("ol.search-results .kind-badge")
    expect(kinds.first).to_have_text("Module")
    assert set(kinds.all_inner_texts()) == {"MODULE"}  # shown in capitals by the stylesheet


def test_japanese_search_and_the_no_result_page(page):
    page.goto("/search/?q=学習指導要領")
    expect(page.locator("ol.search-results > li").first).to_be_visible()
    expect(page.locator("ol.search-results mark", has_text="学習指導要領").first).to_be_visible()

    page.goto("/search/?q=phonix")  # searched as the spelling the site knows, and said so
    expect(page.locator(".search-corrected")).to_contain_text("so these are for phonics")
    expect(page.locator("ol.search-results li").first).to_contain_text("Phonics")

    page.goto("/search/?q=zyxwvut")
    expect(page.get_by_role("heading", name="Nothing matched “zyxwvut”")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_a_problem_in_a_teachers_words_leads_to_the_section_that_helps(page, live_server):
    from search.models import SearchTerm

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/search/?q=" + "my students won’t speak")
    box = page.get_by_role("region", name=re.compile("common problem", re.I))
    expect(box).to_be_visible()
    expect(box.locator(".search-problem__label").first).to_have_text(
        re.compile("common problem", re.I)
    )
    assert serious_accessibility_violations(page) == []
    box.locator("a.search-problem__section").first.click()
    expect(page).to_have_url(re.compile(r"/modules/contextual/learners/#section-"))
    for _ in range(50):  # the count is sent in the background as the page changes
        wait_until_idle(live_server)
        if SearchTerm.objects.get(query="my students won’t speak").clicks:
            break
        page.wait_for_timeout(100)
    assert SearchTerm.objects.get(query="my students won’t speak").clicks == 1
