"""Module progress (marked done on a module page, or merged from the browser when a reader
signs in), self-check passes, the portfolio of reflection-task answers as Markdown or PDF, and
certificates: opened by a member, verified by anyone at /certificates/<code>/."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from altcms.http import siteurl
from altcms.http.problems import problem
from community.progress import certificates, portfolio
from community.progress.course import open_certificate
from community.progress.models import Certificate, ModuleProgress, SelfCheckPass, clean_code
from modules.models import ModulePage


def _live_module(module_id):
    """The live module with this id (as sent in a form), or None: never a query for a number
    no database holds (SQLite cannot even be asked about 10**20)."""
    try:
        pk = int(module_id)
    except (TypeError, ValueError):
        return None
    return ModulePage.objects.live().filter(pk=pk).first() if 0 < pk < 2**62 else None


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


def answers_address(module, result):
    """The module's self-check with these answers graded (`?check=1&q1=…#self-check`)."""
    query = {"check": "1"}
    query.update({f"q{i.number}": i.chosen for i in result.items if i.chosen is not None})
    if result.shown:
        query["show"] = "1"
    return f"{module.url}?{urlencode(query)}#self-check"


@require_POST
def record_self_check(request):
    """A member checks their answers to a module's self-check: graded here, from the answers
    sent (the module's own pass rule), a pass stored once however often it is sent, then back
    to the module's self-check with the answers graded (Post/Redirect/Get), where the result
    says whether the pass is recorded. A pass from an attempt whose answers were shown is not.
    (The check itself is a GET, the same page for everyone, kept in the shared cache; only this
    POST, with its CSRF token, writes: a link with the right answers in it records nothing.)"""
    module = _live_module(request.POST.get("module"))
    if module is None:
        return problem(request, _("That is not a course module."))
    result = module.grade_self_check(request.POST)
    if result is None or not result.total:
        return problem(request, _("Send the answers to the module's self-check."))
    back = answers_address(module, result)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
    if result.counts:
        SelfCheckPass.objects.get_or_create(
            user=request.user,
            module=module,
            defaults={"score": result.score, "total": result.total},
        )
    return HttpResponseRedirect(back)


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
    text = portfolio.as_markdown(
        request.user, portfolio.answers_of(request.user, published_only=True)
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reflection-portfolio.md"'
    return response


@login_required
def portfolio_pdf(request):
    pdf = portfolio.as_pdf(request.user, portfolio.answers_of(request.user, published_only=True))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="reflection-portfolio.pdf"'
    return response


@login_required
@require_POST
def claim_certificate(request):
    """Open the certificate of a category the member has completed (Post/Redirect/Get: to the
    certificate, or back to their progress with what is still missing). One that an editor
    revoked stays revoked: it is not opened again, nor a new one in its place."""
    certificate = open_certificate(request.user, request.POST.get("category", ""), request)
    if certificate is None:
        messages.error(
            request,
            _(
                "That certificate is not ready yet: every module of the category marked done, "
                "its self-check passed, and one reflection task answered."
            ),
        )
        return HttpResponseRedirect(reverse("community:me") + "#certificates")
    if certificate.is_revoked:
        messages.error(
            request,
            _(
                "Your certificate for {category} was withdrawn on {date}; it cannot be opened "
                "again. If you think this is a mistake, write to us through the contact page."
            ).format(
                category=certificate.category_title,
                date=date_format(timezone.localtime(certificate.revoked_at)),
            ),
        )
        return HttpResponseRedirect(reverse("community:me") + "#certificates")
    messages.success(
        request,
        _("Your certificate for {category} is ready.").format(category=certificate.category_title),
    )
    return HttpResponseRedirect(certificate.get_absolute_url())


def _certificate(code):
    code = clean_code(code)
    certificate = Certificate.objects.filter(code=code).first() if code else None
    if certificate is None:
        raise Http404(_("No certificate has that code."))
    return certificate


def withdrawn(request, certificate):
    """A revoked certificate's address (page or PDF): 410 Gone, saying since when, and nothing
    about the member or the reason. (Not shared by any cache: only a 200 is.)"""
    return render(
        request,
        "community/certificate_withdrawn.html",
        {
            "code": certificate.code,
            "revoked_on": timezone.localtime(certificate.revoked_at).date(),
            "is_own": request.user.is_authenticated and request.user.pk == certificate.user_id,
        },
        status=410,
    )


def certificate(request, code):
    """A certificate's public verification page: anyone with the address can confirm it."""
    found = _certificate(code)
    if found.is_revoked:
        return withdrawn(request, found)
    return render(
        request,
        "community/certificate.html",
        {
            "certificate": found,
            "summary": certificates.summary(found),
            "reading": certificates.reading(found),
            "dates": certificates.dates(found),
            "address": siteurl.absolute(found.get_absolute_url()),
            "is_own": request.user.is_authenticated and request.user.pk == found.user_id,
        },
    )


def certificate_pdf(request, code):
    found = _certificate(code)
    if found.is_revoked:
        return withdrawn(request, found)
    pdf = certificates.as_pdf(found, siteurl.absolute(found.get_absolute_url()))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{found.code}.pdf"'
    return response
