"""Common problems in search: a search that says a problem the editors list (on the page
/modules/problems/, modules.ProblemsPage) shows that problem's module sections first.

A problem matches when the search says it, or one of its variants, in the words that matter
(after analysis: "students won't speak" and "my students don't speak" are both student + speak):
every word of the variant is in the search, or the search is most of the variant. A word used
by many problems ("student") never matches one on its own. The problems, analysed, are kept in
the shared cache with the search results ("/search/"), which publishing the page makes stale.
"""

from collections import Counter

from altcms.caching.pagetree import public
from altcms.content.search_text import query_terms
from modules.models import ProblemsPage, resolved_problems
from search.ranking import VARIANT
from search.synonyms import kept

SHOWN = 2  # problems shown above the results
CLOSE = 0.75  # a second problem is shown only if it matches nearly as well as the first
COMMON_IN = 4  # a word in this many problems' wordings does not match a problem alone
THRESHOLD = 0.5


def problem_entries(request):
    """The live problems page's problems, each with the analysed terms of its wording and
    variants, and its page address; [] when there is no live page."""
    return kept(request, "problems", lambda: _load(request))


def _load(request):
    page = public(ProblemsPage.objects.live(), request).first()
    if page is None:
        return []
    url = page.get_url(request)
    entries = []
    for problem in resolved_problems(page, request):
        if not problem["sections"]:
            continue
        forms = [problem["wording"], *problem["variants"]]
        problem["forms"] = [tuple(query_terms(form)) for form in forms if query_terms(form)]
        problem["url"] = f"{url}#{problem['anchor']}"
        entries.append(problem)
    return entries


def matching(alternatives, entries):
    """The problems (best first, at most SHOWN) that `alternatives` (search.ranking.Alternative:
    the search, and the search with synonyms swapped in) say."""
    common = Counter(term for entry in entries for term in set().union(*entry["forms"]))
    scored = []
    for entry in entries:
        best = 0.0
        for alternative in alternatives:
            query = set(alternative.terms)
            for form in entry["forms"]:
                best = max(best, _match(query, set(form), common) * alternative.weight)
        if best >= THRESHOLD * VARIANT:
            scored.append((best, entry))
    scored.sort(key=lambda item: -item[0])
    return [entry for score, entry in scored[:SHOWN] if score >= CLOSE * scored[0][0]]


def _match(query, form, common):
    if not query or not form:
        return 0.0
    shared_terms = query & form
    if not shared_terms:
        return 0.0
    if len(shared_terms) == 1 and common[next(iter(shared_terms))] >= COMMON_IN:
        return 0.0  # "students" alone says no particular problem
    overlap = len(shared_terms) / len(query | form)
    if form <= query:  # the search says the whole variant, perhaps with more
        return max(overlap, 0.75) if len(form) > 1 or len(query) <= 2 else overlap
    if query <= form and len(query) >= len(form) / 2:  # most of the variant
        return max(overlap, 0.6)
    return overlap
