"""A certificate of professional development: a member who completes a category (every module
done, its self-check passed, a reflection task answered) opens one; anyone can verify it at
/certificates/<code>/ until the account is deleted; a guessed or malformed code is a 404."""

import re
import subprocess

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from community.models import Certificate, ModuleProgress, Profile, SelfCheckPass
from community.progress.course import progress_of, standing
from community.progress.models import CODE_LENGTH, clean_code
from modules.models import ModuleCategoryPage, ModulePage
from tests.helpers import add_comment, pdf_fonts, poppler

CLAIM = "/community/me/certificate/"
JAPANESE_NAME = "佐藤 健二 🌸"


@pytest.fixture
def contextual(db):
    return ModuleCategoryPage.objects.get(slug="contextual")


def modules_of(category):
    return list(ModulePage.objects.child_of(category).live().order_by("path"))


def complete(user, category, *, skip_done=None, skip_pass=None, answer=True, **answer_fields):
    """Everything the category's certificate asks for, but what is skipped."""
    modules = modules_of(category)
    for module in modules:
        if module != skip_done:
            ModuleProgress.objects.create(user=user, module=module)
        if module != skip_pass:
            SelfCheckPass.objects.create(user=user, module=module, score=4, total=4)
    if answer:
        module = modules[1]
        add_comment(
            module,
            "At my school we plan in the corridor.",
            user=user,
            task=module.reflection_tasks.first(),
            **answer_fields,
        )
    return modules


def standing_of(user, slug):
    categories = standing(progress_of(user), user)
    return next(category for category in categories if category.slug == slug)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# Eligibility -----------------------------------------------------------------------------


def test_a_completed_category_is_eligible_and_only_that_one(alt, contextual):
    complete(alt, contextual)
    assert standing_of(alt, "contextual").eligible
    assert not standing_of(alt, "training").eligible
    assert not standing_of(alt, "professional-development").eligible


@pytest.mark.parametrize(
    "missing",
    [
        "a module not done",
        "a self-check not passed",
        "no answer",
        "an unpublished answer",
        "a removed answer",
        "an answer that is no task's",
    ],
)
def test_each_part_of_the_rule_is_needed(alt, contextual, missing):
    last = modules_of(contextual)[-1]
    options = {
        "a module not done": {"skip_done": last},
        "a self-check not passed": {"skip_pass": last},
        "no answer": {"answer": False},
        "an unpublished answer": {"is_public": False},
        "a removed answer": {"is_removed": True},
    }.get(missing, {})
    if missing == "an answer that is no task's":
        complete(alt, contextual, answer=False)
        add_comment(modules_of(contextual)[0], "A general comment.", user=alt)
    else:
        complete(alt, contextual, **options)
    assert not standing_of(alt, "contextual").eligible


def test_an_answer_in_another_category_does_not_count(alt, contextual):
    complete(alt, contextual, answer=False)
    listening = ModulePage.objects.get(slug="listening")
    add_comment(listening, "An answer.", user=alt, task=listening.reflection_tasks.first())
    assert not standing_of(alt, "contextual").eligible


def test_the_progress_page_shows_what_is_missing_and_offers_the_certificate(
    alt_client, alt, contextual
):
    last = modules_of(contextual)[-1]
    complete(alt, contextual, skip_pass=last)
    page = soup(alt_client.get(reverse("community:me")))
    card = page.select_one("#certificates .category-contextual")
    assert (
        "6 of 6 modules done" in card.get_text() and "5 of 6 self-checks passed" in card.get_text()
    )
    assert card.find("form") is None
    SelfCheckPass.objects.create(user=alt, module=last, score=3, total=4)
    page = soup(alt_client.get(reverse("community:me")))
    form = page.select_one("#certificates .category-contextual form")
    assert form["action"] == CLAIM and form["method"] == "post"
    assert form.find("input", {"name": "category"})["value"] == str(contextual.pk)
    assert page.select_one("#certificates .category-training form") is None


# Opening one ---------------------------------------------------------------------------------


def test_opening_a_certificate_post_redirect_get_and_once(alt_client, alt, contextual):
    complete(alt, contextual)
    response = alt_client.post(CLAIM, {"category": contextual.pk})
    certificate = Certificate.objects.get(user=alt)
    assert response.status_code == 302 and response["Location"] == certificate.get_absolute_url()
    assert alt_client.post(CLAIM, {"category": contextual.pk})["Location"] == response["Location"]
    assert Certificate.objects.filter(user=alt).count() == 1
    assert len(certificate.code) == CODE_LENGTH and clean_code(certificate.code)
    assert certificate.name == "Kenji Sato" and certificate.category_title == "Contextual"
    assert [m["title"] for m in certificate.modules] == [m.title for m in modules_of(contextual)]
    assert len(certificate.tasks) == 1 and certificate.tasks[0]["number"] == 1
    page = soup(alt_client.get(reverse("community:me")))
    link = page.select_one("#certificates .category-contextual a.button")
    assert link["href"] == certificate.get_absolute_url()


