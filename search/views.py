import re

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from altcms.caching.fragments import shared, shared_key
from altcms.caching.pagetree import public
from altcms.content.search_text import WORD, normalise
from modules.models import ModuleCategoryPage, ProblemsPage
from search import glossary as search_glossary
from search import query as search_query
from search.models import SearchTerm
from search.popular import most_searched
from search.problems import matching, problem_entries
from search.results import KINDS, Found, fill
from search.suggest import did_you_mean, long_enough, titles_like
from search.synonyms import synonym_sets

RESULTS_PER_PAGE = 10
PAGE_NUMBER = re.compile(r"-?\d+")
EXAMPLES = ["team teaching", "phonics", "classroom English", "訳読", "yakudoku", "小学校"]


class BadParameter(ValueError):
    pass


def _page_number(value):
    """A page number from the URL: text is an error; out-of-range numbers are clamped later."""
    value = (value or "1").strip()
    if not PAGE_NUMBER.fullmatch(value):
        raise BadParameter(_("The page number must be a whole number, such as 2."))
    if len(value) > 9:  # a number of any size: treat it as "a very large page"
        return -1 if value.startswith("-") else 10**9
    return int(value)


def _kind(value):
    kinds = {kind for kind, _plural, _label in KINDS}
    if value and value not in kinds:
        raise BadParameter(_("Choose a kind of content from the list, or all kinds."))
    return value or ""


def course_categories():
    return list(ModuleCategoryPage.objects.live().order_by("path"))


def problems_page(request):
    return (
        public(ProblemsPage.objects.live(), request)
        .only("id", "title", "path", "depth", "url_path")
        .first()
    )


@require_safe
def search(request):
    parsed = search_query.parse(request.GET.get("q", ""))
    context = {"search_query": parsed.text, "parsed": parsed, "examples": EXAMPLES}
    try:
        number = _page_number(request.GET.get("page"))
        kind = _kind(request.GET.get("kind", ""))
    except BadParameter as error:
        context.update(error=str(error), kind="", categories=course_categories())
        return TemplateResponse(request, "search/search.html", context, status=400)
    context["kind"] = kind

    if not parsed.text or parsed.too_common:
        context["categories"] = course_categories()
        context["problems_page"] = problems_page(request)
        if not parsed.text:
            context["popular"] = most_searched(request)
        return TemplateResponse(request, "search/search.html", context)

    # The results are the same for every reader: rendered once per query, kind and page into
    # the shared cache (until the content changes), their queries made only then.
    rendered = shared(
        request,
        shared_key(request, "/search/", request.GET.get("q", ""), kind, number),
        lambda: _render_results(request, parsed, kind, number),
    )
    context["results_html"] = mark_safe(rendered["html"])  # noqa: S308 - escaped when rendered
    if number <= 1 and not kind:  # a new search, not a later page or a narrowing of one
        Query.get(parsed.text).add_hit()
        SearchTerm.record(parsed.text, rendered["found"])
    return TemplateResponse(request, "search/search.html", context)


def synonym_words(request):
    """The words of every synonym set, for "did you mean"."""
    return {
        word
        for forms in synonym_sets(request)
        for form, _terms in forms
        for word in WORD.findall(form)
    }


def _render_results(request, parsed, kind, number):
    context = _results(request, parsed, kind, number)
    html = render_to_string("search/includes/results.html", context, request)
    return {"html": html, "found": context["found"].total + len(context["promotions"])}


def _results(request, parsed, kind, number):
    parsed.widen(synonym_sets(request))
    context = {"search_query": parsed.text, "parsed": parsed, "kind": kind}
    promotions = [
        promotion
        for promotion in SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(parsed.text)
        )
        .select_related("page")
        .order_by("sort_order")
        if promotion.page_id is None or promotion.page.live
    ]
    exclude = [p.page_id for p in promotions if p.page_id]
    glossary = search_glossary.matching(parsed.text) if number <= 1 and not kind else []
    problems = []
    if number <= 1 and kind in ("", "module"):
        problems = matching(parsed.alternatives(), problem_entries(request))
    found = Found(
        parsed.search_query(),
        request,
        kind=kind,
        exclude_pages=exclude,
        alternatives=parsed.alternatives(),
    )
    if not found.total and not promotions and not kind and parsed.terms:
        # Nothing has every word: a spelling the site knows, else the pages with most words.
        links, correction = did_you_mean(parsed.searched, request, synonym_words(request))
        context.update(close_titles=links, correction=correction)
        corrected = search_query.parse(correction).widen(synonym_sets(request))
        if correction and corrected.terms:
            retry = Found(
                corrected.search_query(),
                request,
                exclude_pages=exclude,
                alternatives=corrected.alternatives(),
            )
            if retry.total:
                found, context["showing"] = retry, corrected
                parsed = corrected
                if not problems:
                    problems = matching(corrected.alternatives(), problem_entries(request))
        if not found.total and len(parsed.alternatives()[0].terms) > 1:
            relaxed = Found(
                parsed.search_query(relaxed=True),
                request,
                exclude_pages=exclude,
                alternatives=parsed.alternatives(),
                relaxed=True,
            )
            if relaxed.total:
                found, context["relaxed"] = relaxed, True
    paginator = Paginator(found, RESULTS_PER_PAGE)
    results = paginator.get_page(max(1, number))
    results.object_list = fill(
        list(results.object_list), request, parsed.highlight_words(), parsed.alternatives()
    )
    context.update(
        found=found,
        kind_choices=[(value, plural, found.counts[value]) for value, plural, _label in KINDS],
        kind_plural=next((plural for value, plural, _label in KINDS if value == kind), ""),
        results=results,
        promotions=promotions if number <= 1 else [],
        problems=problems,
        glossary=glossary,
        problems_page=problem_entries(request)[0]["url"].partition("#")[0] if problems else "",
        page_range=paginator.get_elided_page_range(results.number, on_each_side=2, on_ends=1),
    )
    if not found.total and not promotions:
        context["categories"] = course_categories()
        if "correction" not in context:
            links, correction = did_you_mean(parsed.searched, request, synonym_words(request))
            context.update(close_titles=links, correction=correction)
    return context


@csrf_exempt  # sent by navigator.sendBeacon from a cached page; it can only raise a counter
@require_POST
def opened(request):
    """A reader opened a result of a search (static/js/site.js): counted for the editors'
    report, never more often than the search was made (SearchTerm.record_click)."""
    text = normalise(request.POST.get("q", ""))[: search_query.MAX_QUERY_LENGTH]
    if text:
        SearchTerm.record_click(text)
    return HttpResponse(status=204)


@require_safe
def suggest(request):
    """Titles for the search box as the reader types: {"query": ..., "suggestions": [...]}."""
    text = normalise(request.GET.get("q", ""))[: search_query.MAX_QUERY_LENGTH]
    suggestions = titles_like(text, request) if long_enough(text) else []
    response = JsonResponse({"query": text, "suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
