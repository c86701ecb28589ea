"""The empty search page's "Searched for most this month": never a reader's own words.

Every new search is counted (wagtail.contrib.search_promotions' Query, and search.models'
SearchTerm for the editors' report), but the public page names a search only when it is exactly
one of the site's own terms, and then in the site's spelling:

- a search an editor promoted (Promoted search results in the admin);
- the title of a live, public module;
- a glossary term, in any of its forms (kanji, kana, romaji, each English gloss).

So what a reader types ("my student Taro Suzuki is bullied", markup) never reaches the page: its
words come from editors and content, and readers' searches only choose and order them. A
list of allowed words filtered from readers' text could let a name through; this cannot.

The approved terms are kept in the shared cache with the search results, under "/search/":
a promotion, a module published or unpublished and a glossary term made stale all make them
stale (altcms.caching.changes); the counts are read afresh, and logging a search makes nothing
stale.
"""

from datetime import timedelta

from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from altcms.caching.pagetree import public
from altcms.content.search_text import normalise
from modules.models import GlossaryTerm, ModulePage
from search.glossary import fold
from search.synonyms import kept

SHOWN = 8
DAYS = 30


def key(text):
    """A search as Query keeps it: NFKC, single spaces, lower case (normalise_query_string)."""
    return normalise(text).lower()


def approved_terms(request=None):
    """{a search as Query keeps it: the term in the site's spelling}, for every approved term."""
    return kept(request, "approved-terms", lambda: _load(request))


def _load(request):
    forms = list(
        SearchPromotion.objects.order_by("sort_order")
        .values_list("query__query_string", flat=True)
        .distinct()
    )
    modules = public(ModulePage.objects.live(), request).order_by("path")
    forms += list(modules.values_list("title", flat=True))
    for term in GlossaryTerm.objects.order_by("romaji").only("term", "kana", "romaji", "english"):
        forms += [term.term, term.kana, term.romaji, *term.english.split("/")]
    approved = {}
    for form in forms:
        form = normalise(form or "")
        if form:
            approved.setdefault(key(form), form)
            approved.setdefault(fold(form), form)  # gakushu shido yoryo finds gakushū shidō yōryō
    return approved


def most_searched(request):
    """Up to eight approved terms searched most in the last thirty days, most first, each as
    the site spells it (never as a reader typed it)."""
    approved = approved_terms(request)
    since = timezone.now().date() - timedelta(days=DAYS)
    popular = (
        Query.get_most_popular(date_since=since)
        .filter(query_string__in=list(approved))
        .values_list("query_string", flat=True)
    )
    shown = []
    for query_string in popular[: SHOWN * 2]:  # two keys (kana, folded romaji) may name one
        text = approved[query_string]
        if text not in shown:
            shown.append(text)
    return shown[:SHOWN]
