"""Seed /blog/."""

from altcms.seed import markdown_to_richtext, read_content
from blog.models import BlogIndexPage


def seed(seeder):
    content = read_content(seeder.path("sections", "blog.md"))
    seeder.ensure_page(
        "blog:index",
        seeder.home,
        BlogIndexPage,
        slug="blog",
        digest=content.digest,
        build=lambda resolve: (
            {"title": content.meta["title"], "intro": markdown_to_richtext(content.body, resolve)},
            {},
        ),
    )