def test_no_certificate_for_an_incomplete_category_or_a_visitor(client, alt, contextual):
    complete(alt, contextual, answer=False)
    member = Client()
    member.force_login(alt)
    response = member.post(CLAIM, {"category": contextual.pk}, follow=True)
    assert "not ready yet" in response.content.decode()
    for value in ("", "abc", "99999999999999999999", str(modules_of(contextual)[0].pk)):
        member.post(CLAIM, {"category": value})
    assert not Certificate.objects.exists()
    response = client.post(CLAIM, {"category": contextual.pk})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# Verifying it ----------------------------------------------------------------------------


@pytest.fixture
def certificate(alt, contextual):
    Profile.objects.create(user=alt, display_name=JAPANESE_NAME)
    complete(alt, contextual)
    member = Client()
    member.force_login(alt)
    member.post(CLAIM, {"category": contextual.pk})
    return Certificate.objects.get(user=alt)


def test_anyone_can_verify_a_certificate(client, certificate):
    page = soup(client.get(f"/certificates/{certificate.code}/"))
    assert page.select_one(".certificate__name").get_text() == JAPANESE_NAME
    text = page.select_one(".certificate").get_text(" ")
    assert "Verified" in text and "completed the Contextual category" in text
    rows = page.select(".certificate__modules tbody tr")
    assert len(rows) == 6
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", td.get_text()) for td in rows[0]("td"))
    assert "Task 1" in page.select_one(".certificate__tasks").get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # Codes are read in any case, as typed from paper.
    assert client.get(f"/certificates/{certificate.code.upper()}/").status_code == 200


def test_the_name_stays_as_it_was_printed(client, alt, certificate):
    Profile.objects.filter(user=alt).update(display_name="Someone Else")
    page = soup(client.get(certificate.get_absolute_url()))
    assert page.select_one(".certificate__name").get_text() == JAPANESE_NAME


@pytest.mark.parametrize(
    "code",
    [
        "23456789abcdef",  # the right shape, but no certificate has it
        "%00",
        "a%00b",
        "x" * 5000,
        "証明書証明書証明書証明書証明",
        "%FF%FE",
        "abc",
        "..",
        "23456789abcde0",  # 0 is not in the alphabet
    ],
)
def test_a_guessed_or_malformed_code_is_a_404(client, certificate, code):
    # (A NUL byte in any address is refused with a 400 before routing: altcms.http.middleware.)
    expected = 400 if "%00" in code else 404
    for suffix in ("", "pdf/"):
        assert client.get(f"/certificates/{code}/{suffix}").status_code == expected


