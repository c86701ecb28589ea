"""What a new reader meets on a first visit, in a real browser: the discussion's filters, printing
a module, moving through the course, small screens and the comment box."""

import re

from django.urls import reverse

from playwright.sync_api import expect

from blog.models import ArticlePage, BlogPostPage
from community.models import ForumBoardPage, Profile, Topic
from home.models import StandardPage
from modules.models import ModulePage
from tests.helpers import add_comment, make_user

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


def test_next_module_crosses_categories_and_visitors_continue_where_they_left_off(page):
    course = list(ModulePage.objects.live().order_by("path"))
    page.goto("/modules/contextual/learners/")
    pager = page.get_by_role("navigation", name="Moving through the course")
    pager.get_by_role("link", name=re.compile("Approaches and Methods")).click()
    expect(page).to_have_url(re.compile(r"/modules/training/approaches-and-methods/$"))
    expect(pager.get_by_role("link", name=re.compile("Previous module"))).to_contain_text(
        "Contextual"
    )
    page.goto("/modules/professional-development/writing-articles/")
    pager.get_by_role("link", name=re.compile("Back to the course overview")).click()
    expect(page).to_have_url(re.compile(r"/modules/$"))
    expect(page.locator(".continue")).to_be_hidden()  # nothing done yet

    # A visitor marks the first two modules done; the browser keeps it.
    for module in course[:2]:
        page.goto(module.url)
        page.get_by_role("button", name="Mark this module as done").click()
        expect(page.get_by_role("button", name="Done ✓")).to_be_visible()
    for url in ["/", "/modules/"]:
        page.goto(url)
        found = page.locator(".continue")
        expect(found).to_be_visible()
        expect(found).to_contain_text("Continue where you left off")
        expect(found).to_contain_text("2 of 19 modules done")
        expect(found.get_by_role("link")).to_have_text(course[2].title)
    page.locator(".continue").get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(course[2].url) + "$"))


def test_printing_a_module_gives_its_content_and_addresses_without_the_sites_controls(page):
    module = ModulePage.objects.get(slug=MODULE)
    add_comment(module, "A comment that belongs on the screen, not on paper.")
    page.goto(module.url)
    page.emulate_media(media="print")
    for selector in [
        ".site-header",
        ".site-search",
        "nav[aria-label='Main']",
        ".breadcrumbs",
        ".module-toc",
        ".progress-toggle",
        "#discussion",
        "#comment-form",
        ".pager",
        ".task__actions",
        ".site-footer",
    ]:
        expect(page.locator(selector).first).to_be_hidden()
    for selector in ["h1", "#learning-goals", ".module-body", "#reflection-tasks", "#readings"]:
        expect(page.locator(selector).first).to_be_visible()
    address = page.locator(".print-address")
    expect(address).to_be_visible()
    expect(address).to_contain_text(f"{page.url}")
    # Each reading prints its address where the screen shows "Find it".
    link = page.locator("#readings a.reading__link").first
    printed = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert printed.strip('"') == link.get_attribute("href")
    visible_buttons = page.evaluate(
        "[...document.querySelectorAll('button, input, select, textarea')]"
        ".filter(e => e.offsetParent !== null).length"
    )
    assert visible_buttons == 0
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4")))
    # The module grew by a section on teaching with a homeroom teacher and its "Try it tomorrow"
    # actions since this bound was set (5 pages then); its dialogues and self-check stay online.
    assert 1 <= pages <= 7, f"the module prints on {pages} A4 pages (9 with the site's controls)"


LONG = "Teamteaching" * 8  # 96 letters with nowhere to break
PHONE = {"width": 390, "height": 844}


