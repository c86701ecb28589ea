"""Learning paths (/modules/paths/ and a card on the home page): curated sequences of modules
with an introduction each, and a reader's progress along them."""

import pytest
from bs4 import BeautifulSoup

from community.models import ModuleProgress
from modules.models import LearningPathsPage, ModulePage

TITLES = [
    "Your first month",
    "Elementary school ALT",
    "Junior and senior high ALT",
    "Growing as a professional",
]


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_the_paths_page_lists_each_path_with_its_modules_in_order(client):
    page = LearningPathsPage.objects.get()
    assert page.url == "/modules/paths/"
    html = soup(client, page.url)
    sections = html.select("section.path")
    assert [s.h2.get_text(strip=True) for s in sections] == TITLES
    for section, learning_path in zip(sections, page.paths.all(), strict=True):
        words = len(section.select_one(".path__intro").get_text().split())
        assert 60 <= words <= 120
        steps = section.select(".path-step")
        planned = [step["value"]["module"] for step in learning_path.steps.raw_data]
        assert [int(step["data-module-id"]) for step in steps] == planned
        assert all(step.select_one(".path-step__reason").get_text(strip=True) for step in steps)
        assert f"{len(steps)} modules" in section.select_one(".path__progress").get_text()


@pytest.mark.django_db
def test_each_path_has_its_own_address_and_an_unknown_one_is_a_404(client):
    one = soup(client, "/modules/paths/elementary-school-alt/")
    assert one.h1.get_text(strip=True) == "Elementary school ALT"
    assert len(one.select("section.path")) == 1
    assert client.get("/modules/paths/no-such-path/").status_code == 404


@pytest.mark.django_db
def test_a_member_sees_their_progress_along_each_path(client, alt):
    first = ModulePage.objects.get(slug="the-japanese-context")
    second = ModulePage.objects.get(slug="alts")
    for module in (first, second):
        ModuleProgress.objects.create(user=alt, module=module)
    client.force_login(alt)
    section = soup(client, "/modules/paths/your-first-month/").select_one("section.path")
    assert "2 of 6 modules done" in section.select_one(".path__progress").get_text()
    done = [step["data-module-id"] for step in section.select(".path-step.is-done")]
    assert done == [str(first.pk), str(second.pk)]


@pytest.mark.django_db
def test_the_home_page_offers_every_path(client):
    cards = soup(client, "/").select(".path-card a")
    assert [a.get_text(strip=True) for a in cards] == TITLES
    for a in cards:
        assert client.get(a["href"]).status_code == 200


@pytest.mark.django_db
def test_every_path_names_live_modules_only(client):
    page = LearningPathsPage.objects.get()
    assert page.paths.count() >= 4
    for learning_path in page.paths.all():
        ids = [step["value"]["module"] for step in learning_path.steps.raw_data]
        assert len(ids) >= 5
        assert ModulePage.objects.live().filter(pk__in=ids).count() == len(set(ids))
