"""The glossary of Japanese school terms: each term's first mention in a module links to its
entry on /glossary/.

Linking works on the module's rendered HTML: in text outside links, headings and code, the
first mention of each term (as written in Japanese, or in romaji as a whole word) becomes a link
to its entry; later mentions stay plain. The terms are matched longest first, so 学習指導要領 wins
over a shorter term inside it.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.text import slugify

TAG = re.compile(r"(<[^>]*>)")
SKIPPED = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "title"}
OPENING = re.compile(r"<\s*([a-zA-Z0-9]+)")
CLOSING = re.compile(r"<\s*/\s*([a-zA-Z0-9]+)")


def term_slug(romaji):
    """An entry's anchor from its romaji: 'gakushū shidō yōryō' -> 'gakushu-shido-yoryo'."""
    plain = unicodedata.normalize("NFKD", romaji).encode("ascii", "ignore").decode()
    return slugify(plain) or "term"


@lru_cache(maxsize=256)
def _pattern(forms):
    """One regular expression for every form, longest first; romaji only as whole words."""
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        escaped = re.escape(form)
        parts.append(rf"(?<![\w]){escaped}(?![\w])" if form.isascii() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def link_first_mentions(html, entries):
    """`html` with each entry's first mention linked. `entries` are (forms, href, title):
    the forms a term is written in, where its entry is, and a short title for the link."""
    by_form = {}
    for forms, href, title in entries:
        for form in forms:
            if form:
                by_form.setdefault(form.casefold(), (href, title))
    # Only the forms the page contains go into the pattern: one alternation of every form in
    # the glossary, tried at every position of a long module, cost ~100 ms a page; finding the
    # few present first is a plain substring search.
    folded = html.casefold()
    pattern = _pattern(tuple(sorted(form for form in by_form if form in folded)))
    if pattern is None:
        return html
    linked, depth, out = set(), 0, []
    for piece in TAG.split(html):
        if piece.startswith("<"):
            opening, closing = OPENING.match(piece), CLOSING.match(piece)
            if closing and closing.group(1).lower() in SKIPPED:
                depth = max(depth - 1, 0)
            elif opening and opening.group(1).lower() in SKIPPED and not piece.endswith("/>"):
                depth += 1
            out.append(piece)
        elif depth or not piece.strip():
            out.append(piece)
        else:
            out.append(_link_in_text(piece, pattern, by_form, linked))
    return "".join(out)


def _link_in_text(text, pattern, by_form, linked):
    def replace(match):
        href, title = by_form[match.group(0).casefold()]
        if href in linked:
            return match.group(0)
        linked.add(href)
        # A term written in Japanese is read as Japanese inside the English text around it.
        lang = "" if match.group(0).isascii() else ' lang="ja"'
        return (
            f'<a class="glossary-term" href="{escape(href)}" title="{escape(title)}"{lang}>'
            f"{match.group(0)}</a>"
        )

    return pattern.sub(replace, text)
