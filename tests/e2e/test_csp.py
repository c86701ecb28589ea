"""The Content-Security-Policy breaks nothing: the site's main pages and the Wagtail admin's page
editor run in Chromium with no policy violation reported, while the policy is really enforced."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from playwright.sync_api import expect

from modules.models import ModulePage

# Records every violation the browser reports, before any script of the page runs.
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch(page):
    console = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(WATCH)
    return console


def violations(page, console):
    return page.evaluate("window.__csp") + console


def test_the_public_pages_run_under_the_policy(page):
    console = watch(page)
    module = ModulePage.objects.get(slug="teachers-working-together")
    for url in ["/", "/modules/", module.url, "/blog/", "/forum/", "/resources/", "/contact/"]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert violations(page, console) == [], url
    # The search box's suggestions (fetch, script-built list) work under connect-src 'self'.
    page.goto("/search/")
    page.locator("#site-search-q").fill("team")
    expect(page.locator("header [role=listbox] [role=option]").first).to_be_visible()
    assert violations(page, console) == []


def test_the_policy_is_enforced(page):
    console = watch(page)
    page.goto("/modules/")
    page.evaluate(
        """() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.append(s); }"""
    )
    assert page.evaluate("window.__injected") is None
    assert any("script-src" in line for line in violations(page, console))


def test_the_admin_and_its_page_editor_run_under_the_policy(page):
    editor = get_user_model().objects.create_user("csp-editor", password="a-long-pass-phrase")
    editor.groups.add(Group.objects.get(name="Editors"))
    module = ModulePage.objects.get(slug="vocabulary")
    console = watch(page)

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("csp-editor")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert violations(page, console) == []

    page.goto(f"/admin/pages/{module.pk}/edit/")
    expect(page.locator("#id_summary")).to_have_value(module.summary)
    # The rich-text editor (Draftail) and the StreamField blocks are live.
    expect(page.locator(".Draftail-Editor").first).to_be_visible()
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type(" Checked under the policy.")
    # The live preview panel, which frames the page itself.
    page.get_by_role("button", name="Toggle preview").click()
    expect(page.locator("iframe#w-preview-iframe, iframe.w-preview__iframe").first).to_be_attached()
    page.wait_for_timeout(1500)
    found = violations(page, console)
    assert found == [], "\n".join(found)

    for url in ["/admin/pages/", "/admin/snippets/", "/admin/images/", "/admin/documents/"]:
        page.goto(url)
        assert violations(page, console) == [], url
