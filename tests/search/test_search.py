"""/search/: one ranked list over modules, posts, articles, other pages and forum topics."""

import io
from datetime import date

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage, Person
from community.models import ForumBoardPage, Topic
from home.models import StandardPage
from modules.models import ModulePage, ReflectionTask, ResourceIndexPage, ResourceLink
from search.ranking import Candidate


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text().split())


def hits(soup):
    """(kind, title, category) for each result, in order."""
    found = []
    for item in soup.select("ol.search-results > li.search-result"):
        category = item.select_one(".search-result__category")
        found.append(
            (
                text_of(item.select_one(".kind-badge")),
                text_of(item.select_one("h2 a")),
                text_of(category) if category else None,
            )
        )
    return found


def titles(soup):
    return [title for _kind, title, _category in hits(soup)]


@pytest.fixture
def board(db):
    return ForumBoardPage.objects.get(slug="team-teaching")


def add_post(title, body, intro="A post for the search tests."):
    blog = BlogIndexPage.objects.get()
    post = BlogPostPage(
        title=title, date=date(2026, 11, 1), intro=intro, body=[("paragraph", f"<p>{body}</p>")]
    )
    post.authors = [BlogPostAuthor(person=Person.objects.get(name="ALT Training Online editors"))]
    blog.add_child(instance=post)
    post.save_revision().publish()
    return post


def add_page(title, body):
    home = Page.objects.get(depth=2)
    page = StandardPage(title=title, introduction="", body=[("paragraph", f"<p>{body}</p>")])
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


# What is searched, and what a result shows --------------------------------------------------


def test_a_module_result_shows_its_kind_category_and_marked_snippet(client, db):
    soup = results(client, q="team teaching")
    found = hits(soup)
    assert ("Module", "Teachers Working Together", "Contextual") in found
    item = next(
        li
        for li in soup.select("li.search-result")
        if li.select_one("h2 a").get_text() == "Teachers Working Together"
    )
    # The link lands on the section that matched best, and the result names it (point 4).
    section = "/modules/contextual/teachers-working-together/#section-what-team-teaching-can-mean"
    assert item.select_one("h2 a")["href"] == section
    assert text_of(item.select_one(".search-result__section")) == (
        "Section: What “team teaching” can mean"
    )
    marks = [mark.get_text().lower() for mark in item.select(".search-result__snippet mark")]
    assert marks and all(mark.startswith(("team", "teach")) for mark in marks)


def test_every_part_of_a_module_is_searched(client, module):
    """Learning goals, reflection tasks and readings are indexed, not only the body."""
    module.reflection_tasks.add(ReflectionTask(prompt="Describe your kanjicards routine."))
    module.learning_goals.append(("goal", "Run a quizzleboard warm-up."))
    module.save_revision().publish()
    for word in ("kanjicards", "quizzleboard"):
        assert titles(results(client, q=word)) == ["Teachers Working Together"], word
    # A reading the module cites, by its author: Tajino and Tajino (2000) is on this module.
    cited = module.readings.select_related("reading").first().reading
    author = cited.authors.split(",")[0]
    assert "Teachers Working Together" in titles(results(client, q=author))


def test_posts_articles_resources_and_forum_topics_are_found_with_their_kind(client, board, alt):
    add_post("Sports day in October", "The zorblatt relay is a highlight.")
    resources = ResourceIndexPage.objects.get()
    resources.links.add(
        ResourceLink(title="Zorblatt cards", url="https://example.com/", description="Printable")
    )
    resources.save_revision().publish()
    Topic.objects.create(board=board, author=alt, title="Zorblatt in class?", body="Has anyone?")
    found = hits(results(client, q="zorblatt"))
    assert sorted((kind, title) for kind, title, _category in found) == [
        ("Blog", "Sports day in October"),
        ("Forum", "Zorblatt in class?"),
        ("Page", "Resources"),
    ]
    article = hits(results(client, q="sticky note"))
    assert (
        "Article",
        "Example article: Planning team-taught lessons by sticky note with a busy JTE",
    ) in [(kind, title) for kind, title, _category in article]


