"""Search text analysis shared by the indexed models and the search view.

Both sides of a search go through `analyse`, so the index and the query always agree, on every
database: PostgreSQL, SQLite and whatever comes next see the same words, already analysed, and
are asked only to find them (PostgreSQL with its 'simple' configuration, SQLite's FTS5 as it is;
see search/backend.py). What `analyse` does to a text:

- NFKC (full-width Ｅｎｇｌｉｓｈ and half-width ｶﾀｶﾅ become ordinary), accents folded (romaji
  with or without macrons: gakushū = gakushu), lower case;
- contractions spelt out (won't -> will not, JTE's -> JTE), so a teacher's "students won't
  speak" searches for students and speak;
- English words stemmed with the Snowball English stemmer, the one PostgreSQL's own 'english'
  configuration uses (teachers -> teacher, activities -> activ), and the plural of the school
  acronyms ALTs use taken off (JTEs -> jte, HRTs -> hrt), which the stemmer leaves alone;
- words too common to narrow a search dropped (`COMMON_WORDS`);
- each run of Japanese (or Chinese) characters turned into its overlapping character bigrams,
  plus each kanji alone, as Lucene's CJK analyser does: "小学校の外国語活動" reaches the
  index as 小学 学校 校の ... so a search for 小学校 finds it, with no dictionary to load.

Bigrams need no dictionary, work the same on every backend and find a word inside a compound
(指導 in 外国語指導助手), which a dictionary tokenizer such as Janome would keep whole. The
price is the occasional false match across a word boundary, which ranking pushes down.

`SiteSearchMixin` (mixed into every indexed model) indexes two analysed fields: the object's key
text (its title and what says what it is about: a module's summary, learning goals and section
headings) in the index's title column, and all of its text in the body column.
"""

import re
import unicodedata
from functools import lru_cache

from wagtail.search import index

import snowballstemmer

# Kanji (CJK unified ideographs and extension A), the iteration mark 々, hiragana and katakana
# (with the prolonged sound mark ー). Half-width katakana become full-width under NFKC first.
CJK = "\u3005\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\u3400-\u4dbf\u4e00-\u9fff"
CJK_RUN = re.compile(f"[{CJK}]+")
KANJI = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff]")
# A search word: letters and digits of any script; "_" and every punctuation mark separate words.
WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Zero-width characters and bidirectional overrides: never searched or shown.
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
APOSTROPHES = re.compile("[\u2019\u2018\u02bc\u0060\u00b4]")
# Contractions, spelt out before words are split at the apostrophe.
IRREGULAR_NEGATIONS = {"won't": "will not", "can't": "can not", "shan't": "shall not"}
NEGATION = re.compile(r"(?i)\b(won|can|shan)'t\b|(\w)n't\b")
CLITIC = re.compile(r"(?i)(?<=\w)'(s|re|ve|ll|d|m)\b")

# Words too common to narrow a search: left out of the index and of every query alike.
COMMON_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can cannot could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves""".split()  # noqa: SIM905
)
# School acronyms whose plural the stemmer would keep (jtes, hrts): the plural is taken off.
ACRONYMS = frozenset(
    """alt jte hrt ict clt boe mext clil tblt tpr efl esl jet aet cir ppp elt tesol celta
    """.split()  # noqa: SIM905
)

_STEMMER = snowballstemmer.stemmer("english")


def normalise(text):
    """NFKC (full-width Ｅｎｇｌｉｓｈ and half-width ｶﾀｶﾅ become ordinary), no invisible
    characters, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(CONTROL.sub(" ", INVISIBLE.sub("", text)).split())


def fold(text):
    """Lower case without accents (romaji macrons), Japanese left as it is."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # NFD splits kana with dakuten (が -> か + ゛): put them back together.
    return unicodedata.normalize("NFC", folded)


def spell_out(text):
    """Contractions written in full: "won't" -> "will not", "JTE's" -> "JTE"."""
    text = APOSTROPHES.sub("'", text)

    def negation(match):
        if match.group(1):
            return IRREGULAR_NEGATIONS[match.group(1).lower() + "'t"]
        return f"{match.group(2)} not"

    return CLITIC.sub("", NEGATION.sub(negation, text))


def bigrams(run):
    """小学校 -> [小学, 学校]; a single character stays itself."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=50_000)
