"""Community flows in a real browser: join, confirm, fill the profile, start a topic, reply to
a reply; mark modules done and see progress; download the portfolio."""

import re
from pathlib import Path

from django.core import mail

import pytest
from playwright.sync_api import expect

from community.models import Topic
from modules.models import ModulePage
from tests.helpers import add_comment


@pytest.fixture(autouse=True, params=[0, 600], ids=["rendered", "shared-cache"])
def shared_cache(request, settings):
    """Each journey twice: every part rendered afresh, and as the site runs, with routes, lists
    and the comment form's visible part from the shared cache."""
    settings.FRAGMENT_CACHE_SECONDS = request.param


def test_join_confirm_profile_topic_and_reply_to_a_reply(page):
    page.goto("/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Join").click()
    page.get_by_label("Email").fill("rio@example.com")
    page.get_by_label("Username").fill("rio")
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-42")
    page.get_by_label("Password (again)").fill("a-long-pass-phrase-42")
    page.get_by_role("button", name="Sign Up").click()
    heading = page.get_by_role("heading", name="Verify your email address")
    expect(heading).to_be_visible()
    # The "confirmation sent" message lines up with the heading under it, not indented twice.
    sent = page.locator(".message").filter(has_text="Confirmation email sent")
    assert abs(sent.bounding_box()["x"] - heading.bounding_box()["x"]) < 1

    message = next(m for m in mail.outbox if m.to == ["rio@example.com"])
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("rio")

    # Profile.
    page.goto("/community/me/profile/")
    page.get_by_label("Display name").fill("Rio K.")
    page.get_by_label("How you were hired").select_option(label="JET Programme")
    page.get_by_label("Prefecture").select_option(label="Nagano")
    page.get_by_label("Junior high school").check()
    page.get_by_label("Years as an ALT").fill("2")
    page.get_by_label("About you").fill("Two junior highs in the mountains.")
    page.get_by_label("Show my profile to everyone").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    # Start a topic.
    page.goto("/forum/lesson-ideas/")
    page.get_by_role("link", name=re.compile(r"^Start (a|the first) topic$")).click()
    page.get_by_label("Title").fill("Warm-ups for sleepy first periods")
    page.get_by_label("Your post").fill("What wakes up your first-period class?")
    page.get_by_role("button", name="Post topic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warm-ups for sleepy first periods")
    expect(page.locator(".topic__meta")).to_contain_text("Rio K.")
    # A new member's first post waits for a moderator (approving is tested in the admin).
    expect(page.get_by_text("waiting for a moderator").first).to_be_visible()
    topic = Topic.objects.get()
    assert topic.held
    Topic.objects.filter(pk=topic.pk).update(held=False)

    # Someone replies; Rio replies to that reply, and it is threaded beneath it.
    other = add_comment(topic, "Stand up, sit down, in English!", user_name="Mia")
    page.reload()
    page.locator(f"#c{other.pk}").get_by_role("link", name="Reply to Mia").click()
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("Love it. I add a rhythm clap.")
    form.get_by_role("button", name="Post reply").click()
    reply = page.locator(f"li.comment-item:has(> #c{other.pk}) ol.comment-list--replies article")
    expect(reply).to_contain_text("I add a rhythm clap")
    expect(reply.get_by_role("link", name="Rio K.", exact=True)).to_have_attribute(
        "href", "/community/people/rio/"
    )


def test_mark_two_modules_done_see_progress_and_download_the_portfolio(page):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        "yui", email="yui@example.com", password="a-long-pass-phrase"
    )
    user.date_joined = timezone.now() - timedelta(days=60)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    phonics = ModulePage.objects.get(slug="phonics")
    add_comment(
        phonics, "I'll teach three sounds a week.", user=user, task=phonics.reflection_tasks.first()
    )

    # Before signing in, a module marked done is kept in the browser...
    page.goto("/modules/contextual/jtes/")
    page.get_by_role("button", name="Mark this module as done").click()
    expect(page.get_by_role("button", name="Done ✓")).to_be_visible()
    page.goto("/modules/contextual/")
    expect(page.locator(".module-card.is-done")).to_contain_text("JTEs")

    # ...and merged into the account on signing in.
    page.goto("/accounts/login/?next=/modules/training/phonics/")
    page.get_by_label("Username or email").fill("yui")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/modules/training/phonics/$"))
    page.get_by_role("button", name="Mark this module as done").click()
    expect(page.get_by_role("button", name="Done ✓")).to_be_visible()

    page.goto("/community/me/")
    expect(page.get_by_text("2 of 19 modules done.")).to_be_visible()
    expect(page.locator(".progress-card", has_text="Contextual")).to_contain_text("1 of 6 done")
    expect(page.locator(".progress-card", has_text="Training")).to_contain_text("1 of 7 done")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as Markdown").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "## Phonics" in text and "I'll teach three sounds a week." in text
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    assert Path(download_info.value.path()).read_bytes()[:5] == b"%PDF-"


def test_community_pages_have_no_serious_accessibility_violations(page):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from allauth.account.models import EmailAddress

    from community.models import ForumBoardPage, Profile
    from tests.e2e.conftest import serious_accessibility_violations

    user = get_user_model().objects.create_user(
        "ana", email="ana@example.com", password="a-long-pass-phrase"
    )
    user.date_joined = timezone.now() - timedelta(days=60)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name="Ana", is_public=True, bio="Hello")
    board = ForumBoardPage.objects.get(slug="team-teaching")
    topic = Topic.objects.create(board=board, author=user, title="Roles", body="How?", pinned=True)
    add_comment(topic, "A reply")

    for url in ["/forum/", board.url, topic.url, "/accounts/signup/", "/community/people/ana/"]:
        page.goto(url)
        assert serious_accessibility_violations(page) == [], url

    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill("ana")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()
    for url in ["/community/me/", "/community/me/profile/", board.url + "new/"]:
        page.goto(url)
        assert serious_accessibility_violations(page) == [], url
