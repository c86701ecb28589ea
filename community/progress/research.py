"""Reflection-task answers whose authors consented to research use, as an anonymised CSV:
no names, emails, addresses, profile links or comment ids; emails and links inside the text
are blanked, and so is the author's own name where it appears."""

import csv
import io
import re

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from altcms.content.spreadsheet import safe_cell
from community.discussion.models import Comment
from modules.models import ReflectionTask

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
URL_RE = re.compile(r"(https?://|www\.)\S+", re.I)
# The headings, in the language of the editor who exports (they read them in a spreadsheet).
COLUMNS = [
    _("row"),
    _("module"),
    _("task_number"),
    _("task_prompt"),
    _("answer"),
    _("month"),
]


def consented_answers():
    return (
        Comment.objects.filter(research_consent=True, is_public=True, is_removed=False)
        .filter(~Q(task=None))
        .select_related("task", "task__page", "user")
        .order_by("submit_date", "pk")
    )


def anonymise(text, names=()):
    text = EMAIL_RE.sub("[email]", text)
    text = URL_RE.sub("[link]", text)
    for name in sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "[name]", text, flags=re.I)
    return text


def _names(comment):
    names = [comment.user_name]
    if comment.user_id:
        names += [comment.user.get_username(), comment.user.first_name, comment.user.last_name]
    return names


def as_csv():
    comments = list(consented_answers())
    numbers, counted = {}, {}
    pages = {comment.task.page_id for comment in comments}
    tasks = ReflectionTask.objects.filter(page_id__in=pages).order_by("page_id", "sort_order")
    for task_id, page_id in tasks.values_list("id", "page_id"):
        counted[page_id] = counted.get(page_id, 0) + 1
        numbers[task_id] = counted[page_id]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(heading) for heading in COLUMNS])
    for row, comment in enumerate(comments, start=1):
        cells = [
            row,
            comment.task.page.title,
            numbers.get(comment.task_id, ""),
            comment.task.prompt,
            anonymise(comment.comment, _names(comment)),
            timezone.localtime(comment.submit_date).strftime("%Y-%m"),
        ]
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()
