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


def pager(client, url):
    soup = get_soup(client, url)
    nav = soup.find("nav", class_="pager")
    prev, next_ = nav.find("a", rel="prev"), nav.find("a", rel="next")
    last = nav.find("a", class_="pager__next") if next_ is None else None
    return prev, next_, last


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slug, next_url, next_text",
    [
        ("learners", "/modules/training/approaches-and-methods/", "Next module · Training"),
        (
            "phonics",
            "/modules/professional-development/materials-development/",
            "Next module · Professional Development",
        ),
    ],
)
def test_next_module_continues_into_the_next_category(client, slug, next_url, next_text):
    module = ModulePage.objects.get(slug=slug)
    _, next_, _ = pager(client, module.url)
    assert next_["href"] == next_url
    assert next_.find(class_="pager__label").get_text() == next_text
    prev, _, _ = pager(client, next_url)
    assert prev["href"] == module.url
    assert module.get_parent().title in prev.get_text()


@pytest.mark.django_db
def test_following_next_goes_through_all_19_modules_and_back_to_the_overview(client):
    expected = [
        module.url
        for category in ModuleCategoryPage.objects.live().order_by("path")
        for module in ModulePage.objects.child_of(category).live().order_by("path")
    ]
    assert len(expected) == 19
    url, visited = expected[0], []
    prev, _, _ = pager(client, url)
    assert prev is None  # the first module has nothing before it
    while url.startswith("/modules/") and url.count("/") == 4:
        visited.append(url)
        _, next_, last = pager(client, url)
        url = next_["href"] if next_ is not None else last["href"]
        assert len(visited) <= 19
    assert visited == expected
    assert url == "/modules/"
    assert "Back to the course overview" in last.get_text()


@pytest.mark.django_db
def test_a_modules_neighbours_skip_unpublished_modules(client):
    learners = ModulePage.objects.get(slug="learners")
    approaches = ModulePage.objects.get(slug="approaches-and-methods")
    listening = ModulePage.objects.get(slug="listening")
    assert [m.pk for m in approaches.neighbours()] == [learners.pk, listening.pk]
    approaches.unpublish()
    assert [m.pk for m in learners.neighbours()][1] == listening.pk
    prev, next_, _ = pager(client, learners.url)
    assert next_["href"] == listening.url
    last = ModulePage.objects.get(slug="writing-articles")
    assert last.neighbours()[1] is None


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


@pytest.mark.django_db
def test_a_module_carries_its_address_for_print(client):
    module = ModulePage.objects.get(slug="phonics")
    soup = get_soup(client, module.url)
    address = soup.find(class_="print-address")
    assert address is not None and address.get_text().endswith(f"http://testserver{module.url}")
    css = (settings_static() / "css" / "site.css").read_text()
    assert "@media print" in css and ".print-address { display: none; }" in css


def settings_static():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "static"
