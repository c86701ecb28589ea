"""The discussion's write side. Bad input gets a 4xx with a plain message, never a 500; a
comment is stored before any email about it is sent; the form comes back filled on errors."""

import logging
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from django_comments.models import CommentFlag
from django_comments.signals import comment_was_posted
from django_comments.views.moderation import perform_flag

from altcms.http import ratelimit, submitonce
from altcms.http.problems import problem
from community.accounts import language
from community.accounts.models import display_name
from community.discussion import notifications, posting
from community.discussion.forms import CommentForm, EditCommentForm
from community.discussion.models import BlockedAuthor, Comment, CommentEdit
from community.discussion.reading import (
    comments_on,
    discussable,
    held_address,
    on_comment_published,
    page_of,
    remember_held,
)

logger = logging.getLogger(__name__)

MAX_ID = 2**62


def safe_id(value, allow_zero=False):
    """A database id from user input, or None: never a number the database can't hold."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if number == 0 and allow_zero:
        return 0
    return number if 0 < number < MAX_ID else None


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
    except (
        LookupError,
        TypeError,
        ValueError,
        OverflowError,
        ValidationError,
        ObjectDoesNotExist,
    ):
        return None


@csrf_exempt
@require_POST
def post_comment(request):
    """Store a comment. The CSRF check applies to signed-in members, whose session is what a
    forged request would borrow. An anonymous comment borrows nothing (it is published only once
    its author confirms it from their inbox), so the form readers who are not signed in see has
    no token, and the page it is on can be served to all of them from the page cache."""
    if request.user.is_authenticated:
        return _post_as_member(request)
    if (signed_out := _signed_out_meanwhile(request)) is not None:
        return signed_out
    return _post_comment(request)


def _signed_out_meanwhile(request):
    """The form a member sees (a CSRF token, no name or email fields), sent by a reader who is
    no longer signed in (signed out in another tab, or the session ended): not a visitor's
    comment missing its name and email, but a member to send back to sign in. Their text comes
    back in the form, with a sign-in link to this page's discussion; or None, not that case."""
    data = request.POST
    if "csrfmiddlewaretoken" not in data or "name" in data or "email" in data:
        return None
    target = _target_from(data)
    target = getattr(target, "specific", target)
    if target is None or not discussable(target) or not getattr(target, "live", False):
        return None  # _post_comment says what is wrong
    tasks = list(target.reflection_tasks.all()) if hasattr(target, "reflection_tasks") else []
    reply_to = safe_id(data.get("reply_to") or 0)
    parent = comments_on(target).filter(pk=reply_to or 0, is_public=True).first()
    form = CommentForm(
        target,
        tasks=tasks,
        initial={key: data.get(key, "") for key in ("comment", "task")}
        | {"reply_to": parent.pk if parent else 0, "followup": bool(data.get("followup"))},
    )
    after = target.url + (f"?reply={parent.pk}" if parent else "") + "#comment-form"
    return render(
        request,
        "community/comment_form_page.html",
        {
            "target": target,
            "form": form,
            "reply_to": parent,
            "signed_out": True,
            "sign_in_url": f"{reverse('account_login')}?{urlencode({'next': after})}",
        },
        status=403,
    )


