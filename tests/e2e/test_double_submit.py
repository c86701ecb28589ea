"""Sending twice stores once, in a real browser: double-click each form's button, reload the page
the POST answered, go back and send again; each stores one item and sends one email, and the
person is told kindly that it already arrived."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from blog.models import ArticlePage
from community.models import Comment, Feedback, Profile, Topic
from modules.models import ModulePage
from tests.conftest import wait_until_idle
from tests.helpers import ABSTRACT

PASSWORD = "a-long-pass-phrase"


@pytest.fixture(autouse=True)
def editor(db):
    user = get_user_model().objects.create_user(
        "ds-editor", email="ds-editor@example.com", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture(autouse=True)
def slow_posts(monkeypatch):
    """Every POST takes a moment to answer, as on a school's connection: long enough for the
    second click of a double-click to arrive while the first is being handled."""
    import time

    from altcms.http.middleware import RequestLogMiddleware

    handle = RequestLogMiddleware.__call__

    def slowly(self, request):
        if request.method == "POST":
            time.sleep(0.4)
        return handle(self, request)

    monkeypatch.setattr(RequestLogMiddleware, "__call__", slowly)


@pytest.fixture
def posts(page):
    """The POSTs the browser sends, in order."""
    sent = []
    page.on(
        "request", lambda request: sent.append(request.url) if request.method == "POST" else None
    )
    return sent


def sign_in(page, username="ds-member"):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.com", password=PASSWORD, first_name="Dana"
    )
    user.date_joined = timezone.now() - timedelta(days=90)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Dana")
    return user


def double_click(button):
    """Two clicks on a submit button, the second while the first one's request is on its way,
    as a person's double-click does on a slow connection."""
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    button.page.mouse.click(x, y)
    button.page.wait_for_timeout(150)
    button.page.mouse.click(x, y)


def settle(page, live_server):
    page.wait_for_load_state("load")
    wait_until_idle(live_server)


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_the_contact_form_double_clicked_reloaded_and_sent_again(page, live_server, posts):
    page.goto("/contact/")
    page.get_by_label("Your name").fill("Saoirse 佐藤")
    page.get_by_label("Your email").fill("saoirse@example.com")
    page.get_by_label("Your message").fill("The link in Listening is broken. 🙏")
    double_click(page.get_by_role("button", name="Send message"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("your message is with the editors")
    settle(page, live_server)
    assert len(posts) >= 2, "the double-click sent one request only"
    assert Feedback.objects.count() == 1
    assert len(emails_to("ds-editor@example.com")) == 1

    page.reload()  # the thank-you page is a GET: nothing is sent again
    expect(page.get_by_role("heading", level=1)).to_contain_text("with the editors")
    settle(page, live_server)
    assert Feedback.objects.count() == 1 and len(posts) >= 2

    page.go_back()
    expect(page.get_by_label("Your message")).to_have_value("The link in Listening is broken. 🙏")
    page.get_by_role("button", name="Send message").click()
    settle(page, live_server)
    expect(page.get_by_text("We already have this")).to_be_visible()
    settle(page, live_server)
    assert Feedback.objects.count() == 1
    assert len(emails_to("ds-editor@example.com")) == 1


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_a_comment_double_clicked_and_sent_again_after_going_back(
    page, live_server, posts, signed_in
):
    module = ModulePage.objects.get(slug="listening")
    if signed_in:
        sign_in(page)
    page.goto(module.url + "#comment-form")
    form = page.locator("#comment-form")
    if not signed_in:
        form.get_by_label("Your name").fill("Visitor")
        form.get_by_label("Your email").fill("visitor@example.com")
    form.get_by_label("Your comment").fill("We do a listening warm-up every lesson. 毎回です。")
    double_click(form.get_by_role("button", name="Post comment"))
    if signed_in:  # the answer to the second click: the comment, and that it arrived once
        expect(page.locator(".comment-list").first).to_contain_text("listening warm-up")
        expect(page.get_by_text(re.compile("Your comment is posted|already sent"))).to_be_visible()
    else:
        expect(page.get_by_role("heading", level=1)).to_contain_text("email")
    settle(page, live_server)
    assert len(posts) >= 2
    assert Comment.objects.count() == 1
    if not signed_in:
        assert len(emails_to("visitor@example.com")) == 1

    page.reload()
    settle(page, live_server)
    assert Comment.objects.count() == 1

    page.go_back()
    form = page.locator("#comment-form")
    expect(form.get_by_label("Your comment")).to_have_value(re.compile("listening warm-up"))
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("You had already sent this comment")).to_be_visible()
    settle(page, live_server)
    assert Comment.objects.count() == 1
    if not signed_in:
        assert len(emails_to("visitor@example.com")) == 1


def test_a_reply_and_a_topic_double_clicked(page, live_server, posts):
    sign_in(page)
    board_url = "/forum/team-teaching/"
    page.goto(board_url + "new/")
    page.get_by_label("Title").fill("Planning with two JTEs")
    page.get_by_label("Your post").fill("How do you find time to plan? 打ち合わせの時間は？")
    double_click(page.get_by_role("button", name="Post topic"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning with two JTEs")
    settle(page, live_server)
    assert Topic.objects.count() == 1
    topic = Topic.objects.get()
    other = Comment.objects.none()
    from tests.helpers import add_comment

    other = add_comment(topic, "Before the morning meeting.", user_name="Mia")
    page.goto(topic.url)
    page.locator(f"#c{other.pk}").get_by_role("link", name="Reply to Mia").click()
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("Same here, 8:10 every Monday.")
    double_click(form.get_by_role("button", name="Post reply"))
    expect(page.get_by_text("Same here, 8:10 every Monday.")).to_be_visible()
    settle(page, live_server)
    assert Comment.objects.filter(parent_id=other.pk).exclude(pk=other.pk).count() == 1
    page.go_back()
    page.locator("#comment-form").get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("You had already sent this comment")).to_be_visible()
    settle(page, live_server)
    assert Comment.objects.filter(parent_id=other.pk).exclude(pk=other.pk).count() == 1


def test_an_article_and_a_profile_double_clicked(page, live_server, posts):
    user = sign_in(page)
    page.goto("/resources/research/submit/")
    page.get_by_label("Title").fill("Role cards in team teaching")
    page.get_by_label("Abstract").fill(ABSTRACT)
    page.get_by_label("Article").fill("## Method\nTwo JTEs, one term.\n\n## Findings\nIt helped.")
    double_click(page.get_by_role("button", name="Send to the editors"))
    expect(page.get_by_text(re.compile("is with the editors|We already have this"))).to_be_visible()
    settle(page, live_server)
    assert ArticlePage.objects.filter(submitted_by=user).count() == 1
    editors_told = len(emails_to("ds-editor@example.com"))
    assert editors_told >= 1
    page.go_back()
    page.get_by_role("button", name="Send to the editors").click()
    expect(page.get_by_text("We already have this")).to_be_visible()
    settle(page, live_server)
    assert ArticlePage.objects.filter(submitted_by=user).count() == 1
    assert len(emails_to("ds-editor@example.com")) == editors_told

    page.goto("/community/me/profile/")
    page.get_by_label("Display name").fill("Dana 🌸")
    double_click(page.get_by_role("button", name="Save profile"))
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    settle(page, live_server)
    assert Profile.objects.filter(user=user).count() == 1
    assert Profile.objects.get(user=user).display_name == "Dana 🌸"
