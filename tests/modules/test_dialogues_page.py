"""Model dialogues with a JTE and a homeroom teacher live in Teachers Working Together and JTEs,
in English and Japanese, and every other module links to them."""

import pytest
from bs4 import BeautifulSoup

from modules.models import ModuleCategoryPage, ModulePage


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_the_dialogues_are_shown_in_both_languages_where_they_live(client):
    partners, total = set(), 0
    for slug in ["teachers-working-together", "jtes"]:
        module = ModulePage.objects.get(slug=slug)
        page = soup(client, module.url)
        dialogues = page.select("#dialogues article.dialogue")
        assert len(dialogues) == module.dialogues.count() > 0
        total += len(dialogues)
        for article in dialogues:
            assert article["id"].startswith("dialogue-")
            assert page.select_one(f'.dialogues__index a[href="#{article["id"]}"]')
            lines = article.select(".dialogue__line")
            assert len(lines) >= 6
            for line in lines:
                assert line.select_one(".dialogue__en").get_text(strip=True)
                japanese = line.select_one('.dialogue__ja[lang="ja"]').get_text(strip=True)
                assert any(
                    "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in japanese
                )
            partners.add(article.select_one(".dialogue__partner").get_text(strip=True))
        assert '<a href="#dialogues">' in str(page.select_one(".module-toc"))
    assert total >= 12
    assert partners == {"with a JTE", "with a homeroom teacher"}


@pytest.mark.django_db
def test_every_training_module_links_to_the_dialogues(client):
    homes = {
        page.url
        for page in ModulePage.objects.filter(slug__in=["teachers-working-together", "jtes"])
    }
    training = ModuleCategoryPage.objects.get(slug="training")
    modules = ModulePage.objects.child_of(training).live()
    assert modules.count() == 7
    for module in modules:
        links = soup(client, module.url).select(".dialogue-links a")
        assert {a["href"] for a in links} == {url + "#dialogues" for url in homes}, module.title


@pytest.mark.django_db
def test_a_module_with_dialogues_does_not_link_to_itself(client):
    page = soup(client, ModulePage.objects.get(slug="jtes").url)
    links = [a["href"] for a in page.select(".dialogue-links a")]
    assert links and not any("/jtes/" in href for href in links)