def test_no_page_type_scrolls_sideways_on_a_phone(page):
    board = ForumBoardPage.objects.get(slug="team-teaching")
    member = make_user("phoneuser", first_name="Mio", last_name="Abe")
    topic = Topic.objects.create(board=board, author=member, title=f"How {LONG}?", body=LONG)
    module = ModulePage.objects.get(slug=MODULE)
    add_comment(module, f"See https://example.org/{LONG}/{LONG} and {LONG}", user_name=LONG[:50])
    add_comment(topic, f"Reply {LONG}", user_name="Ren")
    urls = {
        "home": "/",
        "module index": "/modules/",
        "category": "/modules/training/",
        "module": module.url,
        "module, a filtered discussion": module.url + "?task=1",
        "resources": "/resources/",
        "research index": "/resources/research/",
        "article": ArticlePage.objects.live().first().url,
        "submit research": "/resources/research/submit/",
        "blog": "/blog/",
        "blog post": BlogPostPage.objects.live().first().url,
        "forum": "/forum/",
        "board": board.url,
        "topic": topic.url,
        "contact": "/contact/",
        "plain page": StandardPage.objects.live().first().url,
        "search": f"/search/?q={LONG}",
        "search results": "/search/?q=team+teaching",
        "sign in": "/accounts/login/",
        "join": "/accounts/signup/",
        "not found": f"/{LONG}/",
    }
    page.set_viewport_size(PHONE)
    too_wide = {}
    for kind, url in urls.items():
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[kind] = width
    # And what a member sees, signed in with a long name on a public profile.
    member.set_password("a-long-pass-phrase")
    member.last_name = LONG
    member.save()
    Profile.objects.create(user=member, display_name=LONG[:60], bio=LONG, is_public=True)
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill("phoneuser")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Account")).to_be_visible()
    for kind, url in {
        "your space": reverse("community:me"),
        "profile form": reverse("community:edit_profile"),
        "public profile": reverse("community:person", args=["phoneuser"]),
        "new topic": board.url + "new/",
        "topic, signed in": topic.url,
        "module, signed in": module.url,
    }.items():
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[kind] = width
    assert not too_wide, f"pages wider than a 390 px phone: {too_wide}"


def test_the_comment_box_counts_characters_and_previews_the_markdown(page, browser, live_server):
    module = ModulePage.objects.get(slug=MODULE)
    page.goto(module.url)
    form = page.locator("#comment-form")
    box = form.get_by_label("Your comment")
    count = form.locator(".char-count")
    expect(count).to_have_text("0 / 3,000 characters")
    text = "**Students** answered in *full sentences* 🙂\n\n- one\n- two"
    box.fill(text)
    expect(count).to_have_text(f"{len(text)} / 3,000 characters")  # as Python counts: 🙂 is one
    form.get_by_role("button", name="Preview").click()
    preview = form.get_by_label("Preview, as it will be published")
    expect(preview.locator("strong")).to_have_text("Students")
    expect(preview.locator("em")).to_have_text("full sentences")
    expect(preview.locator("li")).to_have_text(["one", "two"])
    box.fill("Now *changed*")
    expect(preview.locator("em")).to_have_text("changed")  # it follows the typing
    form.get_by_role("button", name="Hide preview").click()
    expect(preview).to_be_hidden()

    box.fill("x" * 3050)
    expect(count).to_have_text("3,050 / 3,000 characters: 50 too many")
    expect(count).to_have_class(re.compile("is-over"))

    # Without JavaScript the box is the plain form it was, and posting still works.
    plain = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = plain.new_page()
    tab.goto(module.url)
    plain_form = tab.locator("#comment-form")
    expect(plain_form.locator(".char-count")).to_have_count(0)
    expect(plain_form.get_by_role("button", name="Preview")).to_have_count(0)
    plain_form.get_by_label("Your name").fill("Mia")
    plain_form.get_by_label("Your email").fill("mia@example.com")
    plain_form.get_by_label("Your comment").fill("Posted without **JavaScript**.")
    plain_form.get_by_role("button", name="Post comment").click()
    expect(tab).to_have_url(re.compile(r"/discussion/check-your-email/"))
    plain.close()
