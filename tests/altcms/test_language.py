"""The interface language: English at the addresses the site always had, Japanese under /ja/, the
switch in the header, the first visit by Accept-Language, the choice kept in the language cookie,
and caches that never give one language's page to the other's address."""

from django.conf import settings
from django.test import Client
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from tests.helpers import make_user

MODULE = "/modules/training/phonics/"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def switch(response):
    nav = soup(response).find("nav", class_="language-switch")
    current = nav.find(attrs={"aria-current": "true"})
    links = {a.get_text(strip=True): a["href"] for a in nav.find_all("a")}
    return current.get_text(strip=True), links


@pytest.mark.django_db
def test_english_stays_at_its_addresses_and_japanese_lives_under_ja(client):
    english = client.get(MODULE)
    assert english.status_code == 200
    assert soup(english).html["lang"] == "en"
    assert soup(english).find("h2", id="learning-goals-title").get_text() == "Learning goals"
    assert switch(english) == ("English", {"日本語": f"/language/ja/?next={MODULE}"})

    japanese = client.get("/ja" + MODULE)
    assert japanese.status_code == 200
    assert soup(japanese).html["lang"] == "ja"
    assert japanese["Content-Language"] == "ja"
    assert soup(japanese).find("h2", id="learning-goals-title").get_text() == "学習目標"
    assert switch(japanese) == ("日本語", {"English": f"/language/en/?next=/ja{MODULE}"})
    # Links inside the Japanese interface stay in it.
    page = soup(japanese)
    assert page.find("form", attrs={"role": "search"})["action"] == "/ja/search/"
    assert page.find("a", class_="brand")["href"] == "/ja/"


@pytest.mark.django_db
def test_the_switch_keeps_the_reader_on_the_page_and_remembers_the_choice(client):
    response = client.get(f"/language/ja/?next={MODULE}%3Fcheck%3D1")
    assert response.status_code == 302
    assert response["Location"] == f"/ja{MODULE}?check=1"
    assert response.cookies[COOKIE].value == "ja"
    assert response.cookies[COOKIE]["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert "private" in response["Cache-Control"]
    # Remembered: the English address now leads to the Japanese page.
    again = client.get(MODULE)
    assert again.status_code == 302 and again["Location"] == "/ja" + MODULE

    back = client.get(f"/language/en/?next=/ja{MODULE}")
    assert back["Location"] == MODULE
    assert back.cookies[COOKIE].value == "en"
    assert client.get(MODULE).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_the_switch_never_leads_off_the_site(client, target):
    response = client.get("/language/ja/", {"next": target})
    assert response["Location"] == "/ja/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, query",
    [
        ("//evil.example/", ""),  # also what a server hands on for "/%2Fevil.example/"
        ("//evil.example/modules/", "a=1"),
        ("/\\evil.example/", ""),
    ],
)
def test_a_japanese_reader_is_never_sent_to_another_host(path, query):
    """A path that a browser would read as another host ("//evil.example/") is answered where
    it was asked, never redirected there with /ja/ on the end."""
    for headers in ({"HTTP_ACCEPT_LANGUAGE": "ja"}, {"HTTP_COOKIE": f"{COOKIE}=ja"}):
        # The test client reads "//host/" as a host: hand the path on as a server does.
        response = Client().generic("GET", "/", PATH_INFO=path, QUERY_STRING=query, **headers)
        location = response.get("Location", "")
        assert not location.startswith(("//", "/\\", "http")), (path, location)
        assert response.status_code in (302, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/blog/feed/", "/modules/training/phonics/jte/pdf/", "/"])
def test_an_english_answer_says_that_it_depends_on_the_readers_language(client, address):
    """At an English address a reader who chose Japanese is sent to /ja/: a shared cache must
    keep the English answer apart for them, feeds and PDFs included."""
    response = client.get(address)
    assert response.status_code == 200
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary


@pytest.mark.django_db
def test_an_unknown_language_in_the_switch_is_english(client):
    response = client.get("/language/xx/?next=/modules/")
    assert response["Location"] == "/modules/"
    assert response.cookies[COOKIE].value == "en"


@pytest.mark.django_db
def test_a_first_visit_in_a_japanese_browser_goes_to_ja_and_the_redirect_is_private(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja,en-US;q=0.8,en;q=0.6")
    assert response.status_code == 302
    assert response["Location"] == "/ja/"
    assert "private" in response["Cache-Control"]
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary

    english_browser = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,ja;q=0.5")
    assert english_browser.status_code == 200
    assert soup(english_browser).html["lang"] == "en"


@pytest.mark.django_db
def test_a_choice_of_english_outweighs_a_japanese_browser(client):
    client.cookies[COOKIE] = "en"
    response = client.get(MODULE, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v2/pages/", "/sitemap.xml", "/healthz", "/admin/login/"])
def test_what_has_no_japanese_counterpart_is_not_redirected(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200, url


@pytest.mark.django_db
def test_forms_are_not_redirected(client):
    response = client.post("/search/", {"q": "x"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code != 302


@pytest.mark.django_db
def test_the_page_cache_keeps_each_language_at_its_own_address(settings):
    settings.PAGE_CACHE_SECONDS = 600
    english = Client().get(MODULE)
    assert english["X-Cache"] == "miss"
    assert Client().get(MODULE)["X-Cache"] == "hit"

    # A Japanese browser is sent to /ja/ before the cached English page could answer it.
    first_visit = Client().get(MODULE, HTTP_ACCEPT_LANGUAGE="ja")
    assert first_visit.status_code == 302 and "X-Cache" not in first_visit
    japanese = Client().get("/ja" + MODULE)
    assert japanese["X-Cache"] == "miss"
    assert soup(japanese).html["lang"] == "ja"
    cached = Client().get("/ja" + MODULE)
    assert cached["X-Cache"] == "hit" and soup(cached).html["lang"] == "ja"
    # And the English address still answers in English, from the cache.
    again = Client().get(MODULE)
    assert again["X-Cache"] == "hit" and soup(again).html["lang"] == "en"
    # A redirect is never kept: the next Japanese browser is redirected afresh, and the next
    # English one is not.
    assert Client().get(MODULE, HTTP_ACCEPT_LANGUAGE="ja").status_code == 302
    assert Client().get(MODULE, HTTP_ACCEPT_LANGUAGE="en").status_code == 200


@pytest.mark.django_db
def test_the_admin_follows_each_editors_own_language(client):
    from wagtail.users.models import UserProfile

    editor = make_user("hanako", is_staff=True, is_superuser=True)
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "ja"
    profile.save()
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "ja"

    other = make_user("mary", is_staff=True, is_superuser=True)
    client.force_login(other)
    assert soup(client.get("/admin/")).html["lang"].startswith("en")


@pytest.mark.django_db
def test_no_language_is_left_behind_for_whatever_the_thread_does_next(client):
    """A request served in Japanese leaves nothing active: a page answered before Django's
    LocaleMiddleware (an error page, work the thread does next) is not in Japanese by accident."""
    assert client.get("/ja/").status_code == 200
    assert translation.get_language() == settings.LANGUAGE_CODE
