"""The home page, the blog index, a forum board and search results are the same for every reader,
so each is rendered once into the shared cache and served from there, signed in or not, without
its queries; a change readers can see shows at once, and every filter or page of a listing keeps
its own copy."""

from datetime import date, timedelta

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.search_promotions.models import QueryDailyHits

import pytest
from bs4 import BeautifulSoup

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage, Person
from community.models import ForumBoardPage, Topic
from modules.models import ModulePage
from tests.helpers import form_data, make_user

pytestmark = pytest.mark.usefixtures("shared_cache_on")


def read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser"), [q["sql"] for q in queries]


def touching(queries, *tables):
    return [sql for sql in queries if any(table in sql for table in tables)]


def texts(soup, selector):
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


def add_post(title, days_ago=0, tags=()):
    post = BlogPostPage(
        title=title,
        date=date.today() - timedelta(days=days_ago),
        intro=f"About {title}.",
        body=[("paragraph", "<p>Words.</p>")],
    )
    post.authors = [BlogPostAuthor(person=Person.objects.get(name="ALT Training Online editors"))]
    BlogIndexPage.objects.get().add_child(instance=post)
    post.tags.set(list(tags))
    post.save_revision().publish()
    return post


def test_the_home_page_is_shared_and_follows_the_curriculum(db):
    member = Client()
    member.force_login(make_user("aoife"))
    first, _ = read(Client(), "/")
    for reader in (Client(), member):
        again, queries = read(reader, "/")
        assert touching(queries, "wagtailcore_page", "modules_modulepage") == []
        assert texts(again, ".category-card") == texts(first, ".category-card")
    module = ModulePage.objects.get(slug="listening")
    module.title = "Listening in class"
    module.save_revision().publish()
    fresh, _ = read(Client(), "/")
    assert any("Listening in class" in card for card in texts(fresh, ".category-card"))


def test_the_blog_index_is_shared_per_tag_and_page_and_follows_new_posts(db):
    add_post("Phonics in week one", tags=["Phonics"])
    first, _ = read(Client(), "/blog/")
    again, queries = read(Client(), "/blog/")
    assert touching(queries, "blog_blogpostpage", "taggit") == []
    assert texts(again, ".post-card__title") == texts(first, ".post-card__title")
    # Each tag as typed, and each page, keeps its own listing.
    upper, _ = read(Client(), "/blog/?tag=Phonics")
    lower, _ = read(Client(), "/blog/?tag=phonics")
    assert "tagged “Phonics”" in upper.h1.get_text() and "tagged “phonics”" in lower.h1.get_text()
    assert texts(upper, ".post-card__title") == ["Phonics in week one"]
    add_post("Songs that work", days_ago=-30)  # the newest post
    fresh, _ = read(Client(), "/blog/")
    assert texts(fresh, ".post-card__title")[0] == "Songs that work"


@pytest.fixture
def board(db):
    return ForumBoardPage.objects.get(slug="team-teaching")


def test_a_board_is_shared_and_follows_new_topics_and_replies(board, alt_client):
    now = timezone.now()
    older = Topic.objects.create(
        board=board, title="Older topic", body="Body", last_activity_at=now - timedelta(days=3)
    )
    Topic.objects.create(board=board, title="Newer topic", body="Body", last_activity_at=now)
    first, _ = read(Client(), board.url)
    assert texts(first, ".topic-row__title") == ["Newer topic", "Older topic"]
    again, queries = read(Client(), board.url)
    assert touching(queries, "community_topic") == []
    assert texts(again, ".topic-row__title") == texts(first, ".topic-row__title")

    response = alt_client.post("/discussion/post/", form_data(older, comment="A late reply"))
    assert response.status_code == 302
    fresh, _ = read(Client(), board.url)
    assert texts(fresh, ".topic-row__title") == ["Older topic", "Newer topic"]
    assert fresh.select("tbody tr")[0].select("td")[0].get_text() == "1"


def test_a_board_keeps_each_page_of_topics(board):
    for n in range(30):
        Topic.objects.create(board=board, title=f"Topic {n:02}", body="Body")
    one, _ = read(Client(), board.url)
    two, _ = read(Client(), board.url + "?page=2")
    assert len(one.select("tbody tr")) == 25 and len(two.select("tbody tr")) == 5
    assert not set(texts(one, ".topic-row__title")) & set(texts(two, ".topic-row__title"))
    assert texts(read(Client(), board.url)[0], ".topic-row__title") == texts(
        one, ".topic-row__title"
    )


def test_search_results_are_shared_still_counted_and_follow_new_content(db):
    first, _ = read(Client(), "/search/?q=phonics")
    read(Client(), "/search/?q=phonics")  # the site, looked up by the results the first time
    again, queries = read(Client(), "/search/?q=phonics")
    assert touching(queries, "wagtailcore_", "modelsearch", "community_topic") == []
    assert texts(again, ".search-result h2") == texts(first, ".search-result h2")
    assert sum(QueryDailyHits.objects.values_list("hits", flat=True)) == 3  # each counted
    narrowed, _ = read(Client(), "/search/?q=phonics&kind=blog")
    assert set(texts(narrowed, ".kind-badge")) <= {"Blog"}
    add_post("Phonics songs for first graders")
    fresh, _ = read(Client(), "/search/?q=phonics")
    assert "Phonics songs for first graders" in texts(fresh, ".search-result h2")


def test_whatever_a_reader_types_makes_a_valid_key_of_its_own(db, settings, board):
    """On the database cache (a PostgreSQL text column in CI), with control characters, colons,
    any script and any length in the tag, the query or the page number."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "altcms_cache",
        }
    }
    call_command("createcachetable")
    caches["default"].clear()
    for url in [
        "/search/?q=phonics%00reading",
        "/search/?q=" + "訳読" * 300,
        "/blog/?tag=%00%01",
        "/blog/?page=" + "9" * 400,
        board.url + "?page=%00",
        board.url + "?page=-3",
    ]:
        for _ in range(2):  # rendered and stored, then read back
            assert Client().get(url).status_code == 200, url
    # A colon in what was typed cannot make two views share a key.
    one, _ = read(Client(), "/blog/?tag=a%3A1&page=2")
    two, _ = read(Client(), "/blog/?tag=a&page=1%3A2")
    assert "tagged “a:1”" in one.h1.get_text() and "tagged “a”" in two.h1.get_text()
    caches["default"].clear()
