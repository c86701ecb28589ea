"""Shared fixtures: the test database is seeded once, from the real content files.

Tests that change data run inside a transaction that is rolled back. Real-browser tests need
committed data, so their database is flushed after each test; the seeded site is serialized once
here and loaded back before each of them (`restore_seeded_site`), instead of re-seeding.
"""

import io
import os
import threading
import uuid

from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import connections

from wagtail.models import Site

import pytest
from pytest_django.live_server_helper import LiveServer

from modules.models import ModulePage
from tests.helpers import make_user

_SEEDED = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_site", stdout=io.StringIO())
        for alias in connections:
            _SEEDED[alias] = connections[alias].creation.serialize_db_to_string()
            # Replace the pre-seed snapshot Django took when it created the database.
            connections[alias]._test_serialized_contents = _SEEDED[alias]


def restore_seeded_site():
    """Load the seeded site back into a flushed database (Django's serialized rollback).

    Django keeps the snapshot on the connection object, which asgiref may replace between tests
    once Playwright's event loop runs; so it is put back here, which also tells the flush after
    the test to leave the content types alone.
    """
    for alias, contents in _SEEDED.items():
        connections[alias]._test_serialized_contents = contents
    if not Site.objects.exists():
        for alias, contents in _SEEDED.items():
            connections[alias].creation.deserialize_db_from_string(contents)


class _OneRequestAtATime(WSGIServer):
    """Django's live server answering one request at a time (it closes each connection), with
    a lock held while it does, so that the test can wait for it to be idle."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy = threading.Lock()

    def process_request(self, request, client_address):
        with self.busy:
            super().process_request(request, client_address)


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, made safe for the in-memory SQLite test database.

    There the server thread and the test share one SQLite connection (pytest-django passes it
    over once the test database exists, which `django_db_setup` makes sure of), and Django's
    documentation warns that two threads querying through it at once can fail at random. So on
    SQLite the server answers one request at a time, and `wait_until_idle` lets a test finish
    what the browser started before it reads or flushes the database itself. PostgreSQL keeps
    Django's threaded server: each thread has its own connection there.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    if server.thread.connections_override:
        server.thread.server_class = _OneRequestAtATime
    server.start()
    yield server
    server.stop()


def wait_until_idle(live_server):
    """Return once the live server has no request in hand (immediately on PostgreSQL)."""
    busy = getattr(live_server.thread.httpd, "busy", None)
    if busy is not None:
        with busy:
            pass


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def module(db):
    return ModulePage.objects.get(slug="teachers-working-together")


@pytest.fixture
def other_module(db):
    return ModulePage.objects.get(slug="listening")


@pytest.fixture
def alt(db):
    """An established ALT account: posts appear straight away."""
    return make_user("kenji", first_name="Kenji", last_name="Sato")


@pytest.fixture
def alt_client(client, alt):
    client.force_login(alt)
    return client


@pytest.fixture
def shared_cache_on(settings):
    """Routes and rendered parts shared through the cache, as the site runs (tests run without,
    FRAGMENT_CACHE_SECONDS = 0, unless they ask for this)."""
    settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture
def redis_cache(settings):
    """The shared cache production uses: Redis (TEST_REDIS_URL, else 127.0.0.1:6379, database
    15), under a key prefix of this test's own, removed afterwards. Skipped where Redis does not
    answer, unless REQUIRE_REDIS=1 (as CI sets it)."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis does not answer at {url}: {error}")
        pytest.skip(f"Redis does not answer at {url}")
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1},
        }
    }
    from django.core.cache import cache

    yield cache
    cache.delete_pattern("*")  # this prefix's keys only


@pytest.fixture
def cached_site(settings, redis_cache):
    """Whole pages, routes and rendered parts shared through Redis, as the site runs."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600
    return redis_cache


@pytest.fixture(autouse=True)
def _queued_email(settings):
    """Email as the site sends it: stored and queued (altcms.ops.mail), then delivered to Django's
    locmem outbox. (Django's test runner puts its locmem backend in EMAIL_BACKEND itself.)"""
    settings.EMAIL_BACKEND = "altcms.ops.mail.QueuedEmailBackend"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached chrome and rate-limit counts never leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
