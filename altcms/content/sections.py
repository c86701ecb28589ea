"""The site's fixed sections (DESIGN.md's five tabs, and the glossary): their addresses, and the
names the site gives them in the reader's language.

A section's page title is what an editor wrote ("Forum") and stays the page's heading; the
header's tabs, the breadcrumbs and the footer, which the site writes, name it in the interface's
language (掲示板 under /ja/)."""

from django.utils.translation import gettext_lazy as _

# The five tabs of DESIGN.md. Their URLs are part of the public contract and stay fixed (in
# Japanese, under /ja/).
TABS = [
    (_("Course modules"), "modules/"),
    (_("Resources"), "resources/"),
    (_("Blog"), "blog/"),
    (_("Forum"), "forum/"),
    (_("Contact"), "contact/"),
]

SECTIONS = {slug.strip("/"): label for label, slug in TABS} | {"glossary": _("Glossary")}
SECTION_DEPTH = 3  # children of the home page


def label_for(page):
    """The name the navigation gives `page`: a fixed section's own, else its title."""
    if page.depth == SECTION_DEPTH and page.slug in SECTIONS:
        return str(SECTIONS[page.slug])
    return page.title
