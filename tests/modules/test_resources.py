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


def test_the_page_promises_no_downloads_it_does_not_have(resources_page, db):
    page = ResourceIndexPage.objects.get()
    assert not page.downloads.exists()
    assert resources_page.find(id="downloads") is None
    text = resources_page.find("main").get_text(" ", strip=True).lower()
    assert "download" not in text
    # Every section the page's own menu names is on the page.
    for link in resources_page.select(".page-header nav a"):
        assert resources_page.find(id=link["href"].lstrip("#")) is not None, link["href"]
