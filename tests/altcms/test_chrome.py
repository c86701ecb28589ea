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