def test_hidden_content_is_never_found(client, board, alt):
    Topic.objects.create(board=board, author=alt, title="Wibblequest held", body="x", held=True)
    Topic.objects.create(board=board, author=alt, title="Wibblequest removed", body="x")
    Topic.objects.filter(title="Wibblequest removed").update(is_removed=True)
    draft = add_post("Wibblequest draft", "Unpublished words.")
    draft.unpublish()
    private = add_page("Wibblequest private", "Behind a password.")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    live = add_post("Wibblequest live", "Published words.")
    assert titles(results(client, q="wibblequest")) == [live.title]


def test_the_kind_filter_narrows_and_counts_every_kind(client, board, alt):
    add_post("Glimmerfish in the blog", "glimmerfish")
    Topic.objects.create(board=board, author=alt, title="Glimmerfish one", body="glimmerfish")
    Topic.objects.create(board=board, author=alt, title="Glimmerfish two", body="glimmerfish")
    soup = results(client, q="glimmerfish", kind="forum")
    assert sorted(titles(soup)) == ["Glimmerfish one", "Glimmerfish two"]
    counts = {
        a.contents[0].strip(): a.select_one(".count").get_text()
        for a in soup.select(".search-kinds a")
    }
    assert counts == {
        "All": "3",
        "Modules": "0",
        "Blog": "1",
        "Articles": "0",
        "Forum": "2",
        "Other pages": "0",
    }
    assert soup.select_one('.search-kinds a[aria-current="page"]').contents[0].strip() == "Forum"


def test_results_are_paginated_and_page_numbers_out_of_range_are_clamped(client, board, alt):
    for n in range(23):
        Topic.objects.create(board=board, author=alt, title=f"Plonkwise {n:02d}", body="plonkwise")
    first = results(client, q="plonkwise")
    assert len(hits(first)) == 10
    assert "23 results" in first.select_one(".search-count").get_text()
    third = results(client, q="plonkwise", page="3")
    assert len(hits(third)) == 3
    assert third.select_one("ol.search-results")["start"] == "21"
    everything = titles(first) + titles(results(client, q="plonkwise", page="2")) + titles(third)
    assert sorted(everything) == [f"Plonkwise {n:02d}" for n in range(23)]
    assert titles(results(client, q="plonkwise", page="99999999999999999999")) == titles(third)
    assert titles(results(client, q="plonkwise", page="-4")) == titles(first)


def test_editors_pin_promoted_results_above_the_rest(client, module):
    assert module.title in titles(results(client, q="team teaching"))
    query = Query.get("team teaching")
    SearchPromotion.objects.create(
        query=query, page=module, description="Start here before your first lesson.", sort_order=0
    )
    soup = results(client, q="Team  Teaching")
    promoted = soup.select(".search-promotions li")
    assert [li.select_one("a").get_text() for li in promoted] == [module.title]
    assert "Start here before your first lesson." in promoted[0].get_text()
    assert module.title not in titles(soup), "a promoted page is not listed twice"


def test_searches_are_counted_for_the_editors_and_shown_as_popular(client, db):
    results(client, q="phonics")
    results(client, q="Phonics")
    results(client, q="phonics", page="2")  # a later page of the same search is not a new search
    assert Query.get("phonics").hits == 2
    popular = results(client).select(".chip-list a")
    assert [a.get_text() for a in popular] == ["Phonics"]  # as the site spells it


def test_update_index_rebuilds_the_index(client, db):
    add_post("Rebuilt index post", "snorkelphone")
    call_command("update_index", stdout=io.StringIO())
    assert titles(results(client, q="snorkelphone")) == ["Rebuilt index post"]


# Japanese ------------------------------------------------------------------------------------


@pytest.fixture
def japanese_page(db):
    return add_page(
        "Notes in Japanese",
        "外国語指導助手として小学校に通っています。高校では訳読の授業が多いと聞きました。",
    )


@pytest.mark.parametrize("word", ["訳読", "小学校", "外国語指導助手", "指導", "小学"])
def test_japanese_words_find_the_pages_that_contain_them(client, japanese_page, word):
    soup = results(client, q=word, kind="page")
    assert japanese_page.title in titles(soup)
    item = next(
        li for li in soup.select("li.search-result") if japanese_page.title in li.get_text()
    )
    assert word in [mark.get_text() for mark in item.select("mark")]


def test_a_japanese_word_the_page_lacks_does_not_find_it(client, japanese_page):
    # 中学校 shares 学校 with 小学校, but not 中学.
    assert japanese_page.title not in titles(results(client, q="中学校"))
    assert japanese_page.title not in titles(results(client, q="訳本"))


