"""Progress through the 19 modules, the portfolio of answers, and the research export."""

import csv
import io
import json
import re
import subprocess

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from community.models import ModuleProgress, SelfCheckPass
from home.models import HomePage
from modules.models import ModulePage
from tests.helpers import add_comment, form_data, make_user, poppler

PROGRESS = "/community/progress/"


def mark(client, module, done="1", **headers):
    return client.post(PROGRESS, {"module": module.pk, "done": done, "next": module.url}, **headers)


def test_marking_modules_done_shows_on_the_progress_page(alt_client, alt):
    phonics = ModulePage.objects.get(slug="phonics")
    jtes = ModulePage.objects.get(slug="jtes")
    assert mark(alt_client, phonics)["Location"] == phonics.url
    mark(alt_client, jtes)
    mark(alt_client, jtes)  # twice is once
    assert ModuleProgress.objects.filter(user=alt).count() == 2

    soup = BeautifulSoup(alt_client.get(reverse("community:me")).content, "html.parser")
    assert "2 of 19 modules done" in soup.get_text()
    cards = {c.find("h3").get_text(): c for c in soup.select(".progress-card")}
    assert "1 of 6 done" in cards["Contextual"].get_text()
    assert "1 of 7 done" in cards["Training"].get_text()
    assert "0 of 6 done" in cards["Professional Development"].get_text()
    done = [li.find("a").get_text() for li in soup.select(".progress-list li.is-done")]
    assert sorted(done) == ["JTEs", "Phonics"]

    mark(alt_client, phonics, done="0")
    assert list(ModuleProgress.objects.filter(user=alt).values_list("module__slug", flat=True)) == [
        "jtes"
    ]


def test_done_modules_are_marked_in_listings_and_on_the_module(alt_client):
    phonics = ModulePage.objects.get(slug="phonics")
    mark(alt_client, phonics)
    listing = BeautifulSoup(alt_client.get("/modules/training/").content, "html.parser")
    done = listing.select(".module-card.is-done")
    assert [card.select_one(".module-card__title a").get_text() for card in done] == ["Phonics"]
    button = BeautifulSoup(alt_client.get(phonics.url).content, "html.parser").select_one(
        ".progress-toggle__button"
    )
    assert button["aria-pressed"] == "true" and "Done" in button.get_text()


@pytest.mark.parametrize("module", ["abc", "", "999999", "-1"])
def continue_link(client, url):
    return BeautifulSoup(client.get(url).content, "html.parser").find(class_="continue")


@pytest.mark.parametrize("url", ["/", "/modules/"])
def test_a_member_continues_from_the_first_module_not_done(alt_client, alt, url):
    course = list(ModulePage.objects.live().order_by("path"))
    assert continue_link(alt_client, url) is None  # nothing done yet: nothing to continue
    for module in course[:3] + [course[6]]:  # the first three, and the first Training module
        ModuleProgress.objects.create(user=alt, module=module)
    found = continue_link(alt_client, url)
    assert "Continue where you left off" in found.get_text()
    link = found.find("a")
    assert link["href"] == course[3].url and link.get_text() == course[3].title
    assert "4 of 19 modules done" in found.get_text()
    for module in course:
        ModuleProgress.objects.get_or_create(user=alt, module=module)
    found = continue_link(alt_client, url)
    assert "You have done every module" in found.get_text()
    assert found.find("a")["href"] == reverse("community:me")


@pytest.mark.parametrize("url", ["/", "/modules/"])
def test_visitors_get_an_empty_slot_and_the_course_order_for_the_browser(
    client, alt, url, shared_cache_on
):
    # A member's link is never kept in the shared parts other readers get.
    member = client.__class__()
    member.force_login(alt)
    ModuleProgress.objects.create(user=alt, module=ModulePage.objects.get(slug="phonics"))
    assert continue_link(member, url).find("a") is not None
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    slot = soup.find(class_="continue")
    assert slot.has_attr("data-continue") and slot.has_attr("hidden") and not slot.get_text()
    order = json.loads(soup.find("script", id="course-order").string)
    course = list(ModulePage.objects.live().order_by("path"))
    assert order == [{"id": m.pk, "title": m.title, "url": m.url} for m in course]


