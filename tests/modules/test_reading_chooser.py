"""The module editor's reading chooser: search by author, title and year; create a reading
without leaving the module."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from modules.models import Reading
from tests.helpers import make_user

CHOOSE = "wagtailsnippetchoosers_modules_reading"


@pytest.fixture
def editor_client(client, db):
    editor = make_user("edith")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def found(client, query):
    response = client.get(reverse(f"{CHOOSE}:choose_results"), {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [row.get_text(" ", strip=True) for row in soup.select("tbody tr")]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Nation", "Nation, I. S. P."),  # an author
        ("nati", "Nation, I. S. P."),  # as you type
        ("Tajino", "Tajino"),
        ("team", "team"),  # a title word
        ("2013", "2013"),  # a year
    ],
)
def test_the_chooser_finds_readings_by_author_title_and_year(editor_client, query, expected):
    rows = found(editor_client, query)
    assert rows, f"nothing found for {query!r}"
    assert any(expected.lower() in row.lower() for row in rows), rows


def test_the_chooser_offers_to_create_a_reading_and_creates_it(editor_client):
    choose = editor_client.get(reverse(f"{CHOOSE}:choose"))
    assert choose.status_code == 200
    html = choose.json()["html"]
    assert "Add a new reading" in html or "New reading" in html
    assert 'name="authors"' in html and 'name="year"' in html

    data = {
        "authors": "Aoki, N.",
        "year": "2016",
        "title": "Team-teaching in Japanese elementary schools",
        "source": "A journal, 1(1), 1–10",
        "kind": "article",
        "url": "",
    }
    response = editor_client.post(reverse(f"{CHOOSE}:create"), data)
    assert response.status_code == 200
    body = response.json()
    assert body["step"] == "chosen"
    reading = Reading.objects.get(title=data["title"])
    assert str(body["result"]["id"]) == str(reading.pk)
    assert any("Aoki" in row for row in found(editor_client, "Aoki"))

    # A reading that is already there is refused with a message, not a 500.
    again = editor_client.post(reverse(f"{CHOOSE}:create"), data)
    assert again.status_code == 200 and again.json()["step"] != "chosen"
    assert Reading.objects.filter(title=data["title"]).count() == 1
