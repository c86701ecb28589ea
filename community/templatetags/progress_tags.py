"""{% progress_button page %} on a module, {% self_check_record page result %} and
{% self_check_actions page result %} in its self-check, the set of modules a signed-in ALT
has done, and {% continue_link %}: where the reader left off in the course."""

from django import template

from community.progress.models import ModuleProgress, SelfCheckPass
from community.progress.views import answers_address
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


@register.inclusion_tag("community/self_check_record.html", takes_context=True)
def self_check_record(context, page, result):
    """Beside a module's self-check result, for this reader only (never inside a shared
    fragment): whether their pass is recorded. A member's check records a pass as it grades it
    (`self_check_actions`); a pass they opened by its address alone (after signing in, say)
    has a button to record it; a visitor whose answers pass is asked to sign in to keep it."""
    request = context["request"]
    user = request.user
    recorded = None
    if user.is_authenticated:
        recorded = SelfCheckPass.objects.filter(user=user, module_id=page.pk).first()
    return {
        "page": page,
        "result": result,
        "again": answers_address(page, result) if result else page.url,
        "recorded": recorded,
        "user": user,
        "request": request,
    }


@register.inclusion_tag("community/self_check_actions.html", takes_context=True)
def self_check_actions(context, page, result):
    """The self-check's "Check my answers", outside the shared form it submits
    (`form="self-check-form"`): a visitor's check is the form's GET, a member's a POST with
    their CSRF token to record_self_check, which records a pass and comes back to the GET."""
    request = context["request"]
    return {"page": page, "result": result, "user": request.user, "request": request}


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
