"""From what a reader typed to what the search backend is asked.

`parse` cleans the text (whatever was typed, only letters and digits reach the backend: quotes,
%, _, SQL and NUL bytes are separators), drops words too common to mean anything, and widens the
search with the glossary, so "yakudoku" also finds 訳読 and 小学校 also finds "elementary school".
"""

import re
import unicodedata
from dataclasses import dataclass, field

from wagtail.search.query import Or, PlainText

from altcms.search_text import WORD, has_japanese, normalise, query_terms

MAX_QUERY_LENGTH = 200  # characters searched; longer text is cut, and the page says so
MAX_VARIANTS = 6

# Words too common to narrow a search (PostgreSQL's English configuration drops most of these
# itself; SQLite does not, so they are dropped here for both).
COMMON_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves""".split()  # noqa: SIM905
)

# Japanese school terms ALTs meet, with their romaji and English. A search for any form of an
# entry also searches for the others. Romaji is written without macrons (they are ignored).
GLOSSARY = [
    ("訳読", "yakudoku", "grammar translation"),
    ("小学校", "shogakko", "elementary school"),
    ("中学校", "chugakko", "junior high school"),
    ("高等学校", "koto gakko", "senior high school"),
    ("高校", "koko", "high school"),
    ("外国語指導助手", "gaikokugo shido joshu", "assistant language teacher", "ALT"),
    ("英語教員", "eigo kyoin", "Japanese teacher of English", "JTE"),
    ("外国語活動", "gaikokugo katsudo", "foreign language activities"),
    ("学習指導要領", "gakushu shido yoryo", "course of study"),
    ("教育委員会", "kyoiku iinkai", "board of education", "BOE"),
    ("文部科学省", "monbukagakusho", "MEXT"),
    ("職員室", "shokuinshitsu", "staff room"),
    ("部活動", "bukatsu", "club activities"),
    ("担任", "tannin", "homeroom teacher"),
    ("校長", "kocho", "principal"),
    ("教頭", "vice principal"),
    ("和製英語", "wasei eigo"),
    ("外来語", "gairaigo", "loanwords"),
    ("入試", "nyushi", "entrance exam"),
    ("大学入学共通テスト", "kyotsu test", "common test"),
    ("授業研究", "jugyo kenkyu", "lesson study"),
    ("指導案", "shidoan", "lesson plan"),
    ("自己紹介", "jiko shokai", "self-introduction"),
    ("姉妹校", "shimaiko", "sister school"),
    ("評価", "hyoka", "assessment"),
    ("英語", "eigo"),
]


@dataclass
class ParsedQuery:
    text: str = ""  # the cleaned query, as shown back to the reader
    truncated: bool = False
    terms: list = field(default_factory=list)  # index terms that must all match
    dropped: list = field(default_factory=list)  # common words left out
    variants: list = field(default_factory=list)  # the query with glossary forms swapped in
    forms: list = field(default_factory=list)  # the glossary forms swapped in

    @property
    def too_common(self):
        """Something was typed, but every word of it is too common to search for."""
        return bool(self.text) and not self.terms

    def search_query(self):
        """The backend query: all the terms, or all the terms of any glossary variant."""
        plain = [PlainText(" ".join(self.terms), operator="and")]
        for variant in self.variants:
            variant_terms = meaningful(query_terms(variant))
            if variant_terms:
                plain.append(PlainText(" ".join(variant_terms), operator="and"))
        return plain[0] if len(plain) == 1 else Or(plain)

    def highlight_words(self):
        """What to mark in titles and snippets: each word typed, and each glossary form as a
        whole ("grammar translation" marks that phrase, not every "grammar")."""
        words = [word for word in WORD.findall(self.text) if word.lower() not in COMMON_WORDS]
        return list(dict.fromkeys(words + self.forms))


def fold(text):
    """Lower case without diacritics, for matching romaji typed with or without macrons."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def meaningful(terms):
    return [term for term in terms if term not in COMMON_WORDS and not _lone_kana(term)]


def _lone_kana(term):
    return len(term) == 1 and "\u3041" <= term <= "\u30ff"


def _whole_word(form):
    return re.compile(rf"(?<!\w){re.escape(fold(form))}(?!\w)")


def _contains(query, form):
    if has_japanese(form):
        return form in query
    return _whole_word(form).search(fold(query)) is not None


def _replace(query, form, other):
    if has_japanese(form):
        return query.replace(form, f" {other} ")
    return _whole_word(form).sub(f" {other} ", fold(query))


def glossary_variants(query):
    """([the query with each other form of a glossary term it contains], [those forms])."""
    variants, forms = [], []
    for entry in GLOSSARY:
        for form in entry:
            if _contains(query, form):
                others = [other for other in entry if other != form]
                variants += [" ".join(_replace(query, form, other).split()) for other in others]
                forms += others
                break
    variants = [v for v in dict.fromkeys(variants) if fold(v) != fold(query)][:MAX_VARIANTS]
    return variants, forms


def parse(raw):
    text = normalise(raw or "")
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH].strip()
    all_terms = query_terms(text)
    terms = meaningful(all_terms)
    variants, forms = glossary_variants(text) if terms else ([], [])
    return ParsedQuery(
        text=text,
        truncated=truncated,
        terms=terms,
        dropped=[term for term in all_terms if term not in terms],
        variants=variants,
        forms=forms,
    )
