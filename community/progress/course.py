"""A member's standing in the course: each module done or not and its self-check passed or not
(`progress_of`), and for each category whether they may open its certificate (`standing`):
every live module of it marked done, its self-check passed (a module without a self-check asks
for none), and at least one published answer to one of its reflection tasks."""

from django.utils import timezone

from altcms.caching.pagetree import public
from community.accounts.models import display_name
from community.progress import portfolio
from community.progress.models import Certificate, ModuleProgress, SelfCheckPass
from modules.models import ModuleIndexPage, ModulePage, curriculum


def progress_of(user, request=None):
    """The curriculum by category, each module marked done or not and with the date its
    self-check was passed (or None), with counts."""
    index = public(ModuleIndexPage.objects.live(), request).first()
    categories = curriculum(index, request) if index else []
    done = dict(ModuleProgress.objects.filter(user=user).values_list("module_id", "completed_at"))
    passed = dict(SelfCheckPass.objects.filter(user=user).values_list("module_id", "passed_at"))
    for category in categories:
        for module in category.module_list:
            module.done = module.pk in done
            module.done_at = done.get(module.pk)
            module.self_check_passed_at = passed.get(module.pk)
        category.done_count = sum(module.done for module in category.module_list)
        category.passed_count = sum(
            module.self_check_passed_at is not None for module in category.module_list
        )
        category.percent = (
            round(100 * category.done_count / len(category.module_list))
            if category.module_list
            else 0
        )
    return categories


def standing(categories, user, answers=None):
    """Mark each category of `progress_of` with what its certificate asks for: `answered`
    (the member's published task answers in it, as (module, task, answer)), `checks_needed`
    (how many of its modules have a self-check), `eligible`, and `certificate` (the one
    already opened, or None). `answers` is portfolio.answers_of(user) if the caller has it."""
    answers = portfolio.answers_of(user) if answers is None else answers
    ids = [module.pk for category in categories for module in category.module_list]
    with_check = {
        pk
        for pk, check in ModulePage.objects.filter(pk__in=ids).values_list("pk", "self_check")
        if check
    }
    opened = {c.category_id: c for c in Certificate.objects.filter(user=user)}
    by_module = {}
    for group in answers:
        for task in group.tasks:
            for answer in task.answers:
                if answer.is_public and not answer.is_removed:
                    by_module.setdefault(group.module.pk, []).append((group.module, task, answer))
    for category in categories:
        modules = category.module_list
        for module in modules:
            module.has_self_check = module.pk in with_check
            module.complete = module.done and (
                module.self_check_passed_at is not None or not module.has_self_check
            )
        category.checks_needed = sum(module.has_self_check for module in modules)
        category.answered = [row for module in modules for row in by_module.get(module.pk, [])]
        category.eligible = bool(
            modules and all(module.complete for module in modules) and category.answered
        )
        category.certificate = opened.get(category.pk)
    return categories


def _day(value):
    return timezone.localtime(value).date()


def record_of(category):
    """What a certificate for `category` (marked by `standing`) certifies."""
    modules = [
        {
            "title": module.title,
            "url": module.url,
            "done_on": _day(module.done_at).isoformat(),
            "passed_on": (
                _day(module.self_check_passed_at).isoformat()
                if module.self_check_passed_at
                else None
            ),
            "minutes": module.reading_time,
        }
        for module in category.module_list
    ]
    tasks = [
        {
            "module": module.title,
            "number": task.number,
            "prompt": task.prompt,
            "answered_on": _day(answer.submit_date).isoformat(),
        }
        for module, task, answer in category.answered
    ]
    return {"modules": modules, "tasks": tasks}


def open_certificate(user, category_id, request=None):
    """The member's certificate for the category with `category_id`: the one they opened
    before, or a new one if they have completed it; None if they have not (or it is not a
    category). Opening twice, or at once from two tabs, makes one."""
    categories = standing(progress_of(user, request), user)
    category = next((c for c in categories if str(c.pk) == str(category_id)), None)
    if category is None:
        return None
    if category.certificate is not None:
        return category.certificate
    if not category.eligible:
        return None
    record = record_of(category)
    days = [m["done_on"] for m in record["modules"]]
    days += [m["passed_on"] for m in record["modules"] if m["passed_on"]]
    days += [t["answered_on"] for t in record["tasks"]]
    certificate, _ = Certificate.objects.get_or_create(
        user=user,
        category_id=category.pk,
        defaults={
            "name": display_name(user),
            "category_title": category.title,
            "record": record,
            "reading_minutes": sum(m["minutes"] or 0 for m in record["modules"]),
            "started_on": min(days),
            "completed_on": max(days),
        },
    )
    return certificate