def _post_comment(request):
    data = request.POST.copy()
    user = request.user
    if user.is_authenticated:
        data["name"] = display_name(user)[:50]
        data["email"] = user.email

    target = _target_from(data)
    if target is None:
        return problem(request, _("This comment is not attached to a page that takes comments."))
    is_page = hasattr(target, "specific")
    target = getattr(target, "specific", target)
    if not discussable(target):
        if is_page:
            return problem(request, _("This page does not take comments."))
        return problem(request, _("This comment is not attached to a page that takes comments."))
    if not target.live:
        return problem(request, _("This page does not take comments."))
    if not getattr(target, "discussion_open", True):
        return problem(
            request,
            _("This topic is locked: it takes no new replies."),
            status=403,
            title=_("Locked"),
        )

    tasks = list(target.reflection_tasks.all()) if hasattr(target, "reflection_tasks") else []
    email = posting.lookup_email(data.get("email", ""))
    first = posting.is_first_comment(user, email)
    form = CommentForm(
        target, data=data, tasks=tasks, first_comment=first, signed_in=user.is_authenticated
    )

    if "honeypot" in form.errors:
        logger.info("Comment rejected by the honeypot from %s", ratelimit.client_ip(request))
        return problem(request, _("This comment was not accepted."))
    if "security_hash" in form.errors:
        return problem(request, _("The comment form was changed or comes from another page."))

    parent = None
    reply_to = safe_id(data.get("reply_to") or 0, allow_zero=True)
    if reply_to is None:
        return problem(request, _("You can't reply to that comment here."))
    if reply_to:
        parent = comments_on(target).filter(pk=reply_to, is_public=True).first()
        if parent is None or parent.is_removed:
            return problem(request, _("You can't reply to that comment here."))
        if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            return problem(
                request, _("That conversation is as deep as it goes; reply higher up instead.")
            )

    if "timestamp" in form.errors:
        fresh = CommentForm(
            target,
            tasks=tasks,
            signed_in=user.is_authenticated,
            initial={key: data.get(key, "") for key in ("name", "email", "comment", "task")}
            | {"reply_to": reply_to, "followup": bool(data.get("followup"))},
        )
        return form_again(
            request,
            target,
            fresh,
            reply_to=parent,
            note=_(
                "This form was open for a long time. Check your comment below and post it again."
            ),
        )
    if "task" in form.errors:
        return problem(request, _("That reflection task is not part of this page."))
    if BlockedAuthor.is_blocked(user, email):
        return problem(
            request, _("You can't post comments here."), status=403, title=_("Not allowed")
        )
    if not form.is_valid():
        return form_again(request, target, form, reply_to=parent)

    anonymous = not user.is_authenticated
    receipt_key = submitonce.key(
        "comment",
        submitonce.sender(request, form.cleaned_data["email"]),
        target._meta.label_lower,
        target.pk,
        parent.pk if parent else 0,
        form.cleaned_data["task"].pk if form.cleaned_data["task"] else 0,
        form.cleaned_data["comment"],
    )
    if (earlier := submitonce.seen(receipt_key)) is not None:
        return already_posted(request, earlier or target.url + "#discussion")

    held = not anonymous and posting.needs_moderation(user, email)
    task = parent.task if parent else form.cleaned_data["task"]
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
        followup=form.cleaned_data["followup"] and bool(form.cleaned_data["email"]),
        parent_id=parent.pk if parent else 0,
        task=task,
        research_consent=bool(form.cleaned_data.get("research_consent") and task),
        is_public=not (anonymous or held),
        language=get_language() or "",
        awaiting=(
            Comment.AWAITING_CONFIRMATION
            if anonymous
            else Comment.AWAITING_MODERATION
            if held
            else ""
        ),
    )
    # The comment and the emails about it (queued, altcms.ops.mail) are stored together, once.
    try:
        with submitonce.once(receipt_key) as receipt:
            count_against_limits(request, email, anonymous)
            comment.save()
            language.remember(user, unless_known=True)  # what the site writes to them is in it
            comment_was_posted.send(sender=Comment, comment=comment, request=request)
            if anonymous:
                notifications.send_confirmation_request(comment, request)
                receipt.url = reverse("discussion:check_email")
            elif held:  # shown to its author in its place, marked as waiting, with why
                receipt.url = held_address(comment)
            else:
                on_comment_published(comment, request)
                receipt.url = comment.get_absolute_url()
    except submitonce.AlreadyReceived as earlier:
        return already_posted(request, earlier.url or target.url + "#discussion")
    except ratelimit.Refused as refused:
        return too_many(request, target, form, refused.verdict, reply_to=parent, note=refused.note)
    if not (anonymous or held):
        messages.success(request, _("Your comment is posted."))
    return HttpResponseRedirect(receipt.url)


def count_against_limits(request, email, anonymous):
    """Count a new comment against the posting limits and, for one confirmed by email, the
    confirmation emails to that address; past one, raise ratelimit.Refused with what to say.
    Called with the comment's receipt taken, so a copy sent again is never counted or refused
    (altcms.http.ratelimit)."""
    if not (allowed := ratelimit.allow_post(request)):
        raise ratelimit.Refused(
            allowed,
            _(
                "You have posted a lot of comments in a short time, so this one was not "
                "posted. It is kept below: post it again {when}."
            ).format(when=allowed.when),
        )
    if anonymous and not (
        allowed := ratelimit.hit(
            "confirmation-email",
            f"email:{email.lower()}",
            settings.DISCUSSION_CONFIRMATION_LIMITS,
        )
    ):
        raise ratelimit.Refused(
            allowed,
            _(
                "We have sent several confirmation emails to this address recently. Use the "
                "link in one of those, or sign in to post straight away. Your comment is kept "
                "below; you can post it again {when}."
            ).format(when=allowed.when),
        )


