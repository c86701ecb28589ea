"""The empty search page's "Searched for most this month": the site's own terms, never what a
reader typed."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest
from bs4 import BeautifulSoup

from modules.models import ModulePage

PRIVATE = "my student Taro Suzuki is bullied"
MARKUP = "<script>alert(1)</script>"


def chips(client, address="/search/"):
    response = client.get(address)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".chip-list a")]


def search(client, text, times=1):
    for _ in range(times):
        assert client.get("/search/", {"q": text}).status_code == 200


@pytest.mark.parametrize("address", ["/search/", "/ja/search/"])
def test_a_readers_own_words_never_appear_however_often_searched(client, db, address):
    search(client, PRIVATE)
    search(client, "Taro Suzuki", times=5)
    search(client, MARKUP, times=3)
    assert Query.get(PRIVATE).hits == 1, "the search is still counted for the editors"
    page = client.get(address).content.decode()
    assert "Suzuki" not in page
    assert "alert" not in page
    assert chips(client, address) == []


@pytest.mark.parametrize("address", ["/search/", "/ja/search/"])
def test_approved_terms_appear_in_the_sites_spelling_most_searched_first(client, db, address):
    module = ModulePage.objects.get(slug="phonics")
    promoted = Query.get("Classroom games")
    SearchPromotion.objects.create(query=promoted, page=module, sort_order=0)
    search(client, "PHONICS", times=3)  # a module's title
    search(client, "gakushu shido yoryo", times=2)  # a glossary term's romaji, without macrons
    search(client, "classroom games")  # a search the editors promoted
    search(client, "phonics for Taro Suzuki", times=4)  # contains a title, but is not one
    assert chips(client, address) == ["Phonics", "gakushū shidō yōryō", "classroom games"]


def test_a_promoted_search_no_one_made_is_not_listed_as_searched(client, db):
    module = ModulePage.objects.get(slug="phonics")
    SearchPromotion.objects.create(query=Query.get("phonics help"), page=module, sort_order=0)
    assert chips(client) == []


def test_a_module_no_longer_live_stops_being_listed(client, db):
    search(client, "phonics")
    assert chips(client) == ["Phonics"]
    ModulePage.objects.get(slug="phonics").unpublish()
    assert chips(client) == []


def test_the_empty_search_page_costs_a_bounded_number_of_queries(
    client, db, django_assert_max_num_queries
):
    for text in ["phonics", "listening", "yakudoku", "訳読", PRIVATE]:
        search(client, text)
    # The approved terms (3 queries) are kept in the shared cache on a running site; the
    # tests keep nothing there.
    with django_assert_max_num_queries(9):
        shown = chips(client)
    assert sorted(shown) == sorted(["Phonics", "Listening", "yakudoku", "訳読"])
