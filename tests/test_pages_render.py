"""Every seeded page renders, with the site chrome a reader relies on."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest
from bs4 import BeautifulSoup

from tests.admin_forms import edit_form_data

TABS = {
    "Course modules": "/modules/",
    "Resources": "/resources/",
    "Blog": "/blog/",
    "Forum": "/forum/",
    "Contact": "/contact/",
}


@pytest.mark.django_db
class TestEverySeededPageRenders(WagtailPageTestCase):
    def test_every_live_page_renders(self):
        pages = Page.objects.live().filter(depth__gt=1).specific()
        assert len(pages) >= 30  # home, 4 plain pages, 5 sections, 3 categories, 19 modules
        for page in pages:
            self.assertPageIsRenderable(page)
            self.assertPageIsPreviewable(page, post_data=edit_form_data(page))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, current_tab",
    [
        ("/", None),
        ("/modules/", "Course modules"),
        ("/modules/training/", "Course modules"),
        ("/modules/training/phonics/", "Course modules"),
        ("/resources/", "Resources"),
        ("/blog/", "Blog"),
        ("/forum/", "Forum"),
        ("/contact/", "Contact"),
        ("/about/", None),
    ],
)
def test_header_has_the_five_tabs_with_the_current_one_marked(client, url, current_tab):
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    links = {a.get_text(strip=True): a for a in nav.find_all("a")}
    assert {label: a["href"] for label, a in links.items()} == TABS
    marked = [label for label, a in links.items() if a.has_attr("aria-current")]
    assert marked == ([current_tab] if current_tab else [])
    # The rest of the chrome: skip link to main, a labelled search box, a footer.
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#main" and soup.find(id="main").name == "main"
    search = soup.find("form", attrs={"role": "search"})
    assert search["action"] == "/search/"
    assert soup.find("label", attrs={"for": search.find("input")["id"]})
    footer = soup.find("footer")
    assert "About" in footer.get_text() and "editors@" in footer.get_text()


@pytest.mark.django_db
def test_breadcrumbs_lead_back_up_the_tree(client):
    soup = BeautifulSoup(client.get("/modules/contextual/jtes/").content, "html.parser")
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [a["href"] for a in crumbs.find_all("a")] == ["/", "/modules/", "/modules/contextual/"]
    assert crumbs.find(attrs={"aria-current": "page"}).get_text() == "JTEs"


@pytest.mark.django_db
def test_home_page_says_what_the_site_is_for_and_leads_into_the_categories(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert "Assistant Language Teachers" in soup.find(class_="hero").get_text()
    goals = [h.get_text(strip=True) for h in soup.select(".goal-list .goal__title")]
    assert goals == [
        "Teach to the Course of Study",
        "Work well with your JTE",
        "Learn with other ALTs",
    ]
    categories = soup.select(".category-cards .category-card__title a")
    assert [(a.get_text(), a["href"]) for a in categories] == [
        ("Contextual", "/modules/contextual/"),
        ("Training", "/modules/training/"),
        ("Professional Development", "/modules/professional-development/"),
    ]
    facts = soup.find("dl", class_="hero__facts").get_text(" ", strip=True)
    assert "Modules 19" in facts and "Cost Free" in facts


@pytest.mark.django_db
def test_module_index_lists_the_curriculum_in_order(client):
    soup = BeautifulSoup(client.get("/modules/").content, "html.parser")
    blocks = soup.select(".category-block")
    counts = [len(block.select(".module-card")) for block in blocks]
    assert counts == [6, 7, 6]
    first = blocks[0].select_one(".module-card__title a")
    assert first.get_text() == "The Japanese Context"
    assert first["href"] == "/modules/contextual/the-japanese-context/"


@pytest.mark.django_db
def test_sitemap_lists_every_module(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("/modules/") >= 23  # index, 3 categories, 19 modules
    assert "/modules/training/phonics/</loc>" in body
