"""No reader sees old content after a change they could see, and a change makes stale only what
it names (altcms.caching.changes): each change of the allow-list, through the shared cache
production uses (Redis), with whole pages, routes and rendered parts all on.

Each test warms the addresses a change should refresh (a second anonymous request is a hit),
makes the change the way the site makes it, then reads them again as anonymous and signed-in
readers; addresses the change does not concern stay hits."""

import warnings

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from altcms.models import SiteSettings
from blog.models import BlogIndexPage, BlogPostPage, Person
from community.models import Comment, ForumBoardPage, Topic
from modules.models import ModuleCategoryPage, ModulePage, Reading, ResourceIndexPage
from tests.admin_forms import edit_form_data
from tests.helpers import add_comment, form_data, make_user

pytestmark = pytest.mark.usefixtures("cached_site")


def read(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    with warnings.catch_warnings():  # the feeds are XML; their text is all that is read
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    return text, response.get("X-Cache")


def warm(*urls):
    for url in urls:
        read(url)
        assert read(url)[1] == "hit", url


def member():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="mika").first() or make_user("mika")
    client = Client()
    client.force_login(user)
    return client


def staff(group):
    user = make_user(group.lower())
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_a_module_published_with_a_new_title_is_new_everywhere_that_shows_it(db, module):
    category = module.get_parent().url
    before, after = module.neighbours()
    # Every module links to this one's model dialogues; the forum shows nothing of it.
    untouched = "/forum/"
    warm(module.url, category, "/modules/", "/", before.url, after.url, "/resources/", untouched)
    warm("/search/?q=team")

    data = edit_form_data(module, title="Teaching Together, Revised")
    data["action-publish"] = "action-publish"
    response = staff("Editors").post(reverse("wagtailadmin_pages:edit", args=[module.pk]), data)
    assert response.status_code == 302

    for url in [module.url, category, "/modules/", before.url, after.url]:
        for client in (Client(), member()):
            assert "Teaching Together, Revised" in read(url, client)[0], url
    assert "Teaching Together, Revised" in read("/search/?q=team")[0]
    assert read("/")[1] == "miss"  # its course overview counts the modules' reading time
    assert read("/resources/")[1] == "miss"  # its reading list is built from the modules
    assert read(untouched)[1] == "hit"  # a page that shows nothing of it


def test_an_unpublished_post_leaves_its_page_the_blog_index_and_the_feed(db):
    post = BlogPostPage.objects.live().first()
    warm(post.url, "/blog/", "/blog/feed/", "/blog/feed/atom/")
    post.unpublish()
    assert Client().get(post.url).status_code == 404
    assert post.title not in read("/blog/")[0]
    assert post.title not in Client().get("/blog/feed/").content.decode()
    assert post.title not in Client().get("/blog/feed/atom/").content.decode()


def test_a_renamed_page_answers_at_its_new_address_and_not_its_old_one(db, other_module):
    old = other_module.url
    warm(old, other_module.get_parent().url)
    other_module.slug = "listening-in-class"
    other_module.save_revision().publish()
    other_module.refresh_from_db()
    assert Client().get(old).status_code == 404
    assert read(other_module.url)[0].count("Listening") >= 1
    assert other_module.url in Client().get(other_module.get_parent().url).content.decode()


def test_a_moved_module_leaves_its_old_category_and_joins_the_new_one(db, other_module):
    old_url, old_category = other_module.url, other_module.get_parent()
    new_category = ModuleCategoryPage.objects.exclude(pk=old_category.pk).first()
    warm(old_url, old_category.url, new_category.url)
    other_module.move(new_category, pos="last-child")
    other_module.refresh_from_db()
    moved = Client().get(old_url)  # Wagtail's automatic redirect, not the cached page
    assert moved.status_code == 301 and moved["Location"] == other_module.url
    assert read(other_module.url)[0]
    assert other_module.title not in read(old_category.url)[0]
    assert other_module.title in read(new_category.url)[0]


def test_a_deleted_post_is_gone_from_its_address_and_its_listing(db):
    index = BlogIndexPage.objects.get()
    post = BlogPostPage(title="A post about tongue twisters", intro="Short.", body=[])
    post.authors = []
    index.add_child(instance=post)
    post.save_revision().publish()
    warm(post.url, "/blog/")
    url = post.url
    Page.objects.get(pk=post.pk).delete()
    assert Client().get(url).status_code == 404
    assert "A post about tongue twisters" not in read("/blog/")[0]


def test_a_footer_page_made_private_leaves_the_footer_of_every_page(db, module):
    about = Page.objects.get(slug="about")
    footer = module.url
    warm(footer, "/", "/blog/")
    assert ">About<" in Client().get(footer).content.decode().split("<footer", 1)[1]
    PageViewRestriction.objects.create(page=about, restriction_type="login")
    for url in [footer, "/", "/blog/"]:
        assert ">About<" not in Client().get(url).content.decode().split("<footer", 1)[1], url
    assert Client().get(about.url).status_code == 302  # and the page itself asks to sign in


