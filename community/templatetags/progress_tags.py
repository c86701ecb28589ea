"""{% progress_button page %} on a module, the set of modules a signed-in ALT has done, and
{% continue_link %}: where the reader left off in the course."""

from django import template

from community.progress.models import ModuleProgress
from modules.models import course_outline

register = template.Library()


@register.inclusion_tag("community/progress_button.html", takes_context=True)
def progress_button(context, page):
    request = context["request"]
    user = request.user
    done = bool(
        user.is_authenticated
        and ModuleProgress.objects.filter(user=user, module_id=page.pk).exists()
    )
    return {"page": page, "done": done, "user": user, "request": request}


@register.simple_tag(takes_context=True)
def done_module_ids(context):
    """Ids of the modules the signed-in reader has marked done (nothing for visitors)."""
    user = context["request"].user
    if not user.is_authenticated:
        return set()
    return set(ModuleProgress.objects.filter(user=user).values_list("module_id", flat=True))


@register.filter
def done_count(steps, done_ids):
    """How many of a learning path's (module, reason) steps are in `done_ids`."""
    return sum(1 for module, _reason in steps if module.pk in done_ids)


@register.inclusion_tag("community/continue_link.html", takes_context=True)
def continue_link(context):
    """ "Continue where you left off": the first module in course order the reader has not
    marked done, once they have done one. Per reader, so never inside a shared fragment. For
    visitors, whose progress is in their browser, an empty slot that site.js fills from the
    page's course order (`course_order_json`), so the page stays the same for all of them."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"slot": True}
    done = set(ModuleProgress.objects.filter(user=user).values_list("module_id", flat=True))
    if not done:
        return {}
    modules = [module for category in course_outline(request) for module in category.modules]
    return {
        "module": next((module for module in modules if module.pk not in done), None),
        "done": sum(1 for module in modules if module.pk in done),
        "total": len(modules),
    }
