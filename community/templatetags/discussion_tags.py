"""{% discussion page %}: the discussion at the foot of a page (a module today; posts, articles
and forum topics later), rendered by this app so page apps need not import it."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from altcms.caching.fragments import fragment_key
from community.discussion.comment_list import render_threads
from community.discussion.forms import CommentForm
from community.discussion.posting import first_post_waits
from community.discussion.reading import comments_on, discussable, own_held, read_discussion

register = template.Library()


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# The heading and the words for what is counted, unless the page names its own ("Replies").
HEADING, NOUN, NOUNS = gettext_lazy("Discussion"), gettext_lazy("comment"), gettext_lazy("comments")


@register.inclusion_tag("community/discussion.html", takes_context=True)
def discussion(context, page, heading=HEADING, noun=NOUN, nouns=NOUNS):
    request = context["request"]
    if not discussable(page):
        return {"enabled": False}
    tasks = context.get("reflection_tasks")
    if tasks is None:
        tasks = list(page.reflection_tasks.all()) if hasattr(page, "reflection_tasks") else []

    params = request.GET
    order = params.get("order", "oldest")
    task_filter = params.get("task")
    if task_filter != "general":
        task_filter = _int(task_filter)
        if task_filter is not None and not 1 <= task_filter <= len(tasks):
            task_filter = None
    result = read_discussion(
        page,
        tasks,
        order=order,
        task_filter=task_filter,
        page_number=params.get("dpage", 1),
        rows_key=fragment_key(request, page, "discussion-rows"),
        request=request,
        held=own_held(page, request),
    )

    def url(**changes):
        query = {"order": result.order, "task": result.task_filter, "dpage": None}
        query.update(changes)
        # Defaults are left out of the address: oldest first, every task, the first page.
        defaults = {"order": "oldest", "task": None, "dpage": 1}
        query = {k: v for k, v in query.items() if v not in (None, "", defaults[k])}
        return ("?" + urlencode(query) if query else "?") + "#discussion"

    reply_to = None
    reply_id = _int(params.get("reply"))
    if reply_id and 0 < reply_id < 2**62:
        reply_to = (
            comments_on(page)
            .filter(
                pk=reply_id,
                is_public=True,
                is_removed=False,
                level__lt=settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
            )
            .first()
        )
    initial = {}
    answer = _int(params.get("answer"))
    if reply_to is not None:
        initial["reply_to"] = reply_to.pk
    elif answer and 1 <= answer <= len(tasks):
        initial["task"] = tasks[answer - 1].pk
    form = CommentForm(page, tasks=tasks, initial=initial)
    # The form's visible part is the same for every reader who starts the same reply or answer
    # (its hidden fields, which carry a timestamp and its hash, are rendered each time).
    signed_in = request.user.is_authenticated
    # A new account's first comment waits for a moderator: the form says so beforehand.
    waits = first_post_waits(request.user)
    answering = answer if initial.get("task") else None
    form_key = fragment_key(
        request,
        page,
        "discussion-form",
        initial.get("reply_to", 0),
        answering or 0,
        int(signed_in) + int(waits),
    )

    return {
        **_shared_list(page, result, request),
        "enabled": True,
        "heading": heading,
        "noun": noun,
        "nouns": nouns,
        "has_tasks": bool(tasks),
        "open": getattr(page, "discussion_open", True),
        "request": request,
        "user": request.user,
        "page": page,
        "target": page,
        "discussion": result,
        "form": form,
        "form_key": form_key,
        "reply_to": reply_to,
        "answering": answering,
        "first_post_waits": waits,
        "now": timezone.now(),
        "max_level": settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
        "order_links": [
            ("oldest", _("Oldest first"), url(order="oldest")),
            ("newest", _("Newest first"), url(order="newest")),
        ],
        "filter_links": []
        if not tasks
        else [(None, _("All ({count})").format(count=result.total), url(task=None))]
        + [
            (
                tc.number,
                _("Task {number} ({count})").format(number=tc.number, count=tc.count),
                url(task=tc.number),
            )
            for tc in result.task_counts
        ]
        + [
            (
                "general",
                _("General ({count})").format(count=result.general_count),
                url(task="general"),
            )
        ],
        "page_links": [(n, url(dpage=n)) for n in result.page.paginator.page_range]
        if result.page.paginator.num_pages > 1
        else [],
    }


def _shared_list(page, result, request):
    """The rendered list of comments is the same for every reader who wrote none of them (the
    links to edit and delete are the only personal parts), so it is kept in the shared cache
    under the page and the view of it, stale whenever a comment on the page, a commenter's
    profile or the page itself changes. A reader who wrote one of the comments shown gets
    it rendered afresh, and so does a reader shown their own comments that wait for a
    moderator."""
    user = request.user
    if result.held or (user.is_authenticated and _wrote_any(result.threads, user.pk)):
        return {"list_key": None}
    view = ["discussion", result.order, result.task_filter, result.page.number]
    return {"list_key": fragment_key(request, page, *view)}


def _wrote_any(nodes, user_id):
    return any(
        node.comment.user_id == user_id or _wrote_any(node.children, user_id) for node in nodes
    )


@register.simple_tag(takes_context=True)
def comment_threads(context):
    """The discussion's threads on this page of it (community.discussion.comment_list)."""
    return render_threads(
        context["discussion"].threads,
        task_numbers=context["discussion"].task_numbers,
        user=context.get("user"),
        can_reply=context.get("open"),
        max_level=context.get("max_level"),
        now=context.get("now"),
    )
