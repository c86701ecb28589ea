"""{% glossary_linked %}…{% endglossary_linked %}: the enclosed HTML with each glossary term's
first mention linked to its entry (modules.glossary)."""

from django import template
from django.utils.safestring import mark_safe

from modules.glossary import link_first_mentions
from modules.models import glossary_links

register = template.Library()


@register.tag
def glossary_linked(parser, token):
    nodelist = parser.parse(("endglossary_linked",))
    parser.delete_first_token()
    return GlossaryLinkedNode(nodelist)


class GlossaryLinkedNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        linked = link_first_mentions(html, glossary_links(context.get("request")))
        return mark_safe(linked)  # noqa: S308 - rendered above; only links are added
