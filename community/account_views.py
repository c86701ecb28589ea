"""An ALT's own pages: /community/me/ (progress, portfolio, account), the profile, public
profile pages, module progress, and deleting the account."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from allauth.account import views as allauth_views

from altcms.pagetree import public
from blog.submission import submissions_of
from community import notifications, portfolio
from community.forms import DeleteAccountForm, ProfileForm
from community.models import Comment, ModuleProgress, Profile, Topic, TopicFollow
from community.views import problem
from modules.models import ModuleIndexPage, ModulePage, curriculum


class BadInputIs400:
    """allauth's form views answer an invalid form with 400, not 200."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LoginView(BadInputIs400, allauth_views.LoginView):
    pass


class SignupView(BadInputIs400, allauth_views.SignupView):
    pass


class PasswordChangeView(BadInputIs400, allauth_views.PasswordChangeView):
    pass


class PasswordResetView(BadInputIs400, allauth_views.PasswordResetView):
    pass


class EmailView(BadInputIs400, allauth_views.EmailView):
    pass


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


@login_required
def me(request):
    categories = progress_of(request.user, request)
    total = sum(len(c.module_list) for c in categories)
    done = sum(c.done_count for c in categories)
    return render(
        request,
        "community/me.html",
        {
            "categories": categories,
            "done_total": done,
            "module_total": total,
            "answers": portfolio.answers_of(request.user),
            "profile": Profile.objects.filter(user=request.user).first(),
            "submissions": submissions_of(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    profile, _ = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return HttpResponseRedirect(reverse("community:me"))
    return render(
        request,
        "community/profile_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def person(request, username):
    user = get_object_or_404(get_user_model(), username=username, is_active=True)
    profile = Profile.objects.filter(user=user).first()
    is_self = request.user.is_authenticated and request.user.pk == user.pk
    if not is_self and (profile is None or not profile.is_public):
        return problem(
            request,
            "This member's profile is private.",
            status=404,
            title="Profile not available",
        )
    topics = (
        Topic.objects.shown()
        .filter(author=user, board__live=True)
        .select_related("board")
        .order_by("-created_at")[:20]
    )
    comments = [
        comment
        for comment in Comment.objects.filter(user=user, is_public=True, is_removed=False)
        .prefetch_related("content_object")
        .order_by("-submit_date")[:40]
        if getattr(comment.content_object, "live", False)
    ][:20]
    return render(
        request,
        "community/person.html",
        {
            "person": user,
            "profile": profile,
            "topics": topics,
            "comments": comments,
            "is_self": is_self,
        },
    )


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
        return problem(request, "That is not a course module.")
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
        f"“{module.title}” is marked as done." if done else f"“{module.title}” is not done.",
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


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            comments = Comment.objects.filter(user=user)
            topics = Topic.objects.filter(author=user)
            if form.cleaned_data["remove_posts"]:
                comments.update(is_removed=True, removed_by=Comment.REMOVED_BY_AUTHOR)
                topics.update(is_removed=True)
            # What stays is shown as "Former member": no name, email or address is kept.
            comments.update(user=None, user_name="", user_email="", ip_address=None)
            logout(request)
            user.delete()
        messages.success(request, "Your account is deleted. Thank you for taking part.")
        return HttpResponseRedirect("/")
    return render(
        request,
        "community/delete_account.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def unfollow(request, token):
    """One click from a topic email stops that topic's emails."""
    try:
        data = notifications.read_unfollow_token(token)
        topic_id, user_id = int(data["topic"]), int(data["user"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return problem(request, "This link is not valid.", title="Link not valid")
    topic = Topic.objects.filter(pk=topic_id).select_related("board").first()
    if topic is None:
        return problem(request, "This topic no longer exists.", status=404, title="Gone")
    TopicFollow.objects.filter(topic_id=topic_id, user_id=user_id).delete()
    return render(request, "community/unfollowed.html", {"topic": topic})
