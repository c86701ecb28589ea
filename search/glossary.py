"""Glossary entries a search names: a search for 訳読, やくどく, yakudoku or "translation
reading" shows the entry above the results, with what it means and where it is explained."""

import unicodedata

from modules.models import GlossaryPage, GlossaryTerm

MAX_ENTRIES = 3


def fold(text):
    """Lower case, no macrons or accents, single spaces: "Gakushū  Shidō" -> "gakushu shido"."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFKC", plain).casefold().split())


def forms(term):
    """Every way a reader may write the term: its Japanese, kana, romaji and each English."""
    found = {term.term, term.kana, term.romaji}
    found |= {part.strip() for part in term.english.split("/")}
    return {fold(form) for form in found if form.strip()}


def matching(text):
    """The glossary entries the search names (whole forms, or a Japanese term inside it)."""
    query = fold(text)
    if not query:
        return []
    glossary = GlossaryPage.objects.live().public().first()
    if glossary is None:
        return []
    hits = []
    for term in GlossaryTerm.objects.all():
        written = forms(term)
        japanese_inside = not term.term.isascii() and term.term in text
        if query in written or japanese_inside:
            term.url = f"{glossary.url}#{term.anchor}"
            hits.append(term)
    hits.sort(
        key=lambda term: (fold(term.term) != query and query not in forms(term), -len(term.term))
    )
    return hits[:MAX_ENTRIES]
