"""The HTML of a discussion's comment threads, written in Python rather than by including a
template once per comment.

A page of a busy discussion shows hundreds of comments; the template engine spent about a
millisecond on each (a nested include, a dozen variable lookups, three URL reversals), which
made the discussion most of a cold module page's time. Here each comment costs a few
microseconds: its URLs come from one reversal each for the whole list, its dates from one
formatter, and everything a reader wrote is escaped (its text was sanitised when it was saved:
`comment_html`). The markup is the one community/discussion.html's styles and scripts expect.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from community.accounts.models import profile_address

_SENTINEL = 987654321


def _pattern(name):
    """A URL of the named route with a slot for the comment's id: one reversal for a list."""
    return reverse(name, args=[_SENTINEL]).replace(str(_SENTINEL), "{}")


def render_threads(threads, *, task_numbers, user, can_reply, max_level, now=None):
    """The <ol> of comment threads (Nodes of ShownComments, community.discussion.reading), as
    safe HTML."""
    urls = {
        "permalink": _pattern("discussion:permalink"),
        "edit": _pattern("discussion:edit"),
        "delete": _pattern("discussion:delete"),
        "report": _pattern("discussion:report"),
    }
    context = {
        "urls": urls,
        "task_numbers": task_numbers or {},
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "user": user,
        "can_reply": can_reply,
        "max_level": max_level,
        "now": now or timezone.now(),
        "zone": timezone.get_current_timezone(),
        # Django's "M" date format: the month's short name, capitalised, in the language in use.
        "months": {number: str(name).title() for number, name in MONTHS_3.items()},
        # The interface's words, translated once for the whole list.
        "words": {
            "comment_by": _("Comment by {author}"),
            "removed": {
                "moderator": _("This comment was removed by a moderator."),
                "author": _("This comment was removed by its author."),
            },
            "removed_by_nobody": _("This comment was removed."),
            # {day} {month} {year}, {time}: "1 Dec 2026, 09:30" (the month's short name).
            "date": _("{day} {month} {year}, {time}"),
            "link": _("Link to this comment"),
            "edited": _("edited"),
            "answers_task": _("Answers task {number}"),
            "reply": _("Reply"),
            "reply_to": _(" to {author}"),
            "edit": _("Edit"),
            "delete": _("Delete"),
            "report": _("Report"),
            "held": _("Waiting for a moderator — only you can see this."),
        },
    }
    parts = ['<ol class="comment-list">\n  ']
    for node in threads:
        _node(node, context, parts)
    parts.append("\n</ol>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or sanitised


def _node(node, context, parts):
    comment = node.comment
    words = context["words"]
    author = escape(comment.author_name)
    parts.append(
        f'\n<li class="comment-item">\n  <article class="comment'
        f"{' comment--removed' if comment.is_removed else ''}"
        f'{"" if comment.is_public else " comment--held"}" id="c{comment.pk}" '
        f'aria-label="{words["comment_by"].format(author=author)}">\n    '
    )
    if comment.is_removed:
        removed = words["removed"].get(comment.removed_by, words["removed_by_nobody"])
        parts.append(f'<p class="comment__removed">{removed}</p>\n    ')
    else:
        _body(comment, author, context, parts)
    parts.append("\n  </article>\n  ")
    if node.children:
        parts.append('\n  <ol class="comment-list comment-list--replies">\n    ')
        for child in node.children:
            _node(child, context, parts)
        parts.append("\n  </ol>\n  ")
    parts.append("\n</li>\n")


def _body(comment, author, context, parts):
    urls = context["urls"]
    words = context["words"]
    username = comment.profile_username
    name = f'<a href="{escape(profile_address(username))}">{author}</a>' if username else author
    local = timezone.localtime(comment.submit_date, context["zone"])
    shown = words["date"].format(
        day=local.day,
        month=context["months"][local.month],
        year=local.year,
        time=f"{local:%H:%M}",
    )
    held = not comment.is_public  # the reader's own, waiting for a moderator: no permalink yet
    date = f'<time datetime="{local.isoformat()}">{shown}</time>'
    if held:
        date = f'<span class="comment__date">{date}</span>'
    else:
        date = (
            f'<a class="comment__date" href="{urls["permalink"].format(comment.pk)}" '
            f'title="{words["link"]}">{date}</a>'
        )
    parts.append(
        f'<header class="comment__meta">\n      <span class="comment__author">{name}</span>\n'
        f"      {date}\n      "
    )
    if comment.edited_at:
        parts.append(f'<span class="comment__edited">{words["edited"]}</span>')
    parts.append("\n      ")
    number = context["task_numbers"].get(comment.task_id) if comment.task_id else None
    if number and comment.level == 0:
        parts.append(
            f'<a class="comment__task" href="#reflection-{number}">'
            f"{words['answers_task'].format(number=number)}</a>"
        )
    parts.append("\n    </header>\n    ")
    if held:
        parts.append(f'<p class="comment__held message message--info">{words["held"]}</p>\n    ')
    parts.append(
        f'<div class="comment__body">{comment.comment_html}</div>\n'
        '    <footer class="comment__actions">\n      '
    )
    if context["can_reply"] and comment.level < context["max_level"] and not held:
        parts.append(
            f'<a href="?reply={comment.pk}#comment-form">{words["reply"]}'
            f'<span class="visually-hidden">{words["reply_to"].format(author=author)}</span></a>'
        )
    parts.append("\n      ")
    if comment.can_be_edited_by(context["user"], now=context["now"]):
        parts.append(f'<a href="{urls["edit"].format(comment.pk)}">{words["edit"]}</a>')
    parts.append("\n      ")
    if context["user_id"] is not None and comment.user_id == context["user_id"]:
        parts.append(f'<a href="{urls["delete"].format(comment.pk)}">{words["delete"]}</a>')
    elif not held:
        parts.append(f'<a href="{urls["report"].format(comment.pk)}">{words["report"]}</a>')
    parts.append("\n    </footer>\n    ")