def stem(word):
    """One lower-case Latin word as the index holds it."""
    if word in ACRONYMS:
        return word
    if word.endswith("s") and word[:-1] in ACRONYMS:
        return word[:-1]
    return _STEMMER.stemWord(word)


def words(text):
    """The words of `text` as typed (normalised, contractions spelt out), in order."""
    return WORD.findall(spell_out(normalise(text)))


def word_terms(word, index=False):
    """The terms one word becomes: a stem, or Japanese bigrams (and, in the index, each kanji
    alone, so that a one-kanji search finds it). Common words become nothing, and so, in a
    query, does a single Latin letter or digit (see `_latin_terms`)."""
    terms = []
    position = 0
    for match in CJK_RUN.finditer(word):
        if match.start() > position:
            terms += _latin_terms(word[position : match.start()], index)
        run = match.group()
        terms += bigrams(run)
        if index and len(run) > 1:
            terms += KANJI.findall(run)
        position = match.end()
    if position < len(word):
        terms += _latin_terms(word[position:], index)
    return terms


def _latin_terms(part, index=False):
    """A Latin word's stem; nothing for a common word, nor, in a query, for a single letter or
    digit: "b" of <b> or "1" of alert(1) would find (and mark) every bee and 1,600. A single
    kanji is a word and is searched (the index holds each kanji alone)."""
    part = fold(part)
    if part in COMMON_WORDS or (not index and len(part) == 1 and part.isascii()):
        return []
    return [stem(part)]


def analyse(text, index=False):
    """The terms of `text`, in order (repeats kept): what the index holds, what a query asks."""
    terms = []
    for word in words(text):
        terms += word_terms(word, index=index)
    return terms


def query_terms(text):
    """The terms a search for `text` must all match, in order, without repeats:
    "JTEs' workload" -> ["jte", "workload"], "ALTの役割" -> ["alt", "の役", "役割"]."""
    return list(dict.fromkeys(analyse(text)))


def has_japanese(text):
    return bool(CJK_RUN.search(text))


def _field_texts(obj, fields):
    for field in fields:
        if isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if hasattr(related, "all"):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                yield from _field_texts(item, field.fields)
        elif isinstance(field, index.SearchField):
            yield from _flatten(field.get_value(obj))


def _flatten(value):
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    else:
        yield str(value)


def analysed_text(texts):
    """`texts` analysed, as one string of terms for the index."""
    return " ".join(term for text in texts if text for term in analyse(text, index=True))


class AnalysedField(index.SearchField):
    """A search field whose value is analysed text, worked out by `make(obj)`.

    Named "title" it fills the index's title column, any other name its body column.
    """

    def __init__(self, field_name, make, **kwargs):
        super().__init__(field_name, **kwargs)
        self.make = make

    def get_value(self, obj):
        return self.make(obj)


class SiteSearchMixin:
    """Mixed into every indexed model of the site (before Page or index.Indexed).

    The model's `search_fields` say what is searched, as Wagtail documents; the index holds it
    analysed (see the module docstring) in two fields:

    - title: `search_key_texts()`, the title and what says what the object is about (a model
      overrides it to add, say, a summary); search ranks a match here above one in the body;
    - body: the text of every search field, the title and key texts included, so that the body
      alone holds every word of the object (search/backend.py matches against it).

    Filter and autocomplete fields stay as declared.
    """

    @classmethod
    def get_search_fields(cls):
        declared = super().get_search_fields()
        kept = [f for f in declared if isinstance(f, index.FilterField | index.AutocompleteField)]
        return [
            AnalysedField("title", lambda obj: analysed_text(obj.search_key_texts())),
            AnalysedField("search_body", lambda obj: obj.search_body()),
            *kept,
        ]

    @classmethod
    def declared_search_fields(cls):
        """The search fields as the model declares them (what goes into the body)."""
        return [
            field
            for field in super().get_search_fields()
            if isinstance(field, index.SearchField | index.RelatedFields)
        ]

    def search_key_texts(self):
        return [self.title]

    def search_body(self):
        texts = [*self.search_key_texts(), *_field_texts(self, self.declared_search_fields())]
        return analysed_text(texts)