def test_romaji_and_english_find_japanese_and_the_other_way_round(client, japanese_page):
    yakudoku = titles(results(client, q="yakudoku"))
    assert japanese_page.title in yakudoku, "romaji finds the kanji"
    assert "Reading" in yakudoku, "and the module that writes it in romaji"
    assert "Reading" in titles(results(client, q="訳読")), "kanji finds the romaji"
    full_width = titles(results(client, q="ｙａｋｕｄｏｋｕ"))
    assert full_width == yakudoku


def test_japanese_forum_topics_are_found(client, board, alt):
    Topic.objects.create(
        board=board, author=alt, title="小学校の外国語活動について", body="質問です"
    )
    assert titles(results(client, q="外国語活動", kind="forum")) == ["小学校の外国語活動について"]


# Empty, too common and no-result searches ---------------------------------------------------


def test_an_empty_search_offers_examples_and_the_categories(client, db):
    soup = results(client, q="   ")
    assert soup.select_one("#search-start-title").get_text() == "What are you looking for?"
    assert [a.get_text() for a in soup.select(".search-categories a")] == [
        "Contextual",
        "Training",
        "Professional Development",
    ]
    assert not soup.select("ol.search-results")


def test_only_common_words_get_their_own_page(client, db):
    soup = results(client, q="the of and")
    assert "too common" in soup.select_one("#search-common-title").get_text()
    assert soup.select(".search-categories a")


def test_common_words_are_left_out_of_a_longer_search(client, db):
    with_them = results(client, q="the phonics of")
    assert titles(with_them) == titles(results(client, q="phonics"))
    assert "Left out as too common: the, of." in with_them.get_text()


def test_a_misspelt_search_shows_the_results_for_the_spelling_the_site_knows(client, db):
    soup = results(client, q="phonix")
    assert "so these are for phonics" in text_of(soup.select_one(".search-corrected"))
    assert titles(soup)[0] == "Phonics"
    assert titles(results(client, q="pronounciation"))[0] == "Phonics"  # a synonym's spelling


def test_no_results_offer_the_categories(client, db):
    soup = results(client, q="zyxwvut qqqq")
    assert soup.select_one("#no-results-title").get_text() == "Nothing matched “zyxwvut qqqq”"
    assert soup.select(".search-categories a")


def test_a_search_no_page_matches_whole_shows_the_pages_with_most_of_its_words(client, db):
    soup = results(client, q="phonics zyxwvut")
    assert "No page has every word" in text_of(soup.select_one(".search-relaxed"))
    assert titles(soup)[0] == "Phonics"


# Suggestions as you type ---------------------------------------------------------------------


def test_suggestions_list_titles_after_two_characters(client, board, alt):
    Topic.objects.create(board=board, author=alt, title="小学校で初めての授業", body="x")
    data = client.get("/search/suggest/", {"q": "te"}).json()
    assert data["query"] == "te"
    first = data["suggestions"][0]
    assert first == {
        "title": "Teachers Working Together",
        "url": "/modules/contextual/teachers-working-together/",
        "kind": "Module",
    }
    assert all("te" in s["title"].lower() for s in data["suggestions"])
    assert client.get("/search/suggest/", {"q": "t"}).json()["suggestions"] == []
    japanese = client.get("/search/suggest/", {"q": "小学"}).json()["suggestions"]
    assert japanese[0]["title"] == "小学校で初めての授業", "a title first, then pages' text"


def suggested(client, text, django_assert_max_num_queries):
    # Title matches (pages, topics), then text matches for Japanese (pages, topics), and the
    # site's root paths for the links: never more, whatever matches.
    with django_assert_max_num_queries(6):
        response = client.get("/search/suggest/", {"q": text})
    assert response.status_code == 200
    return [(s["title"], s["kind"]) for s in response.json()["suggestions"]]