def already_posted(request, url):
    """The same comment form sent again: nothing more is stored; back to what was."""
    messages.info(
        request, _("You had already sent this comment: it arrived once, and is kept once.")
    )
    return HttpResponseRedirect(url)


def too_many(request, target, form, verdict, reply_to=None, note=""):
    response = form_again(request, target, form, status=429, reply_to=reply_to, note=note)
    response["Retry-After"] = str(verdict.retry_after)
    return response


_post_as_member = csrf_protect(_post_comment)


def check_email(request):
    return render(request, "community/check_email.html")


@require_http_methods(["GET", "POST"])
def confirm_comment(request, token):
    """The emailed link shows the comment; publishing it takes a click on the page, so a mail
    scanner that opens links cannot publish anything."""
    max_age = settings.DISCUSSION_CONFIRM_DAYS * 24 * 60 * 60
    try:
        comment_id = notifications.read_confirmation_token(token, max_age=max_age)
    except signing.SignatureExpired:
        return problem(
            request,
            _("This confirmation link has expired. Post your comment again to get a new one."),
            title=_("Link expired"),
        )
    except signing.BadSignature:
        return problem(
            request, _("This confirmation link is not valid."), title=_("Link not valid")
        )
    comment = Comment.objects.filter(pk=safe_id(comment_id) or 0).first()
    if comment is None or comment.is_removed:
        return problem(
            request, _("This comment no longer exists."), status=404, title=_("Not found")
        )
    target = comment.content_object
    if target is None or not getattr(target, "live", False):
        return problem(
            request,
            _("The page this comment was for is no longer available."),
            status=404,
            title=_("Page gone"),
        )
    if comment.awaiting == Comment.AWAITING_MODERATION:  # confirmed already, then held
        remember_held(request, comment)
        return HttpResponseRedirect(held_address(comment))
    if comment.awaiting != Comment.AWAITING_CONFIRMATION:
        return HttpResponseRedirect(comment.get_absolute_url())
    if BlockedAuthor.is_blocked(email=comment.user_email):
        return problem(
            request, _("You can't post comments here."), status=403, title=_("Not allowed")
        )
    if request.method == "GET":
        return render(
            request, "community/confirm_comment.html", {"comment": comment, "page": target}
        )

    if posting.needs_moderation(request.user, comment.user_email):
        comment.awaiting = Comment.AWAITING_MODERATION
        comment.save(update_fields=["awaiting", "comment_html"])
        remember_held(request, comment)  # shown to this browser in its place, marked as waiting
        return HttpResponseRedirect(held_address(comment))
    comment.is_public = True
    comment.awaiting = ""
    comment.save(update_fields=["is_public", "awaiting", "comment_html"])
    on_comment_published(comment, request)
    messages.success(request, _("Thank you for confirming: your comment is posted."))
    return HttpResponseRedirect(comment.get_absolute_url())


def permalink(request, comment_id):
    comment = Comment.objects.filter(pk=safe_id(comment_id) or 0, is_public=True).first()
    target = comment.content_object if comment else None
    if target is None or not getattr(target, "live", False):
        raise Http404(_("No such comment."))
    page_number = page_of(comment)
    query = f"?dpage={page_number}" if page_number > 1 else ""
    return HttpResponseRedirect(f"{target.url}{query}#c{comment.pk}")


def _own_comment(request, comment_id):
    comment = Comment.objects.filter(pk=safe_id(comment_id) or 0, is_removed=False).first()
    if comment is None:
        raise Http404(_("No such comment."))
    if comment.user_id != request.user.pk:
        return comment, problem(
            request, _("You can only change your own comments."), status=403, title=_("Not allowed")
        )
    return comment, None


def _after_url(comment):
    target = comment.content_object
    if comment.is_public and target is not None and getattr(target, "live", False):
        return comment.get_absolute_url()
    if comment.awaiting == Comment.AWAITING_MODERATION and target is not None:
        return held_address(comment)  # shown to its author, marked as waiting
    return target.url + "#discussion" if target is not None else "/"


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, comment_id):
    comment, refused = _own_comment(request, comment_id)
    if refused:
        return refused
    if not comment.can_be_edited_by(request.user):
        return problem(
            request,
            _(
                "Comments can be edited for {minutes} minutes after posting. You can still "
                "delete it and post again."
            ).format(minutes=settings.DISCUSSION_EDIT_MINUTES),
            status=403,
            title=_("Too late to edit"),
        )
    if BlockedAuthor.is_blocked(request.user):
        return problem(
            request, _("You can't post comments here."), status=403, title=_("Not allowed")
        )
    form = EditCommentForm(
        request.POST or None,
        initial={"comment": comment.comment},
        first_comment=posting.is_first_comment(request.user, "", exclude=comment),
    )
    if request.method == "POST" and form.is_valid():
        new_text = form.cleaned_data["comment"]
        if not ratelimit.allow_post(request, action="edit"):
            form.add_error(
                "comment", "You have made a lot of changes in a short time. Wait a little."
            )
        else:
            if new_text != comment.comment and _save_edit(request, comment, new_text):
                messages.info(
                    request,
                    _(
                        "Your comment is updated. As your account is new, the changed "
                        "comment waits for a moderator again: only you can see it until it "
                        "is approved."
                    ),
                )
            else:
                messages.success(request, _("Your comment is updated."))
            return HttpResponseRedirect(_after_url(comment))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "community/edit_comment.html", {"comment": comment, "form": form}, status=status
    )


