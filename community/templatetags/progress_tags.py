"""{% progress_button page %} on a module, and the set of modules a signed-in ALT has done."""

from django import template

from community.models import ModuleProgress

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