@pytest.mark.parametrize("text", ["導案", "指導案", "外国語活動の指導", "の指"])
def test_part_of_a_japanese_word_suggests_the_pages_and_topics_that_contain_it(
    client, board, alt, text, django_assert_max_num_queries
):
    """The titles are English: a Japanese prefix or inside of a word (導案 of 指導案) is looked
    for in the pages' and topics' text."""
    add_post("My first demonstration lesson", "外国語活動の指導案を初めて書きました。")
    Topic.objects.create(
        board=board, author=alt, title="Lesson plans", body="外国語活動の指導案の書き方は？"
    )
    found = suggested(client, text, django_assert_max_num_queries)
    assert ("My first demonstration lesson", "Blog") in found
    assert ("Lesson plans", "Forum") in found


def test_a_common_japanese_word_suggests_modules_first(client, db, django_assert_max_num_queries):
    # 指導 (teaching, guidance) is in most modules, in no title: the search for 指導要領 finds
    # nine results, and suggestions for its first two kanji, or the first alone, are modules.
    for text in ["指導", "指"]:
        found = suggested(client, text, django_assert_max_num_queries)
        assert len(found) == 8
        assert {kind for _title, kind in found} == {"Module"}
    english = [t for t, _k in suggested(client, "English in", django_assert_max_num_queries)]
    assert english == ["English in Japanese Public Schools"]


@pytest.mark.parametrize("text", ["%", "_%_", "' OR 1=1 --", '"', "\x00\x00", "🙂🙂", "x" * 10_000])
def test_suggestions_answer_odd_input_with_json(client, db, text):
    response = client.get("/search/suggest/", {"q": text})
    assert response.status_code == 200
    assert response.json()["suggestions"] == []


# Bad input -----------------------------------------------------------------------------------

HOSTILE_QUERIES = [
    "q" * 10_000,
    '"team teaching',
    "team' teaching\"",
    "100% _phonics_",
    "%",
    "_",
    "'; DROP TABLE wagtailcore_page; --",
    "phonics OR 1=1",
    "phonics\x00reading",
    "\x00",
    "🙂 phonics 🎌",
    "NEAR(team teaching)",
    "team* AND -teaching",
    "\u202eevil\u202c",
    "zero\u200bwidth\ufeff",
]


@pytest.mark.parametrize("text", HOSTILE_QUERIES)
def test_hostile_queries_get_a_page_not_an_error(client, db, text):
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("h1").get_text() == "Search"
    shown = soup.select_one("#search-page-q")["value"]
    assert len(shown) <= 200 and "\x00" not in shown


def test_bytes_that_are_not_utf8_are_replaced_not_fatal(client, db):
    response = client.get("/search/?q=%ff%fe%c3phonics&page=%ff")
    assert response.status_code == 400  # the page number is not a number
    assert client.get("/search/?q=%ff%fe%c3phonics").status_code == 200


def test_a_long_query_is_cut_and_the_reader_told(client, db):
    soup = results(client, q="phonics " * 2000)
    assert "Only the first 200 characters" in soup.get_text()
    assert len(soup.select_one("#search-page-q")["value"]) <= 200


def test_nothing_typed_is_echoed_unescaped(client, db):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    for params in ({"q": payload}, {"q": f"phonics {payload}"}, {"q": payload, "page": "x"}):
        body = client.get("/search/", params).content.decode()
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;" in body


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "phonics", "page": "two"}, "The page number must be a whole number"),
        ({"q": "phonics", "page": "1.5"}, "The page number must be a whole number"),
        ({"q": "phonics", "kind": "videos"}, "Choose a kind of content"),
    ],
)
def test_malformed_parameters_get_a_400_that_says_why(client, db, params, message):
    response = client.get("/search/", params)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert message in soup.select_one('[role="alert"]').get_text()


def test_search_takes_only_get_and_head(client, db):
    assert client.post("/search/", {"q": "phonics"}).status_code == 405
    assert client.head("/search/?q=phonics").status_code == 200


# Cost ----------------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_results(client, board, alt):
    def count(word):
        client.get("/search/", {"q": word})  # the first search of a word records it
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": word}).status_code == 200
        return len(queries)

    for n in range(2):
        Topic.objects.create(board=board, author=alt, title=f"Fewfold {n}", body="fewfold")
        add_post(f"Fewfold post {n}", "fewfold")
    for n in range(30):
        Topic.objects.create(board=board, author=alt, title=f"Manifold {n}", body="manifold")
        add_post(f"Manifold post {n}", "manifold")
    # An empty list of ids costs no query, so a page of one kind can cost less than a mix.
    few, many = count("fewfold"), count("manifold")
    # The tests keep nothing in the shared cache, so this counts the synonym sets and the
    # common problems too (4 queries), which a running site reads from there.
    assert many <= few <= 22