def test_a_comment_posted_edited_and_removed_shows_at_once_where_it_appears(db, module, alt):
    from community.models import Profile

    Profile.objects.create(user=alt, display_name="Kenji", is_public=True)
    profile = reverse("community:person", args=[alt.username])
    untouched = ModulePage.objects.get(slug="phonics").url
    warm(module.url, profile, untouched)
    writer = Client()
    writer.force_login(alt)
    response = writer.post("/discussion/post/", form_data(module, comment="Plan in the corridor"))
    assert response.status_code == 302
    comment = Comment.objects.get(comment="Plan in the corridor")
    assert "Plan in the corridor" in read(module.url)[0]
    assert "Plan in the corridor" in read(module.url, member())[0]
    assert "Plan in the corridor" in read(profile)[0]
    assert read(untouched)[1] == "hit"

    edited = writer.post(
        reverse("discussion:edit", args=[comment.pk]), {"comment": "Plan in the staff room"}
    )
    assert edited.status_code == 302
    assert "Plan in the staff room" in read(module.url)[0]

    moderators = staff("Moderators")
    url = reverse("community_comment_modeladmin_moderate", args=[comment.pk])
    moderators.post(f"{url}?action=remove", {"action": "remove"})
    assert "Plan in the staff room" not in read(module.url)[0]
    assert "Plan in the staff room" not in read(profile)[0]


def test_a_held_comment_approved_by_a_moderator_appears(db, module):
    comment = add_comment(module, "Waiting for a moderator", is_public=False, awaiting="moderation")
    warm(module.url)
    assert "Waiting for a moderator" not in read(module.url)[0]
    url = reverse("community_comment_modeladmin_moderate", args=[comment.pk])
    staff("Moderators").post(f"{url}?action=approve", {"action": "approve"})
    assert Comment.objects.get(pk=comment.pk).is_public
    assert "Waiting for a moderator" in read(module.url)[0]


def test_a_topic_moved_between_boards_leaves_one_listing_and_joins_the_other(db, alt):
    team, ideas = ForumBoardPage.objects.order_by("path")[:2]
    topic = Topic.objects.create(board=team, title="Seating plans", body="How?", author=alt)
    warm(team.url, ideas.url, "/forum/", topic.url)
    topic.board = ideas
    topic.save()
    assert "Seating plans" not in read(team.url)[0]
    assert "Seating plans" in read(ideas.url)[0]
    assert Client().get(topic.url).status_code == 200
    assert read("/forum/")[1] == "miss"  # its topic counts


def test_a_reply_in_a_topic_freshens_the_board_and_the_forum_index(db, alt):
    board = ForumBoardPage.objects.order_by("path").first()
    topic = Topic.objects.create(board=board, title="Seating plans", body="How?", author=alt)
    warm(topic.url, board.url, "/forum/")
    add_comment(topic, "Alphabetical, then let them swap")
    assert "Alphabetical, then let them swap" in read(topic.url)[0]
    assert read(board.url)[1] == "miss"  # its reply count
    assert read("/forum/")[1] == "miss"  # its last activity


def test_a_person_renamed_is_renamed_on_their_posts_and_the_blog_index(db):
    person = Person.objects.get(name="ALT Training Online editors")
    post = BlogPostPage.objects.live().filter(authors__person=person).first()
    warm(post.url, "/blog/")
    person.name = "The editors of ALT Training Online"
    person.save()
    assert "The editors of ALT Training Online" in read(post.url)[0]
    assert "The editors of ALT Training Online" in read("/blog/")[0]


def test_a_reading_corrected_is_corrected_on_every_module_that_cites_it(db):
    reading = Reading.objects.get(authors="Hino, N.", year=1988)
    citing = [link.page.specific for link in reading.module_links.select_related("page")]
    assert len(citing) >= 2
    resources = ResourceIndexPage.objects.get().url
    warm(*(page.url for page in citing), resources)
    reading.title = "Yakudoku: Japan's dominant tradition in foreign language learning (corrected)"
    reading.save()
    for url in [*(page.url for page in citing), resources]:
        assert "(corrected)" in read(url)[0], url


def test_a_promoted_search_result_shows_at_once(db, module):
    warm("/search/?q=corridor")
    SearchPromotion.objects.create(
        query=Query.get("corridor"), page=module, description="Where plans are made."
    )
    text, _ = read("/search/?q=corridor")
    assert "Recommended by the editors" in text and "Where plans are made." in text


def test_a_site_setting_saved_is_on_every_page(db, module):
    warm("/", module.url, "/blog/")
    settings = SiteSettings.objects.get()
    settings.footer_text = "Written by ALTs, for ALTs, since 2026."
    settings.save()
    for url in ["/", module.url, "/blog/"]:
        assert "Written by ALTs, for ALTs, since 2026." in read(url)[0], url
