"""Site chrome (the five tabs, breadcrumbs and footer links), and parts of pages shared from the
cache ({% shared_fragment %})."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from altcms.caching import chrome, fragments
from altcms.caching.pagetree import ancestors_of
from altcms.content.sections import TABS, label_for
from altcms.http import siteurl
from altcms.http.language import counterpart

register = template.Library()


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    path = request.path if request else ""
    tabs = []
    for label, slug in TABS:
        url = reverse("wagtail_serve", args=(slug,))
        if path == url:
            current = "page"
        elif path.startswith(url):
            current = "true"
        else:
            current = None
        tabs.append({"label": label, "url": url, "current": current})
    return {"tabs": tabs}


@register.simple_tag
def content_lang():
    """` lang="en"` on what editors write (in English), on a page whose interface is in another
    language: a screen reader then reads a module's text with an English voice on /ja/. Nothing
    on an English page, whose <html lang> already says so."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}"')  # noqa: S308 - a setting


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """`<link rel="alternate" hreflang=…>` to this page in each language, and English as
    x-default, on SITE_URL: what /sitemap.xml says of it (altcms.http.sitemap). Nothing at
    an address that has no counterpart in the other language (the admin, a preview)."""
    request = context.get("request")
    if request is None:
        return ""
    here = request.get_full_path()
    found = {code: counterpart(here, code) for code, _name in settings.LANGUAGES}
    if len(set(found.values())) < len(found):
        return ""
    links = [*found.items(), ("x-default", found[settings.LANGUAGE_CODE])]
    return format_html_join(
        "\n  ",
        '<link rel="alternate" hreflang="{}" href="{}">',
        ((code, siteurl.absolute(url)) for code, url in links),
    )


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    return {"ancestors": ancestors_of(page), "page": page}


@register.filter
def nav_label(page):
    """A page's name in the navigation: a fixed section's name in the reader's language
    (altcms.content.sections), any other page's title."""
    return label_for(page)


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Header and footer words and links, from the shared cache (see altcms.caching.chrome)."""
    return chrome.site_chrome(context.get("request"))


@register.tag
def shared_fragment(parser, token):
    """{% shared_fragment key ["part" ...] %}…{% endshared_fragment %}: the enclosed HTML,
    rendered once and kept in the shared cache under `key` (altcms.caching.fragments), or a
    named piece of it, for every reader; with no key (a preview, or parts turned off) it is
    rendered every time. What is inside must be the same for every reader: nothing about the
    user, no form tokens."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment takes the key, then any part names")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, key_and_parts):
        self.nodelist = nodelist
        self.key, *self.parts = key_and_parts

    def render(self, context):
        key = self.key.resolve(context)
        if key and self.parts:
            key = key.part(*(part.resolve(context) for part in self.parts))
        html = fragments.shared(context.get("request"), key, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - rendered by this template, escaped there
