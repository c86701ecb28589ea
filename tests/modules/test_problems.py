"""/modules/problems/: common problems in a teacher's words, each pointing at module sections
(issue 21, point 3); and search showing a matching problem's sections first."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from modules.models import ModulePage, Problem, ProblemsPage
from tests.admin_forms import edit_form_data
from tests.helpers import make_user

URL = "/modules/problems/"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def problems_page(db):
    return ProblemsPage.objects.get()


def test_the_page_lists_at_least_thirty_problems_each_with_sections_that_exist(client, db):
    soup = soup_of(client.get(URL))
    problems = soup.select("article.problem")
    assert len(problems) >= 30
    anchors = {
        module.url: {anchor for anchor, _heading in module.sections}
        for module in ModulePage.objects.live()
    }
    for problem in problems:
        links = problem.select(".problem__sections a")
        assert links, problem.h3.get_text()
        for link in links:
            path, _, anchor = link["href"].partition("#")
            assert anchor in anchors[path], link["href"]  # every section is really there
        assert all(p.get_text().strip() for p in problem.select(".problem__sections p"))


def test_it_sits_under_the_course_modules_tab_and_the_module_index_links_to_it(client, db):
    soup = soup_of(client.get(URL))
    assert soup.select_one("h1").get_text() == "Common problems"
    crumbs = [a.get_text() for a in soup.select("nav[aria-label='Breadcrumb'] a, .breadcrumbs a")]
    assert "Course modules" in crumbs or soup.select_one("a[aria-current]")
    index = soup_of(client.get("/modules/"))
    assert index.select_one(".problems-callout a")["href"] == URL
    empty_search = soup_of(client.get("/search/"))
    assert URL in [a["href"] for a in empty_search.select(".search-start a")]


def test_the_page_costs_few_queries(client, db, django_assert_max_num_queries):
    client.get(URL)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_a_section_whose_module_is_unpublished_is_left_out_and_never_breaks_the_page(
    client, problems_page
):
    module = ModulePage.objects.get(slug="vocabulary")
    module.unpublish()
    soup = soup_of(client.get(URL))
    assert not [a for a in soup.select(".problem__sections a") if "/vocabulary/" in a["href"]]
    forget = next(p for p in soup.select("article.problem") if "forget new words" in p.get_text())
    assert "being revised" in forget.get_text()  # its only sections were in Vocabulary


def test_a_renamed_section_links_to_the_top_of_its_module(client, problems_page):
    module = ModulePage.objects.get(slug="phonics")
    body = module.body
    old_heading = body[2].value["heading"]
    body[2].value["heading"] = "Syllables and contrasts"  # was "Japanese syllable structure…"
    module.body = body
    for question in module.self_check:  # the editor renames it in the self-check too
        if question.value["section"] == old_heading:
            question.value["section"] = "Syllables and contrasts"
    module.save_revision().publish()
    soup = soup_of(client.get(URL))
    hrefs = [a["href"] for a in soup.select(".problem__sections a") if "/phonics/" in a["href"]]
    assert module.url in hrefs  # the old anchor is gone: the top of the module instead
    assert all(h == module.url or "#section-" in h for h in hrefs)


@pytest.mark.parametrize(
    "variants, message",
    [
        ("students won't speak\n!!!", "has no word a search can use"),
        ("my class is silent\nmy classes are silent", "says the same as"),
        ("\n".join(f"variant number {n} of twenty" for n in range(13)), "At most 12"),
    ],
)
def test_variants_an_editor_types_are_checked(problems_page, variants, message):
    problem = Problem(page=problems_page, wording="Students won't speak", variants=variants)
    with pytest.raises(ValidationError) as error:
        problem.clean()
    assert message in str(error.value)


def test_blank_lines_in_variants_are_dropped_and_japanese_and_emoji_kept(problems_page):
    problem = Problem(
        page=problems_page,
        wording="生徒が話さない 😶",
        variants="\n  \nみんな静か\n\nquiet class\n",
    )
    problem.clean()
    assert problem.variant_list() == ["みんな静か", "quiet class"]


def test_an_editor_publishes_a_new_problem_from_the_page_editor(client, problems_page):
    editor = make_user("eiko")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    data = edit_form_data(problems_page)
    module = ModulePage.objects.get(slug="listening")
    anchor = module.sections[0][0]
    total = int(data["problems-TOTAL_FORMS"])
    new = f"problems-{total}"
    data.update(
        {
            "problems-TOTAL_FORMS": str(total + 1),
            f"{new}-id": "",
            f"{new}-ORDER": str(total + 1),
            f"{new}-DELETE": "",
            f"{new}-wording": "Students can't hear the difference 👂",
            f"{new}-variants": "they mishear words",
            f"{new}-setting": "classroom",
            f"{new}-helps-count": "1",
            f"{new}-helps-0-type": "section",
            f"{new}-helps-0-deleted": "",
            f"{new}-helps-0-order": "0",
            f"{new}-helps-0-value-section": f"{module.pk}#{anchor}",
            f"{new}-helps-0-value-why": "Why hearing English is hard.",
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{problems_page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    soup = soup_of(Client().get(URL))
    assert "Students can’t hear the difference 👂" in soup.get_text() or (
        "Students can't hear the difference 👂" in soup.get_text()
    )
    found = soup_of(Client().get("/search/", {"q": "they mishear words"}))
    assert found.select_one(".search-problems")


def test_a_section_not_among_the_modules_sections_is_refused_in_the_editor(client, problems_page):
    editor = make_user("eiko")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    data = edit_form_data(problems_page)
    data["problems-0-helps-0-value-section"] = "999999#section-nowhere"
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{problems_page.pk}/edit/", data)
    assert response.status_code == 200  # the form again, with the error
    assert ProblemsPage.objects.get().problems.first().helps[0].value["section"] != (
        "999999#section-nowhere"
    )


# Search shows a matching problem's sections first --------------------------------------------


def problem_box(client, q, **params):
    soup = soup_of(client.get("/search/", {"q": q, **params}))
    return soup, soup.select_one(".search-problems")


@pytest.mark.parametrize(
    "q, wording",
    [
        ("students won't speak", "Students won’t speak"),
        ("My students don't speak English!", "Students won’t speak"),
        ("my JTE does all the talking", "My JTE does all the talking"),
        ("the class is too noisy", "The class is too noisy"),
        ("noisy", "The class is too noisy"),
        ("JTE workload", "My JTE has no time to plan with me"),
        ("I have nothing to do in class", "I have nothing to do in class"),
    ],
)
def test_a_search_that_says_a_problem_shows_its_sections_first(client, db, q, wording):
    soup, box = problem_box(client, q)
    assert box is not None, q
    assert box.select_one(".search-problem__label").get_text() == "Common problem"
    assert wording in [h3.get_text().strip("“”") for h3 in box.select("h3")]
    first = box.select_one("a.search-problem__section")["href"]
    assert "#section-" in first
    # The box comes before the ranked results.
    html = str(soup)
    assert html.index("search-problems") < html.index("search-results")


@pytest.mark.parametrize("q", ["students", "phonics", "the", "english teacher"])
def test_a_search_that_says_no_problem_shows_none(client, db, q):
    _soup, box = problem_box(client, q)
    assert box is None


def test_problems_are_shown_only_with_the_first_page_of_all_results_or_modules(client, db):
    assert problem_box(client, "students won't speak", kind="module")[1] is not None
    assert problem_box(client, "students won't speak", kind="forum")[1] is None
    assert problem_box(client, "students won't speak", page="2")[1] is None


def test_a_broken_problem_in_the_database_never_breaks_the_pages(client, problems_page):
    """Rows written past the editor's checks (a script, an old revision): shown as far as they
    make sense, never an error."""
    Problem.objects.bulk_create(
        [
            Problem(page=problems_page, wording="!!!", variants="\n\n", helps=[], sort_order=90),
            Problem(
                page=problems_page,
                wording="Broken sections",
                variants="x\n" * 3,
                helps=[
                    ("section", {"section": "not-a-number#x", "why": "?"}),
                    ("section", {"section": "", "why": ""}),
                    ("section", {"why": "no section at all"}),
                ],
                sort_order=91,
            ),
        ]
    )
    assert client.get(URL).status_code == 200
    for q in ("broken sections", "x", "!!!", "students won't speak"):
        assert client.get("/search/", {"q": q}).status_code == 200
