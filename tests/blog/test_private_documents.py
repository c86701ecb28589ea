"""A submitted article's PDF stays private until the article is published: it is stored under a
name nobody can guess, never served from MEDIA_URL, and Wagtail's document view (which checks
the collection's restriction) is the only way to it."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import WorkflowState

import pytest

from blog.models import ArticlePage
from tests.helpers import ABSTRACT, make_editor

SUBMIT = "/resources/research/submit/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def editor(db):
    return make_editor("editor-ed")


@pytest.fixture
def submitted_pdf(alt_client, editor):
    alt_client.post(
        SUBMIT,
        {
            "title": "Role cards",
            "authors": "Kenji Sato",
            "abstract": ABSTRACT,
            "keywords": "",
            "body": "## One\nText.",
            "references": "",
            "prefecture": "",
            "honeypot": "",
            "pdf": SimpleUploadedFile("my-draft-paper.pdf", PDF, "application/pdf"),
        },
    )
    article = ArticlePage.objects.get(submitted_by__isnull=False)
    return article, Document.objects.get(pk=article.pdf_id)


def test_the_stored_file_name_cannot_be_guessed(submitted_pdf):
    _article, document = submitted_pdf
    folder, random_part, filename = document.file.name.split("/")
    assert (folder, filename) == ("documents", "my-draft-paper.pdf")
    assert len(random_part) >= 20
    assert document.filename == "my-draft-paper.pdf"  # downloads keep the author's name
    assert (Path(settings.MEDIA_ROOT) / document.file.name).read_bytes() == PDF


def test_an_unpublished_articles_pdf_is_not_served_from_media(submitted_pdf):
    _article, document = submitted_pdf
    anyone = Client()
    assert anyone.get(settings.MEDIA_URL + document.file.name).status_code == 404
    assert anyone.get(settings.MEDIA_URL + "documents/my-draft-paper.pdf").status_code == 404
    # However the path is spelt.
    tricks = ["images/../" + document.file.name, "./" + document.file.name]
    for path in tricks:
        assert anyone.get(settings.MEDIA_URL + path).status_code == 404, path


def test_only_wagtails_document_view_serves_it_and_only_to_editors(submitted_pdf, editor):
    _article, document = submitted_pdf
    anyone = Client()
    response = anyone.get(document.url)
    assert response.status_code in (302, 403)
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))
    staff = Client()
    staff.force_login(editor)
    served = staff.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF


def test_once_published_the_pdf_is_public_through_the_document_view(submitted_pdf, editor):
    article, document = submitted_pdf
    state = WorkflowState.objects.get(object_id=str(article.pk))
    staff = Client()
    staff.force_login(editor)
    staff.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[article.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    document.refresh_from_db()
    assert document.collection.name == "Research articles"
    served = Client().get(document.url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert Client().get(settings.MEDIA_URL + document.file.name).status_code == 404


def test_images_are_still_served_from_media(client, db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = client.get(settings.MEDIA_URL + "original_images/photo.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
