"""The site's PDFs (portfolio, handouts, certificates): fonts that print English and Japanese on
any machine, and Markdown turned into reportlab flowables.

- Fonts: Latin text in Bitstream Vera (with real bold and italic; shipped with reportlab), and
  every character Vera lacks in IPAexGothic (kana and kanji; `altcms/content/fonts/`, IPA Font
  License). Both are TrueType, so reportlab embeds the glyphs a document uses: the PDF reads
  the same where the reader has no Japanese font. A character neither font has (emoji,
  mostly) becomes its Unicode name in brackets, never a box or "�".
- `markdown_flowables(text, styles)`: the Markdown readers write in comments (bold, italic,
  code, lists, quotes, links, line breaks) as Paragraphs and ListFlowables. Raw HTML stays text.

Usage::

    from altcms.content import pdf

    styles = pdf.styles()
    story = [pdf.paragraph("Title", styles["title"])]
    story += pdf.markdown_flowables(answer_text, styles)
    pdf.build(buffer, story, title="…")
"""

import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt

FONT_DIR = Path(__file__).resolve().parent / "fonts"
LATIN = "Vera"
JAPANESE = "IPAexGothic"
INK = "#1b2430"
SOFT = "#4a5565"
ACCENT = "#1d3557"

# What comment Markdown allows (community.discussion.markup), no raw HTML.
_markdown = (
    MarkdownIt("zero", {"html": False, "linkify": True, "breaks": True})
    .enable(["emphasis", "backticks", "fence", "code", "list", "blockquote", "link", "newline"])
    .enable(["linkify", "autolink"])
)
# Marks that join or modify emoji and mean nothing once the emoji is named.
_INVISIBLE = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"} | {chr(c) for c in range(0x1F3FB, 0x1F400)}


@cache
def register_fonts():
    """Register the fonts once per process; returns the names of the Latin family and the
    Japanese font."""
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    shipped = Path(reportlab.__file__).resolve().parent / "fonts"
    faces = {
        LATIN: "Vera.ttf",
        f"{LATIN}-Bold": "VeraBd.ttf",
        f"{LATIN}-Italic": "VeraIt.ttf",
        f"{LATIN}-BoldItalic": "VeraBI.ttf",
    }
    for name, filename in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(shipped / filename)))
    pdfmetrics.registerFont(TTFont(JAPANESE, str(FONT_DIR / "ipaexg.ttf")))
    for bold in (0, 1):
        for italic in (0, 1):
            suffix = {(0, 0): "", (1, 0): "-Bold", (0, 1): "-Italic", (1, 1): "-BoldItalic"}
            addMapping(LATIN, bold, italic, f"{LATIN}{suffix[bold, italic]}")
            addMapping(JAPANESE, bold, italic, JAPANESE)  # one weight: bold shows as regular
    return LATIN, JAPANESE


@cache
def _covered(font_name):
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def _substitute(char):
    if char in _INVISIBLE or unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"}:
        return ""
    name = unicodedata.name(char, "")
    return f"[{name.lower()}]" if name else ""


def markup(text):
    """Plain text as reportlab paragraph markup: escaped, with every run Vera cannot print set
    in the Japanese font, and characters no font has named instead."""
    register_fonts()
    latin, japanese = _covered(LATIN), _covered(JAPANESE)
    out, run = [], []

    def flush():
        if run:
            out.append(f'<font name="{JAPANESE}">{escape("".join(run))}</font>')
            run.clear()

    for char in text:
        code = ord(char)
        if code in latin or char in "\n\t":
            flush()
            out.append(escape(char))
        elif code in japanese:
            run.append(char)
        else:
            flush()
            out.append(escape(_substitute(char)))
    flush()
    return "".join(out)


def printable(text):
    """`text` without the characters no font here has (emoji, mostly), for a line where their
    bracketed names would read as part of it (a name on a certificate); `text` itself if that
    would leave nothing."""
    register_fonts()
    latin, japanese = _covered(LATIN), _covered(JAPANESE)
    kept = "".join(ch for ch in text if ord(ch) in latin or ord(ch) in japanese or ch == " ")
    kept = " ".join(kept.split())
    return kept or text


def styles(base_size=10.5):
    """Paragraph styles for a document: title, subtitle, heading, subheading, body, small,
    quote and code."""
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()

    def style(name, size, color=INK, space_before=0, **extra):
        return ParagraphStyle(
            name,
            fontName=LATIN,
            fontSize=size,
            leading=size * 1.45,
            spaceBefore=space_before,
            spaceAfter=size * 0.45,
            textColor=color,
            wordWrap="CJK",  # lines may break inside Japanese text, which has no spaces
            **extra,
        )

    return {
        "title": style("title", base_size * 1.9),
        "subtitle": style("subtitle", base_size * 0.95, SOFT),
        "heading": style("heading", base_size * 1.45, space_before=10),
        "subheading": style("subheading", base_size * 1.05, ACCENT, space_before=6),
        "body": style("body", base_size),
        "small": style("small", base_size * 0.8, SOFT),
        "quote": style("quote", base_size, SOFT, leftIndent=12, borderPadding=0),
        "code": style("code", base_size * 0.92, backColor="#f1efe9", borderPadding=3),
    }


