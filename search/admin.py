"""Search in the admin: the synonym sets editors keep, the search-terms report, and adding a
reader's search to the common problems. Registered in search/wagtail_hooks.py."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from altcms.content.search_text import query_terms
from modules.models import Problem, ProblemsPage
from search.models import SearchTerm, SynonymSet

LOW_CLICK_RATE = 0.2  # results opened per search, below which a search counts as poorly answered


class SynonymCreateView(CreateView):
    """ "Add a synonym" from the search-terms report arrives with ?terms=<the search>."""

    def get_initial_form_instance(self):
        terms = self.request.GET.get("terms", "")[:200].replace("\x00", "").strip()
        if terms:
            return self.model(terms=terms + "\n")
        return super().get_initial_form_instance()


class SynonymSetViewSet(SnippetViewSet):
    model = SynonymSet
    icon = "search"
    menu_label = _("Synonyms")
    menu_order = 230
    add_to_admin_menu = True
    add_view_class = SynonymCreateView
    list_display = ["__str__", "source", "updated_at"]
    list_filter = ["source"]
    search_fields = ["terms"]
    ordering = ["terms"]


def can_add_synonyms(user):
    return user.has_perm("search.add_synonymset")


class SearchTermsReport(ReportView):
    """What readers search for, the poorly answered first: searches that found nothing, then
    searches whose results are seldom opened, then the rest by how often they are made."""

    page_title = _("Search terms")
    header_icon = "search"
    index_url_name = "search_terms_report"
    index_results_url_name = "search_terms_report_results"
    is_searchable = True
    search_fields = ["query"]
    default_ordering = "priority"
    paginate_by = 50
    list_export = ["query", "searches", "zero_results", "results", "clicks", "last_searched"]
    export_headings = {
        "query": _("Search"),
        "searches": _("Searches"),
        "zero_results": _("Found nothing"),
        "results": _("Results the last time"),
        "clicks": _("Results opened"),
        "last_searched": _("Last searched"),
    }

    @property
    def columns(self):
        return [
            Column("query", label=_("Search"), accessor=self.query_cell),
            NumberColumn("searches", label=_("Searches"), sort_key="searches"),
            NumberColumn("zero_results", label=_("Found nothing"), sort_key="zero_results"),
            NumberColumn("results", label=_("Results last time"), sort_key="results"),
            Column("click_rate", label=_("Opened"), accessor=self.rate_cell, sort_key="rate"),
            DateColumn("last_searched", label=_("Last searched"), sort_key="last_searched"),
            Column("actions", label=_("Make it findable"), accessor=self.actions_cell),
        ]

    def get_valid_orderings(self):
        return ["priority", "searches", "-searches", "zero_results", "-zero_results"] + [
            "results",
            "-results",
            "rate",
            "-rate",
            "last_searched",
            "-last_searched",
        ]

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_superuser or can_add_synonyms(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        rate = Cast(F("clicks"), FloatField()) / Cast(F("searches"), FloatField())
        return SearchTerm.objects.filter(searches__gt=0).annotate(
            rate=rate,
            priority=Case(
                When(results=0, then=Value(0)),
                When(searches__gte=2, clicks__lt=F("searches") * LOW_CLICK_RATE, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )

    def order_queryset(self, queryset):
        if self.ordering == "priority":
            return queryset.order_by("priority", "rate", "-searches", "query")
        return super().order_queryset(queryset).order_by(self.ordering, "query")

    @staticmethod
    def query_cell(term):
        url = reverse("search") + "?" + urlencode({"q": term.query})
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, term.query)

    @staticmethod
    def rate_cell(term):
        return f"{term.clicks} ({term.click_rate:.0%})"

    @staticmethod
    def actions_cell(term):
        synonym = (
            reverse("wagtailsnippets_search_synonymset:add")
            + "?"
            + urlencode({"terms": term.query})
        )
        problem = reverse("search_add_problem") + "?" + urlencode({"q": term.query})
        return format_html(
            '<div class="w-flex w-flex-wrap w-gap-2">'
            '<a class="button button-small button-secondary" href="{}">{}</a>'
            '<a class="button button-small button-secondary" href="{}">{}</a></div>',
            synonym,
            _("Add a synonym"),
            problem,
            _("Add to problems"),
        )


class AddToProblemsForm(forms.Form):
    NEW = "new"

    q = forms.CharField(max_length=200, widget=forms.HiddenInput)
    problem = forms.ChoiceField(
        label=_("Add it to"),
        help_text=_("As another way of saying a problem already listed, or as a new problem."),
    )

    def __init__(self, *args, problems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [(self.NEW, _("A new problem, worded like this"))] + [
            (str(problem.pk), problem.wording) for problem in problems
        ]

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].replace("\x00", " ").split())
        if not query_terms(text):
            raise forms.ValidationError(_("That search has no word a search can use."))
        return text


def add_to_problems(request):
    """Add a reader's search to the common problems: as a variant of a problem, or as a new
    problem. The change is saved as a draft of the problems page, and the editor is taken to it
    to check (a new problem needs its sections) and publish."""
    page = ProblemsPage.objects.first()
    if page is None:
        messages.error(request, _("There is no common problems page yet."))
        return redirect("search_terms_report")
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    problems = list(draft.problems.all())
    data = request.POST if request.method == "POST" else None
    form = AddToProblemsForm(data, problems=problems, initial={"q": request.GET.get("q", "")})
    if request.method == "POST" and form.is_valid():
        text, choice = form.cleaned_data["q"], form.cleaned_data["problem"]
        if choice == form.NEW:
            last = max((p.sort_order or 0 for p in problems), default=0)
            problems.append(
                Problem(
                    wording=text[:120], setting=Problem.CLASSROOM, helps=[], sort_order=last + 1
                )
            )
            note = gettext(
                "“{search}” is a new problem. Choose the sections that help, then publish."
            ).format(search=text)
        else:
            problem = next(p for p in problems if str(p.pk) == choice)
            known = {tuple(query_terms(f)) for f in [problem.wording, *problem.variant_list()]}
            if tuple(query_terms(text)) in known:
                messages.warning(
                    request,
                    gettext("“{problem}” already covers “{search}”.").format(
                        problem=problem.wording, search=text
                    ),
                )
                return redirect("wagtailadmin_pages:edit", page.pk)
            problem.variants = "\n".join([*problem.variant_list(), text])
            note = gettext(
                "“{search}” is a new way of saying “{problem}”. Check it, then publish."
            ).format(search=text, problem=problem.wording)
        draft.problems = problems
        draft.save_revision(user=request.user, log_action=True)
        messages.success(request, note)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "search/admin/add_to_problems.html",
        {"form": form, "page": page, "query": form["q"].value() or ""},
    )


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or can_add_synonyms(request.user)
