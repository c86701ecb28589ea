"""What a new reader meets on a first visit, in a real browser: the discussion's filters, printing
a module, moving through the course, small screens and the comment box."""

import re

from playwright.sync_api import expect

from modules.models import ModulePage
from tests.helpers import add_comment

MODULE = "teachers-working-together"


def test_each_task_chip_filters_the_discussion_and_shows_as_chosen(page):
    module = ModulePage.objects.get(slug=MODULE)
    tasks = list(module.reflection_tasks.all())
    add_comment(module, "First task: we plan at lunch.", task=tasks[0])
    add_comment(module, "Second task: the JTE leads.", task=tasks[1])
    add_comment(module, "A general remark.")

    page.goto(module.url)
    chips = page.get_by_role("navigation", name="Show comments answering")
    comments = page.locator("#discussion article.comment")
    expect(comments).to_have_count(3)

    chips.get_by_role("link", name="Task 1 (1)").click()
    expect(page).to_have_url(re.compile(r"\?task=1#discussion$"))
    expect(chips.get_by_role("link", name="Task 1 (1)")).to_have_attribute("aria-current", "true")
    expect(chips.get_by_role("link", name="All (3)")).not_to_have_attribute("aria-current", "true")
    expect(comments).to_have_count(1)
    expect(comments).to_contain_text("we plan at lunch")

    chips.get_by_role("link", name="Task 2 (1)").click()
    expect(page).to_have_url(re.compile(r"\?task=2#discussion$"))
    expect(comments).to_have_count(1)
    expect(comments).to_contain_text("the JTE leads")

    chips.get_by_role("link", name="All (3)").click()
    expect(chips.get_by_role("link", name="All (3)")).to_have_attribute("aria-current", "true")
    expect(comments).to_have_count(3)
