"""A module page costs the same number of queries with 300 comments as with 3, and the
discussion adds only a fixed handful."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.models import ModuleCategoryPage
from tests.factories import ModulePageFactory, add_tasks_and_readings
from tests.helpers import add_comment

MAX_MODULE_PAGE_QUERIES = 15


def queries_for(client, url):
    client.get(url)  # warm caches, as on any running server
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def add_threads(page, threads, replies_per_level):
    """`threads` top-level comments, each with replies two more levels deep."""
    task = page.reflection_tasks.first()
    count = 0
    for t in range(threads):
        root = add_comment(page, f"thread {t}", task=task)
        count += 1
        for r in range(replies_per_level):
            reply = add_comment(page, f"reply {t}.{r}", parent=root)
            add_comment(page, f"reply {t}.{r}.1", parent=reply)
            count += 2
    return count


def test_three_hundred_comments_cost_no_more_queries_than_three(client, db):
    category = ModuleCategoryPage.objects.get(slug="contextual")
    small = add_tasks_and_readings(ModulePageFactory(parent=category), tasks=3, readings=3)
    large = add_tasks_and_readings(ModulePageFactory(parent=category), tasks=3, readings=3)
    assert add_threads(small, threads=1, replies_per_level=1) == 3
    assert add_threads(large, threads=50, replies_per_level=3) == 350

    small_count, _ = queries_for(client, small.url)
    large_count, response = queries_for(client, large.url)
    assert large_count == small_count <= MAX_MODULE_PAGE_QUERIES
    assert response.content.decode().count('class="comment"') == 350


def test_the_discussion_adds_a_fixed_handful_of_queries(client, db, settings):
    category = ModuleCategoryPage.objects.get(slug="contextual")
    module = add_tasks_and_readings(ModulePageFactory(parent=category), tasks=3, readings=3)
    add_threads(module, threads=5, replies_per_level=2)
    with_discussion, _ = queries_for(client, module.url)
    settings.DISCUSSION_TARGETS = []  # the same page, its discussion switched off
    without, _ = queries_for(client, module.url)
    assert with_discussion - without <= 2