def _save_edit(request, comment, new_text):
    """Store an edit, the earlier text kept for moderators. A published comment that would
    wait for a moderator if it were posted now (a new account's only published comment: the
    one a moderator approved) waits again, so approval covers what the comment says. True if
    it was held again."""
    held = comment.is_public and posting.needs_moderation(request.user, "", exclude=comment)
    fields = ["comment", "comment_html", "edited_at"]
    with transaction.atomic():
        CommentEdit.objects.create(comment=comment, previous_text=comment.comment)
        comment.comment = new_text
        comment.edited_at = timezone.now()
        if held:
            comment.is_public = False
            comment.awaiting = Comment.AWAITING_MODERATION
            fields += ["is_public", "awaiting"]
        comment.save(update_fields=fields)
    return held


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
        messages.success(request, _("Your comment is deleted."))
        target = comment.content_object
        return HttpResponseRedirect(target.url + "#discussion" if target is not None else "/")
    return render(request, "community/delete_comment.html", {"comment": comment})


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request, comment_id):
    comment = Comment.objects.filter(
        pk=safe_id(comment_id) or 0, is_public=True, is_removed=False
    ).first()
    if comment is None or comment.content_object is None:
        raise Http404(_("No such comment."))
    already = CommentFlag.objects.filter(
        comment=comment, user=request.user, flag=CommentFlag.SUGGEST_REMOVAL
    ).exists()
    if request.method == "POST":
        if not already:
            perform_flag(request, comment)
        messages.success(request, _("Thank you. A moderator will look at this comment."))
        return HttpResponseRedirect(comment.get_absolute_url())
    return render(
        request, "community/report_comment.html", {"comment": comment, "already": already}
    )


@csrf_exempt  # the signed token is the permission; mail clients' one-click POST has no cookie
@require_http_methods(["GET", "POST"])
def mute_thread(request, token):
    """The link in a reply email asks first (GET changes nothing, so a mail scanner that opens
    links mutes nothing); the button, or a mail client's one-click POST (RFC 8058), mutes the
    thread, and the page then offers to undo it. Muting twice (a double-click, a reload) is
    muting once."""
    try:
        data = notifications.read_mute_token(token)
        thread_id, email = int(data["thread"]), str(data["email"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return problem(request, _("This link is not valid."), title=_("Link not valid"))
    root = Comment.objects.filter(pk=safe_id(thread_id) or 0).first()
    if root is None:
        return problem(request, _("This discussion no longer exists."), status=404, title=_("Gone"))
    theirs = Comment.objects.filter(thread_id=thread_id, user_email__iexact=email)
    if request.method == "GET":
        return render(
            request,
            "community/mute_thread.html",
            {
                "page": root.content_object,
                "root": root,
                "muted": not theirs.filter(followup=True).exists(),
            },
        )
    undo = request.POST.get("undo")
    if undo:
        try:
            ids = signing.loads(undo, salt=notifications.MUTE_SALT + ".undo")
        except signing.BadSignature:
            return problem(request, _("This link is not valid."), title=_("Link not valid"))
        theirs.filter(pk__in=ids).update(followup=True)
        return render(
            request, "community/muted.html", {"following": True, "page": root.content_object}
        )
    followed = list(theirs.filter(followup=True).values_list("pk", flat=True))
    if not followed:
        # Muted already (the second click of a double-click, a reload, another tab): undoing
        # follows the thread again through all their comments in it; one or all, the emails
        # are the same (one a reply, per address).
        followed = list(theirs.values_list("pk", flat=True))
    theirs.update(followup=False)
    return render(
        request,
        "community/muted.html",
        {
            "following": False,
            "page": root.content_object,
            "undo": signing.dumps(followed, salt=notifications.MUTE_SALT + ".undo"),
        },
    )