def test_progress_for_something_that_is_not_a_module_is_a_400(alt_client, alt, module):
    response = alt_client.post(PROGRESS, {"module": module})
    assert response.status_code == 400
    assert "That is not a course module." in response.content.decode()
    assert not ModuleProgress.objects.filter(user=alt).exists()


def test_progress_for_a_page_that_is_not_a_module_is_a_400(alt_client, alt):
    home = HomePage.objects.get()
    assert alt_client.post(PROGRESS, {"module": home.pk}).status_code == 400
    assert not ModuleProgress.objects.exists()


def test_progress_for_visitors_sends_them_to_sign_in(client, db):
    phonics = ModulePage.objects.get(slug="phonics")
    response = mark(client, phonics)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not ModuleProgress.objects.exists()
    json_response = mark(client, phonics, HTTP_ACCEPT="application/json")
    assert json_response.status_code == 403


def test_an_offsite_next_is_ignored(alt_client):
    phonics = ModulePage.objects.get(slug="phonics")
    response = alt_client.post(
        PROGRESS, {"module": phonics.pk, "done": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == phonics.url


def test_progress_kept_in_the_browser_merges_into_the_account(alt_client, alt):
    ids = [ModulePage.objects.get(slug=s).pk for s in ("clil", "learners")]
    home = HomePage.objects.get().pk
    response = alt_client.post(
        "/community/progress/merge/",
        json.dumps(ids + [home, 999999]),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert sorted(response.json()["merged"]) == sorted(ids)
    assert ModuleProgress.objects.filter(user=alt).count() == 2
    bad = alt_client.post(
        "/community/progress/merge/", "{not json", content_type="application/json"
    )
    assert bad.status_code == 400
    assert (
        alt_client.post(
            "/community/progress/merge/", '{"a": 1}', content_type="application/json"
        ).status_code
        == 400
    )


def test_the_portfolio_groups_answers_by_module_and_task(alt_client, alt):
    module = ModulePage.objects.get(slug="teachers-working-together")
    tasks = list(module.reflection_tasks.all())
    add_comment(module, "Answer to task two", user=alt, task=tasks[1])
    add_comment(module, "Answer to task one", user=alt, task=tasks[0])
    add_comment(module, "A general comment, not an answer", user=alt)
    other = ModulePage.objects.get(slug="alts")
    add_comment(other, "日本語の答え 🙂", user=alt, task=other.reflection_tasks.first())

    soup = BeautifulSoup(alt_client.get(reverse("community:me")).content, "html.parser")
    groups = soup.select(".portfolio-module")
    assert [g.find("h3").get_text() for g in groups] == ["Teachers Working Together", "ALTs"]
    prompts = [p.get_text() for p in groups[0].select(".portfolio-task__prompt strong")]
    assert prompts == ["Task 1:", "Task 2:"]
    assert "general comment" not in soup.get_text()

    markdown = alt_client.get(reverse("community:portfolio_markdown"))
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "attachment" in markdown["Content-Disposition"]
    text = markdown.content.decode()
    assert "## Teachers Working Together" in text and f"### Task 1: {tasks[0].prompt}" in text
    assert text.index("Answer to task one") < text.index("Answer to task two")
    assert "日本語の答え 🙂" in text

    pdf = alt_client.get(reverse("community:portfolio_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.content.rstrip().endswith(b"%%EOF")
    assert b"IPAexGothic" in pdf.content and len(pdf.content) > 1500


def test_the_progress_page_reads_naturally_in_japanese(alt_client, alt):
    jtes = ModulePage.objects.get(slug="jtes")
    mark(alt_client, jtes)
    SelfCheckPass.objects.create(user=alt, module=jtes, score=4, total=4)
    page = BeautifulSoup(alt_client.get("/ja/community/me/").content, "html.parser")
    lede = page.select_one(".page-header__lede").get_text(" ", strip=True)
    assert "全19モジュールのうち1モジュールを修了しました。" in lede
    assert "セルフチェックは全19件のうち1件に合格しました。" in lede
    card = page.select_one(".progress-card.category-contextual").get_text(" ", strip=True)
    assert "全6モジュールのうち1モジュール修了" in card and "セルフチェック合格1件" in card
    assert "6中1" not in card and " 件" not in card
    passed = page.select_one(".progress-list__check time").get_text()
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", passed), passed
    english = BeautifulSoup(alt_client.get("/community/me/").content, "html.parser")
    assert "1 of 19 modules done." in english.select_one(".page-header__lede").get_text()
    passed = english.select_one(".progress-list__check time").get_text()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", passed), passed


def test_the_downloads_hold_only_published_answers(alt_client, alt, tmp_path):
    """An answer still waiting for a moderator is on the member's own page, marked, but not in
    the Markdown or PDF they may show an employer; it joins them once it is published."""
    module = ModulePage.objects.get(slug="teachers-working-together")
    task = module.reflection_tasks.first()
    add_comment(module, "Published answer about planning", user=alt, task=task)
    held = add_comment(module, "Held answer 待機中", user=alt, task=task, is_public=False)

    page = BeautifulSoup(alt_client.get(reverse("community:me")).content, "html.parser")
    waiting = [a for a in page.select(".portfolio-answer") if "Held answer" in a.get_text()]
    assert len(waiting) == 1 and "not yet published" in waiting[0].get_text()

    markdown = alt_client.get(reverse("community:portfolio_markdown")).content.decode()
    assert "Published answer about planning" in markdown and "Held answer" not in markdown
    pdf = tmp_path / "portfolio.pdf"
    pdf.write_bytes(alt_client.get(reverse("community:portfolio_pdf")).content)
    text = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Published answer about planning" in text and "Held answer" not in text

    held.is_public = True
    held.save()
    markdown = alt_client.get(reverse("community:portfolio_markdown")).content.decode()
    assert "Held answer 待機中" in markdown


def test_the_portfolio_is_private(client, alt):
    for name in ("me", "portfolio_markdown", "portfolio_pdf"):
        response = client.get(reverse(f"community:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_answers_can_carry_research_consent(alt_client):
    module = ModulePage.objects.get(slug="teachers-working-together")
    task = module.reflection_tasks.first()
    alt_client.post(
        "/discussion/post/",
        form_data(module, comment="Consented answer", task=task.pk, research_consent="on"),
    )
    alt_client.post(
        "/discussion/post/", form_data(module, comment="General", research_consent="on")
    )
    from community.models import Comment

    assert Comment.objects.get(comment="Consented answer").research_consent
    assert not Comment.objects.get(comment="General").research_consent  # not a task answer


def test_editors_export_consented_answers_anonymised(client, alt):
    module = ModulePage.objects.get(slug="teachers-working-together")
    task = module.reflection_tasks.all()[1]
    add_comment(
        module,
        "I'm Kenji; email me at kenji@example.com or see https://kenji.example/blog",
        user=alt,
        task=task,
        research_consent=True,
    )
    add_comment(module, "No consent given", user=alt, task=task)
    add_comment(module, "Consent but general", user=alt, research_consent=True)
    editor = make_user("ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(reverse("community_research_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["module"] == "Teachers Working Together" and row["task_number"] == "2"
    assert row["answer"] == "I'm [name]; email me at [email] or see [link]"
    assert list(row) == ["row", "module", "task_number", "task_prompt", "answer", "month"]
    body = response.content.decode()
    for leak in ("kenji@example.com", "Kenji", "kenji", "/community/people/"):
        assert leak not in body


def test_only_permitted_staff_can_export(client, alt):
    moderator = make_user("mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    assert client.get(reverse("community_research_export")).status_code in (302, 403)
    client.force_login(alt)
    response = client.get(reverse("community_research_export"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
