"""ALTs submit articles; editors review them in a Wagtail workflow; authors hear back."""

import html

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import WorkflowState

import pytest

from blog.models import ArticleIndexPage, ArticlePage
from tests.helpers import make_user

SUBMIT = "/resources/research/submit/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def article_data(**changes):
    data = {
        "title": "Sticky notes and shared planning",
        "abstract": "I tried role cards with two JTEs over a term.",
        "keywords": "team teaching, planning",
        "body": "## Introduction\nWhy I tried it.\n\n## Findings\nIt helped.",
        "references": "Burns, A. (2010). Doing action research in ELT. Routledge.",
        "prefecture": "20",
        "honeypot": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def editor(db):
    user = make_user("editor-ed")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def submit(client, **changes):
    return client.post(SUBMIT, article_data(**changes))


def test_a_submission_becomes_a_draft_in_the_editors_workflow(alt_client, alt, editor):
    response = submit(alt_client, pdf=SimpleUploadedFile("paper.pdf", PDF, "application/pdf"))
    assert response.status_code == 302 and response["Location"] == SUBMIT
    article = ArticlePage.objects.get(submitted_by=alt)
    assert not article.live and article.owner is None
    assert article.get_parent().specific == ArticleIndexPage.objects.get()
    assert [p.name for p in article.author_people] == ["Kenji Sato"]
    assert article.author_people[0].get_prefecture_display() == "Nagano"
    assert sorted(t.name for t in article.keywords.all()) == ["planning", "team teaching"]
    assert [b.value["heading"] for b in article.body] == ["Introduction", "Findings"]
    assert article.pdf.collection.name == "Article submissions"
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any(editor.email in m.to for m in mail.outbox)  # Wagtail tells the editors
    # The public cannot see it, nor its PDF.
    assert (
        alt_client.get(article.url if article.url else "/resources/research/x/").status_code == 404
    )
    page = alt_client.get(SUBMIT).content.decode()
    assert "Sticky notes and shared planning" in page and "With the editors" in page
    me = alt_client.get(reverse("community:me")).content.decode()
    assert "With the editors" in me


def approve(client, editor, article, action, comment=""):
    """The editor acts in the admin, in their own browser (not the author's)."""
    from django.test import Client

    state = WorkflowState.objects.get(object_id=str(article.pk))
    task_state = state.current_task_state
    client = Client()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_an_editor_approves_and_the_article_goes_live(client, alt_client, alt, editor):
    submit(alt_client, pdf=SimpleUploadedFile("paper.pdf", PDF, "application/pdf"))
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    mail.outbox.clear()
    approve(client, editor, article, "approve")
    article.refresh_from_db()
    assert article.live
    assert [m.to for m in mail.outbox] == [[alt.email]]
    assert "published" in mail.outbox[0].subject and article.url in mail.outbox[0].body
    assert Document.objects.get(pk=article.pdf_id).collection.name == "Research articles"
    client.logout()
    assert client.get(article.url).status_code == 200


def test_an_editor_sends_it_back_with_a_comment(client, alt_client, alt, editor):
    submit(alt_client)
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    mail.outbox.clear()
    approve(client, editor, article, "reject", comment="Please add how many lessons you observed.")
    article.refresh_from_db()
    assert not article.live
    assert [m.to for m in mail.outbox] == [[alt.email]]
    assert "Please add how many lessons you observed." in mail.outbox[0].body
    status = alt_client.get(SUBMIT).content.decode()
    assert "Sent back with comments" in status
    assert "Please add how many lessons you observed." in status


def test_a_missing_abstract_comes_back_filled(alt_client):
    response = submit(alt_client, abstract="")
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "Write an abstract" in content
    assert "Sticky notes and shared planning" in content and "Why I tried it." in content
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()


def test_a_file_that_is_not_really_a_pdf_is_refused(alt_client):
    fake = SimpleUploadedFile("paper.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = submit(alt_client, pdf=fake)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "That file is not a PDF" in content and "attach the PDF again" in content
    assert "Sticky notes and shared planning" in content
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()
    assert not Document.objects.filter(title__startswith="Sticky").exists()


def test_a_fifty_megabyte_file_is_refused(alt_client):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (50 * 1024 * 1024), "application/pdf")
    response = submit(alt_client, pdf=big)
    assert response.status_code == 400
    assert "the limit is 20 MB" in response.content.decode()
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()


def test_signed_out_readers_cannot_submit(client, db):
    page = client.get(SUBMIT)
    assert page.status_code == 200 and "Sign in to submit" in page.content.decode()
    response = client.post(SUBMIT, article_data())
    assert response.status_code == 403
    assert "Sign in to submit" in response.content.decode()
    assert not ArticlePage.objects.filter(title="Sticky notes and shared planning").exists()


def test_a_filled_honeypot_publishes_nothing(alt_client):
    assert submit(alt_client, honeypot="spam").status_code == 400
    assert not ArticlePage.objects.filter(submitted_by__isnull=False).exists()


def test_markup_in_a_submission_cannot_reach_the_page(alt_client, alt, editor, client):
    from bs4 import BeautifulSoup

    submit(
        alt_client,
        body="## Intro\n<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>",
    )
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    approve(client, editor, article, "approve")
    article.refresh_from_db()
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    body = page.find(class_="article__body")
    assert not body.find_all(["script", "img", "iframe"])
    for tag in body.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs)
        assert "javascript:" not in tag.get("href", "")
    assert "<script>alert(1)</script>" in body.get_text()  # shown as text, harmless
