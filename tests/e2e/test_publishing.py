"""Publishing in a real browser: read a post and follow a tag; download a citation; an ALT
submits an article, an editor approves it in the Wagtail admin, and it goes live."""

import re
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from blog.models import ArticlePage, BlogPostPage
from tests.e2e.conftest import serious_accessibility_violations
from tests.helpers import ABSTRACT


def member(username, groups=(), **names):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.com", password="a-long-pass-phrase", **names
    )
    user.date_joined = timezone.now() - timedelta(days=90)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def sign_in(page, username, url="/accounts/login/"):
    page.goto(url)
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()


def test_read_a_post_and_follow_a_tag(page):
    post = BlogPostPage.objects.get(slug="what-is-an-alt")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog").click()
    page.get_by_role("link", name=post.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(post.title)
    tag = post.tags.first().name
    page.locator(".post__tags").get_by_role("link", name=tag, exact=True).click()
    expect(page).to_have_url(re.compile(r"/blog/\?tag="))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"tagged “{tag}”")
    expect(page.get_by_role("link", name=post.title)).to_be_visible()
    tagged = BlogPostPage.objects.live().filter(tags__name=tag).count()
    expect(page.locator(".post-card")).to_have_count(tagged)
    assert serious_accessibility_violations(page) == []


def test_download_a_bibtex_citation(page):
    article = ArticlePage.objects.live().get(is_example=True)
    page.goto(article.url)
    assert serious_accessibility_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Cite (BibTeX)").click()
    download = download_info.value
    assert download.suggested_filename == f"{article.slug}.bib"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("@article{") and "journal = {ALT Training Online}" in text


def test_an_alt_submits_an_article_and_an_editor_approves_it(page, browser, live_server):
    member("kaito", first_name="Kaito", last_name="Mori")
    member("hanae", groups=["Editors"])

    sign_in(page, "kaito", "/accounts/login/?next=/resources/research/submit/")
    expect(page.get_by_role("heading", name="Submit your research")).to_be_visible()
    page.get_by_label("Title").fill("Exit tickets in junior high")
    expect(page.get_by_label("Authors")).to_have_value("Kaito Mori")  # from the account
    page.get_by_label("Authors").fill("Kaito Mori\nRie Saito (JTE)")
    page.get_by_label("Abstract").fill("I tried one-question exit tickets with three classes.")
    page.get_by_role("button", name="Send to the editors").click()
    expect(page.get_by_text("The abstract has 8 words; it needs 150 to 300.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Exit tickets in junior high")
    page.get_by_label("Abstract").fill(ABSTRACT)
    page.get_by_label("Keywords").fill("assessment, junior high")
    page.get_by_label("Article").fill(
        "## Method\nThree classes, six weeks.\n\n## Findings\nShort answers got longer."
    )
    page.get_by_label("Your prefecture").select_option(label="Gifu")
    page.get_by_role("button", name="Send to the editors").click()
    expect(page.get_by_text("is with the editors")).to_be_visible()
    expect(page.locator(".submissions")).to_contain_text("With the editors")
    article = ArticlePage.objects.get(title="Exit tickets in junior high")
    assert not article.live

    # The editor, in their own browser, approves it in the Wagtail admin.
    editor_context = browser.new_context(base_url=live_server.url)
    editor = editor_context.new_page()
    editor.goto("/admin/login/")
    editor.get_by_label("Username").fill("hanae")
    editor.get_by_label("Password").fill("a-long-pass-phrase")
    editor.get_by_role("button", name="Sign in").click()
    editor.goto(f"/admin/pages/{article.pk}/edit/")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Approve").first.click()
    # Wait for the approval to finish before the test reads the database: the server and this
    # thread must not query at the same time (on SQLite they share one connection).
    expect(editor.get_by_text("has been updated")).to_be_visible()
    editor_context.close()

    article.refresh_from_db()
    assert article.live
    page.goto(article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Exit tickets in junior high")
    expect(page.locator(".article__authors")).to_contain_text("Gifu")
    expect(page.locator(".article__authors li")).to_have_text(
        ["Kaito Mori (ALT, Gifu)", "Rie Saito (JTE)"]
    )
    page.goto("/resources/research/submit/")
    expect(page.locator(".submissions")).to_contain_text("Published")
