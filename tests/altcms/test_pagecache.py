"""The page cache: readers who are not signed in are served from the shared cache, never a stale
page after a change they could see, and never someone else's page."""

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from altcms.caching import changes, store
from altcms.caching.addresses import tags_for
from blog.models import BlogIndexPage, BlogPostPage
from community.models import Comment, ContactPage
from tests.admin_forms import edit_form_data
from tests.helpers import add_comment, form_data, make_user


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.mark.parametrize("url", ["/", "/modules/", "/blog/", "/search/?q=phonics"])
def test_a_second_anonymous_reader_gets_the_page_from_the_cache_without_a_query(db, url):
    first = get(Client(), url)
    assert first["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(Client(), url)
    assert second["X-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    # The security headers are set on every response, cached or not.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_an_anonymous_module_page_with_its_comment_form_is_cached(db, module):
    first = get(Client(), module.url)
    assert first["X-Cache"] == "miss" and not first.cookies
    form = BeautifulSoup(first.content, "html.parser").find(id="comment-form")
    assert form is not None and not form.find("input", {"name": "csrfmiddlewaretoken"})
    assert get(Client(), module.url)["X-Cache"] == "hit"


def test_publishing_a_change_is_seen_by_the_next_reader(db, module):
    editor = make_user("edie")
    editor.groups.add(Group.objects.get(name="Editors"))
    staff = Client()
    staff.force_login(editor)
    get(Client(), module.url)
    assert get(Client(), module.url)["X-Cache"] == "hit"

    data = edit_form_data(module, summary="Rewritten after an ALT's email.")
    data["action-publish"] = "action-publish"
    response = staff.post(reverse("wagtailadmin_pages:edit", args=[module.pk]), data)
    assert response.status_code == 302

    after = get(Client(), module.url)
    assert after["X-Cache"] == "miss"
    assert "Rewritten after an ALT's email." in text(after)
    # Other pages that list the module (the category, the home page) are fresh too.
    assert get(Client(), module.get_parent().url)["X-Cache"] == "miss"


def test_unpublishing_a_post_takes_it_off_the_cached_blog_index(db):
    post = BlogPostPage.objects.live().first()
    index = BlogIndexPage.objects.get().url
    assert post.title in text(get(Client(), index))
    post.unpublish()
    fresh = get(Client(), index)
    assert fresh["X-Cache"] == "miss"
    assert post.title not in text(fresh)
    assert Client().get(post.url).status_code == 404


def test_a_posted_comment_shows_at_once_for_anonymous_readers(db, module, alt):
    get(Client(), module.url)
    member = Client()
    member.force_login(alt)
    response = member.post("/discussion/post/", form_data(module, comment="Plan in the corridor"))
    assert response.status_code == 302
    assert "Plan in the corridor" in text(get(Client(), module.url))


def test_a_moderators_removal_hides_the_comment_from_cached_pages(db, module):
    comment = add_comment(module, "Buy cheap essays here")
    assert "Buy cheap essays here" in text(get(Client(), module.url))
    moderator = make_user("mo")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    staff = Client()
    staff.force_login(moderator)
    url = reverse("community_comment_modeladmin_moderate", args=[comment.pk])
    staff.post(f"{url}?action=remove", {"action": "remove"})
    assert Comment.objects.get(pk=comment.pk).is_removed
    assert "Buy cheap essays here" not in text(get(Client(), module.url))


def test_signed_in_readers_never_read_or_fill_the_cache(db, module, alt):
    member = Client()
    member.force_login(alt)
    get(Client(), module.url)
    assert get(Client(), module.url)["X-Cache"] == "hit"  # cached for anonymous readers
    theirs = get(member, module.url)
    assert "X-Cache" not in theirs
    assert "Sign out" in text(theirs)
    # Nothing of theirs went into the cache: the next anonymous reader is not signed in.
    again = get(Client(), module.url)
    assert again["X-Cache"] == "hit"
    assert "Sign out" not in text(again) and "Sign in" in text(again)


def test_pages_with_a_csrf_protected_form_are_never_shared(db):
    contact = ContactPage.objects.get().url
    first, second = Client(), Client()
    one, two = get(first, contact), get(second, contact)
    assert "X-Cache" not in one and "X-Cache" not in two
    token = {"name": "csrfmiddlewaretoken"}
    ones = BeautifulSoup(one.content, "html.parser").find("input", token)["value"]
    twos = BeautifulSoup(two.content, "html.parser").find("input", token)["value"]
    assert ones != twos
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value


def test_a_reader_with_a_session_or_messages_is_not_served_from_the_cache(db, module):
    get(Client(), module.url)
    for cookie in ("sessionid", "messages"):
        reader = Client()
        reader.cookies[cookie] = "anything"
        assert "X-Cache" not in get(reader, module.url)


def test_the_admin_and_accounts_are_never_cached(db):
    for url in ["/accounts/login/", "/admin/login/"]:
        Client().get(url)
        assert "X-Cache" not in Client().get(url)


def tokens(address):
    """The tokens the entries kept for `address` depend on (None where there is none)."""
    cache = store.shared_cache()
    return [cache.get(store.tag_key(tag)) for tag in tags_for(address)]


def test_a_change_inside_a_transaction_is_made_stale_again_when_it_commits(
    db, module, django_capture_on_commit_callbacks
):
    get(Client(), module.url)  # gives the module's address its tokens
    before = tokens(module.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_comment(module, "inside a transaction")
        add_comment(module, "and another")
    during = tokens(module.url)
    assert during != before  # at once, for the writer's own next request
    batches = [callback for callback in callbacks if isinstance(callback, changes.Batch)]
    assert len(batches) == 1  # once, however many rows the change wrote
    batches[0]()
    assert tokens(module.url) not in (before, during)  # and again once it has committed


def test_quiet_writes_leave_the_cache_alone(db, module, alt):
    from wagtail.contrib.search_promotions.models import Query

    get(Client(), module.url)
    assert get(Client(), module.url)["X-Cache"] == "hit"
    before = tokens(module.url)
    Query.get("phonics").add_hit()
    Client().force_login(alt)  # a sign-in: last_login and a session
    assert tokens(module.url) == before
    assert get(Client(), module.url)["X-Cache"] == "hit"


def test_the_database_cache_backend_serves_and_invalidates(db, settings, module):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "altcms_cache",
        }
    }
    call_command("createcachetable")
    get(Client(), module.url)
    assert get(Client(), module.url)["X-Cache"] == "hit"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM altcms_cache")
        assert cursor.fetchone()[0] >= 2  # the generation and the page
    add_comment(module, "stored in the database cache's world")
    fresh = get(Client(), module.url)
    assert fresh["X-Cache"] == "miss" and "stored in the database cache" in text(fresh)
    caches["default"].clear()


def test_a_redis_outage_serves_pages_uncached_and_keeps_what_readers_post(
    db, settings, module, alt
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    for _ in range(2):
        response = get(Client(), module.url)
        assert response.get("X-Cache") != "hit"
        assert module.title in text(response)
    member = Client()
    member.force_login(alt)
    posted = member.post("/discussion/post/", form_data(module, comment="Posted in an outage"))
    assert posted.status_code == 302
    assert Comment.objects.filter(comment="Posted in an outage", is_public=True).exists()


def test_an_unknown_host_is_refused_and_never_becomes_a_cache_entry(db, caplog):
    response = Client().get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert [r.name for r in caplog.records] == ["django.security.DisallowedHost"]
    assert get(Client(), "/")["X-Cache"] == "miss"


def test_rate_limits_count_in_the_same_shared_cache(db, settings, module):
    """Every gunicorn worker sees the same counts: they live in the shared (here database)
    cache, beside the cached pages."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "altcms_cache",
        }
    }
    settings.CONTACT_RATE_LIMITS = {"account": {"minute": 2}, "ip": {"minute": 2}}
    call_command("createcachetable")
    caches["default"].clear()
    data = {
        "name": "Ana",
        "email": "ana@example.com",
        "module": str(module.pk),
        "about": "",
        "message": "The link to the reading is broken.",
        "honeypot": "",
    }
    # A different client (another worker, as far as the server knows) for each message; three
    # different messages (the same one sent again is stored once, and never counted).
    codes = [
        Client().post("/contact/", {**data, "message": f"Link {n} is broken."}).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM altcms_cache WHERE cache_key LIKE %s", ["%ratelimit%"])
        assert cursor.fetchone()[0] >= 1
    caches["default"].clear()


def test_one_request_reads_the_tokens_of_its_address_once(db, settings, module, monkeypatch):
    """The page cache, the route and the shared comment list share one read of them."""
    settings.FRAGMENT_CACHE_SECONDS = 600
    add_comment(module, "A comment, so the list is cached too")
    reads = []
    real = store.shared_cache

    class Counting:
        def __getattr__(self, name):
            return getattr(real(), name)

        def get_many(self, keys):
            reads.extend(keys)
            return real().get_many(keys)

    monkeypatch.setattr(store, "shared_cache", Counting)
    response = get(Client(), module.url)
    assert response["X-Cache"] == "miss"
    tag_reads = [key for key in reads if key.startswith("tag:")]
    assert len(tag_reads) == len(set(tag_reads))  # each token read once in the request
    assert {store.tag_key(tag) for tag in tags_for(module.url)} <= set(tag_reads)
