"""A certificate as a one-page PDF to print or attach: the member's name (Japanese prints, in the
embedded IPAexGothic: altcms.content.pdf), the category and its modules, reading time, dates,
the reflection tasks answered, and the address that verifies it."""

import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from community.progress.models import Certificate

TASKS_ON_PAPER = 10  # more are named by count; the verification page lists them all
PROMPT_ON_PAPER = 110  # characters of a task's prompt printed


def long_day(value):
    """ "2 December 2026", 2026年12月2日: the active language's DATE_FORMAT (altcms.formats)."""
    return date_format(value) if value else ""


def hours(certificate: Certificate):
    value = certificate.reading_hours
    shown = f"{value:g}"
    return ngettext("{hours} hour", "{hours} hours", 1 if value == 1 else 2).format(hours=shown)


def reading(certificate: Certificate):
    """The reading time, in words of one language ("about 1 hour (59 minutes)")."""
    minutes = certificate.reading_minutes
    return ngettext(
        "Reading: about {hours} ({minutes} minute), besides the self-checks and reflection tasks.",
        "Reading: about {hours} ({minutes} minutes), besides the self-checks and reflection tasks.",
        minutes,
    ).format(hours=hours(certificate), minutes=minutes)


def summary(certificate: Certificate):
    """The sentence that says what was completed (on the page and on paper)."""
    modules, tasks = len(certificate.modules), len(certificate.tasks)
    # One sentence in three parts; Japanese joins them without spaces.
    return gettext("{completed} {modules} {tasks}").format(
        completed=gettext(
            "completed the {category} category of the ALT Training Online course:"
        ).format(category=certificate.category_title),
        modules=ngettext(
            "{count} module, marked done with its self-check passed,",
            "{count} modules, each marked done with its self-check passed,",
            modules,
        ).format(count=modules),
        tasks=ngettext(
            "and {count} reflection task answered in the course discussion.",
            "and {count} reflection tasks answered in the course discussion.",
            tasks,
        ).format(count=tasks),
    )


def _short(text, limit):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def as_pdf(certificate: Certificate, address):
    """The certificate on one A4 page, in the active language: a framed page with the title
    and the name above, the modules and tasks in the middle, the dates and the verification
    address at the foot, the space left spread between them."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    from altcms.content import pdf

    margin = 22 * mm
    width, height = A4[0] - 2 * margin, A4[1] - 2 * margin
    st = pdf.styles(base_size=10)
    centred = {
        name: st[name].clone(f"{name}-centred", alignment=TA_CENTER)
        for name in ("title", "subtitle", "body", "small")
    }
    title_style = centred["title"].clone("certificate", fontSize=24, leading=34)
    name_style = centred["title"].clone("name", fontSize=26, leading=36, textColor=pdf.ACCENT)
    small = st["small"]
    top = [
        pdf.paragraph("ALT Training Online", centred["subtitle"]),
        pdf.paragraph(gettext("Certificate of professional development"), title_style),
        Spacer(1, 6 * mm),
        pdf.paragraph(gettext("This certifies that"), centred["body"]),
        pdf.paragraph(pdf.printable(certificate.name), name_style),
        pdf.paragraph(summary(certificate), centred["body"]),
    ]
    headings = (gettext("Module"), gettext("Marked done"), gettext("Self-check passed"))
    rows = [[pdf.paragraph(text, st["subheading"]) for text in headings]]
    for module in certificate.modules:
        rows.append(
            [
                pdf.paragraph(module["title"], st["body"]),
                pdf.paragraph(long_day(module["done_on"]), small),
                pdf.paragraph(
                    long_day(module["passed_on"]) or gettext("none in this module"), small
                ),
            ]
        )
    table = Table(rows, colWidths=[width - 84 * mm, 42 * mm, 42 * mm])
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

    def middle(shown):
        """The modules, the reading time and the first `shown` tasks (the rest by count)."""
        flowables = [
            pdf.paragraph(gettext("Modules completed"), st["subheading"]),
            table,
            Spacer(1, 2 * mm),
            pdf.paragraph(reading(certificate), st["body"]),
            pdf.paragraph(gettext("Reflection tasks answered"), st["subheading"]),
        ]
        for task in certificate.tasks[:shown]:
            label = (
                gettext("Task {number}").format(number=task["number"])
                if task["number"]
                else gettext("a task since revised")
            )
            flowables.append(
                pdf.paragraph(
                    gettext("{module}, {task} ({date}): {prompt}").format(
                        module=task["module"],
                        task=label,
                        date=long_day(task["answered_on"]),
                        prompt=_short(task["prompt"], PROMPT_ON_PAPER),
                    ),
                    small,
                )
            )
        more = len(certificate.tasks) - shown
        if more > 0:
            flowables.append(
                pdf.paragraph(
                    ngettext(
                        "and {count} more, listed at the address below.",
                        "and {count} more, listed at the address below.",
                        more,
                    ).format(count=more),
                    small,
                )
            )
        return flowables

    bottom = [
        pdf.paragraph(dates(certificate), centred["body"]),
        pdf.paragraph(
            gettext("Verify this certificate at {address} (code {code}).").format(
                address=address, code=certificate.code
            ),
            centred["small"],
        ),
    ]

    def height_of(flowables):
        return sum(
            f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables
        )

    # As many tasks as one page holds (the verification page lists them all); the space the
    # page has left spread above the title, around the middle and above the foot.
    fixed = height_of(top) + height_of(bottom) + 6 * mm
    shown = min(len(certificate.tasks), TASKS_ON_PAPER)
    body = middle(shown)
    while shown and fixed + height_of(body) > height:
        shown -= 1
        body = middle(shown)
    spare = max(0, height - fixed - height_of(body))
    story = [
        Spacer(1, spare * 0.12),
        *top,
        Spacer(1, spare * 0.3),
        *body,
        Spacer(1, spare * 0.58),
        *bottom,
    ]
    buffer = io.BytesIO()
    pdf.build(
        buffer,
        story,
        title=f"{gettext('Certificate of professional development')}: {certificate.name}",
        margin_mm=margin / mm,
        on_page=_frame,
    )
    return buffer.getvalue()


def dates(certificate: Certificate):
    return gettext("Studied from {start} to {end}. Issued {issued}.").format(
        start=long_day(certificate.started_on),
        end=long_day(certificate.completed_on),
        issued=long_day(timezone.localtime(certificate.issued_at).date()),
    )


def _frame(canvas, document):
    """A double rule around the page, as a certificate has."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from altcms.content import pdf

    page_width, page_height = document.pagesize
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(pdf.ACCENT))
    canvas.setLineWidth(1.6)
    canvas.rect(10 * mm, 10 * mm, page_width - 20 * mm, page_height - 20 * mm)
    canvas.setLineWidth(0.5)
    canvas.rect(13 * mm, 13 * mm, page_width - 26 * mm, page_height - 26 * mm)
    canvas.restoreState()
