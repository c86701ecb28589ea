"""A member's pages, which gather what every room holds about them: /community/me/ (progress,
portfolio, research submissions, account), public profile pages, and deleting the account."""

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from altcms.http.problems import problem
from blog.submission import submissions_of
from community.accounts.forms import DeleteAccountForm
from community.accounts.models import Profile
from community.discussion.models import Comment
from community.forum.models import Topic
from community.progress import portfolio
from community.progress.course import progress_of, standing


@login_required
def me(request):
    answers = portfolio.answers_of(request.user)
    categories = standing(progress_of(request.user, request), request.user, answers)
    total = sum(len(c.module_list) for c in categories)
    done = sum(c.done_count for c in categories)
    passed = sum(c.passed_count for c in categories)
    return render(
        request,
        "community/me.html",
        {
            "categories": categories,
            "done_total": done,
            "passed_total": passed,
            "module_total": total,
            "answers": answers,
            "profile": Profile.objects.filter(user=request.user).first(),
            "submissions": submissions_of(request.user),
        },
    )


def person(request, username):
    user = get_object_or_404(get_user_model(), username=username, is_active=True)
    profile = Profile.objects.filter(user=user).first()
    is_self = request.user.is_authenticated and request.user.pk == user.pk
    if not is_self and (profile is None or not profile.is_public):
        return problem(
            request,
            _("This member's profile is private."),
            status=404,
            title=_("Profile not available"),
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
        messages.success(request, _("Your account is deleted. Thank you for taking part."))
        return HttpResponseRedirect("/")
    return render(
        request,
        "community/delete_account.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
