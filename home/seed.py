"""Seed the home page (and make it the site's root) and the plain pages under it."""

from wagtail.models import Page, Site

from altcms.content.seed import markdown_to_blocks, markdown_to_richtext, read_content
from altcms.http import siteurl
from altcms.models import SiteSettings
from home.models import HomePage, StandardPage

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"


def seed(seeder):
    root = Page.get_first_root_node()
    _remove_wagtail_welcome_page(root)
    content = read_content(seeder.path("home.md"))
    meta = content.meta
    home = seeder.ensure_page(
        "home",
        root,
        HomePage,
        slug="home",
        digest=content.digest,
        build=lambda resolve: (
            {
                "title": meta["title"],
                "seo_title": meta.get("seo_title", ""),
                "search_description": meta.get("description", ""),
                "hero_heading": meta["hero_heading"],
                "hero_text": markdown_to_richtext(meta["hero_text"], resolve),
                "goals_heading": meta["goals_heading"],
                "goals": [("goal", goal) for goal in meta["goals"]],
                "body": markdown_to_blocks(content.body, resolve),
            },
            {},
        ),
    )
    if home is None:
        home = HomePage.objects.first()
    seeder.home = home

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        _scheme, hostname, port = siteurl.parts()
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="ALT Training Online",
        )
    elif site.root_page_id != home.pk and site.root_page.specific_class is Page:
        site.root_page = home
        site.site_name = site.site_name or "ALT Training Online"
        site.save()
    # The header and footer settings exist from the start, so no reader's request creates them.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))

    for path in sorted(seeder.path("pages").glob("*.md")):
        _seed_standard_page(seeder, home, read_content(path))


def _seed_standard_page(seeder, parent, content):
    meta = content.meta
    seeder.ensure_page(
        f"home:page:{meta['slug']}",
        parent,
        StandardPage,
        slug=meta["slug"],
        digest=content.digest,
        build=lambda resolve: (
            {
                "title": meta["title"],
                "introduction": " ".join(meta.get("introduction", "").split()),
                "show_in_menus": bool(meta.get("in_footer", True)),
                "body": markdown_to_blocks(content.body, resolve),
            },
            {},
        ),
    )


def _remove_wagtail_welcome_page(root):
    """A fresh database holds Wagtail's placeholder page where the home page belongs."""
    for page in root.get_children().filter(title=WAGTAIL_WELCOME_TITLE):
        if page.specific_class is Page and not page.get_children().exists():
            Site.objects.filter(root_page=page).update(root_page=root)
            page.delete()
