"""Search finds the glossary's entries by kanji, kana, romaji or English."""

import pytest
from bs4 import BeautifulSoup


def glossary_box(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".search-glossary")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["訳読", "やくどく", "yakudoku", "Yakudoku", "translation reading", "yakudoku "]
)
def test_an_entry_is_found_by_any_of_its_forms(client, query):
    box = glossary_box(client, query)
    assert box is not None, query
    first = box.select_one(".search-glossary__entry")
    assert "訳読" in first.dt.get_text()
    assert first.a["href"] == "/glossary/#term-yakudoku"


@pytest.mark.django_db
def test_romaji_with_or_without_macrons_and_japanese_inside_a_longer_search(client):
    assert "学習指導要領" in glossary_box(client, "gakushu shido yoryo").get_text()
    assert "学習指導要領" in glossary_box(client, "gakushū shidō yōryō").get_text()
    assert "学習指導要領" in glossary_box(client, "新しい学習指導要領の目標").get_text()


@pytest.mark.django_db
def test_a_search_that_names_no_term_shows_no_glossary(client):
    assert glossary_box(client, "pair work") is None