def test_a_malformed_code_costs_no_query(client, db, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as queries:
        client.get("/certificates/" + "x" * 5000 + "/")
    assert not [q for q in queries.captured_queries if "community_certificate" in q["sql"]]


def test_the_page_costs_few_queries_however_much_was_done(
    client, certificate, alt, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as first:
        client.get(certificate.get_absolute_url())
    record = certificate.record
    record["tasks"] = record["tasks"] * 40
    Certificate.objects.filter(pk=certificate.pk).update(record=record)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = soup(client.get(certificate.get_absolute_url()))
    assert len(page.select(".certificate__tasks li")) == 40
    # The certificate, and the site, its settings, restricted pages and footer pages that
    # every page's header and footer need (kept in the shared cache as the site runs).
    assert len(first.captured_queries) <= 5


def test_a_deleted_accounts_certificates_stop_verifying(client, alt, certificate):
    url = certificate.get_absolute_url()
    assert client.get(url).status_code == 200
    member = Client()
    member.force_login(alt)
    response = member.post(
        reverse("community:delete_account"),
        {"password": "a-long-pass-phrase"},
    )
    assert response.status_code == 302
    assert not Certificate.objects.exists()
    assert client.get(url).status_code == 404
    assert client.get(url + "pdf/").status_code == 404


def test_a_cached_certificate_stops_verifying_when_the_account_goes(
    client, alt, certificate, cached_site
):
    url = certificate.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == "hit"  # kept for readers, as the site runs
    alt.delete()
    response = client.get(url)
    assert response.status_code == 404 and "X-Cache" not in response


# The PDF ----------------------------------------------------------------------------------


@pytest.fixture
def certificate_pdf(client, certificate, tmp_path):
    response = client.get(reverse("certificates:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.content)
    return path


def test_the_pdf_embeds_a_japanese_font_for_the_name(certificate_pdf):
    fonts = pdf_fonts(certificate_pdf)
    assert any("IPAexGothic" in name for name in fonts), fonts
    for name, line in fonts.items():
        assert line.split()[-5] == "yes", f"{name} is not embedded: {line}"


def test_the_pdf_is_one_page_with_the_name_category_and_address(certificate_pdf, certificate):
    text = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", str(certificate_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    # The name as printed: the emoji no font has left out, neither a box nor its name.
    assert "佐藤 健二" in flat and "cherry blossom" not in flat and "\ufffd" not in flat
    assert "completed the Contextual category" in flat
    assert certificate.code in flat and f"/certificates/{certificate.code}/" in flat
    for module in certificate.modules:
        assert module["title"] in flat
    info = subprocess.run(
        [poppler("pdfinfo"), str(certificate_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "Pages:           1" in info


def test_many_answers_still_print_on_one_page(client, certificate, tmp_path):
    record = certificate.record
    record["tasks"] = [{**record["tasks"][0], "prompt": "A long prompt. " * 40}] * 30
    Certificate.objects.filter(pk=certificate.pk).update(record=record)
    response = client.get(reverse("certificates:certificate_pdf", args=[certificate.code]))
    path = tmp_path / "many.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(
        [poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Pages:           1" in info


# In Japanese ------------------------------------------------------------------------------

JA_DATE = r"\d{4}年\d{1,2}月\d{1,2}日"
EN_DATE = r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"  # noqa: E501


def pdf_text(client, url, tmp_path):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "printed.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(text.split()), path


def test_the_japanese_page_writes_dates_and_words_in_japanese(client, certificate):
    page = soup(client.get(f"/ja/certificates/{certificate.code}/"))
    text = page.select_one(".certificate").get_text(" ")
    assert "研修修了証" in text
    for td in page.select(".certificate__modules tbody td"):
        assert re.fullmatch(JA_DATE, td.get_text()), td
    assert re.search(rf"学習期間：{JA_DATE}～{JA_DATE}。発行日：{JA_DATE}。", text)
    assert not re.search(r"\d+ \d+月", text)  # not "2 12月 2026"
    assert "minute" not in text and "hour" not in text


def test_the_english_page_keeps_its_dates(client, certificate):
    text = soup(client.get(f"/certificates/{certificate.code}/")).select_one(".certificate")
    assert re.search(rf"Studied from {EN_DATE} to {EN_DATE}\. Issued {EN_DATE}\.", text.get_text())


def test_the_japanese_pdf_is_all_in_japanese(client, certificate, tmp_path):
    flat, path = pdf_text(client, f"/ja/certificates/{certificate.code}/pdf/", tmp_path)
    assert "研修修了証" in flat and "佐藤 健二" in flat
    for english in (
        "Certificate of professional development",
        "This certifies that",
        "Marked done",
        "Module ",
        "Reading",
        "minutes",
        "Studied from",
        "Verify",
        "Task ",
    ):
        assert english not in flat, english
    assert re.search(rf"学習期間：{JA_DATE}～{JA_DATE}。発行日：{JA_DATE}。", flat)
    assert re.search(r"約[\d.]+時間（\d+分）", flat)
    assert not re.search(r"\d+ \d+月", flat)
    assert any("IPAexGothic" in name for name in pdf_fonts(path))


def test_the_english_pdf_is_all_in_english(client, certificate, tmp_path):
    flat, _path = pdf_text(client, f"/certificates/{certificate.code}/pdf/", tmp_path)
    assert "Certificate of professional development" in flat and "This certifies that" in flat
    assert re.search(rf"Studied from {EN_DATE} to {EN_DATE}\. Issued {EN_DATE}\.", flat)
    assert re.search(r"Reading: about [\d.]+ hours? \(\d+ minutes?\)", flat)
    assert not re.search("[\u3040-\u30ff]", flat.replace("佐藤 健二", ""))


@pytest.mark.parametrize("prefix", ["", "/ja"])
def test_the_pdf_fills_the_page(client, certificate, tmp_path, prefix):
    """Laid out as a certificate page: the title near the top, the verification address near
    the foot, not everything in the top third."""
    _flat, path = pdf_text(client, f"{prefix}/certificates/{certificate.code}/pdf/", tmp_path)
    layout = subprocess.run(
        [poppler("pdftotext"), "-bbox", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")  # only the words' positions are read
    page = BeautifulSoup(layout, "html.parser").find("page")
    height = float(page["height"])
    tops = [float(word["ymin"]) for word in page.find_all("word")]
    assert min(tops) < 0.15 * height
    assert max(tops) > 0.85 * height
