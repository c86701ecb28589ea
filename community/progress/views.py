"""Module progress (marked done on a module page, or merged from the browser when a reader
signs in) and the portfolio of reflection-task answers as Markdown or PDF."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from altcms.caching.pagetree import public
from altcms.http.problems import problem
from community.progress import portfolio
from community.progress.models import ModuleProgress
from modules.models import ModuleIndexPage, ModulePage, curriculum


def progress_of(user, request=None):
    """The curriculum by category, each module marked done or not, with counts."""
    index = public(ModuleIndexPage.objects.live(), request).first()
    categories = curriculum(index, request) if index else []
    done = set(ModuleProgress.objects.filter(user=user).values_list("module_id", flat=True))
    for category in categories:
        for module in category.module_list:
            module.done = module.pk in done
        category.done_count = sum(module.done for module in category.module_list)
        category.percent = (
            round(100 * category.done_count / len(category.module_list))
            if category.module_list
            else 0
        )
    return categories


def _live_module(module_id):
    try:
        return ModulePage.objects.live().filter(pk=int(module_id)).first()
    except (TypeError, ValueError):
        return None


@require_POST
def progress(request):
    """Mark a module done (or not done again)."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse(
                {"error": "Sign in to keep your progress in your account."}, status=403
            )
        return HttpResponseRedirect(f"{reverse('account_login')}?next={request.path}")
    module = _live_module(request.POST.get("module"))
    if module is None:
        if wants_json:
            return JsonResponse({"error": "That is not a course module."}, status=400)
        return problem(request, _("That is not a course module."))
    done = request.POST.get("done", "1") == "1"
    if done:
        ModuleProgress.objects.get_or_create(user=request.user, module=module)
    else:
        ModuleProgress.objects.filter(user=request.user, module=module).delete()
    if wants_json:
        return JsonResponse({"module": module.pk, "done": done})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = module.url
    messages.success(
        request,
        (_("“{title}” is marked as done.") if done else _("“{title}” is not done.")).format(
            title=module.title
        ),
    )
    return HttpResponseRedirect(next_url)


@require_POST
def merge_progress(request):
    """Fold the modules a reader marked done in their browser into their account."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=403)
    ids = _module_ids(request.body)
    if ids is None:
        return JsonResponse({"error": "Send a JSON list of module ids, like [12, 15]."}, status=400)
    modules = ModulePage.objects.live().filter(pk__in=ids).values_list("pk", flat=True)
    with transaction.atomic():
        for module_id in modules:
            ModuleProgress.objects.get_or_create(user=request.user, module_id=module_id)
    return JsonResponse({"merged": sorted(modules)})


def _module_ids(body):
    """A JSON list of whole numbers (module ids), or None: never a float, an infinity
    (`[1e400]`), a number no database holds, or nesting deep enough to exhaust the parser."""
    if len(body) > 20_000 or body.count(b"[") > 1:
        return None
    try:
        ids = json.loads(body or b"[]")
    except (ValueError, RecursionError):
        return None
    if not isinstance(ids, list):
        return None
    if not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**62 for i in ids):
        return None
    return ids[:200]


@login_required
def portfolio_markdown(request):
    text = portfolio.as_markdown(request.user, portfolio.answers_of(request.user))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reflection-portfolio.md"'
    return response


@login_required
def portfolio_pdf(request):
    pdf = portfolio.as_pdf(request.user, portfolio.answers_of(request.user))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="reflection-portfolio.pdf"'
    return response
