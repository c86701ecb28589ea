"""The site's own ranking: the same order on every database.

The database finds the pages and topics that match (both hold the same analysed terms, see
altcms.content.search_text) and gives its best RERANK of them by its own measure (PostgreSQL's
ts_rank, SQLite's bm25, which weigh length and frequency very differently). Those candidates
are then ranked here, from the analysed text the index already holds for each (its key text: title,
summary, learning goals, section headings; and its whole text), by one formula that does not
depend on the database:

- for each term of the search: found in the title (TITLE), in the key text (KEY, saturating
  with repeats), in the whole text (BODY, saturating, a little less for long texts), averaged
  over the terms;
- the search's words side by side in the key text (PHRASE_KEY) or the body (PHRASE_BODY): "team
  teaching" as a phrase, not two words pages apart; and a title that is exactly the search
  (EXACT);
- a search widened with a synonym or glossary form counts a little less than the words typed
  (VARIANT), and a page with only some of the words (when no page has them all) less again;
- by kind (PRIORS): a module above a post, a post above a listing page that merely mentions
  the words.

Candidates past RERANK (a search matching hundreds of posts) keep the database's order after
the ranked ones.
"""

from dataclasses import dataclass

from django.db import connection

from wagtail.search.models import IndexEntry

from altcms.content.search_text import analyse

RERANK = 60  # candidates ranked here, from each source
TITLE, KEY, BODY = 3.0, 2.0, 2.0
PHRASE_KEY, PHRASE_BODY, EXACT = 1.0, 0.5, 2.0
VARIANT = 0.85
PRIORS = {"module": 1.0, "article": 0.7, "blog": 0.6, "forum": 0.55, "page": 0.45}
BM25_K, BM25_B, AVERAGE_LENGTH = 1.2, 0.5, 600


@dataclass(frozen=True)
class Alternative:
    """One way of saying the search: the analysed terms that must all be found, and how much a
    match with them counts."""

    terms: tuple
    weight: float = 1.0


@dataclass
class Candidate:
    kind: str
    pk: int
    title: str
    content_type_id: int
    native: float  # the database's own score, higher is better
    score: float | None = None


def texts_of(candidates):
    """{(content_type_id, pk): (key terms, body terms)} from the index, in one query."""
    if not candidates:
        return {}
    if connection.vendor == "postgresql":
        key_field, body_field = "title_text", "body_text"
    elif connection.vendor == "sqlite":
        key_field, body_field = "title", "body"
    else:  # another backend keeps no text to rank by: the database's order stands
        return {}
    rows = IndexEntry.objects.filter(
        content_type_id__in={c.content_type_id for c in candidates},
        object_id__in=[str(c.pk) for c in candidates],
    ).values_list("content_type_id", "object_id", key_field, body_field)
    return {
        (content_type, int(object_id)): ((key or "").split(), (body or "").split())
        for content_type, object_id, key, body in rows
        if object_id.isdigit()
    }


def rank(candidates, alternatives, relaxed=False):
    """Score the candidates (`Candidate.score`) and return them best first; those with no text
    in the index follow, in the database's order."""
    texts = texts_of(candidates)
    for candidate in candidates:
        text = texts.get((candidate.content_type_id, candidate.pk))
        if text is not None:
            candidate.score = score(candidate, *text, alternatives, relaxed)
    scored = sorted(
        (c for c in candidates if c.score is not None), key=lambda c: (-c.score, -c.native, c.pk)
    )
    rest = sorted((c for c in candidates if c.score is None), key=lambda c: -c.native)
    return scored + rest


def score(candidate, key, body, alternatives, relaxed=False):
    wanted = {term for alt in alternatives for term in alt.terms}
    text = Text(
        set(analyse(candidate.title)),
        key,
        {term: key.count(term) for term in wanted},
        body,
        {term: body.count(term) for term in wanted},
    )
    best = max(
        (_score_terms(alt.terms, text, relaxed) * alt.weight for alt in alternatives if alt.terms),
        default=0.0,
    )
    return best * PRIORS.get(candidate.kind, PRIORS["page"])


@dataclass
class Text:
    """One candidate's analysed text, counted once for every way of saying the search."""

    title: set
    key: list
    key_counts: dict  # of the search's terms only
    body: list
    body_counts: dict


def _score_terms(terms, text, relaxed):
    length_norm = 1 - BM25_B + BM25_B * len(text.body) / AVERAGE_LENGTH
    total, matched = 0.0, 0
    for term in terms:
        in_body = text.body_counts[term]
        if not in_body:
            continue
        matched += 1
        in_key = text.key_counts[term]
        total += TITLE * (term in text.title)
        total += KEY * in_key / (in_key + 0.5)
        total += BODY * in_body / (in_body + BM25_K * length_norm)
    if not matched:
        return 0.0
    result = total / len(terms)
    if matched < len(terms):
        if not relaxed:
            return 0.0
        result *= (matched / len(terms)) ** 2
    if len(terms) > 1:
        if _adjacent(terms, text.key):
            result += PHRASE_KEY
        elif _adjacent(terms, text.body):
            result += PHRASE_BODY
    if text.title and text.title == set(terms):
        result += EXACT
    return result


def _adjacent(terms, sequence):
    """Do `terms` appear side by side, in order, somewhere in `sequence`?"""
    first, size = terms[0], len(terms)
    for position, term in enumerate(sequence):
        if term == first and tuple(sequence[position : position + size]) == tuple(terms):
            return True
    return False
