"""The Resources page promises only what it has: official links seeded for editors to replace,
and downloads only once there are some."""

import pytest
from bs4 import BeautifulSoup

from modules.models import ResourceIndexPage


@pytest.fixture
def resources_page(client, db):
    response = client.get("/resources/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_seeded_useful_links_are_official_pages_an_editor_can_replace(resources_page, db):
    page = ResourceIndexPage.objects.get()
    seeded = {link.url: link.title for link in page.links.all()}
    assert any(url.startswith("https://www.mext.go.jp/") for url in seeded)
    assert "https://jetprogramme.org/en/" in seeded
    shown = {a["href"]: a.get_text() for a in resources_page.select("#links a")}
    assert shown == seeded  # what the editor has in the admin is what readers see
    assert all(link.description for link in page.links.all())


def test_the_page_promises_no_downloads_it_does_not_have(client, db):
    page = ResourceIndexPage.objects.get()
    page.downloads.all().delete()  # an editor removed the seeded forms
    html = BeautifulSoup(client.get("/resources/").content, "html.parser")
    assert html.find(id="downloads") is None
    text = html.find("main").get_text(" ", strip=True).lower()
    assert "download" not in text
    # Every section the page's own menu names is on the page.
    for link in html.select(".page-header nav a"):
        assert html.find(id=link["href"].lstrip("#")) is not None, link["href"]


def test_the_downloads_it_has_are_listed_and_named_in_its_menu(resources_page, db):
    page = ResourceIndexPage.objects.get()
    assert page.downloads.exists()
    listed = [a.get_text(strip=True) for a in resources_page.select("#downloads li a")]
    assert listed == [item.title for item in page.downloads.all()]
    assert resources_page.select_one('.page-header nav a[href="#downloads"]')
