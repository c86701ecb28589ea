"""/sitemap.xml lists every public page in English and in Japanese, each naming both (hreflang),
on SITE_URL, with each module's JTE handout (page and PDF) and each learning path; each page's
<head> says the same; private pages and drafts are in neither, nor are their handouts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from home.models import StandardPage
from modules.handout import has_handout
from modules.models import LearningPathsPage, ModuleCategoryPage, ModulePage

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
PHONICS = "/modules/training/phonics/"


def sitemap(client, lastmod=False):
    """{address: {hreflang: address}}, or with `lastmod` {address: its <lastmod> text}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    entries = {}
    for url in ElementTree.fromstring(response.content).findall("s:url", NS):
        links = url.findall("xhtml:link", NS)
        assert all(link.get("rel") == "alternate" for link in links)
        location = url.find("s:loc", NS).text
        assert location not in entries, location  # each address once
        if lastmod:
            entries[location] = url.find("s:lastmod", NS).text
        else:
            entries[location] = {link.get("hreflang"): link.get("href") for link in links}
    return entries


def alternates_of(path):
    return {
        "en": f"http://testserver{path}",
        "ja": f"http://testserver/ja{path}",
        "x-default": f"http://testserver{path}",
    }


def handouts(module):
    return [module.url + "jte/", module.url + "jte/pdf/"]


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
    modules = ModulePage.objects.live()
    paths = LearningPathsPage.objects.get().paths.count()
    assert paths >= 3 and all(has_handout(module) for module in modules)  # the seeded site
    assert len(entries) == 2 * (public + 2 * modules.count() + paths)
    for module in modules:
        assert f"http://testserver/ja{module.url}" in entries
    english = [loc for loc in entries if not loc.startswith("http://testserver/ja/")]
    assert len(english) == len(entries) / 2 and all(len(entries[loc]) == 3 for loc in entries)


@pytest.mark.django_db
def test_every_module_handout_is_listed_in_both_languages_as_of_the_modules_last_publish(client):
    entries = sitemap(client)
    dates = sitemap(client, lastmod=True)
    modules = ModulePage.objects.live()
    assert modules.count() == 19
    for module in modules:
        published = f"{timezone.localtime(module.last_published_at):%Y-%m-%d}"
        for path in handouts(module):
            assert entries[f"http://testserver{path}"] == alternates_of(path)
            assert entries[f"http://testserver/ja{path}"] == alternates_of(path)
            assert dates[f"http://testserver{path}"] == published
            assert dates[f"http://testserver/ja{path}"] == published


@pytest.mark.django_db
def test_the_listed_handout_and_path_addresses_answer(client):
    """What the sitemap adds beyond pages is there, in both languages: a handout page and its
    PDF, and each learning path at its own address."""
    entries = sitemap(client)
    paths_page = LearningPathsPage.objects.get()
    extra = [*handouts(ModulePage.objects.get(slug="phonics"))]
    extra += [f"{paths_page.url}{path.slug}/" for path in paths_page.paths.all()]
    for path in extra:
        for location in (f"http://testserver{path}", f"http://testserver/ja{path}"):
            assert location in entries
            response = client.get(location)
            assert response.status_code == 200, location
    assert client.get(f"{PHONICS}jte/pdf/")["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_a_module_without_a_handout_lists_no_handout(client):
    module = ModulePage.objects.get(slug="phonics")
    module.jte_about = ""
    module.save_revision().publish()
    locations = set(sitemap(client))
    assert f"http://testserver{PHONICS}" in locations
    assert not [loc for loc in locations if "/phonics/jte/" in loc]
    assert client.get(f"{PHONICS}jte/").status_code == 404  # as the module itself says


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["unpublished", "private module", "private category", "login"])
def test_no_handout_of_an_unpublished_or_private_module_is_listed(client, how):
    module = ModulePage.objects.get(slug="phonics")
    if how == "unpublished":
        module.unpublish()
    elif how == "private module":
        PageViewRestriction.objects.create(page=module, restriction_type="password", password="x")
    elif how == "private category":
        category = ModuleCategoryPage.objects.get(slug="training")
        PageViewRestriction.objects.create(page=category, restriction_type="login")
    else:
        PageViewRestriction.objects.create(page=module, restriction_type="login")
    entries = sitemap(client)
    listed = " ".join([*entries, *(href for links in entries.values() for href in links.values())])
    assert "/phonics/" not in listed
    assert "/modules/contextual/the-japanese-context/jte/pdf/" in listed  # the others stay


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


def sitemap_queries(client):
    """How many SQL queries one /sitemap.xml costs."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_sitemap_costs_the_same_few_queries_however_many_modules(client):
    """A module's handout entries come from the module's own row: no query per module."""
    before = sitemap_queries(client)
    assert before <= 24
    template = ModulePage.objects.get(slug="phonics")
    category = ModuleCategoryPage.objects.get(slug="training")
    for number in range(6):
        module = ModulePage(
            title=f"Extra module {number}",
            slug=f"extra-module-{number}",
            summary="An extra module.",
            jte_title=f"追加のモジュール {number}",
            jte_about=template.jte_about,
        )
        category.add_child(instance=module)
        module.save_revision().publish()
    assert sitemap_queries(client) <= before
    body = client.get("/sitemap.xml").content
    assert body.count(b"/ja/modules/training/extra-module-5/jte/pdf/</loc>") == 1


@pytest.mark.django_db
def test_the_sitemap_costs_the_same_few_queries_however_many_pages(client):
    """One query per page type (Wagtail's `.specific()`), a few fixed ones, none per page."""
    before = sitemap_queries(client)
    assert before <= 24
    home = Page.objects.get(depth=2)
    for number in range(5):
        home.add_child(instance=StandardPage(title=f"Extra {number}", slug=f"extra-{number}"))
    # (the site records may come from the cache the second time)
    assert sitemap_queries(client) <= before
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
