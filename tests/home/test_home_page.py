"""The home page's words agree with the course they describe."""

import re

import pytest
from bs4 import BeautifulSoup

from modules.models import ModulePage

DURATION = re.compile(r"half an hour|an hour|(\d+)\s*(?:min\b|minutes)", re.IGNORECASE)


def minutes_claimed(text):
    """Every length of time the text gives for a module, in minutes."""
    claims = []
    for match in DURATION.finditer(text):
        phrase = match.group(0).lower()
        claims.append(
            30 if phrase == "half an hour" else 60 if phrase == "an hour" else int(match[1])
        )
    return claims


@pytest.mark.django_db
def test_the_home_page_gives_the_reading_time_the_module_cards_give(client):
    home = BeautifulSoup(client.get("/").content, "html.parser").find("main")
    cards = BeautifulSoup(client.get("/modules/").content, "html.parser")
    card_minutes = [int(m) for m in re.findall(r"About (\d+) min", cards.get_text())]
    assert len(card_minutes) == ModulePage.objects.live().count()

    facts = home.find("dl", class_="hero__facts").get_text(" ", strip=True)
    typical = sorted(card_minutes)[len(card_minutes) // 2]
    assert f"Reading a module {typical} min" in facts
    claims = minutes_claimed(home.get_text(" ", strip=True))
    assert claims, "the home page says how long a module takes"
    for minutes in claims:
        assert min(card_minutes) <= minutes <= max(card_minutes), (
            f"the home page says a module takes {minutes} minutes; the cards say "
            f"{min(card_minutes)}–{max(card_minutes)}"
        )
