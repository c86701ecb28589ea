"""What a reader sees on a module page, and what it costs the database."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from modules.models import ModuleCategoryPage, ModulePage
from tests.factories import ModulePageFactory, add_tasks_and_readings

MAX_MODULE_PAGE_QUERIES = 15


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_module_sections_carry_fixed_ids_for_linking(client):
    module = ModulePage.objects.get(slug="teachers-working-together")
    soup = get_soup(client, module.url)
    tasks = list(module.reflection_tasks.all())
    assert soup.find(id="learning-goals").find("h2").get_text() == "Learning goals"
    for number, task in enumerate(tasks, start=1):
        anchor = soup.find(id=f"reflection-{number}")
        assert anchor is not None, f"#reflection-{number} missing"
        assert task.prompt in anchor.get_text()
    assert soup.find(id=f"reflection-{len(tasks) + 1}") is None
    readings = soup.find(id="readings")
    assert len(readings.select("li.reading")) == module.readings.count()
    assert soup.find(id="discussion") is not None
    # The table of contents links to each of them and to every section.
    toc = [a["href"] for a in soup.find("nav", attrs={"aria-label": "On this page"}).find_all("a")]
    assert toc[0] == "#learning-goals"
    assert [f"#reflection-{n}" for n in range(1, len(tasks) + 1)] == [
        href for href in toc if re.fullmatch(r"#reflection-\d+", href)
    ]
    assert {"#readings", "#discussion"} <= set(toc)
    for href in toc:
        assert soup.find(id=href[1:]) is not None, f"{href} points nowhere"


@pytest.mark.django_db
def test_module_page_shows_goals_summary_review_date_and_reading_time(client):
    module = ModulePage.objects.get(slug="phonics")
    soup = get_soup(client, module.url)
    assert soup.find("h1").get_text() == "Phonics"
    assert module.summary in soup.get_text()
    goals = [li.get_text() for li in soup.select("#learning-goals li")]
    assert goals == [goal.value for goal in module.learning_goals]
    reviewed = soup.find("time")
    assert reviewed["datetime"] == module.last_reviewed.isoformat()
    assert f"about {module.reading_time} min" in soup.get_text()
    assert "Module 7 of 7" in soup.get_text()
    assert soup.find("a", rel="prev")["href"] == "/modules/training/vocabulary/"
    assert soup.find("a", rel="next") is None


@pytest.mark.django_db
def test_reading_citations_are_escaped_and_formatted(client):
    module = ModulePage.objects.get(slug="alts")
    soup = get_soup(client, module.url)
    first = soup.select_one("#readings li.reading .reading__citation")
    link = module.readings.select_related("reading").first()
    assert first.get_text().startswith(f"{link.reading.authors} ({link.reading.year}).")
    assert first.find("cite") is not None


@pytest.mark.django_db
def test_related_modules_link_to_live_modules(client):
    module = ModulePage.objects.get(slug="alts")
    soup = get_soup(client, module.url)
    related = soup.find("section", class_="related")
    hrefs = [a["href"] for a in related.find_all("a")]
    assert hrefs and all(href.startswith("/modules/") for href in hrefs)
    target = ModulePage.objects.get(url_path__endswith="/teachers-working-together/")
    target.unpublish()
    soup = get_soup(client, module.url)
    assert target.url_path not in str(soup.find("section", class_="related"))


def count_queries(client, url):
    client.get(url)  # warm the site-root and settings caches, as any running server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_module_page_queries_do_not_grow_with_readings_or_tasks(client):
    category = ModuleCategoryPage.objects.get(slug="training")
    small = add_tasks_and_readings(ModulePageFactory(parent=category), tasks=2, readings=3)
    large = add_tasks_and_readings(ModulePageFactory(parent=category), tasks=12, readings=40)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    assert small_count == large_count
    assert large_count <= MAX_MODULE_PAGE_QUERIES


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, limit",
    [
        ("/", 12),
        ("/modules/", 12),
        ("/modules/contextual/", 12),
        ("/modules/contextual/the-japanese-context/", MAX_MODULE_PAGE_QUERIES),
        ("/resources/", MAX_MODULE_PAGE_QUERIES),
        ("/about/", 10),
    ],
)
def test_public_pages_have_a_bounded_query_count(client, django_assert_max_num_queries, url, limit):
    client.get(url)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
