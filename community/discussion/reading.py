"""Reading a page's discussion: counts per reflection task, filtering, paging and the thread
tree, in two queries however many comments there are.

Query one reads a few columns of every public comment on the page, enough to count, filter,
order and page the threads, and to tell which removed comments still have visible replies
(those stay as placeholders; the others disappear); given a shared-cache key, its rows are kept
there (stale whenever a comment on the page is posted, edited or moderated: Comment.cache_stale).
Query two reads the comments of the threads on the requested page, with their authors, only when the
threads are used (not when their rendered list comes from the shared cache).

A reader's own comments that wait for a moderator (`own_held`) are shown to them alone, in
their place in the threads, and counted nowhere; they are added to the shared rows for that
reader, never to the rows in the cache.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q

from altcms.caching.fragments import shared
from community.accounts.models import FORMER_MEMBER, shown_name
from community.discussion import notifications
from community.discussion.models import Comment

ORDERS = {"oldest", "newest"}


def discussable(target):
    """Does this page (or topic) carry a discussion?"""
    return target is not None and target._meta.label_lower in settings.DISCUSSION_TARGETS


def on_comment_published(comment, request=None):
    """A comment has become visible: freshen its topic and tell whoever should know."""
    target = comment.content_object
    touch = getattr(target, "comment_published", None)
    if touch is not None:
        touch(comment)  # a forum topic moves up its board (community.forum.models.Topic)
    notifications.notify_comment_published(comment, request)


def comments_on(page):
    return Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(page),
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
    )


@dataclass
class Node:
    comment: Comment
    children: list = field(default_factory=list)


@dataclass
class TaskCount:
    number: int
    task: object
    count: int


@dataclass
class Discussion:
    total: int
    general_count: int
    task_counts: list
    page: object  # a Paginator page of thread roots
    order: str
    task_filter: object  # a task number, "general", or None
    task_numbers: dict
    visible: set  # ids of the comments shown
    held: frozenset = frozenset()  # ids of the reader's own comments waiting for a moderator

    @cached_property
    def threads(self):
        """The threads on this page of the discussion, as trees of Nodes (query two)."""
        return _build_threads(list(self.page.object_list), self.visible, self.held)


def read_discussion(
    page,
    tasks,
    *,
    order="oldest",
    task_filter=None,
    page_number=1,
    rows_key=None,
    request=None,
    held=(),
):
    """`held`: rows (as `_rows` reads them) of the reader's own comments waiting for a
    moderator, shown in the threads but not counted (`own_held`)."""
    order = order if order in ORDERS else "oldest"
    numbers = {task.pk: number for number, task in enumerate(tasks, start=1)}
    public = shared(request, rows_key, lambda: _rows(comments_on(page)))
    rows = public + list(held) if held else public  # a new list: the cached one stays as it is
    visible = _ids_to_show(rows)
    shown = [row for row in public if not row[4]]
    counts = {}
    for row in shown:
        counts[row[3]] = counts.get(row[3], 0) + 1

    roots = _visible_roots(rows, visible)
    if task_filter == "general":
        roots = [row for row in roots if row[3] is None]
    elif task_filter is not None:
        task_id = next((pk for pk, number in numbers.items() if number == task_filter), None)
        roots = [row for row in roots if row[3] == task_id]
    if order == "newest":
        roots.reverse()

    paginator = Paginator([row[0] for row in roots], settings.DISCUSSION_PAGE_SIZE)
    return Discussion(
        total=len(shown),
        general_count=counts.get(None, 0),
        task_counts=[
            TaskCount(number=numbers[task.pk], task=task, count=counts.get(task.pk, 0))
            for task in tasks
        ],
        page=paginator.get_page(page_number),
        order=order,
        task_filter=task_filter,
        task_numbers=numbers,
        visible=visible,
        held=frozenset(row[0] for row in held),
    )


#: The comments a reader who is not signed in confirmed from their inbox and that then waited
#: for a moderator (community.discussion.views.confirm_comment): shown to them as a member's
#: held comments are shown to the member.
HELD_SESSION_KEY = "discussion_held"


def own_held(page, request):
    """Rows of the reader's own comments on `page` that wait for a moderator: a member's, and
    those this browser confirmed. No query for a reader who is not signed in and confirmed
    none."""
    who = Q(pk__in=[])
    session = getattr(request, "session", None)
    confirmed = session.get(HELD_SESSION_KEY) if session is not None else None
    if confirmed:
        who |= Q(pk__in=[pk for pk in confirmed if isinstance(pk, int)], user__isnull=True)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who |= Q(user=user)
    elif not confirmed:
        return []
    return _rows(
        comments_on(page).filter(who, is_removed=False, awaiting=Comment.AWAITING_MODERATION),
        public=False,
    )


def remember_held(request, comment):
    """This browser confirmed `comment`, which now waits for a moderator (see own_held)."""
    held = [pk for pk in request.session.get(HELD_SESSION_KEY, []) if isinstance(pk, int)]
    request.session[HELD_SESSION_KEY] = [*held[-19:], comment.pk]


def held_address(comment):
    """Where a comment waiting for a moderator shows to its author: its place in the
    discussion (the page of it, oldest first, that holds its thread)."""
    target = comment.content_object
    number = page_of(comment)
    query = f"?dpage={number}" if number > 1 else ""
    return f"{target.url}{query}#c{comment.pk}"


ROW_COLUMNS = ("id", "parent_id", "level", "task_id", "is_removed", "submit_date")


def _rows(comments, public=True):
    """A few columns (id, parent, level, task, removed, date) of every public comment, or with
    public=False of every comment `comments` holds (a reader's own held ones: own_held)."""
    if public:
        comments = comments.filter(is_public=True)
    return list(comments.values_list(*ROW_COLUMNS))


def _visible_roots(rows, visible):
    """The thread roots shown in the discussion, oldest first."""
    roots = [row for row in rows if row[2] == 0 and row[0] in visible]
    roots.sort(key=lambda row: (row[5], row[0]))
    return roots


def _ids_to_show(rows):
    """Ids of comments to show: visible ones, and removed ones with a visible reply below."""
    show = {row[0] for row in rows if not row[4]}
    children = {}
    for row in rows:
        if row[1] != row[0]:
            children.setdefault(row[1], []).append(row[0])
    for row in sorted(rows, key=lambda row: -row[2]):  # deepest first
        if row[0] not in show and any(child in show for child in children.get(row[0], ())):
            show.add(row[0])
    return show


@dataclass(slots=True)
class ShownComment:
    """What a discussion shows of a comment, read as plain values rather than as models: a busy
    discussion's page shows a few hundred comments, and building a comment, its author and
    their profile as model instances for each took longer than rendering them."""

    pk: int
    parent_id: int
    level: int
    user_id: int | None
    author_name: str
    profile_username: str | None  # the author's username, only if their profile is public
    comment_html: str
    submit_date: object
    edited_at: object
    is_removed: bool
    removed_by: str
    task_id: int | None
    is_public: bool  # False: the reader's own comment, waiting for a moderator

    # Who may edit or delete it: the model's own rules, which read only the fields above.
    edit_deadline = Comment.edit_deadline
    can_be_deleted_by = Comment.can_be_deleted_by
    can_be_edited_by = Comment.can_be_edited_by


SHOWN_COLUMNS = (
    "id",
    "parent_id",
    "level",
    "user_id",
    "user_name",
    "user__username",
    "user__first_name",
    "user__last_name",
    "user__profile__display_name",
    "user__profile__is_public",
    "comment_html",
    "submit_date",
    "edited_at",
    "is_removed",
    "removed_by",
    "task_id",
    "is_public",
)


def _shown(row):
    pk, parent, level, user_id, user_name, username, first, last, display, public = row[:10]
    if user_id:
        name = shown_name(display, f"{first} {last}".strip(), username)
    else:
        name = user_name or FORMER_MEMBER
    return ShownComment(pk, parent, level, user_id, name, username if public else None, *row[10:])


def _build_threads(root_ids, visible, held=frozenset()):
    if not root_ids:
        return []
    rows = (
        Comment.objects.filter(Q(is_public=True) | Q(pk__in=held), thread_id__in=root_ids)
        .order_by("thread_id", "order")
        .values_list(*SHOWN_COLUMNS)
    )
    nodes = {}
    for row in rows:
        if row[0] not in visible:
            continue
        comment = _shown(row)
        node = nodes[comment.pk] = Node(comment)
        parent = nodes.get(comment.parent_id)
        if parent is not None and comment.parent_id != comment.pk:
            parent.children.append(node)
    return [nodes[root_id] for root_id in root_ids if root_id in nodes]


def page_of(comment):
    """The discussion page (oldest first, unfiltered) that shows this comment's thread; the
    same listing the page itself uses, so the two always agree."""
    rows = _rows(comments_on_object(comment))
    if not comment.is_public:  # its author's view of the discussion, which shows it
        rows.append(tuple(getattr(comment, name) for name in ROW_COLUMNS))
    roots = [row[0] for row in _visible_roots(rows, _ids_to_show(rows))]
    position = roots.index(comment.thread_id) if comment.thread_id in roots else 0
    return position // settings.DISCUSSION_PAGE_SIZE + 1


def comments_on_object(comment):
    return Comment.objects.filter(
        content_type_id=comment.content_type_id,
        object_pk=comment.object_pk,
        site_id=comment.site_id,
    )
