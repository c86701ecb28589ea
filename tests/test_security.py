"""Security review: hostile input through every public form is never rendered live, admin
features refuse users without the matching permission, and `next=` never leaves the site."""

import re

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from community.models import Comment, ForumBoardPage, Topic
from modules.models import ModulePage
from tests.helpers import ABSTRACT, form_data, make_user

PAYLOADS = [
    '<script>alert("xss1")</script>',
    '<img src=x onerror=alert("xss2")>',
    '[click me](javascript:alert("xss3"))',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload=alert("xss5")><script>alert(1)</script></svg>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '"><iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    "java\u200bscript:alert(1) \u202egnp.exe \u2066isolate",
]
HOSTILE = "\n\n".join(PAYLOADS)
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def assert_inert(html):
    """Nothing in the page can run: no inline script that came from input, no event-handler
    attribute, no script-bearing URL, no frame, style or SVG smuggled in."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/json", script
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                cleaned = re.sub(r"[\s\x00-\x20\u200b-\u200f]", "", str(value)).lower()
                assert not cleaned.startswith(BAD_SCHEMES), tag
    body = soup.body or soup
    assert not body.find_all(["iframe", "style", "svg", "object", "embed"]), "smuggled element"
    # A plain address in the text may become a link, but one that says it is user content.
    # (A link to the site's own search for what was typed may carry the address in its query.)
    for link in soup.find_all("a", href=re.compile(r"^[a-z]*:?//[^/?#]*evil\.example")):
        assert {"nofollow", "ugc", "noopener"} <= set(link.get("rel", [])), link


@pytest.fixture
def member(db):
    user = make_user("mallory", first_name="Mallory")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_a_hostile_comment_is_shown_as_text(member, module):
    response = member.post("/discussion/post/", form_data(module, comment=HOSTILE))
    assert response.status_code == 302
    comment = Comment.objects.get(user=member.user)
    page = Client().get(module.url).content.decode()
    assert_inert(page)
    assert "alert" in BeautifulSoup(page, "html.parser").find(id=f"c{comment.pk}").get_text()


def test_a_hostile_forum_topic_and_reply_are_shown_as_text(member):
    board = ForumBoardPage.objects.first()
    title = '<img src=x onerror=alert("t")> "><script>alert(2)</script>'
    response = member.post(board.url + "new/", {"title": title, "body": HOSTILE})
    assert response.status_code == 302
    topic = Topic.objects.get(author=member.user)
    member.post("/discussion/post/", form_data(topic, comment=HOSTILE))
    for url in [response["Location"], board.url, "/forum/"]:
        page = Client().get(url)
        assert page.status_code == 200
        assert_inert(page.content.decode())


def test_a_hostile_contact_message_is_inert_for_the_sender_and_the_editors(client, module, db):
    editor = make_user("eddie", is_superuser=True)
    response = client.post(
        "/contact/",
        {
            "name": '<script>alert("n")</script>',
            "email": "mallory@example.com",
            "module": str(module.pk),
            "about": '"><img src=x onerror=alert(1)>',
            "message": HOSTILE,
            "honeypot": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert_inert(response.content.decode())
    staff = Client()
    staff.force_login(editor)
    inbox = staff.get(reverse("community_feedback_modeladmin_index")).content.decode()
    assert "&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt;" in inbox  # shown, as text
    soup = BeautifulSoup(inbox, "html.parser")
    assert not any("alert" in script.get_text() for script in soup.find_all("script"))
    assert not soup.find_all(attrs={"onerror": True})


@pytest.mark.parametrize("query", PAYLOADS)
def test_hostile_searches_are_echoed_as_text(client, db, query):
    page = client.get("/search/", {"q": query})
    assert page.status_code == 200
    assert_inert(page.content.decode())
    # Suggestions are JSON, never sniffed as HTML; site.js writes them with textContent.
    suggest = client.get("/search/suggest/", {"q": query})
    assert suggest["Content-Type"] == "application/json"
    assert suggest["X-Content-Type-Options"] == "nosniff"
    assert isinstance(suggest.json()["suggestions"], list)


def test_a_hostile_article_submission_is_inert_where_it_is_shown(member, db):
    data = {
        "title": '<script>alert("a")</script> Sticky notes',
        "authors": '<script>alert("n")</script> Sato\n<img src=x onerror=alert(2)> (JTE)',
        "abstract": f"{HOSTILE}\n\n{ABSTRACT}",
        "keywords": "<img src=x onerror=alert(1)>, planning",
        "body": HOSTILE,
        "references": "[ref](javascript:alert(1))",
        "prefecture": "20",
        "honeypot": "",
    }
    response = member.post("/resources/research/submit/", data)
    assert response.status_code == 302
    for url in ["/resources/research/submit/", reverse("community:me")]:
        assert_inert(member.get(url).content.decode())


def test_a_hostile_profile_is_inert_on_the_profile_and_beside_comments(member, module):
    response = member.post(
        reverse("community:edit_profile"),
        {
            "display_name": '<script>alert("p")</script>',
            "hiring_route": "dispatch",
            "prefecture": "27",
            "school_levels": ["elementary"],
            "years_as_alt": "3",
            "bio": HOSTILE,
            "is_public": "on",
        },
    )
    assert response.status_code in (200, 302)
    member.post("/discussion/post/", form_data(module, comment="Hello"))
    for url in [reverse("community:person", args=["mallory"]), module.url]:
        page = Client().get(url)
        assert page.status_code == 200
        assert_inert(page.content.decode())


# One admin feature each: a signed-in admin user without the matching permission is refused.
ADMIN_FEATURES = [
    ("community_comment_modeladmin_index", []),
    ("community_blockedauthor_modeladmin_index", []),
    ("community_topic_modeladmin_index", []),
    ("community_feedback_modeladmin_index", []),
    ("community_research_export", []),
    ("wagtailsnippets_modules_reading:list", []),
    ("wagtailsettings:edit", ["altcms", "sitesettings", 1]),
    ("wagtailusers_users:index", []),
    ("wagtailusers_groups:index", []),
    ("wagtailsearchpromotions:index", []),
    ("wagtailredirects:index", []),
    ("wagtailforms:index", []),
    ("wagtailimages:index", []),
    ("wagtaildocs:index", []),
    ("wagtailadmin_workflows:index", []),
]


@pytest.fixture
def bare_staff(db):
    """Can open the admin, and nothing else."""
    user = make_user("bare")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "args"), ADMIN_FEATURES)
def test_each_admin_feature_refuses_a_user_without_its_permission(bare_staff, name, args):
    url = reverse(name, args=args)
    superuser = Client()
    superuser.force_login(make_user("root", is_superuser=True))
    assert superuser.get(url).status_code == 200, url  # the feature is there
    response = bare_staff.get(url)
    assert response.status_code in (302, 403), url
    if response.status_code == 302:
        assert not response["Location"].startswith(url)


def test_moderators_cannot_edit_pages_and_readers_reach_no_admin(db, module):
    edit = reverse("wagtailadmin_pages:edit", args=[module.pk])
    queue = reverse("community_comment_modeladmin_index")
    moderator = make_user("in-moderators")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(moderator)
    assert client.get(queue).status_code == 200
    assert client.get(edit).status_code in (302, 403)
    assert module.title not in client.get(edit, follow=True).content.decode()
    reader = Client()
    reader.force_login(make_user("just-a-reader"))
    for url in (edit, queue, "/admin/"):
        response = reader.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "\thttps://evil.example",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_never_redirects_off_site(client, db, target):
    make_user("wanderer")
    response = client.post(
        reverse("account_login") + "?next=" + target,
        {"login": "wanderer", "password": "a-long-pass-phrase", "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil.example" not in location and "javascript" not in location


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_admin_login_never_redirects_off_site(client, db, target):
    make_user("staffer", is_superuser=True)
    response = client.post(
        "/admin/login/?next=" + target,
        {"username": "staffer", "password": "a-long-pass-phrase", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert "javascript" not in response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_progress_and_feedback_forms_never_redirect_off_site(member, module, target):
    response = member.post(
        reverse("community:progress"), {"module": module.pk, "done": "1", "next": target}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "evil.example" not in response["Location"]
        assert "javascript" not in response["Location"]


def test_a_module_id_that_is_not_a_page_is_a_404_not_a_500(member):
    assert ModulePage.objects.exists()
    response = member.post(reverse("community:progress"), {"module": "x'--", "next": "/"})
    assert response.status_code in (400, 404)
