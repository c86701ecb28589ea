"""Search in the admin: Synonyms (editors), Reports → Search terms (which replaces Wagtail's own
report of that name), and adding a reader's search to the common problems."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from search.admin import SearchTermsMenuItem, SearchTermsReport, SynonymSetViewSet, add_to_problems

register_snippet(SynonymSetViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("reports/search-terms/", SearchTermsReport.as_view(), name="search_terms_report"),
        path(
            "reports/search-terms/results/",
            SearchTermsReport.as_view(results_only=True),
            name="search_terms_report_results",
        ),
        path("search/add-to-problems/", add_to_problems, name="search_add_problem"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_terms_report():
    return SearchTermsMenuItem(
        _("Search terms"),
        reverse("search_terms_report"),
        name="site-search-terms",
        icon_name="search",
        order=1300,
    )


@hooks.register("construct_reports_menu")
def hide_wagtails_search_terms_report(request, menu_items):
    """Wagtail's own "Search terms" report counts views only; this site's shows what searches
    found and what to do about them."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
