"""Concurrency and faults, on PostgreSQL: many people posting at the same moment, and the
database going away in the middle of a request.

These tests commit for real (several connections must see each other's rows), so each starts
from the seeded site and leaves the database as it found it.
"""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection, connections
from django.test import Client

from wagtail.contrib.forms.models import FormSubmission

import pytest

from community.models import Comment, ContactPage, Feedback
from modules.models import ModulePage
from tests.conftest import restore_seeded_site
from tests.helpers import add_comment, form_data, make_user

PEOPLE = 50
NO_LIMIT = {"minute": 10_000, "day": 10_000}


@pytest.fixture
def live_db(transactional_db, django_db_serialized_rollback, settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL, as in production")
    restore_seeded_site()
    settings.DISCUSSION_RATE_LIMITS = {"account": NO_LIMIT, "ip": NO_LIMIT}
    settings.CONTACT_RATE_LIMITS = {"account": NO_LIMIT, "ip": NO_LIMIT}


def all_at_once(job, items):
    """Run job(item) for every item in its own thread, released together by a barrier."""
    barrier = Barrier(len(items))

    def run(item):
        try:
            barrier.wait(timeout=30)
            return job(item)
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(run, items))


def test_fifty_replies_at_once_are_all_stored_in_distinct_thread_order(live_db):
    module = ModulePage.objects.get(slug="teachers-working-together")
    root = add_comment(module, "Who plans with their JTE in the staff room?")
    clients = []
    for n in range(PEOPLE):
        client = Client()
        client.force_login(make_user(f"replier{n}"))
        clients.append((n, client))

    def reply(numbered):
        n, client = numbered
        data = form_data(module, comment=f"Reply number {n}", reply_to=root.pk)
        return client.post("/discussion/post/", data).status_code

    assert all_at_once(reply, clients) == [302] * PEOPLE

    replies = Comment.objects.filter(parent_id=root.pk).exclude(pk=root.pk)
    assert replies.count() == PEOPLE
    assert {c.comment for c in replies} == {f"Reply number {n}" for n in range(PEOPLE)}
    thread = list(Comment.objects.filter(thread_id=root.thread_id).values_list("order", "level"))
    orders = sorted(order for order, _level in thread)
    assert orders == list(range(1, PEOPLE + 2))  # the root, then each reply in its own place
    assert sorted(level for _order, level in thread) == [0] + [1] * PEOPLE


def test_fifty_contact_messages_at_once_are_all_stored(live_db):
    make_user("edna").groups.add(Group.objects.get(name="Editors"))

    def send(n):
        data = {
            "name": f"Sender {n}",
            "email": f"sender{n}@example.com",
            "module": "",
            "about": "",
            "message": f"Message number {n}: the reading list link is broken.",
            "honeypot": "",
        }
        return Client().post("/contact/", data).status_code

    assert all_at_once(send, list(range(PEOPLE))) == [302] * PEOPLE  # each to its thank-you page
    page = ContactPage.objects.get()
    assert FormSubmission.objects.filter(page=page).count() == PEOPLE
    sent = {f"Message number {n}: the reading list link is broken." for n in range(PEOPLE)}
    assert set(Feedback.objects.values_list("text", flat=True)) >= sent
    assert len(mail.outbox) == PEOPLE  # each reached the editors, after it was stored


def test_the_database_going_away_mid_request_gives_a_503_and_the_site_recovers(
    live_db, live_server, monkeypatch
):
    """Through a real server thread, which closes broken connections as gunicorn's workers do."""
    module = ModulePage.objects.get(slug="listening")
    url = live_server.url + module.url
    assert fetch(url)[0] == 200

    serve = ModulePage.serve

    def serve_after_losing_the_database(self, request, *args, **kwargs):
        with connection.cursor() as cursor:  # the server ends this very session
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return serve(self, request, *args, **kwargs)

    monkeypatch.setattr(ModulePage, "serve", serve_after_losing_the_database)
    status, headers, page = fetch(url)
    assert status == 503
    assert "back in a moment" in page and "Traceback" not in page
    assert headers["Retry-After"] == "30"

    monkeypatch.setattr(ModulePage, "serve", serve)  # the database is back
    status, _headers, page = fetch(url)
    assert status == 200 and module.title in page
    assert json.loads(fetch(live_server.url + "/healthz")[2])["database"] == "ok"


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - the test server
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()
