"""Routing from the shared cache (altcms.caching.routes.RouteCacheMiddleware): a page read again is
routed with no query, every address keeps its own page, and nothing about a route is ever
stale: not after a page is unpublished or renamed, nor once it is restricted."""

import json
import pickle

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from altcms.caching import store
from altcms.caching.addresses import tags_for
from community.models import ForumBoardPage, Topic
from tests.helpers import make_user

# The site, view restrictions, pages looked up by url_path (altcms.caching.pagetree) or by slug
# (a walk).
ROUTING = ("wagtailcore_site", "wagtailcore_pageviewrestriction", '"url_path" IN (', '"slug" = ')


pytestmark = pytest.mark.usefixtures("shared_cache_on")


def read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    routing = [q["sql"] for q in queries if any(part in q["sql"] for part in ROUTING)]
    return response, routing


def heading(response):
    return BeautifulSoup(response.content, "html.parser").h1.get_text(" ", strip=True)


@pytest.fixture
def topic(db):
    board = ForumBoardPage.objects.get(slug="team-teaching")
    return Topic.objects.create(board=board, title="Seating plans", body="How do you seat them?")


def test_each_address_keeps_its_own_page_and_is_routed_without_queries(
    client, module, other_module, topic
):
    urls = ["/", "/modules/", module.url, other_module.url, "/blog/", topic.board.url, topic.url]
    first = {url: heading(client.get(url)) for url in urls}
    assert len(set(first.values())) == len(urls)  # seven different pages
    for url in urls:
        response, routing = read(client, url)
        assert response.status_code == 200
        assert heading(response) == first[url]
        assert routing == [], url  # site, page and restrictions all came from the cache


def test_an_unpublished_page_is_gone_at_once(client, other_module):
    assert client.get(other_module.url).status_code == 200
    other_module.unpublish()
    assert client.get(other_module.url).status_code == 404


def test_a_renamed_page_moves_at_once(client, other_module):
    old_url = other_module.url
    assert client.get(old_url).status_code == 200
    other_module.slug = "listening-in-class"
    other_module.save_revision().publish()
    other_module.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(other_module.url).status_code == 200
    assert other_module.url.endswith("/listening-in-class/")


def test_a_restriction_applies_at_once_and_to_the_cached_route(module):
    reader = Client()
    assert reader.get(module.url).status_code == 200
    PageViewRestriction.objects.create(page=module, restriction_type="login")
    response = reader.get(module.url)  # routed afresh: the restriction holds
    assert response.status_code == 302 and "login/?next=" in response["Location"]
    member = Client()
    member.force_login(make_user("aoife"))
    assert member.get(module.url).status_code == 200  # the route is kept, restriction and all
    response, routing = read(reader, module.url)
    assert response.status_code == 302 and "login/?next=" in response["Location"]
    assert routing == []  # from the cached route: it still holds


def test_a_sub_url_of_a_routable_page_is_resolved_from_the_cached_page(client, topic):
    board = topic.board
    client.get(board.url)  # the board is in the cache; its topic and a bad sub-URL are not
    for _ in range(2):
        response = client.get(topic.url)
        assert response.status_code == 200 and heading(response) == "Seating plans"
        assert client.get(board.url + "no-such-thing/").status_code == 404


def route_keys():
    return [key for key in cache._cache if ":route:" in key]


def test_unknown_addresses_are_not_kept(db, client):
    board = ForumBoardPage.objects.get(slug="team-teaching")
    # No such page; and a sub-URL the board routes, for a topic that does not exist.
    for url in ["/modules/no-such-module/", board.url + "999999-no-such-topic/"]:
        for _ in range(2):
            assert client.get(url).status_code == 404
    assert route_keys() == []
    client.get("/modules/")
    assert len(route_keys()) == 1


def test_a_route_that_can_no_longer_be_read_is_routed_afresh(client, module):
    assert heading(client.get(module.url)) == module.title
    for key in route_keys():  # as if written by an older release whose classes have changed
        name = key.split(":", 2)[2]
        tokens, _route = cache.get(name)
        cache.set(name, (tokens, pickle.dumps(module)[:-20]))
    response = client.get(module.url)
    assert response.status_code == 200 and heading(response) == module.title


def test_a_lost_token_turns_the_routes_that_carry_it_into_misses(client, module, other_module):
    assert client.get(other_module.url).status_code == 200  # its route is kept
    # Taken off the site with no signal (so nothing is made stale), while the cache loses the
    # tokens of its address (evicted, culled): the kept route must not be trusted.
    Page.objects.filter(pk=other_module.pk).update(live=False)
    for tag in tags_for(other_module.url):
        cache.delete(store.tag_key(tag))
    assert client.get(other_module.url).status_code == 404


def test_off_with_the_fragment_cache(client, settings, module):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get(module.url)
    response, routing = read(client, module.url)
    assert response.status_code == 200
    assert routing  # routed afresh


def test_with_no_restricted_page_the_check_costs_nothing_and_a_restriction_still_holds(
    client, settings, module
):
    settings.FRAGMENT_CACHE_SECONDS = 0  # every request routed afresh
    client.get(module.url)
    response, routing = read(client, module.url)
    assert response.status_code == 200
    # Only the list of restricted paths is read; Wagtail's own check (the page's ancestors for
    # aliases, then their restrictions) is not made.
    assert [sql for sql in routing if '"restriction_type"' in sql] == []
    assert [sql for sql in routing if '"page__path"' in sql]
    PageViewRestriction.objects.create(page=module.get_parent(), restriction_type="login")
    response = client.get(module.url)  # restricted through its category: Wagtail's full check
    assert response.status_code == 302 and "login/?next=" in response["Location"]


def test_the_privacy_setting_in_the_admin_still_works(client, module):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)

    def chosen():
        response = client.get(f"/admin/pages/{module.pk}/privacy/")
        assert response.status_code == 200
        html = json.loads(response.content)["html"]
        return BeautifulSoup(html, "html.parser").select_one("input[checked]")["value"]

    assert chosen() == "none"
    PageViewRestriction.objects.create(page=module, restriction_type="login")
    assert chosen() == "login"
