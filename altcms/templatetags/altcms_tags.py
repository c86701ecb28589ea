"""Site chrome: the five tabs, breadcrumbs and footer links."""

from django import template

from altcms import chrome
from altcms.pagetree import ancestors_of

register = template.Library()

# The five tabs of DESIGN.md. Their URLs are part of the public contract and stay fixed.
TABS = [
    ("Course Modules", "/modules/"),
    ("Resources", "/resources/"),
    ("Blog", "/blog/"),
    ("Forum", "/forum/"),
    ("Contact", "/contact/"),
]


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    path = request.path if request else ""
    tabs = []
    for label, url in TABS:
        if path == url:
            current = "page"
        elif path.startswith(url):
            current = "true"
        else:
            current = None
        tabs.append({"label": label, "url": url, "current": current})
    return {"tabs": tabs}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    return {"ancestors": ancestors_of(page), "page": page}


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Header and footer words and links, from the shared cache (see altcms.chrome)."""
    return chrome.site_chrome(context.get("request"))
