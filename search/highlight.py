"""Marking the searched words in titles and snippets, escaping everything else."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from altcms.content.search_text import has_japanese

SUFFIXES = ("ing", "ies", "es", "ed", "s")
SNIPPET_BEFORE = 70
SNIPPET_LENGTH = 240


def stem(word):
    """A rough English stem, so "teachers" marks "teacher" and "teaching" marks "teach"."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def pattern(words):
    """One regular expression matching any of `words` (None when there is nothing to mark)."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        if len(word) == 1 and word.isascii():
            continue  # a letter or digit alone would mark every word or number it begins
        if has_japanese(word):
            parts.append(re.escape(word))
        else:  # a word, or a phrase whose words may be joined by spaces or hyphens
            *first, last = word.split()
            joined = "".join(rf"{re.escape(w)}[\s\-]+" for w in first)
            parts.append(rf"(?<!\w){joined}{re.escape(stem(last))}\w*")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text, regex):
    """`text` escaped, with every match wrapped in <mark>."""
    if regex is None:
        return escape(text)
    out, position = [], 0
    for match in regex.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def plain(html_or_text):
    return " ".join(strip_tags(html_or_text).split())


def snippet(texts, regex, fallback=""):
    """About 240 characters around the first match in `texts` (plain text), marked; or the
    start of `fallback` when the words matched somewhere not shown (a title, an author)."""
    text = plain(" ".join(t for t in texts if t))
    match = regex.search(text) if regex is not None else None
    if match is None:
        return highlight(_cut(plain(fallback) or text, 0), regex)
    start = max(0, match.start() - SNIPPET_BEFORE)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start
    return highlight(_cut(text, start), regex)


def _cut(text, start):
    end = start + SNIPPET_LENGTH
    piece = text[start:end]
    if end < len(text):
        space = piece.rfind(" ")
        piece = (piece[:space] if space > SNIPPET_LENGTH // 2 else piece) + "…"
    return ("…" if start else "") + piece
