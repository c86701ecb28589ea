"""The header and footer come from the shared cache and follow an editor's changes at once."""

from django.test import Client

from wagtail.models import Page

from altcms.models import SiteSettings
from modules.models import ModulePage


def test_the_header_and_footer_follow_settings_and_menu_changes(db, module):
    reader = Client()
    settings = SiteSettings.objects.get()
    settings.tagline = "Training for assistant language teachers"
    settings.save()
    assert "Training for assistant language teachers" in reader.get(module.url).content.decode()

    settings.tagline = "Free training for ALTs in Japan"
    settings.save()
    page = reader.get(module.url).content.decode()
    assert "Free training for ALTs in Japan" in page
    assert "Training for assistant language teachers" not in page

    footer_page = Page.objects.child_of(Page.objects.get(depth=2)).live().in_menu().first()
    footer_page.unpublish()
    assert (
        f">{footer_page.title}<"
        not in Client()
        .get(ModulePage.objects.get(slug="listening").url)
        .content.decode()
        .split("<footer", 1)[1]
    )


def test_under_ja_the_navigation_names_the_fixed_sections_in_japanese(db):
    """The tabs, the breadcrumbs and the footer are the site's words (掲示板); the section's own
    heading is what the editor called it."""
    from bs4 import BeautifulSoup

    from community.models import ForumBoardPage

    forum = Page.objects.get(depth=3, slug="forum").specific
    forum.show_in_menus = True  # an editor puts the forum in the footer too
    forum.save_revision().publish()
    board = ForumBoardPage.objects.live().first()

    def navigation(address):
        page = BeautifulSoup(Client().get(address).content, "html.parser")
        tabs = [a.get_text(strip=True) for a in page.select(".tabs__link")]
        crumbs = [li.get_text(strip=True) for li in page.select(".breadcrumbs li")]
        footer = [a.get_text(strip=True) for a in page.select(".site-footer__nav a")]
        return page, tabs, crumbs, footer

    page, tabs, crumbs, footer = navigation("/ja" + board.url)
    assert tabs == ["コースのモジュール", "資料", "ブログ", "掲示板", "お問い合わせ"]
    assert crumbs[:2] == ["ホーム", "掲示板"] and "Forum" not in crumbs
    assert "掲示板" in footer and "Forum" not in footer

    page, tabs, crumbs, footer = navigation("/ja/forum/")
    assert crumbs[-1] == "掲示板"
    assert page.find("h1").get_text(strip=True) == forum.title  # content, as written

    # In English, the same navigation (its own cache entry) says Forum.
    page, tabs, crumbs, footer = navigation(board.url)
    assert "Forum" in tabs and crumbs[:2] == ["Home", "Forum"] and "Forum" in footer
