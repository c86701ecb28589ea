"""A module's one-page handout for the ALT's JTE (or homeroom teacher), in Japanese: what the
module is about, why it matters for their lessons, what the ALT may propose after reading it,
questions to discuss together, and the key terms in both languages. Shown at
<module>/jte/ and as a PDF at <module>/jte/pdf/, with a Japanese font embedded (altcms.content.pdf).
"""

from io import BytesIO

from altcms.content import pdf


def has_handout(page):
    return bool(page.jte_title and page.jte_about)


def handout_pdf(page, address):
    """The handout as PDF bytes; `address` is the module's public address, printed at the foot."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Spacer, Table, TableStyle

    styles = pdf.styles(base_size=9.5)
    styles["title"].fontSize, styles["title"].leading = 15, 21  # a long Japanese title, one line
    story = [
        pdf.paragraph("ALT Training Online ・ JTEの先生方へ", styles["small"]),
        pdf.paragraph(page.jte_title, styles["title"]),
        pdf.paragraph(f"モジュール：{page.title}", styles["subtitle"]),
        pdf.paragraph("このモジュールについて", styles["subheading"]),
        pdf.paragraph(page.jte_about, styles["body"]),
        pdf.paragraph("先生の授業にとって", styles["subheading"]),
        pdf.paragraph(page.jte_why, styles["body"]),
    ]

    def bullets(items, ordered=False):
        return ListFlowable(
            [ListItem(pdf.paragraph(item, styles["body"]), leftIndent=12) for item in items],
            bulletType="1" if ordered else "bullet",
            start=1 if ordered else "•",
            leftIndent=14,
            bulletFontName=pdf.LATIN,
            bulletFontSize=9,
        )

    proposals = [block.value for block in page.jte_proposals]
    if proposals:
        story += [pdf.paragraph("ALTから提案するかもしれないこと", styles["subheading"])]
        story += [bullets(proposals)]
    questions = [block.value for block in page.jte_questions]
    if questions:
        story += [pdf.paragraph("一緒に話し合いたいこと", styles["subheading"])]
        story += [bullets(questions, ordered=True)]
    terms = [block.value for block in page.jte_terms]
    if terms:
        story += [pdf.paragraph("キーワード（英語・日本語）", styles["subheading"])]
        rows = [
            [
                pdf.paragraph(term["en"], styles["body"]),
                pdf.paragraph(term["ja"], styles["body"]),
                pdf.paragraph(term.get("note") or "", styles["small"]),
            ]
            for term in terms
        ]
        table = Table(rows, colWidths=[52 * mm, 52 * mm, 66 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), pdf.LATIN),  # else Helvetica, not embedded
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#e3ddd2")),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story.append(table)
    story += [
        Spacer(1, 4 * mm),
        pdf.paragraph(f"モジュール本文（英語）：{address}", styles["small"]),
    ]
    buffer = BytesIO()
    pdf.build(buffer, story, title=page.jte_title)
    return buffer.getvalue()
