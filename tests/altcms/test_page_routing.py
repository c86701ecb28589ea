"""Routing by url_path (altcms.caching.pagetree.route_by_url_path), with nothing from the cache:
a page is found with its ancestors in one query, also below a routable page (the blog index),
and a routable page's own sub-URLs still win over a child of the same name, as in Wagtail's
walk down the tree."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from blog.models import BlogIndexPage, BlogPostPage

WALK = '"slug" = '  # Wagtail's walk asks for each child by its slug


def read(url):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    return response, [q["sql"] for q in queries if WALK in q["sql"]]


def add_post(title, slug):
    post = BlogPostPage(title=title, slug=slug, intro="Short.", body=[])
    post.authors = []
    BlogIndexPage.objects.get().add_child(instance=post)
    post.save_revision().publish()
    return post


@pytest.mark.django_db
def test_a_post_below_the_routable_blog_index_is_found_without_a_walk():
    post = add_post("Warm-ups that work", "warm-ups-that-work")
    response, walk = read(post.url)
    assert response.status_code == 200
    assert "Warm-ups that work" in response.content.decode()
    assert walk == []


@pytest.mark.django_db
def test_the_blog_index_s_own_sub_url_wins_over_a_post_of_the_same_slug():
    add_post("A post called feed", "feed")
    response, _ = read("/blog/feed/")
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]  # the RSS feed, as Wagtail's walk answers


@pytest.mark.django_db
def test_a_module_s_own_sub_url_is_routed_by_the_module(module):
    response, walk = read(module.url + "jte/")
    assert response.status_code == 200
    assert walk == []


@pytest.mark.django_db
def test_a_missing_page_below_a_routable_page_is_a_404():
    response, _ = read("/blog/no-such-post/")
    assert response.status_code == 404
