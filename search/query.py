"""From what a reader typed to what the search backend is asked.

`parse` cleans the text (whatever was typed, only letters and digits reach the backend: quotes,
%, _, SQL and NUL bytes are separators; markup such as <b> is left out, and so is a single Latin
letter or digit, which would find every page), analyses it as the index is analysed
(altcms.content.search_text: stems, Japanese bigrams, common words left out) and notes the
common words it left out. `ParsedQuery.widen` then adds the other forms of any synonym set the
search contains (search.synonyms: editors' sets and the glossary), so "yakudoku" also finds 訳読,
"ICT" finds "technology" and "homeroom teacher" finds 担任; the page says what else was
searched for.
"""

import html
import re
from dataclasses import dataclass, field

from wagtail.search.query import Or, PlainText

from altcms.content.search_text import (
    COMMON_WORDS,
    fold,
    has_japanese,
    normalise,
    query_terms,
    word_terms,
    words,
)
from search.ranking import VARIANT, Alternative

MAX_QUERY_LENGTH = 200  # characters searched; longer text is cut, and the page says so
MAX_VARIANTS = 8
TYPED_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")  # a word as typed: "won't" is one
# Markup typed or pasted into the box (<b>, </script>, <!-- -->; &lt;b&gt; once unescaped): not
# words to search for.
MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL)


@dataclass
class Variant:
    text: str  # the search with another form swapped in, as shown to the reader
    terms: tuple  # its analysed terms


@dataclass
class ParsedQuery:
    text: str = ""  # the cleaned query, as shown back to the reader
    truncated: bool = False
    terms: list = field(default_factory=list)  # index terms that must all match
    dropped: list = field(default_factory=list)  # common words left out
    short: list = field(default_factory=list)  # single letters and digits left out
    searched: str = ""  # the text without markup: what the terms and marked words come from
    variants: list = field(default_factory=list)  # Variants from synonym sets
    forms: list = field(default_factory=list)  # the synonym forms swapped in

    @property
    def too_common(self):
        """Something was typed, but every word of it is too common to search for."""
        return bool(self.dropped) and not self.terms

    def widen(self, synonym_sets):
        """Add a Variant for each other form of each synonym set this search contains (the
        longest forms first; a form inside one already matched is not matched again)."""
        self.variants, self.forms = synonym_variants(self.searched, synonym_sets)
        return self

    def alternatives(self):
        """Each way of saying the search, for ranking: the words typed, then the variants."""
        return [Alternative(tuple(self.terms))] + [
            Alternative(variant.terms, VARIANT) for variant in self.variants
        ]

    def search_query(self, relaxed=False):
        """The backend query: all the terms of the search or of any variant; `relaxed`, any one
        of the terms (for a search nothing matched whole). None when there is nothing to
        search for (only markup, single letters or digits)."""
        if not self.terms:
            return None
        if relaxed:
            terms = dict.fromkeys(t for alt in self.alternatives() for t in alt.terms)
            plain = [PlainText(term) for term in terms]
        else:
            plain = [
                PlainText(" ".join(alt.terms), operator="and")
                for alt in self.alternatives()
                if alt.terms
            ]
        return plain[0] if len(plain) == 1 else Or(plain)

    def highlight_words(self):
        """What to mark in titles and snippets: each word typed, and each synonym form as a
        whole ("grammar translation" marks that phrase, not every "grammar")."""
        typed = [word for word in TYPED_WORD.findall(self.searched) if query_terms(word)]
        return list(dict.fromkeys(typed + self.forms))


def parse(raw):
    text = normalise(raw or "")
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH].strip()
    searched = " ".join(MARKUP.sub(" ", html.unescape(text)).split())
    terms = query_terms(searched)
    left_out = [word for word in TYPED_WORD.findall(searched) if not query_terms(word)]
    short = [word for word in left_out if len(word) == 1 and fold(word) not in COMMON_WORDS]
    dropped = [word for word in left_out if word not in short]
    return ParsedQuery(
        text=text,
        truncated=truncated,
        terms=terms,
        dropped=list(dict.fromkeys(dropped)),
        short=list(dict.fromkeys(short)),
        searched=searched,
    )


def synonym_variants(text, synonym_sets):
    """([Variant for each other form of each set a form of which the search contains], [those
    forms]). `synonym_sets` is a list of lists of (form, its analysed terms in order)."""
    typed = _typed_terms(text)
    sequence = [term for term, _word in typed]
    if not sequence:
        return [], []
    found = []  # (start, end, form, set)
    for forms in synonym_sets:
        for form, form_terms in forms:
            start = _find(sequence, tuple(form_terms)) if form_terms else -1
            if start >= 0:
                found.append((start, start + len(form_terms), form, forms))
    found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
    taken, variants, forms_used = set(), [], []
    for start, end, form, forms in found:
        span = set(range(start, end))
        if span & taken:
            continue
        taken |= span
        for other, other_terms in forms:
            if other == form or not other_terms:
                continue
            terms = tuple(dict.fromkeys(sequence[:start] + list(other_terms) + sequence[end:]))
            if terms == tuple(dict.fromkeys(sequence)):
                continue
            variants.append(Variant(_swap(text, typed, start, end, form, other), terms))
            forms_used.append(other)
    unique = {}
    for variant in variants:
        unique.setdefault(variant.terms, variant)
    return list(unique.values())[:MAX_VARIANTS], list(dict.fromkeys(forms_used))


def _typed_terms(text):
    """[(term, index of the word it came from)] for the search, in order."""
    return [(term, i) for i, word in enumerate(words(text)) for term in word_terms(word)]


def _find(sequence, part):
    size = len(part)
    for start in range(len(sequence) - size + 1):
        if tuple(sequence[start : start + size]) == part:
            return start
    return -1


def _swap(text, typed, start, end, form, other):
    """The search as the reader typed it, with `form` replaced by `other`."""
    if has_japanese(form) and form in text:
        return " ".join(text.replace(form, f" {other} ").split())
    pattern = re.compile(rf"(?<!\w){re.escape(fold(form))}(?!\w)")
    if pattern.search(fold(text)):
        return " ".join(pattern.sub(f" {other} ", fold(text)).split())
    typed_words = words(text)
    first, last = typed[start][1], typed[end - 1][1]
    return " ".join([*typed_words[:first], other, *typed_words[last + 1 :]])
