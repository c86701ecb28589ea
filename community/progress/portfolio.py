"""An ALT's portfolio: every reflection-task answer they wrote, by module and task, on the
page and as Markdown or PDF to keep or show an employer. The page (theirs alone) also lists the
answers still waiting for a moderator, marked so; the downloads, made to be shown to others,
hold only the published ones: an answer a moderator has not passed, and may yet remove, is not
part of the record of what they did on the course."""

import io
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.formats import date_format

from community.accounts.models import display_name
from community.discussion.models import Comment
from modules.models import ModulePage, ReflectionTask


@dataclass
class TaskAnswers:
    number: int | None  # None: the task has since been removed from the module
    prompt: str
    answers: list = field(default_factory=list)
    key: object = None  # the task's id, or its prompt once the task is gone


@dataclass
class ModuleAnswers:
    module: object
    tasks: list = field(default_factory=list)


def answers_of(user, *, published_only=False):
    """The user's answers, grouped by module (in curriculum order) and task (in page order);
    with `published_only`, none still waiting for a moderator. An answer to a task an editor
    has since removed keeps the prompt it answered."""
    comments = Comment.objects.filter(
        user=user,
        is_removed=False,
        content_type=ContentType.objects.get_for_model(ModulePage),
    ).exclude(task=None, task_prompt="")
    if published_only:
        comments = comments.filter(is_public=True)
    comments = list(comments.order_by("submit_date"))
    modules = ModulePage.objects.in_bulk([int(c.object_pk) for c in comments])
    numbers, counted = {}, {}
    tasks = ReflectionTask.objects.filter(page_id__in=modules).order_by("page_id", "sort_order")
    for task_id, page_id in tasks.values_list("id", "page_id"):
        counted[page_id] = counted.get(page_id, 0) + 1
        numbers[task_id] = counted[page_id]
    groups = {}
    for comment in comments:
        module = modules.get(int(comment.object_pk))
        if module is None:
            continue
        group = groups.setdefault(module.pk, ModuleAnswers(module=module))
        key = comment.task_id or comment.task_prompt
        task_group = next((t for t in group.tasks if t.key == key), None)
        if task_group is None:
            task_group = TaskAnswers(
                number=numbers.get(comment.task_id), prompt=comment.task_prompt
            )
            task_group.key = key
            group.tasks.append(task_group)
        task_group.answers.append(comment)
    result = sorted(groups.values(), key=lambda group: group.module.path)
    for group in result:
        group.tasks.sort(key=lambda t: (t.number is None, t.number or 0))
    return result


def task_heading(task):
    return f"Task {task.number}: {task.prompt}" if task.number else f"A removed task: {task.prompt}"


def long_date(value):
    """ "2 December 2026" (altcms.formats): the portfolio is written in English, whatever
    language the page that links to it is in."""
    with translation.override("en"):
        return date_format(timezone.localtime(value) if hasattr(value, "hour") else value)


def as_markdown(user, groups):
    lines = [
        f"# Reflection portfolio: {display_name(user)}",
        "",
        f"Answers to reflection tasks on ALT Training Online, exported "
        f"{long_date(timezone.localdate())}.",
        "",
    ]
    for group in groups:
        lines += [f"## {group.module.title}", ""]
        for task in group.tasks:
            lines += [f"### {task_heading(task)}", ""]
            for answer in task.answers:
                lines += [
                    answer.comment.strip(),
                    "",
                    f"*Written {long_date(answer.submit_date)}*",
                    "",
                ]
    if not groups:
        lines.append("No answers yet.")
    return "\n".join(lines).rstrip() + "\n"


def as_pdf(user, groups):
    """The portfolio as a PDF to keep: answers' Markdown rendered (bold, italic, lists, links),
    Japanese set in an embedded font so it prints on any machine (altcms.content.pdf)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from altcms.content import pdf

    st = pdf.styles()
    title = f"Reflection portfolio: {display_name(user)}"
    story = [
        pdf.paragraph(title, st["title"]),
        pdf.paragraph(
            "Answers to reflection tasks on ALT Training Online, exported "
            f"{long_date(timezone.localdate())}.",
            st["subtitle"],
        ),
        Spacer(1, 4 * mm),
    ]
    for group in groups:
        story.append(pdf.paragraph(group.module.title, st["heading"]))
        for task in group.tasks:
            story.append(pdf.paragraph(task_heading(task), st["subheading"]))
            for answer in task.answers:
                story += pdf.markdown_flowables(answer.comment.strip(), st)
                story.append(pdf.paragraph(f"Written {long_date(answer.submit_date)}", st["small"]))
                story.append(Spacer(1, 3 * mm))
    if not groups:
        story.append(pdf.paragraph("No answers yet.", st["body"]))
    buffer = io.BytesIO()
    pdf.build(buffer, story, title=title)
    return buffer.getvalue()
