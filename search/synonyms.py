"""Synonym sets: what search reads (`synonym_sets`), and the sets seeded from the glossary and
the curriculum (`seed_sets`).

Editors keep the sets in the admin (search.models.SynonymSet). Another app can add sets of its
own without search importing it: a function registered with the `search_synonym_sets` Wagtail
hook returns lists of forms (a glossary kept in the admin, say), and search reads them with the
editors' sets. A set that is malformed (a blank form, one form) is read as far as it makes sense
and never breaks a search.
"""

from collections import defaultdict

from wagtail import hooks

from altcms.caching import store
from altcms.caching.addresses import tags_for
from altcms.content.search_text import has_japanese, query_terms, word_terms, words
from search.models import MAX_FORMS, SynonymSet

HOOK = "search_synonym_sets"
SEARCH = "/search/"
DATA_SECONDS = 24 * 60 * 60
MIN_KANA = 3  # a shorter reading in kana (はん) matches inside too many other words
# English glosses too general to stand for one Japanese term in a search.
GENERIC = frozenset(
    ["teacher", "teacher's title", "class", "materials", "pupils", "students", "grade"]
    + ["year group", "quiz", "short quiz", "mora", "transfer", "net", "main text", "timetable"]
)


def kept(request, name, make):
    """What search reads on every request (the synonym sets, the common problems), worked out
    once and kept in the shared cache with the search results, under "/search/": made stale
    with them (altcms.caching.changes), and kept even where rendered parts are not."""
    return store.cached(request, f"search-data:{name}", tags_for(SEARCH), DATA_SECONDS, make)


def synonym_sets(request=None):
    """[[(form, its analysed terms), ...], ...]: the editors' sets and those other apps add."""
    return kept(request, "synonym-sets", _load)


def _load():
    sets = [synonym_set.forms() for synonym_set in SynonymSet.objects.only("terms")]
    for provider in hooks.get_hooks(HOOK):
        sets += [[str(form) for form in forms if str(form).strip()] for forms in provider()]
    analysed = [[(form, tuple(terms_in_order(form))) for form in forms] for forms in sets]
    return [[pair for pair in forms if pair[1]] for forms in analysed if len(forms) > 1]


def terms_in_order(text):
    """The analysed terms of `text` in order, repeats kept (a phrase to find in a search)."""
    return [term for word in words(text) for term in word_terms(word)]


def glossary_forms(entry):
    """The forms a glossary entry (content/glossary.yaml) is searched by: its term, its reading in
    kana (if long enough to be told apart) and romaji, and its English glosses."""
    term = str(entry.get("term", ""))
    forms = _alternatives(term)
    if has_japanese(term):
        forms += [kana for kana in _alternatives(entry.get("kana")) if len(kana) >= MIN_KANA]
        forms += _alternatives(entry.get("romaji"))
    for gloss in _alternatives(entry.get("english")):
        gloss = gloss.replace(",", "")  # a form is one line, and commas separate forms
        name, _, inner = gloss.partition(" (")
        if inner.endswith(")") and inner[:1].isupper():  # "Board of education (BoE)"
            forms += [name, inner[:-1]]
        else:  # "Homeroom teacher (of a class)": the qualifier is not another name
            forms.append(name)
    return [form for form in dict.fromkeys(forms) if form.lower() not in GENERIC]


def _alternatives(value):
    return [part.strip() for part in str(value or "").split(" / ") if part.strip()]


def seed_sets(curriculum, glossary):
    """[(key, source, [forms])]: the curriculum's sets and the glossary's entries, joined where
    they share a form (by what the search makes of it), each form once, at most MAX_FORMS."""
    entries = [
        (f"curriculum:{item['key']}", SynonymSet.CURRICULUM, [str(t) for t in item["terms"]])
        for item in curriculum
    ]
    entries += [
        (f"glossary:{entry['term']}", SynonymSet.GLOSSARY, glossary_forms(entry))
        for entry in glossary
    ]
    parent = list(range(len(entries)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = {}
    for i, (_key, _source, forms) in enumerate(entries):
        for form in forms:
            terms = tuple(query_terms(form))
            if not terms:
                continue
            if terms in owner:
                parent[root(i)] = root(owner[terms])
            else:
                owner[terms] = i
    groups = defaultdict(list)
    for i in range(len(entries)):
        groups[root(i)].append(i)
    sets = []
    for members in groups.values():
        key, source, _forms = entries[members[0]]
        forms, seen = [], set()
        for i in members:
            for form in entries[i][2]:
                terms = tuple(query_terms(form))
                if terms and terms not in seen:
                    seen.add(terms)
                    forms.append(form)
        if len(forms) > 1:
            sets.append((key, source, forms[:MAX_FORMS]))
    return sets
