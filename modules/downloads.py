"""Printable forms for team teaching (a lesson-plan template, a five-minute planning sheet),
made from the Markdown files in content/downloads/ into a PDF to print and a Word document to
fill in on screen. Both come from one reading of the file, so they never disagree.

The Markdown is kept simple on purpose: a `# ` title, `## ` headings, paragraphs and pipe
tables (an empty cell is space to write in).
"""

import re
from dataclasses import dataclass, field
from io import BytesIO

from altcms.content import pdf

# Characters the PDF fonts lack, and the ones that print the same.
PRINTABLE = str.maketrans({"☐": "□", "☑": "■", "✓": "✓"})


@dataclass
class Form:
    title: str
    parts: list = field(
        default_factory=list
    )  # ("heading", text) | ("text", text) | ("table", rows)


def read(markdown):
    """A Form from the download's Markdown."""
    lines = markdown.splitlines()
    form = Form(title="")
    table = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            filled = [cell for cell in cells if cell]
            if filled and all(re.fullmatch(r":?-{3,}:?", cell) for cell in filled):
                continue  # the line under a table's head
            if table is None:
                table = []
                form.parts.append(("table", table))
            table.append(cells)
            continue
        table = None
        if stripped.startswith("# ") and not form.title:
            form.title = stripped[2:].strip()
        elif stripped.startswith("## "):
            form.parts.append(("heading", stripped[3:].strip()))
        elif stripped:
            form.parts.append(("text", stripped))
    for kind, rows in form.parts:
        if kind == "table" and len(rows) > 1 and not any(rows[0]):
            rows.pop(0)  # a table written with an empty head has none
    return form


def as_pdf(form):
    """The form on one A4 page where it fits: its tables ruled, each column as wide as its
    words need, empty cells tall enough to write in."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    styles = pdf.styles(base_size=8)
    styles["subheading"].spaceBefore, styles["subheading"].spaceAfter = 3, 2
    width = 186 * mm
    story = [pdf.paragraph(form.title.translate(PRINTABLE), styles["heading"])]
    for kind, value in form.parts:
        if kind == "heading":
            story.append(pdf.paragraph(value.translate(PRINTABLE), styles["subheading"]))
        elif kind == "text":
            story.append(pdf.paragraph(value.translate(PRINTABLE), styles["body"]))
        else:
            columns = max(len(row) for row in value)
            rows = [row + [""] * (columns - len(row)) for row in value]
            # Each column as wide as its words need; a column left to fill in, wide enough to
            # write in; a blank cell at least a line of handwriting high (it grows with the
            # words in its row: a fixed height would let them spill).
            weights = []
            for i in range(columns):
                weight = min(max(max(len(row[i]) for row in rows), 10), 40)
                if any(not row[i] for row in rows[1:]):
                    weight = max(weight, 28)
                weights.append(weight)
            widths = [width * weight / sum(weights) for weight in weights]
            cells = [
                [
                    pdf.paragraph(cell.translate(PRINTABLE), styles["body"])
                    if cell
                    else Spacer(1, (4 if any(row) else 8) * mm)
                    for cell in row
                ]
                for row in rows
            ]
            table = Table(cells, colWidths=widths)
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), pdf.LATIN),
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9a9488")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    ]
                )
            )
            story += [table, Spacer(1, 1 * mm)]
    buffer = BytesIO()
    pdf.build(buffer, story, title=form.title, margin_mm=12)
    return buffer.getvalue()


def as_docx(form):
    """The form as a Word document, its empty cells ready to type in."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(form.title, level=1)
    for kind, value in form.parts:
        if kind == "heading":
            document.add_heading(value, level=2)
        elif kind == "text":
            document.add_paragraph(value)
        else:
            columns = max(len(row) for row in value)
            table = document.add_table(rows=0, cols=columns)
            table.style = "Table Grid"
            for row in value:
                cells = table.add_row().cells
                for cell, text in zip(cells, row + [""] * (columns - len(row)), strict=True):
                    cell.text = text
                if not any(row):
                    for cell in cells:  # space to write in
                        cell.paragraphs[0].add_run().add_break()
            document.add_paragraph()
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
