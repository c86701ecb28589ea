"""The blog: posts newest first, tags, pagination, feeds, authors, the discussion."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage, Person

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def blog(db):
    return BlogIndexPage.objects.get()


def add_post(blog, title, days_ago=0, tags=()):
    post = BlogPostPage(
        title=title,
        date=date(2026, 11, 1) - timedelta(days=days_ago),
        intro=f"About {title}.",
        body=[("paragraph", "<p>Words.</p>")],
    )
    post.authors = [BlogPostAuthor(person=Person.objects.get(name="ALT Training Online editors"))]
    blog.add_child(instance=post)
    post.tags.set(list(tags))
    post.save_revision().publish()
    return post


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_the_seeded_blog_has_at_least_three_posts_newest_first(client, blog):
    posts = list(BlogPostPage.objects.live().order_by("-date"))
    assert len(posts) >= 3
    titles = [a.get_text() for a in soup_of(client, "/blog/").select(".post-card__title a")]
    assert titles == [post.title for post in posts][: len(titles)]


def test_the_guide_for_people_considering_the_job_covers_the_facts(client, db):
    guide = BlogPostPage.objects.get(slug="what-is-an-alt")
    text = soup_of(client, guide.url).get_text(" ")
    for fact in ["1987", "JET Programme", "one ALT in four", "Every situation is different"]:
        assert fact.lower() in text.lower(), fact
    # Its figures and the program's purpose are sourced, with the sources listed on the page.
    assert "Sources" in text and "Sonoda" in text and "jetprogramme.org" in text


def test_posts_are_filterable_by_tag_and_an_unknown_tag_is_friendly(client, blog):
    add_post(blog, "Tagged post", tags=["phonics ideas"])
    add_post(blog, "Untagged post", days_ago=1)
    tagged = soup_of(client, "/blog/?tag=phonics+ideas")
    assert [a.get_text() for a in tagged.select(".post-card__title a")] == ["Tagged post"]
    assert "tagged “phonics ideas”" in tagged.find("h1").get_text()
    unknown = soup_of(client, "/blog/?tag=<script>nothing</script>")
    assert "No posts tagged" in unknown.get_text()
    assert "<script>nothing" not in str(unknown.find("main"))


def test_the_index_pages_ten_posts_at_a_time_at_a_fixed_cost(
    client, blog, django_assert_max_num_queries
):
    for n in range(12):
        add_post(blog, f"Post {n}", days_ago=n + 30)
    client.get("/blog/")
    with django_assert_max_num_queries(15):
        first = soup_of(client, "/blog/")
    assert len(first.select(".post-card")) == 10
    total = BlogPostPage.objects.live().count()
    last = soup_of(client, f"/blog/?page={(total + 9) // 10}")
    assert len(last.select(".post-card")) == total - 10 * ((total - 1) // 10)
    assert client.get("/blog/?page=abc").status_code == 200


def test_a_post_shows_authors_with_roles_tags_and_its_discussion(client, blog):
    post = add_post(blog, "A post with a tag", tags=["team teaching"])
    page = soup_of(client, post.url)
    assert "ALT Training Online editors (Editor)" in page.find(class_="post__byline").get_text()
    tag = page.select_one(".post__tags a")
    assert tag["href"] == "/blog/?tag=team%20teaching"
    assert page.find(id="discussion") is not None and page.find(id="comment-form") is not None


def test_rss_and_atom_feeds_list_the_newest_posts(client, blog):
    newest = add_post(blog, "Fresh off the press", days_ago=-90)
    rss = client.get("/blog/feed/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    items = channel.findall("item")
    assert items[0].findtext("title") == "Fresh off the press"
    assert items[0].findtext("link").endswith(newest.url)
    assert items[0].findtext("description") == "About Fresh off the press."

    atom = client.get("/blog/feed/atom/")
    assert atom.status_code == 200 and atom["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title") == "Fresh off the press"
    assert len(entries) == BlogPostPage.objects.live().count()


def test_a_hero_image_needs_alt_text(blog):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Classroom", file=get_test_image_file())
    post = BlogPostPage(title="With a picture", intro="x", body=[], hero_image=image)
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "hero_alt" in error.value.message_dict
    post.hero_alt = "Students in pairs practising a dialogue"
    post.slug = "with-a-picture"
    blog.add_child(instance=post)
