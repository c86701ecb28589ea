"""In Chromium: a member with a Japanese name (and an emoji) passes a self-check, records it and
sees it in their progress; with the category complete they open its certificate, which anyone
can open and which prints on one page. Screenshots and the PDF as PNG go to test-artifacts/."""

import re
import shutil
import subprocess
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from community.models import ModuleProgress, Profile, SelfCheckPass
from modules.models import ModuleCategoryPage, ModulePage
from tests.conftest import wait_until_idle
from tests.e2e.conftest import ARTIFACTS, serious_accessibility_violations
from tests.helpers import add_comment, poppler

NAME = "山田 花子 🌸"
PASSWORD = "a-long-pass-phrase"


def sign_in(page, next_url):
    user = get_user_model().objects.create_user(
        "hanako", email="hanako@example.com", password=PASSWORD
    )
    user.date_joined = timezone.now() - timedelta(days=90)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=NAME)
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username or email").fill("hanako")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("hanako")
    return user


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_member_passes_a_self_check_and_opens_a_certificate(page, live_server, tmp_path):
    module = ModulePage.objects.get(slug="teachers-working-together")
    user = sign_in(page, module.url)

    # The self-check, answered right and recorded.
    section = page.locator("#self-check")
    for number, block in enumerate(module.self_check, start=1):
        right = next(i for i, a in enumerate(block.value["answers"]) if a["correct"])
        section.locator(f'input[name="q{number}"][value="{right}"]').check()
    # One press: checking the answers records the pass, said where the reader lands.
    section.get_by_role("button", name="Check my answers").click()
    expect(page).to_have_url(re.compile(r"\?check=1&q1=.*#self-check$"))
    expect(section.locator(".self-check__score")).to_contain_text("Passed")
    expect(page.locator("#self-check-record")).to_contain_text("Recorded.")
    expect(page.locator("#self-check-record")).to_be_in_viewport()
    page.reload()  # a reload is a GET: nothing is sent again
    wait_until_idle(live_server)
    assert SelfCheckPass.objects.filter(user=user, module=module).count() == 1

    # It counts on /community/me/.
    page.goto("/community/me/")
    expect(page.locator(".page-header__lede")).to_contain_text("1 of 19 self-checks passed")
    row = page.locator(".progress-list li", has_text=module.title)
    expect(row.locator(".progress-list__check")).to_contain_text("Self-check passed")
    card = page.locator("#certificates .category-contextual")
    expect(card).to_contain_text("1 of 6 self-checks passed")
    expect(card.get_by_role("button")).to_have_count(0)

    # The rest of the category done (as earlier visits would have done it), and one answer.
    wait_until_idle(live_server)
    category = ModuleCategoryPage.objects.get(slug="contextual")
    for other in ModulePage.objects.child_of(category).live():
        ModuleProgress.objects.get_or_create(user=user, module=other)
        SelfCheckPass.objects.get_or_create(
            user=user, module=other, defaults={"score": 3, "total": 4}
        )
    add_comment(
        module,
        "We now plan for ten minutes on Mondays.",
        user=user,
        task=module.reflection_tasks.first(),
    )
    page.reload()
    expect(page.locator(".page-header__lede")).to_contain_text("6 of 19 self-checks passed")
    shoot(page, "community-me")
    page.locator("#certificates").get_by_role(
        "button", name="Open the Contextual certificate"
    ).click()

    # The certificate: the member's own, and anyone's to verify.
    expect(page).to_have_url(re.compile(r"/certificates/[a-z2-9]{14}/$"))
    expect(page.locator(".certificate__name")).to_have_text(NAME)
    expect(page.locator(".certificate")).to_contain_text("completed the Contextual category")
    address = page.url
    visitor = page.context.browser.new_context(base_url=live_server.url)
    other = visitor.new_page()
    other.goto(address)
    expect(other.locator(".certificate__verified")).to_contain_text("Verified")
    expect(other.locator(".certificate__name")).to_have_text(NAME)
    shoot(other, "certificate")
    other.set_viewport_size({"width": 390, "height": 900})
    assert serious_accessibility_violations(other) == []

    # The PDF: one page, the name in it; kept as a PNG to look at.
    response = other.request.get(address + "pdf/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "山田 花子" in " ".join(text.split())
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "certificate.pdf")
    subprocess.run(
        [poppler("pdftoppm"), "-png", "-r", "80", str(pdf), str(ARTIFACTS / "certificate-pdf")],
        check=True,
    )
    assert list(ARTIFACTS.glob("certificate-pdf*.png")) != []
    visitor.close()
