"""The forum: boards (pages) list topics; a topic's replies are the same discussion comments
as under a module. Views here are reached through ForumBoardPage's routes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import CharField, Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from altcms.caching.fragments import fragment_key, page_key
from altcms.caching.pagetree import public
from altcms.http import ratelimit, submitonce
from altcms.http.problems import problem
from community.accounts import language
from community.discussion import notifications
from community.discussion.models import BlockedAuthor, Comment
from community.discussion.posting import is_first_comment, needs_moderation
from community.forum.forms import TopicForm
from community.forum.models import Topic, TopicFollow

TOPICS_PER_PAGE = 25


def reply_counts():
    """A subquery: the number of visible replies on the outer topic."""
    replies = (
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(Topic),
            object_pk=Cast(OuterRef("pk"), CharField()),
            is_public=True,
            is_removed=False,
        )
        .order_by()
        .values("object_pk")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(replies, output_field=IntegerField()), Value(0))


def boards_with_stats(boards, request):
    """The boards (a queryset of the index page's children) a reader may see, with counts."""
    boards = list(public(boards.live(), request).order_by("path"))
    stats = {
        row["board"]: row
        for row in Topic.objects.shown()
        .filter(board__in=boards)
        .values("board")
        .annotate(topics=Count("pk"), last=Max("last_activity_at"))
    }
    for board in boards:
        row = stats.get(board.pk, {})
        board.topic_count = row.get("topics", 0)
        board.last_activity = row.get("last")
    return boards


def board(request, board_page):
    topics = (
        Topic.objects.shown()
        .filter(board=board_page)
        .select_related("author", "author__profile")
        .annotate(reply_count=reply_counts())
        .order_by("-pinned", "-last_activity_at", "-pk")
    )
    number = request.GET.get("page", "")

    def topics_page():
        page = Paginator(topics, TOPICS_PER_PAGE).get_page(number)
        for topic in page.object_list:
            topic.board = board_page  # for topic.url, without a query each
        return page

    # The list is the same for every reader: kept rendered in the shared cache, its queries
    # made only when it is rendered.
    return board_page.render(
        request,
        context_overrides={
            "topics": SimpleLazyObject(topics_page),
            "listing_key": fragment_key(request, board_page, "topics", page_key(number)),
        },
    )


def new_topic(request, board_page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method not in ("GET", "POST"):
        return problem(request, _("Use the form to start a topic."), status=405)
    form = TopicForm(request.POST or None, first_post=is_first_comment(request.user, ""))
    status = 200
    if request.method == "POST":
        if request.POST.get("honeypot"):
            return problem(request, _("This post was not accepted."))
        if BlockedAuthor.is_blocked(request.user):
            return problem(request, _("You can't post here."), status=403, title=_("Not allowed"))
        receipt_key = form.is_valid() and submitonce.key(
            f"topic:{board_page.pk}",
            submitonce.sender(request),
            form.cleaned_data["title"],
            form.cleaned_data["body"],
        )
        if not form.is_valid():
            status = 400
        elif (earlier := submitonce.seen(receipt_key)) is not None:
            return already_posted(request, earlier or board_page.url)
        else:
            try:
                with submitonce.once(receipt_key) as receipt:
                    # Counted once this is known to be the first copy (altcms.http.ratelimit).
                    if not (allowed := ratelimit.allow_post(request, action="topic")):
                        raise ratelimit.Refused(allowed)
                    topic = Topic.objects.create(
                        board=board_page,
                        author=request.user,
                        title=form.cleaned_data["title"],
                        body=form.cleaned_data["body"],
                        held=needs_moderation(request.user, request.user.email),
                    )
                    TopicFollow.objects.create(topic=topic, user=request.user)
                    language.remember(request.user, unless_known=True)  # replies are emailed in it
                    receipt.url = topic.url
            except submitonce.AlreadyReceived as earlier:
                return already_posted(request, earlier.url or board_page.url)
            except ratelimit.Refused as refused:
                allowed, status = refused.verdict, 429
                messages.error(
                    request,
                    _(
                        "You have started a lot of topics in a short time, so this one was not "
                        "posted. It is kept below: post it again {when}."
                    ).format(when=allowed.when),
                )
            else:
                if topic.held:
                    messages.info(
                        request,
                        _(
                            "Thank you. Your first post is waiting for a moderator; other members "
                            "will see it once it is approved."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _("Your topic is posted. You'll get an email when someone replies."),
                    )
                return HttpResponseRedirect(topic.url)
    response = board_page.render(
        request,
        template="community/topic_form.html",
        context_overrides={"form": form, "editing": None},
    )
    response.status_code = status
    if status == 429:
        response["Retry-After"] = str(allowed.retry_after)
    return response


def already_posted(request, url):
    messages.info(request, _("You had already sent this topic: it arrived once, and is kept once."))
    return HttpResponseRedirect(url)


def _get_topic(request, board_page, topic_id):
    if not 0 < topic_id < 2**62:
        raise Http404(_("No such topic."))
    topic = (
        Topic.objects.select_related("author", "author__profile")
        .filter(pk=topic_id, board=board_page, is_removed=False)
        .first()
    )
    if topic is None or (topic.held and not _may_see_held(request, topic)):
        raise Http404(_("No such topic on this board."))
    topic.board = board_page
    return topic


def _may_see_held(request, topic):
    user = request.user
    return user.is_authenticated and (
        user.pk == topic.author_id or user.has_perm("community.change_topic")
    )


def topic(request, board_page, topic_id, slug):
    topic = _get_topic(request, board_page, topic_id)
    if slug != topic.slug:
        return HttpResponseRedirect(topic.url)
    following = (
        request.user.is_authenticated
        and TopicFollow.objects.filter(topic=topic, user=request.user).exists()
    )
    return board_page.render(
        request,
        template="community/topic.html",
        context_overrides={
            "topic": topic,
            "following": following,
            "can_edit": topic.can_be_edited_by(request.user),
        },
    )


def edit_topic(request, board_page, topic_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    topic = _get_topic(request, board_page, topic_id)
    if topic.author_id != request.user.pk:
        return problem(
            request, _("You can only change your own topics."), status=403, title=_("Not allowed")
        )
    if not topic.can_be_edited_by(request.user):
        return problem(
            request,
            _("Topics can be edited for {minutes} minutes after posting.").format(
                minutes=settings.DISCUSSION_EDIT_MINUTES
            ),
            status=403,
            title=_("Too late to edit"),
        )
    form = TopicForm(request.POST or None, initial={"title": topic.title, "body": topic.body})
    if request.method == "POST" and form.is_valid():
        topic.title = form.cleaned_data["title"]
        topic.body = form.cleaned_data["body"]
        topic.edited_at = timezone.now()
        topic.save()
        messages.success(request, _("Your topic is updated."))
        return HttpResponseRedirect(topic.url)
    response = board_page.render(
        request,
        template="community/topic_form.html",
        context_overrides={"form": form, "editing": topic},
    )
    response.status_code = 400 if request.method == "POST" else 200
    return response


def follow_topic(request, board_page, topic_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        return problem(request, _("Use the Follow button on the topic."), status=405)
    topic = _get_topic(request, board_page, topic_id)
    if request.POST.get("follow") == "1":
        TopicFollow.objects.get_or_create(topic=topic, user=request.user)
        language.remember(request.user, unless_known=True)  # replies are emailed in it
        messages.success(request, _("You're following this topic: we'll email you about replies."))
    else:
        TopicFollow.objects.filter(topic=topic, user=request.user).delete()
        messages.success(request, _("You're no longer following this topic."))
    return HttpResponseRedirect(topic.url)


@csrf_exempt  # the signed token is the permission; mail clients' one-click POST has no cookie
@require_http_methods(["GET", "POST"])
def unfollow(request, token):
    """The link in a topic email asks first (GET changes nothing, so a mail scanner that opens
    links unfollows nothing); the button, or a mail client's one-click POST (RFC 8058), stops
    that topic's emails. Unfollowing twice (a double-click, a reload) is unfollowing once."""
    try:
        data = notifications.read_unfollow_token(token)
        topic_id, user_id = int(data["topic"]), int(data["user"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return problem(request, _("This link is not valid."), title=_("Link not valid"))
    topic = Topic.objects.filter(pk=topic_id).select_related("board").first()
    if topic is None:
        return problem(request, _("This topic no longer exists."), status=404, title="Gone")
    follows = TopicFollow.objects.filter(topic_id=topic_id, user_id=user_id)
    if request.method == "GET":
        return render(
            request,
            "community/unfollow_topic.html",
            {"topic": topic, "following": follows.exists()},
        )
    follows.delete()
    return render(request, "community/unfollowed.html", {"topic": topic})
