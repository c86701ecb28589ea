"""A certificate as a one-page PDF to print or attach: the member's name (Japanese prints, in the
embedded IPAexGothic: altcms.content.pdf), the category and its modules, reading time, dates,
the reflection tasks answered, and the address that verifies it."""

import io

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from community.progress.models import Certificate

TASKS_ON_PAPER = 10  # more are named by count; the verification page lists them all
PROMPT_ON_PAPER = 110  # characters of a task's prompt printed


def long_day(value):
    return f"{value.day} {value:%B %Y}" if value else ""


def hours(certificate: Certificate):
    value = certificate.reading_hours
    shown = f"{value:g}"
    return ngettext("{hours} hour", "{hours} hours", 1 if value == 1 else 2).format(hours=shown)


def summary(certificate: Certificate):
    """The sentence that says what was completed (on the page and on paper)."""
    modules, tasks = len(certificate.modules), len(certificate.tasks)
    return " ".join(
        [
            gettext("completed the {category} category of the ALT Training Online course:").format(
                category=certificate.category_title
            ),
            ngettext(
                "{count} module, marked done with its self-check passed,",
                "{count} modules, each marked done with its self-check passed,",
                modules,
            ).format(count=modules),
            ngettext(
                "and {count} reflection task answered in the course discussion.",
                "and {count} reflection tasks answered in the course discussion.",
                tasks,
            ).format(count=tasks),
        ]
    )


def _short(text, limit):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def as_pdf(certificate: Certificate, address):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    from altcms.content import pdf

    st = pdf.styles(base_size=10)
    name_style = st["title"].clone("name", fontSize=26, leading=34, textColor=pdf.ACCENT)
    small = st["small"]
    title = f"Certificate of professional development: {certificate.name}"
    story = [
        pdf.paragraph("ALT Training Online", st["subtitle"]),
        pdf.paragraph("Certificate of professional development", st["title"]),
        Spacer(1, 3 * mm),
        pdf.paragraph("This certifies that", st["body"]),
        pdf.paragraph(pdf.printable(certificate.name), name_style),
        pdf.paragraph(summary(certificate), st["body"]),
        Spacer(1, 2 * mm),
    ]
    headings = ("Module", "Marked done", "Self-check passed")
    rows = [[pdf.paragraph(text, st["subheading"]) for text in headings]]
    for module in certificate.modules:
        rows.append(
            [
                pdf.paragraph(module["title"], st["body"]),
                pdf.paragraph(long_day(module["done_on"]), small),
                pdf.paragraph(long_day(module["passed_on"]) or "none in this module", small),
            ]
        )
    table = Table(rows, colWidths=[92 * mm, 42 * mm, 44 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf.LATIN),  # else Helvetica, not embedded
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#e3ddd2")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 2 * mm),
        pdf.paragraph(
            f"Reading: about {hours(certificate)} ({certificate.reading_minutes} minutes), "
            "besides the self-checks and reflection tasks.",
            st["body"],
        ),
        pdf.paragraph("Reflection tasks answered", st["subheading"]),
    ]
    for task in certificate.tasks[:TASKS_ON_PAPER]:
        label = f"Task {task['number']}" if task["number"] else "A task since revised"
        story.append(
            pdf.paragraph(
                f"{task['module']}, {label} ({long_day(task['answered_on'])}): "
                f"{_short(task['prompt'], PROMPT_ON_PAPER)}",
                small,
            )
        )
    more = len(certificate.tasks) - TASKS_ON_PAPER
    if more > 0:
        story.append(pdf.paragraph(f"and {more} more, listed at the address below.", small))
    story += [
        Spacer(1, 3 * mm),
        pdf.paragraph(
            f"Studied from {long_day(certificate.started_on)} to "
            f"{long_day(certificate.completed_on)}. Issued "
            f"{long_day(timezone.localtime(certificate.issued_at).date())}.",
            st["body"],
        ),
        pdf.paragraph(
            f"Verify this certificate at {address} (code {certificate.code}).", st["body"]
        ),
    ]
    buffer = io.BytesIO()
    pdf.build(buffer, story, title=title, margin_mm=16)
    return buffer.getvalue()
