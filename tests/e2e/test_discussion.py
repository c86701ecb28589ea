"""The discussion in a real browser: a signed-in ALT answers task 2, replies, edits; an
anonymous reader posts, confirms from the emailed link, and sees the comment appear."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from modules.models import ModulePage
from tests.e2e.conftest import serious_accessibility_violations
from tests.helpers import add_comment


@pytest.fixture(autouse=True, params=[0, 600], ids=["rendered", "shared-cache"])
def shared_cache(request, settings):
    """Each journey twice: every part rendered afresh, and as the site runs, with routes, lists
    and the comment form's visible part from the shared cache."""
    settings.FRAGMENT_CACHE_SECONDS = request.param


MODULE = "teachers-working-together"


def make_alt():
    user = get_user_model().objects.create_user(
        "hana", email="hana@example.com", password="a-long-pass-phrase", first_name="Hana"
    )
    user.date_joined = timezone.now() - timedelta(days=90)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_signed_in_alt_answers_a_task_replies_and_edits(page):
    make_alt()
    module = ModulePage.objects.get(slug=MODULE)
    other = add_comment(module, "How do you plan with so little time?", user_name="Mia")

    page.goto(f"/accounts/login/?next={module.url}")
    page.get_by_label("Username or email").fill("hana")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(module.url) + "$"))
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Hana")

    # Answer reflection task 2.
    page.locator("#reflection-2").get_by_role("link", name="Answer this task").click()
    form = page.locator("#comment-form")
    expect(form.get_by_role("heading")).to_have_text("Answer task 2")
    expect(form.get_by_label("What are you answering?")).to_contain_text("Task 2")
    form.get_by_label("Your comment").fill("We meet for five minutes at lunch: 打ち合わせ.")
    form.get_by_role("button", name="Post comment").click()
    answer = page.locator("article.comment", has_text="We meet for five minutes at lunch")
    expect(answer).to_be_visible()
    expect(answer).to_contain_text("Answers task 2")
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()

    # Reply to someone else's comment; it appears threaded beneath it.
    page.locator(f"#c{other.pk}").get_by_role("link", name="Reply to Mia").click()
    form = page.locator("#comment-form")
    expect(form.get_by_role("heading")).to_have_text("Reply to Mia")
    form.get_by_label("Your comment").fill("Sticky notes on the textbook page help me.")
    form.get_by_role("button", name="Post reply").click()
    thread = page.locator(f"li.comment-item:has(> #c{other.pk})")
    reply = thread.locator("ol.comment-list--replies article.comment")
    expect(reply).to_contain_text("Sticky notes on the textbook page help me.")

    # Edit it.
    reply.get_by_role("link", name="Edit").click()
    page.get_by_label("Your comment").fill("Colour-coded sticky notes on the textbook page help.")
    page.get_by_role("button", name="Save changes").click()
    reply = page.locator(f"li.comment-item:has(> #c{other.pk}) ol.comment-list--replies article")
    expect(reply).to_contain_text("Colour-coded sticky notes")
    expect(reply).to_contain_text("edited")
    expect(page.locator("#discussion h2")).to_contain_text("3 comments")


def test_anonymous_reader_posts_and_confirms_by_email(page):
    module = ModulePage.objects.get(slug=MODULE)
    page.goto(module.url + "#comment-form")
    form = page.locator("#comment-form")
    form.get_by_label("Your name").fill("Ren")
    form.get_by_label("Your email").fill("ren@example.com")
    form.get_by_label("Your comment").fill("Reading this before my first day. ありがとう!")
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    page.goto(module.url)
    expect(page.locator("#discussion")).not_to_contain_text("Reading this before my first day")

    message = next(m for m in mail.outbox if m.to == ["ren@example.com"])
    link = re.search(r"https?://\S+/discussion/confirm/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Publish my comment").click()
    comment = page.locator("article.comment", has_text="Reading this before my first day")
    expect(comment).to_be_visible()
    expect(comment).to_contain_text("Ren")
    expect(comment).to_contain_text("ありがとう!")


def test_a_busy_discussion_has_no_serious_accessibility_violations(page):
    module = ModulePage.objects.get(slug=MODULE)
    task = module.reflection_tasks.first()
    root = add_comment(module, "**Bold** answer with a [link](https://example.org)", task=task)
    reply = add_comment(module, "A reply", parent=root)
    add_comment(module, "A reply to the reply", parent=reply)
    removed = add_comment(module, "Removed later")
    add_comment(module, "Reply kept", parent=removed)
    removed.is_removed = True
    removed.save()
    page.goto(module.url + "?reply=" + str(root.pk) + "#comment-form")
    expect(page.locator("#comment-form h3")).to_contain_text("Reply to")
    assert serious_accessibility_violations(page) == []


def test_a_new_accounts_first_answer_shows_where_they_land_marked_as_waiting(page):
    user = make_alt()
    user.date_joined = timezone.now() - timedelta(days=1)  # a new account
    user.save()
    module = ModulePage.objects.get(slug=MODULE)
    page.goto(f"/accounts/login/?next={module.url}")
    page.get_by_label("Username or email").fill("hana")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(module.url) + "$"))

    page.locator("#reflection-2").get_by_role("link", name="Answer this task").click()
    form = page.locator("#comment-form")
    expect(form).to_contain_text("your first comment is checked by a moderator")
    form.get_by_label("Your comment").fill("We meet for five minutes at lunch: 打ち合わせ.")
    form.get_by_role("button", name="Post comment").click()
    answer = page.locator("article.comment", has_text="We meet for five minutes at lunch")
    expect(answer).to_be_in_viewport()  # where the reader lands, not 14,000 px below a notice
    expect(answer).to_contain_text("Waiting for a moderator — only you can see this.")
    expect(answer).to_contain_text("Answers task 2")
    expect(page.locator("#discussion h2")).to_contain_text("0 comments")
