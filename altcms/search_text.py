"""Search text analysis shared by the indexed models and the search view.

PostgreSQL's and SQLite's full-text parsers split words at spaces and punctuation. Japanese is
written without spaces, so "小学校の外国語活動" reaches the index as one long "word" and a search
for 小学校 finds nothing. Both sides of the search therefore go through the same scheme, the one
Lucene's CJK analyser uses: every run of Japanese (or Chinese) characters becomes its overlapping
character bigrams (小学 学校), plus the single kanji for one-character searches.

- at index time, `SiteSearchMixin.japanese_terms` adds those bigrams to the indexed text;
- at query time, `query_terms` turns 外国語指導助手 into the bigrams that must all be present.

Bigrams need no dictionary, work the same on every backend and find a word inside a compound
(指導 in 外国語指導助手), which a dictionary tokenizer such as Janome would keep whole. The
price is the occasional false match across a word boundary, which ranking pushes down.
"""

import re
import unicodedata

from wagtail.search import index

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


def normalise(text):
    """NFKC (full-width Ｅｎｇｌｉｓｈ and half-width ｶﾀｶﾅ become ordinary), no invisible
    characters, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(CONTROL.sub(" ", INVISIBLE.sub("", text)).split())


def bigrams(run):
    """小学校 -> [小学, 学校]; a single character stays itself."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def query_terms(text):
    """The index terms a search for `text` must all match, in order, without repeats.

    Latin words are lower-cased; each Japanese run becomes its bigrams:
    "ALTの役割" -> ["alt", "の役", "役割"].
    """
    terms = []
    for word in WORD.findall(normalise(text)):
        position = 0
        for match in CJK_RUN.finditer(word):
            if match.start() > position:
                terms.append(word[position : match.start()].lower())
            terms.extend(bigrams(match.group()))
            position = match.end()
        if position < len(word):
            terms.append(word[position:].lower())
    return list(dict.fromkeys(terms))


def index_terms(texts):
    """The extra words to index for Japanese in `texts`: every bigram, and every kanji alone."""
    terms = []
    for text in texts:
        for run in CJK_RUN.findall(unicodedata.normalize("NFKC", text)):
            if len(run) > 1:
                terms.extend(bigrams(run))
            terms.extend(KANJI.findall(run))
    return " ".join(dict.fromkeys(terms))


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
        elif isinstance(field, index.SearchField) and field.field_name not in ADDED_FIELDS:
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


ADDED_FIELDS = ("search_title", "japanese_terms")


class SiteSearchMixin:
    """Mixed into every indexed model of the site (before Page or index.Indexed). Its index entry
    then also holds, in the body:

    - its title (`search_title`), so that the body alone holds every word of the object and the
      PostgreSQL backend can match against it with its GIN index (see search/backend.py);
    - the Japanese bigrams of all its text (`japanese_terms`, see the module docstring).
    """

    @classmethod
    def get_search_fields(cls):
        fields = super().get_search_fields()
        return fields + [index.SearchField(name) for name in ADDED_FIELDS]

    def search_title(self):
        return self.title

    def japanese_terms(self):
        texts = [text for text in _field_texts(self, self.get_search_fields()) if text]
        return index_terms(texts)