def test_the_module_index_entry_holds_its_text_analysed(db):
    """Stems, Japanese bigrams and single kanji, and the key text (title, goals, headings) in
    the title column: what both databases match and what the ranking reads."""
    from search.ranking import texts_of

    module = ModulePage.objects.get(slug="writing")
    content_type = ContentType.objects.get_for_model(ModulePage).pk
    key, body = texts_of([Candidate("module", module.pk, module.title, content_type, 0)])[
        (content_type, module.pk)
    ]
    assert "訳読" in body and "学習" in body and "訳" in body
    assert "teacher" in body and "teachers" not in body and "the" not in body
    assert "feedback" in key  # the heading "Feedback that helps"
    assert set(key) <= set(body)


def test_editors_can_open_promoted_results_and_readers_cannot(client, db):
    from tests.helpers import make_user

    editor = make_user("eiko")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/searchpicks/").status_code == 200
    assert client.get("/admin/searchpicks/add/").status_code == 200
    client.force_login(make_user("reader"))
    assert client.get("/admin/searchpicks/").status_code in (302, 403)


def test_words_split_between_title_and_body_still_match(client, db):
    """The PostgreSQL backend matches against the body alone, which holds the title too."""
    add_post("Karutaquest night", "We played with the flashwhirl cards.")
    assert titles(results(client, q="karutaquest flashwhirl")) == ["Karutaquest night"]
    assert titles(results(client, q="Karutaquest")) == ["Karutaquest night"]


def test_a_cited_reading_finds_the_module_by_its_title(client, module):
    reading = module.readings.select_related("reading").first().reading
    title_words = " ".join(reading.title.split()[:3])
    assert module.title in titles(results(client, q=title_words, kind="module"))


def test_search_vectors_are_stored_inline_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage setting")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = "
            "'wagtailsearch_indexentry'::regclass AND attname IN ('title', 'body')"
        )
        assert dict(cursor.fetchall()) == {"title": "m", "body": "m"}


def test_only_the_words_that_were_searched_are_marked(client, db):
    """ "won't" is spelt out and left out; its "t" must not mark every word beginning with t."""
    soup = results(client, q="my students won't speak")
    marks = {mark.get_text().lower() for mark in soup.select(".search-result__snippet mark")}
    assert marks and all(mark.startswith(("student", "speak")) for mark in marks), marks


# Markup and single letters ------------------------------------------------------------------

MARKUP_QUERY = "<script>alert(1)</script><b>bold</b>"


def marks(soup):
    return [mark.get_text() for mark in soup.select("mark")]


def test_markup_and_single_letters_are_not_searched_or_marked(client, db):
    """ "b" of <b> and "1" of alert(1) used to find and mark every bee and 1,600."""
    add_page("Bold plans", "A bold bee buzzed past 1,600 pupils before the alert bell.")
    soup = results(client, q=MARKUP_QUERY)
    assert titles(soup) == titles(results(client, q="alert bold"))
    assert "Bold plans" in titles(soup)
    assert marks(soup) and all(m.lower().startswith(("alert", "bold")) for m in marks(soup))
    assert "Left out as too short: 1." in text_of(soup)
    assert "script" not in " ".join(marks(soup)).lower()


def test_a_single_letter_beside_a_word_changes_nothing(client, db):
    soup = results(client, q="phonics b 7")
    assert titles(soup) == titles(results(client, q="phonics"))
    assert all(len(m) > 1 for m in marks(soup)), marks(soup)


@pytest.mark.parametrize("text", ["<b></b>", "<b>x</b> 1", "&lt;i&gt; q &amp; 9", "<!-- b -->"])
def test_a_search_of_only_markup_and_single_letters_finds_nothing_and_says_so(client, db, text):
    soup = results(client, q=text)
    assert text_of(soup.select_one("#no-results-title")) == f"Nothing matched “{text}”"
    assert not soup.select("li.search-result")
    assert soup.select(".search-categories a")


def test_a_single_kanji_is_still_searched(client, japanese_page):
    soup = results(client, q="訳", kind="page")
    assert japanese_page.title in titles(soup)
    assert "訳" in marks(soup)
