"""The discussion's write side. Bad input gets a 4xx with a plain message, never a 500; a
comment is stored before any email about it is sent; the form comes back filled on errors."""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from django_comments.models import CommentFlag
from django_comments.signals import comment_was_posted
from django_comments.views.moderation import perform_flag

from community import notifications, ratelimit
from community.discussion import comments_on, discussable, page_of
from community.forms import CommentForm, EditCommentForm
from community.models import BlockedAuthor, Comment, CommentEdit

logger = logging.getLogger(__name__)


def problem(request, message, status=400, title="We couldn't accept that"):
    """A designed page with a plain explanation, and a 4xx status."""
    return render(
        request, "community/problem.html", {"title": title, "message": message}, status=status
    )


def form_again(request, target, form, status=400, note="", reply_to=None):
    """The comment form again, filled in as it was sent, with what to fix."""
    return render(
        request,
        "community/comment_form_page.html",
        {"target": target, "form": form, "note": note, "reply_to": reply_to},
        status=status,
    )


def _target_from(data):
    """The object a comment is for, from the form's content_type and object_pk, or None."""
    try:
        model = apps.get_model(*data.get("content_type", "").split(".", 1))
        return model._default_manager.get(pk=data.get("object_pk"))
    except (LookupError, TypeError, ValueError, ValidationError, ObjectDoesNotExist):
        return None


def _is_first_comment(request, email):
    """Has this person no published comment yet? (Editors and moderators never count as new.)"""
    user = request.user
    if user.is_authenticated:
        if user.is_staff or user.has_perm("django_comments.can_moderate"):
            return False
        return not Comment.objects.filter(user=user, is_public=True).exists()
    return not Comment.objects.filter(user_email__iexact=email, is_public=True).exists()


def _held_for_moderation(request, first_comment):
    """First comments from new accounts wait for a moderator."""
    user = request.user
    if not user.is_authenticated or not first_comment:
        return False
    age = timezone.now() - user.date_joined
    return age.days < settings.DISCUSSION_NEW_ACCOUNT_DAYS


@require_POST
def post_comment(request):
    data = request.POST.copy()
    user = request.user
    if user.is_authenticated:
        data["name"] = user.get_full_name() or user.get_username()
        data["email"] = user.email or data.get("email", "")

    target = _target_from(data)
    if target is None or not hasattr(target, "specific"):
        return problem(request, "This comment is not attached to a page that takes comments.")
    target = target.specific
    if not discussable(target) or not target.live:
        return problem(request, "This page does not take comments.")

    tasks = list(target.reflection_tasks.all()) if hasattr(target, "reflection_tasks") else []
    first = _is_first_comment(request, data.get("email", ""))
    form = CommentForm(target, data=data, tasks=tasks, first_comment=first)

    if "honeypot" in form.errors:
        logger.info("Comment rejected by the honeypot from %s", request.META.get("REMOTE_ADDR"))
        return problem(request, "This comment was not accepted.")
    if "security_hash" in form.errors:
        return problem(request, "The comment form was changed or comes from another page.")
    if "timestamp" in form.errors:
        fresh = CommentForm(target, data=None, tasks=tasks, initial=_initial_from(data))
        return form_again(
            request,
            target,
            fresh,
            note="This form was open for a long time. Check your comment below and post it again.",
        )
    if "task" in form.errors:
        return problem(request, "That reflection task is not part of this page.")

    parent = None
    try:
        reply_to = int(data.get("reply_to") or 0)
    except ValueError:
        return problem(request, "You can't reply to that comment here.")
    if reply_to:
        parent = comments_on(target).filter(pk=reply_to, is_public=True).first()
        if parent is None or parent.is_removed:
            return problem(request, "You can't reply to that comment here.")
        if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            return problem(
                request, "That conversation is as deep as it goes; reply higher up instead."
            )

    if BlockedAuthor.is_blocked(user, data.get("email", "")):
        return problem(request, "You can't post comments here.", status=403, title="Not allowed")

    if not form.is_valid():
        return form_again(request, target, form, reply_to=parent)

    identities = ratelimit.identities_for(request)
    if not ratelimit.allowed("comment", identities, settings.DISCUSSION_RATE_LIMITS):
        return form_again(
            request,
            target,
            form,
            status=429,
            note="You have posted a lot of comments in a short time. Wait a little, then post "
            "this one again: it is kept below.",
        )

    anonymous = not user.is_authenticated
    held = _held_for_moderation(request, first)
    comment = Comment(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        site_id=settings.SITE_ID,
        user=None if anonymous else user,
        user_name=form.cleaned_data["name"][:50],
        user_email=form.cleaned_data["email"],
        comment=form.cleaned_data["comment"],
        submit_date=timezone.now(),
        ip_address=request.META.get("REMOTE_ADDR") or None,
        followup=form.cleaned_data["followup"],
        parent_id=parent.pk if parent else 0,
        task=(parent.task if parent else form.cleaned_data["task"]),
        is_public=not (anonymous or held),
        awaiting=(
            Comment.AWAITING_CONFIRMATION
            if anonymous
            else Comment.AWAITING_MODERATION
            if held
            else ""
        ),
    )
    with transaction.atomic():
        comment.save()
    ratelimit.record("comment", identities, settings.DISCUSSION_RATE_LIMITS)
    comment_was_posted.send(sender=Comment, comment=comment, request=request)

    # Stored; now the emails, whose failure is logged and changes nothing above.
    if anonymous:
        notifications.send_confirmation_request(comment, request)
        return HttpResponseRedirect(reverse("discussion:check_email"))
    if held:
        messages.info(
            request,
            "Thank you. Your first comment is waiting for a moderator and will appear once "
            "approved; after that, your comments appear straight away.",
        )
        return HttpResponseRedirect(target.url + "#discussion")
    notifications.notify_comment_published(comment, request)
    messages.success(request, "Your comment is posted.")
    return HttpResponseRedirect(comment.get_absolute_url())