def paragraph(text, style):
    """A Paragraph of plain text (escaped; Japanese and emoji handled)."""
    from reportlab.platypus import Paragraph

    return Paragraph(markup(text).replace("\n", "<br/>"), style)


def markdown_flowables(text, styles):
    """Flowables for comment Markdown: paragraphs, lists, quotes and code, with bold, italic,
    code and links inline (a link prints its address after its text when they differ)."""
    tokens = _markdown.parse(text or "")
    flowables, _ = _blocks(tokens, 0, styles, styles["body"], stop=None)
    return flowables


def _blocks(tokens, i, styles, style, stop):
    """Flowables from tokens[i:] up to the closing token `stop`; returns them and the index
    after it."""
    from reportlab.platypus import Paragraph

    out = []
    while i < len(tokens):
        token = tokens[i]
        if token.type == stop:
            return out, i + 1
        if token.type == "paragraph_open":
            out.append(Paragraph(_inline(tokens[i + 1].children or []), style))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, i = _list(tokens, i + 1, styles, style, token.type.replace("_open", "_close"))
            out.append(_list_flowable(items, ordered=token.type.startswith("ordered"), token=token))
        elif token.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, styles, styles["quote"], "blockquote_close")
            out.extend(inner)
        elif token.type in ("fence", "code_block"):
            out.append(
                Paragraph(markup(token.content.rstrip("\n")).replace("\n", "<br/>"), styles["code"])
            )
            i += 1
        else:
            i += 1
    return out, i


def _list(tokens, i, styles, style, stop):
    items = []
    while i < len(tokens) and tokens[i].type != stop:
        if tokens[i].type == "list_item_open":
            inner, i = _blocks(tokens, i + 1, styles, style, "list_item_close")
            items.append(inner)
        else:
            i += 1
    return items, i + 1


def _list_flowable(items, ordered, token):
    from reportlab.platypus import ListFlowable, ListItem

    start = int(token.attrGet("start") or 1) if ordered else 1
    return ListFlowable(
        [ListItem(item, leftIndent=14) for item in items],
        bulletType="1" if ordered else "bullet",
        start=start if ordered else "•",
        bulletFormat="%s." if ordered else None,
        bulletFontName=LATIN,
        bulletFontSize=9,
        leftIndent=14,
    )


def _inline(children):
    parts = []
    links = []
    for child in children:
        kind = child.type
        if kind == "text":
            parts.append(markup(child.content))
        elif kind in ("softbreak", "hardbreak"):
            parts.append("<br/>")
        elif kind == "strong_open":
            parts.append("<b>")
        elif kind == "strong_close":
            parts.append("</b>")
        elif kind == "em_open":
            parts.append("<i>")
        elif kind == "em_close":
            parts.append("</i>")
        elif kind == "code_inline":
            parts.append(f'<font backColor="#f1efe9">{markup(child.content)}</font>')
        elif kind == "link_open":
            href = child.attrGet("href") or ""
            safe = href if href.startswith(("http://", "https://", "mailto:")) else ""
            links.append((safe, len(parts)))
            if safe:
                parts.append(f'<a href="{escape(safe, {chr(34): "&quot;"})}" color="{ACCENT}">')
        elif kind == "link_close" and links:
            href, start = links.pop()
            if href:
                shown = "".join(parts[start + 1 :])
                parts.append("</a>")
                if escape(href.removeprefix("mailto:")) not in shown:
                    parts.append(f' <font size="8" color="{SOFT}">({escape(href)})</font>')
    return "".join(parts)


def build(buffer, story, *, title, author="ALT Training Online", margin_mm=None, on_page=None):
    """Lay `story` out on A4 pages into `buffer`, with the document's title and author set;
    `margin_mm` sets the page's margins (narrower: a form that should fit on one page);
    `on_page(canvas, document)` draws on every page (a certificate's frame)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()

    def canvas(*args, **kwargs):  # else the page starts in Helvetica, a font not embedded
        return Canvas(*args, **{**kwargs, "initialFontName": LATIN})

    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=(margin_mm or 20) * mm,
        rightMargin=(margin_mm or 20) * mm,
        topMargin=(margin_mm or 18) * mm,
        bottomMargin=(margin_mm or 18) * mm,
    ).build(
        story,
        canvasmaker=canvas,
        **({"onFirstPage": on_page, "onLaterPages": on_page} if on_page else {}),
    )
