"""Input that would forge structure is neutralised: line breaks in what becomes an email header
or a line of a citation file, formulas in spreadsheet cells, names that pose as staff or as
another member, and invisible direction characters in names."""

import csv
import io

from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission

import pytest
from bs4 import BeautifulSoup

from altcms.content.spreadsheet import safe_cell
from altcms.models import OutgoingEmail
from blog.models import ArticlePage
from community.models import Comment, ContactPage, Profile
from tests.helpers import add_comment, article_data, form_data, make_editor, make_user

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.fixture
def editor(db):
    return make_editor()


def submit_article(client, **changes):
    return client.post("/resources/research/submit/", article_data(**changes))


def test_line_breaks_in_an_article_title_still_reach_the_editors(alt_client, editor):
    response = submit_article(
        alt_client, title="Role cards\r\nBcc: everyone@example.com", keywords="a\r\nb, c"
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    assert article.title == "Role cards Bcc: everyone@example.com"
    assert sorted(tag.name for tag in article.keywords.all()) == ["a b", "c"]
    review = [m for m in mail.outbox if m.to == ["edna@example.com"]]
    assert review and all("\n" not in m.subject and "\r" not in m.subject for m in review)
    assert not OutgoingEmail.objects.exclude(status=OutgoingEmail.SENT).exists()


def test_no_value_adds_a_line_to_a_ris_file(client, db):
    from blog.citations import ris

    article = ArticlePage.objects.live().first()
    article.title = "A title\r\nER  - \r\nTY  - JOUR\r\nTI  - Forged"
    article.abstract = "Line one\nAU  - Somebody Else"
    text = ris(article, "https://alt.example.org/x/\r\nUR  - https://evil.example/")
    lines = text.split("\r\n")
    assert lines[0] == "TY  - JOUR" and lines[-2] == "ER  - " and lines[-1] == ""
    assert sum(line.startswith("TY  -") for line in lines) == 1
    assert sum(line.startswith("TI  -") for line in lines) == 1
    assert not any(line.startswith("AU  - Somebody") for line in lines)
    assert all("\n" not in line and "\r" not in line for line in lines)


def test_an_email_subject_is_always_one_line(db):
    from django.core.mail import send_mail

    send_mail("Hello\r\nBcc: x@example.com", "Body", None, ["someone@example.com"])
    assert mail.outbox[0].subject == "Hello Bcc: x@example.com"


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_that_would_be_a_formula_is_escaped(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("-3") == "-3" and safe_cell("Plain text") == "Plain text"


def test_the_consented_answers_csv_escapes_formulas(client, module, db):
    admin = make_user("admin-csv", is_superuser=True)
    task = module.reflection_tasks.first()
    add_comment(
        module, '=HYPERLINK("http://evil.example","click")', task=task, research_consent=True
    )
    client.force_login(admin)
    rows = list(csv.reader(io.StringIO(client.get("/admin/community/research-export.csv").text)))
    answer = rows[1][rows[0].index("answer")]
    assert answer.startswith("'=HYPERLINK(")


def test_the_contact_submissions_csv_escapes_formulas(client, editor, module):
    for n, text in enumerate(FORMULAS):
        client.post(
            "/contact/",
            {
                "name": f"@Mallory {n}",
                "email": "mallory@example.com",
                "module": "",
                "about": "-cmd|' /C calc'!A0",
                "message": text,
                "honeypot": "",
            },
        )
    assert FormSubmission.objects.count() == len(FORMULAS)
    admin = make_user("admin-forms", is_superuser=True)
    staff = Client()
    staff.force_login(admin)
    page = ContactPage.objects.get()
    response = staff.get(f"/admin/forms/submissions/{page.pk}/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t")]
    assert not dangerous, dangerous
    assert any(cell == "'@Mallory 0" for cell in cells)


def profile(client, **fields):
    data = {"display_name": "", "hiring_route": "", "prefecture": "", "bio": ""}
    return client.post(reverse("community:edit_profile"), {**data, **fields})


@pytest.mark.parametrize(
    "name", ["Moderator", "editor", "ADMIN", "The Editors", "Ｍｏｄｅｒａｔｏｒ"]
)
def test_a_display_name_may_not_be_a_staff_role(alt_client, name):
    response = profile(alt_client, display_name=name)
    assert response.status_code == 400
    assert "kept for the site's own staff" in BeautifulSoup(response.content, "html.parser").text


def test_a_display_name_may_not_be_another_members_name(alt_client, db):
    other = make_user("aoife")
    Profile.objects.create(user=other, display_name="Aoife B.")
    for name in ("aoife", "Aoife B.", "AOIFE B."):
        response = profile(alt_client, display_name=name)
        assert response.status_code == 400, name
        assert "Another member already uses that name" in response.content.decode()
    assert profile(alt_client, display_name="Kenji S.").status_code == 302


def test_bidi_and_invisible_characters_are_removed_from_names(alt_client, alt, module):
    profile(alt_client, display_name="Ken\u202eji\u200b S\u2066.")
    assert Profile.objects.get(user=alt).display_name == "Kenji S."
    visitor = Client()
    visitor.post("/discussion/post/", form_data(module, name="Ao\u202eife", comment="Hi"))
    assert Comment.objects.get(comment="Hi").user_name == "Aoife"


def test_a_visitor_may_not_sign_a_comment_as_staff(client, module):
    response = client.post("/discussion/post/", form_data(module, name="Moderator", comment="x"))
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert "kept for the site's own staff" in soup.get_text()
    assert not Comment.objects.exists()