def _initial_from(data):
    return {key: data.get(key, "") for key in ("name", "email", "comment", "task", "reply_to")}


def check_email(request):
    return render(request, "community/check_email.html")


def confirm_comment(request, token):
    max_age = settings.DISCUSSION_CONFIRM_DAYS * 24 * 60 * 60
    try:
        comment_id = notifications.read_confirmation_token(token, max_age=max_age)
    except signing.SignatureExpired:
        return problem(
            request,
            "This confirmation link has expired. Post your comment again to get a new one.",
            title="Link expired",
        )
    except signing.BadSignature:
        return problem(request, "This confirmation link is not valid.", title="Link not valid")
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None or comment.is_removed:
        return problem(request, "This comment no longer exists.", status=404, title="Not found")
    if comment.awaiting == Comment.AWAITING_CONFIRMATION:
        comment.is_public = True
        comment.awaiting = ""
        comment.save(update_fields=["is_public", "awaiting", "comment_html"])
        notifications.notify_comment_published(comment, request)
        messages.success(request, "Thank you for confirming: your comment is posted.")
    return HttpResponseRedirect(comment.get_absolute_url())


def permalink(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, is_public=True)
    target = comment.content_object
    if target is None or not getattr(target, "live", False):
        raise Http404("The page this comment was on is gone.")
    page_number = page_of(comment)
    query = f"?dpage={page_number}" if page_number > 1 else ""
    return HttpResponseRedirect(f"{target.url}{query}#c{comment.pk}")


def _own_comment(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, is_public=True, is_removed=False)
    if comment.user_id != request.user.pk:
        return comment, problem(
            request, "You can only change your own comments.", status=403, title="Not allowed"
        )
    return comment, None


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, comment_id):
    comment, refused = _own_comment(request, comment_id)
    if refused:
        return refused
    if not comment.can_be_edited_by(request.user):
        return problem(
            request,
            f"Comments can be edited for {settings.DISCUSSION_EDIT_MINUTES} minutes after "
            "posting. You can still delete it and post again.",
            status=403,
            title="Too late to edit",
        )
    form = EditCommentForm(request.POST or None, initial={"comment": comment.comment})
    if request.method == "POST" and form.is_valid():
        new_text = form.cleaned_data["comment"]
        if new_text != comment.comment:
            with transaction.atomic():
                CommentEdit.objects.create(comment=comment, previous_text=comment.comment)
                comment.comment = new_text
                comment.edited_at = timezone.now()
                comment.save(update_fields=["comment", "comment_html", "edited_at"])
        messages.success(request, "Your comment is updated.")
        return HttpResponseRedirect(comment.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "community/edit_comment.html", {"comment": comment, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request, comment_id):
    comment, refused = _own_comment(request, comment_id)
    if refused:
        return refused
    if request.method == "POST":
        comment.is_removed = True
        comment.removed_by = Comment.REMOVED_BY_AUTHOR
        comment.save(update_fields=["is_removed", "removed_by", "comment_html"])
        messages.success(request, "Your comment is deleted.")
        return HttpResponseRedirect(comment.content_object.url + "#discussion")
    return render(request, "community/delete_comment.html", {"comment": comment})


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, is_public=True, is_removed=False)
    already = CommentFlag.objects.filter(
        comment=comment, user=request.user, flag=CommentFlag.SUGGEST_REMOVAL
    ).exists()
    if request.method == "POST":
        if not already:
            perform_flag(request, comment)
        messages.success(request, "Thank you. A moderator will look at this comment.")
        return HttpResponseRedirect(comment.get_absolute_url())
    return render(
        request, "community/report_comment.html", {"comment": comment, "already": already}
    )


def _mute_target(token):
    try:
        data = notifications.read_mute_token(token)
        return int(data["thread"]), str(data["email"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def mute_thread(request, token):
    """One click from the email mutes the thread; the page offers to undo it."""
    target = _mute_target(token)
    if target is None:
        return problem(request, "This link is not valid.", title="Link not valid")
    thread_id, email = target
    root = Comment.objects.filter(pk=thread_id).first()
    if root is None:
        return problem(request, "This discussion no longer exists.", status=404, title="Gone")
    follow = request.method == "POST" and request.POST.get("follow") == "1"
    Comment.objects.filter(thread_id=thread_id, user_email__iexact=email).update(followup=follow)
    return render(
        request,
        "community/muted.html",
        {"following": follow, "page": root.content_object, "token": token},
    )
