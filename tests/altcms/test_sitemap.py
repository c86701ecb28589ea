"""/sitemap.xml lists every public page in English and in Japanese, each naming both (hreflang),
on SITE_URL; each page's <head> says the same; private pages and drafts are in neither."""

from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from home.models import StandardPage
from modules.models import ModulePage

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
PHONICS = "/modules/training/phonics/"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    entries = {}
    for url in ElementTree.fromstring(response.content).findall("s:url", NS):
        links = url.findall("xhtml:link", NS)
        assert all(link.get("rel") == "alternate" for link in links)
        location = url.find("s:loc", NS).text
        entries[location] = {link.get("hreflang"): link.get("href") for link in links}
    return entries


@pytest.mark.django_db
def test_every_public_page_is_listed_in_both_languages_with_its_alternates(client):
    entries = sitemap(client)
    alternates = {
        "en": f"http://testserver{PHONICS}",
        "ja": f"http://testserver/ja{PHONICS}",
        "x-default": f"http://testserver{PHONICS}",
    }
    assert entries[f"http://testserver{PHONICS}"] == alternates
    assert entries[f"http://testserver/ja{PHONICS}"] == alternates
    assert "http://testserver/" in entries and "http://testserver/ja/" in entries
    public = Page.objects.live().public().filter(depth__gt=1).count()
    assert len(entries) == 2 * public
    for module in ModulePage.objects.live():
        assert f"http://testserver/ja{module.url}" in entries
    english = [loc for loc in entries if not loc.startswith("http://testserver/ja/")]
    assert len(english) == public and all(len(entries[loc]) == 3 for loc in entries)


@pytest.mark.django_db
def test_private_pages_and_drafts_are_not_listed_in_either_language(client):
    private, draft = StandardPage.objects.live()[:2]
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    draft.unpublish()
    locations = " ".join(
        [*sitemap(client), *(href for links in sitemap(client).values() for href in links.values())]
    )
    for page in (private, draft):
        assert f"/{page.slug}/" not in locations
    assert PHONICS in locations


@pytest.mark.django_db
def test_addresses_are_on_site_url_whatever_host_the_request_came_on(client, settings):
    settings.SITE_URL = "https://alt.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get("/sitemap.xml", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<loc>https://alt.example.org/ja{PHONICS}</loc>" in body
    assert f'hreflang="en" href="https://alt.example.org{PHONICS}"' in body
    assert "10.0.0.7" not in body and "testserver" not in body


@pytest.mark.django_db
def test_the_sitemap_costs_the_same_few_queries_however_many_pages(client):
    """One query per page type (Wagtail's `.specific()`), a few fixed ones, none per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    before = cost()
    assert before <= 24
    home = Page.objects.get(depth=2)
    for number in range(5):
        home.add_child(instance=StandardPage(title=f"Extra {number}", slug=f"extra-{number}"))
    assert cost() <= before  # (the site records may come from the cache the second time)
    assert client.get("/sitemap.xml").content.count(b"/ja/extra-4/</loc>") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/ja"])
def test_each_page_names_its_counterparts_in_its_head(client, prefix):
    head = BeautifulSoup(client.get(prefix + PHONICS).content, "html.parser").head
    links = {
        link["hreflang"]: link["href"]
        for link in head.find_all("link", rel="alternate", hreflang=True)
    }
    assert links == sitemap(client)[f"http://testserver{PHONICS}"]


@pytest.mark.django_db
def test_a_page_that_is_not_there_names_no_counterpart(client):
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    assert 'hreflang="' not in response.content.decode().split("</head>")[0]


@pytest.mark.django_db
def test_the_sitemap_is_kept_in_the_page_cache_until_a_page_is_published(
    client, cached_site, django_assert_num_queries
):
    first = client.get("/sitemap.xml")
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        again = client.get("/sitemap.xml")
    assert again.content == first.content
    home = Page.objects.get(depth=2)
    home.add_child(instance=StandardPage(title="Fresh", slug="fresh")).save_revision().publish()
    assert b"/ja/fresh/</loc>" in client.get("/sitemap.xml").content
