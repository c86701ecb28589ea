"""Comment text: a small Markdown subset rendered to HTML, then sanitised with nh3.

Readers write plain text; **bold**, *italic*, `code`, lists, quotes and links also work. Raw HTML
is never passed through (markdown-it's html option is off), and nh3 then keeps only the tags and
URL schemes listed here, so no script, event handler or javascript: link can reach a page.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = (
    MarkdownIt("zero", {"html": False, "linkify": True, "breaks": True})
    .enable(["emphasis", "backticks", "fence", "code", "list", "blockquote", "link", "newline"])
    .enable(["linkify", "autolink"])
)


def render_comment(text):
    """The sanitised HTML for a comment's text."""
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
    )


def count_links(text):
    """How many links the text becomes once rendered (bare domains count: linkify makes them
    links too)."""
    return render_comment(text).count("<a ")
