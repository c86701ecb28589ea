"""Faults in the caches cost speed, never a change or a page: the frontend cache is purged by
address once a change commits, and a purge that is refused or hangs never stops the person
who made the change; Redis down while a change is made loses nothing that readers see once it
is back; an entry that cannot be read is a miss."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import transaction
from django.test import Client
from django.urls import reverse

import pytest

from altcms.caching import changes, store
from tests.helpers import add_comment, form_data


def commit():
    """What happens when the test's transaction commits: the batch of changes is applied.
    (The test's transaction never commits; one batch collects every change in it.)"""
    connection = transaction.get_connection()
    for _savepoints, func, _robust in connection.run_on_commit:
        if isinstance(func, changes.Batch):
            func()


class Recorder(BaseHTTPRequestHandler):
    """A frontend cache that records what it is asked to purge (or hangs, if told to)."""

    purged = []
    hang = 0

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        time.sleep(self.hang)
        type(self).purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def frontend(settings):
    Recorder.purged = []
    Recorder.hang = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "altcms.caching.purge.PurgeBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
            "TIMEOUT": 1,
        }
    }
    settings.SITE_URL = "https://alt.example.org"
    yield Recorder
    server.shutdown()


def test_a_comment_purges_its_addresses_once_it_commits(db, frontend, module, alt):
    add_comment(module, "Planned in the corridor", user=alt)
    assert frontend.purged == []  # not while the change could still be rolled back
    commit()
    profile = reverse("community:person", args=[alt.username])
    assert ("alt.example.org", module.url) in frontend.purged
    assert ("alt.example.org", profile) in frontend.purged
    assert ("alt.example.org", "/blog/") not in frontend.purged  # nothing it does not show


def test_a_published_page_purges_itself_and_below_its_listings_and_search(
    db, frontend, other_module
):
    other_module.title = "Listening, revised"
    other_module.save_revision().publish()
    commit()
    paths = {path for _host, path in frontend.purged}
    assert other_module.url + "*" in paths
    assert other_module.get_parent().url in paths
    assert "/search/*" in paths
    assert "/*" not in paths


def test_a_purge_that_is_refused_never_stops_the_change(db, settings, module, alt, caplog):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "altcms.caching.purge.PurgeBackend",
            "LOCATION": "http://127.0.0.1:9",  # nothing listens there
        }
    }
    member = Client()
    member.force_login(alt)
    response = member.post("/discussion/post/", form_data(module, comment="Kept anyway"))
    commit()
    assert response.status_code == 302
    assert "Kept anyway" in Client().get(module.url).content.decode()
    assert "purge of" in caplog.text and "failed" in caplog.text


def test_a_frontend_cache_that_hangs_costs_a_change_at_most_its_time_limit(
    db, frontend, module, alt
):
    frontend.hang = 5
    started = time.monotonic()
    add_comment(module, "Slow cache, quick comment", user=alt)
    commit()
    # The first purge waits TIMEOUT (1 s); the rest are left for later, not waited for.
    assert time.monotonic() - started < 2.5


def test_an_invalidation_lost_while_redis_is_down_is_made_good_when_it_is_back(
    db, settings, cached_site, module
):
    good = settings.CACHES
    assert "Just before the outage" not in Client().get(module.url).content.decode()
    assert Client().get(module.url)["X-Cache"] == "hit"

    settings.CACHES = {
        "default": {
            **good["default"],
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    comment = add_comment(module, "Just before the outage")  # stored, but the cache is not told
    assert comment.pk
    assert store.lost_invalidation[0]

    settings.CACHES = good
    fresh = Client().get(module.url)
    assert fresh["X-Cache"] == "miss"
    assert "Just before the outage" in fresh.content.decode()
    assert not store.lost_invalidation[0]


def test_an_entry_that_cannot_be_read_is_a_miss(db, cached_site, module):
    Client().get(module.url)
    assert Client().get(module.url)["X-Cache"] == "hit"
    cache = cached_site
    for key in cache.keys("page:*"):
        cache.set(key, ("not", "an", "entry", "of", "this", "scheme"))
    response = Client().get(module.url)
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    for key in cache.keys("page:*"):
        tokens, _value = cache.get(key)
        cache.set(key, (tokens, ("a", "page", "of", "another", "shape")))
    response = Client().get(module.url)
    assert response.status_code == 200 and module.title in response.content.decode()


def test_a_refused_purge_is_queued_to_be_tried_again_and_each_change_purged_twice(
    db, settings, module, alt
):
    from django_tasks import task_backends

    settings.TASKS = {
        **settings.TASKS,
        "background": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["email", "cache"],
        },
    }
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "altcms.caching.purge.PurgeBackend",
            "LOCATION": "http://127.0.0.1:9",  # refuses
        }
    }
    add_comment(module, "Queued for later", user=alt)
    commit()
    queued = {result.task.name: result for result in task_backends["background"].results}
    retry = queued["retry_purge"]
    assert any(url.endswith(module.url) for url in retry.args[0])
    assert retry.args[1] == 2 and retry.task.run_after is not None
    assert retry.task.queue_name == "cache"
    # A response already on its way when the change committed may be kept after the first
    # purge: the same addresses are purged again a few seconds later.
    assert "repurge" in queued and queued["repurge"].task.run_after is not None
