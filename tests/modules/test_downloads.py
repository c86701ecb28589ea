"""A one-page team-teaching lesson-plan template and a five-minute planning sheet, on Resources
as a PDF to print and a Word document to fill in, made from content/downloads/."""

import re
import subprocess
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from docx import Document as WordDocument

from modules import downloads
from tests.helpers import poppler

NAMES = ["team-teaching-lesson-plan", "five-minute-planning-sheet"]


def resource_downloads(client):
    page = BeautifulSoup(client.get("/resources/").content, "html.parser")
    return {a.get_text(strip=True): a["href"] for a in page.select("#downloads a")}


@pytest.mark.django_db
def test_both_forms_are_on_resources_in_both_formats(client):
    links = resource_downloads(client)
    for title in ["Team-Taught Lesson Plan", "Five-Minute Planning Sheet"]:
        for extension in ["PDF", "DOCX"]:
            matching = [href for text, href in links.items() if title in text and extension in text]
            assert len(matching) == 1, (title, extension, links)
            response = client.get(matching[0])
            assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_is_one_page_with_every_font_embedded(name, tmp_path, settings):
    form = downloads.read((settings.SEED_CONTENT_DIR / "downloads" / f"{name}.md").read_text())
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(downloads.as_pdf(form))
    fonts = subprocess.run([poppler("pdffonts"), path], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert any("IPAex" in row for row in rows) and all(" yes " in row for row in rows)
    text = subprocess.run(
        [poppler("pdftotext"), path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("\f") == 1, "one A4 page"
    flat = re.sub(r"\s+", "", text)
    for kind, value in form.parts:
        if kind == "heading":
            assert re.sub(r"\s+", "", value) in flat


@pytest.mark.parametrize("name", NAMES)
def test_the_word_document_has_every_table_with_room_to_write(name, settings):
    form = downloads.read((settings.SEED_CONTENT_DIR / "downloads" / f"{name}.md").read_text())
    document = WordDocument(BytesIO(downloads.as_docx(form)))
    tables = [value for kind, value in form.parts if kind == "table"]
    assert len(document.tables) == len(tables)
    for table, rows in zip(document.tables, tables, strict=True):
        assert len(table.rows) == len(rows)
        assert [cell.text.strip() for cell in table.rows[0].cells][: len(rows[0])] == rows[0]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == form.title


def test_a_table_with_an_empty_head_or_empty_rows_keeps_its_writing_space():
    form = downloads.read("# T\n\n## Box\n\n| |\n| --- |\n| |\n\n| A | B |\n| --- | --- |\n| | |\n")
    tables = [value for kind, value in form.parts if kind == "table"]
    assert tables == [[[""]], [["A", "B"], ["", ""]]]
