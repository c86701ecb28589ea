"""Searches with no result are work for editors (issue 21, point 5): the search terms report,
results opened, and one click to a synonym or a problem. Also point 4: results point into
the page."""

from django.contrib.auth.models import Group

import pytest
from bs4 import BeautifulSoup

from modules.models import ProblemsPage
from search.models import SearchTerm
from tests.helpers import make_user
from tests.search.test_search import results, text_of

REPORT = "/admin/reports/search-terms/"


@pytest.fixture
def editor_client(client, db):
    editor = make_user("eiko")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def search(client, q, **params):
    assert client.get("/search/", {"q": q, **params}).status_code == 200


def report_rows(client, **params):
    response = client.get(REPORT, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [text_of(cell) for cell in row.select("td")] for row in soup.select("table tbody tr")
    ], soup


def test_searches_are_counted_with_what_they_found(client, db):
    search(client, "phonics")
    search(client, "Phonics")
    search(client, "phonics", page="2")  # a later page of the same search is not a new search
    search(client, "zqxwv")
    phonics, nothing = (
        SearchTerm.objects.get(query="phonics"),
        SearchTerm.objects.get(query="zqxwv"),
    )
    assert (phonics.searches, phonics.zero_results) == (2, 0) and phonics.results > 0
    assert (nothing.searches, nothing.zero_results, nothing.results) == (1, 1, 0)


def test_the_report_lists_searches_that_found_nothing_then_those_seldom_opened(
    client, editor_client, db
):
    reader = client.__class__()
    for _ in range(3):
        search(reader, "phonics")
    search(reader, "team teaching")
    search(reader, "team teaching")
    search(reader, "zqxwv")
    for _ in range(3):
        assert reader.post("/search/opened/", {"q": "phonics"}).status_code == 204
    rows, soup = report_rows(editor_client)
    order = [row[0] for row in rows]
    assert order[:3] == ["zqxwv", "team teaching", "phonics"]
    assert rows[2][4] == "3 (100%)"
    links = soup.select("table tbody tr")[0].select("a.button")
    assert [a.get_text() for a in links] == ["Add a synonym", "Add to problems"]
    assert links[0]["href"] == "/admin/snippets/search/synonymset/add/?terms=zqxwv"
    assert links[1]["href"] == "/admin/search/add-to-problems/?q=zqxwv"


def test_opened_results_are_never_counted_past_the_searches_made(client, db):
    search(client, "phonics")
    for _ in range(5):
        client.post("/search/opened/", {"q": "phonics"})
    client.post("/search/opened/", {"q": "never searched"})
    client.post("/search/opened/", {"q": "\x00" * 10})
    client.post("/search/opened/", {"q": "x" * 5000})
    assert SearchTerm.objects.get(query="phonics").clicks == 1
    assert not SearchTerm.objects.filter(query="never searched").exists()
    assert client.get("/search/opened/").status_code == 405


def test_readers_and_moderators_cannot_open_the_report(client, db):
    client.force_login(make_user("reader"))
    assert client.get(REPORT).status_code in (302, 403)
    moderator = make_user("moder")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    assert client.get(REPORT).status_code in (302, 403)
    assert client.get("/admin/search/add-to-problems/?q=x").status_code in (302, 403)


def test_wagtails_own_search_terms_report_is_not_in_the_menu(editor_client, db):
    menu = editor_client.get("/admin/").content.decode()
    assert REPORT in menu
    assert "/admin/searchpicks/search-terms/" not in menu


def test_a_search_becomes_a_variant_of_a_problem_as_a_draft_to_check(editor_client, db):
    page = ProblemsPage.objects.get()
    problem = page.problems.get(wording__startswith="Students won")
    response = editor_client.post(
        "/admin/search/add-to-problems/", {"q": "kids just sit there", "problem": problem.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    draft = ProblemsPage.objects.get().get_latest_revision_as_object()
    changed = next(p for p in draft.problems.all() if p.pk == problem.pk)
    assert "kids just sit there" in changed.variant_list()
    live = ProblemsPage.objects.get().problems.get(pk=problem.pk)
    assert "kids just sit there" not in live.variant_list()  # until an editor publishes


def test_a_search_becomes_a_new_problem_that_still_needs_its_sections(editor_client, db):
    page = ProblemsPage.objects.get()
    count = page.problems.count()
    response = editor_client.post(
        "/admin/search/add-to-problems/", {"q": "生徒が寝ている 😴", "problem": "new"}
    )
    assert response.status_code == 302
    draft = ProblemsPage.objects.get().get_latest_revision_as_object()
    assert draft.problems.count() == count + 1
    assert draft.problems.all()[count].wording == "生徒が寝ている 😴"
    editor = editor_client.get(f"/admin/pages/{page.pk}/edit/")
    assert editor.status_code == 200


@pytest.mark.parametrize("q", ["", "   ", "!!!", "\x00\x00", "the of and"])
def test_a_search_with_no_searchable_word_is_refused_with_a_reason(editor_client, db, q):
    response = editor_client.post("/admin/search/add-to-problems/", {"q": q, "problem": "new"})
    assert response.status_code == 200
    said = response.content.decode()
    assert any(
        reason in said
        for reason in ("no word a search can use", "This field is required", "Null characters")
    )


def test_adding_what_a_problem_already_says_changes_nothing(editor_client, db):
    page = ProblemsPage.objects.get()
    problem = page.problems.get(wording__startswith="Students won")
    revisions = page.revisions.count()
    response = editor_client.post(
        "/admin/search/add-to-problems/", {"q": "students won't speak", "problem": problem.pk}
    )
    assert response.status_code == 302
    assert page.revisions.count() == revisions


# Point 4: a module result names and links the section that matched best ------------------------


@pytest.mark.parametrize(
    "q, module, anchor",
    [
        ("spaced retrieval", "Vocabulary", "section-making-words-stick-spaced-retrieval"),
        ("one-shot visits", "ALTs", "section-one-shot-visits-and-every-situation-is-different"),
        (
            "copyright",
            "Materials Development",
            "section-sharing-materials-so-others-can-improve-them",
        ),
        ("performance test", "Speaking", "section-speaking-in-the-course-of-study"),
    ],
)
def test_a_module_result_links_the_section_that_matched(client, db, q, module, anchor):
    soup = results(client, q=q)
    item = next(
        li for li in soup.select("li.search-result") if text_of(li.select_one("h2 a")) == module
    )
    assert item.select_one("h2 a")["href"].endswith(f"/#{anchor}")
    assert item.select_one(".search-result__section a")["href"].endswith(f"#{anchor}")


def test_the_linked_section_is_on_the_module_page(client, db):
    soup = results(client, q="spaced retrieval")
    href = soup.select_one("ol.search-results h2 a")["href"]
    path, _, anchor = href.partition("#")
    page = BeautifulSoup(client.get(path).content, "html.parser")
    assert page.find(id=anchor) is not None
