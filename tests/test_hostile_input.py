"""No input answers 500: NUL bytes, huge integers, invalid UTF-8, deep JSON and the like, sent
to every URL pattern the site has and every query and form parameter its views read.

Nothing here is listed by hand. The URL patterns come from Django's URL resolver (the site's,
allauth's, Wagtail's admin and API), each filled with sample values and checked to resolve to
the pattern it came from; the page tree adds every page and each routable page's sub-routes.
The parameters are the ones each view actually reads: every URL is first requested once with
request.GET and request.POST recording the names looked up, and the API adds its filters
(Wagtail's known query parameters and each model's API fields). Then every URL is requested
with each hostile value in each path parameter and in each parameter it reads, anonymously and
signed in, and any 5xx fails the test. It runs on SQLite and on PostgreSQL (where a NUL byte
or an out-of-range integer used to be a database error).
"""

import json
import re
from collections import defaultdict
from contextlib import contextmanager
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from community.models import Feedback, ForumBoardPage, Topic
from modules.models import ModulePage
from tests.helpers import add_comment, make_user

HOSTILE_VALUES = {
    "NUL": "a\x00b",
    "huge integer": "99999999999999999999",
    "huge negative": "-99999999999999999999",
    "float overflow": "1e400",
    "invalid UTF-8": b"\xff\xfe\xfa",
    "deep JSON": "[" * 5000,
    "quote": '"',
    "percent": "%_%",
    "long": "x" * 5000,
    "markup": '"><script>alert(1)</script>',
}
HOSTILE_PATH_VALUES = {
    "huge integer": "99999999999999999999",
    "NUL": "%00",
    "invalid UTF-8": "%FF%FE",
    "long": "y" * 2000,
}
SIGNED_IN_VALUES = ["NUL", "huge integer", "invalid UTF-8", "deep JSON"]
JSON_BODIES = {
    "deep JSON": b"[" * 5000,
    "float overflow": b"[1e400]",
    "huge integer": b"[99999999999999999999]",
    "invalid UTF-8": b'["\xff\xfe"]',
    "NUL": b'["a\\u0000b"]',
}
OUR_APPS = ("altcms", "home", "modules", "blog", "community", "search")
# Wagtail's /admin/failwhale/ raises on purpose, so that a superuser can see the error page.
ON_PURPOSE = {"wagtailadmin_error_test"}


# -- Every URL pattern, from the resolver ------------------------------------------------------


def walk(patterns, parents=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, (*parents, pattern.pattern))
        else:
            yield (*parents, pattern.pattern), pattern


CANDIDATES = ["1", "x", "abc", "a-b", "1-x", "x/", "abc123"]


def fill_regex(regex, value):
    """A string the regex (one URL pattern level) matches, with `value` in its groups where
    the group accepts it. None if no sample is found."""
    text = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out, i = "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out += text[i + 1] if not text[i + 1].isalpha() else ""
            i += 2
        elif char == "(":
            depth, j = 1, i + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0) if text[j - 1] != "\\" else 0
                j += 1
            inner = re.sub(r"^\?(P<\w+>|:)", "", text[i + 1 : j - 1])
            quantifier = text[j] if j < len(text) and text[j] in "?*+" else ""
            choice = next(
                (c for c in (value, *CANDIDATES) if re.fullmatch(inner, c)),
                None,
            )
            if choice is None:
                if quantifier not in ("?", "*"):
                    return None
                choice = ""
            out += choice
            i = j + (1 if quantifier else 0)
        elif char in "?*+":
            i += 1
        else:
            out += char
            i += 1
    return out


def fill(pattern, value):
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix  # i18n_patterns: "" in English, "ja/" in Japanese
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: value, str(pattern))
    if isinstance(pattern, RegexPattern):
        return fill_regex(str(pattern), value)
    return None


def url_samples(ids):
    """(pattern text, sample path with {} where its parameters go) for every URL pattern the
    resolver can fill; the sample is checked to resolve to the same view."""
    samples, unfilled = {}, []
    for levels, pattern in walk(get_resolver().url_patterns):
        text = "".join(str(level) for level in levels)
        if pattern.name == "wagtail_serve" or pattern.name in ON_PURPOSE:
            continue  # pages: below, from the page tree
        marker = "\x01"
        parts = [fill(level, marker) for level in levels]
        if any(part is None for part in parts):
            unfilled.append(text)
            continue
        template = "/" + "".join(parts)
        sample = template.replace(marker, id_for(text, ids))
        try:
            match = resolve(sample.split("?")[0])
        except Resolver404:
            unfilled.append(text)
            continue
        if match.func is not pattern.callback and match.url_name != pattern.name:
            unfilled.append(text)
            continue
        samples[text] = (template, sample, pattern)
    return samples, unfilled


ID_HINTS = [
    ("comment", "comment"),
    ("topic", "topic"),
    ("feedback", "feedback"),
    ("outgoing", "email"),
    ("page", "page"),
    ("user", "user"),
    ("document", "document"),
    ("image", "image"),
    ("collection", "collection"),
    ("group", "group"),
]


def id_for(text, ids):
    lowered = text.lower()
    for hint, key in ID_HINTS:
        if hint in lowered and key in ids:
            return str(ids[key])
    return "1"


def page_urls():
    """Every page's address, and each routable page's sub-routes (sample values filled)."""
    urls = []
    for page in Page.objects.live().specific().order_by("path"):
        url = page.url
        if not url:
            continue
        urls.append(url)
        if isinstance(page, RoutablePageMixin):
            for route in page.get_subpage_urls():
                sub = fill(route.pattern, "\x01")
                if sub:
                    urls.append(url + sub.lstrip("/").replace("\x01", "1"))
    return urls


# -- The parameters each view reads, recorded --------------------------------------------------


READ = defaultdict(set)  # url -> names its view read from request.GET
READ_POST = defaultdict(set)  # url -> names its view read from request.POST
_current = {"url": None}


class RecordingQueryDict(QueryDict):
    names = READ

    def _note(self, key):
        if _current["url"] is not None and isinstance(key, str):
            self.names[_current["url"]].add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


class RecordingPostDict(RecordingQueryDict):
    names = READ_POST


@contextmanager
def recording(url):
    _current["url"] = url
    with (
        mock.patch("django.core.handlers.wsgi.QueryDict", RecordingQueryDict),  # request.GET
        mock.patch("django.http.request.QueryDict", RecordingPostDict),  # request.POST
    ):
        yield
    _current["url"] = None


def api_parameters():
    """The API's filters: Wagtail's known query parameters and every model's API fields."""
    from altcms.api import DocumentsAPI, ImagesAPI, PagesAPI

    names = set()
    for viewset in (PagesAPI, ImagesAPI, DocumentsAPI):
        names |= set(viewset.known_query_parameters)
        names |= set(viewset.body_fields) | set(viewset.meta_fields)
        names |= {field.name for field in getattr(viewset.model, "api_fields", None) or []}
    from wagtail.models import get_page_models

    for model in get_page_models():
        names |= {field.name for field in getattr(model, "api_fields", [])}
    return names


# -- The requests ------------------------------------------------------------------------------


def encoded(value):
    if isinstance(value, bytes):
        return "".join(f"%{byte:02X}" for byte in value)
    return "".join(
        char if char.isalnum() else "".join(f"%{b:02X}" for b in char.encode()) for char in value
    )


FORMS = {}  # action url -> what the form sends as the page shows it


def note_forms(page_url, response):
    """The POST forms a page shows: where each is sent and what it sends as shown."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    for form in BeautifulSoup(response.content, "html.parser").find_all("form"):
        if form.get("method", "get").lower() != "post":
            continue
        action = form.get("action") or page_url
        if not action.startswith("/") or action.startswith("/admin/"):
            continue
        data = {}
        for field in form.find_all(["input", "textarea", "select"]):
            name = field.get("name")
            if not name or field.get("type") in ("submit", "file"):
                continue
            if field.name == "select":
                option = field.find("option", selected=True) or field.find("option")
                data[name] = option.get("value", "") if option else ""
            elif field.name == "textarea":
                data[name] = field.get_text() or "A reply from the hostile-input test."
            elif field.get("type") in ("checkbox", "radio"):
                data.setdefault(name, field.get("value", "on"))
            else:
                data[name] = field.get("value", "")
        FORMS.setdefault(action, data)


FORM = "application/x-www-form-urlencoded"


def form_body(data):
    return "&".join(f"{encoded(key)}={encoded(value)}" for key, value in data.items())


class Sender:
    def __init__(self, client, who):
        self.client, self.who, self.failures, self.count = client, who, [], 0

    def check(self, method, url, response, what):
        self.count += 1
        if response.status_code >= 500:
            self.failures.append(
                f"{self.who} {method} {url[:120]!r} ({what}): {response.status_code}"
            )

    def get(self, url, what):
        response = self.client.get(url)
        self.check("GET", url, response, what)
        return response

    def post(self, url, body, content_type, what):
        response = self.client.generic("POST", url, body, content_type=content_type)
        self.check("POST", url, response, what)


def client_for(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def site_data(db, module):
    """Something behind each kind of id the URLs take."""
    member = make_user("hostile-member")
    comment = add_comment(module, "A comment to aim at", user=member)
    topic = Topic.objects.create(
        board=ForumBoardPage.objects.first(), author=member, title="A topic", body="Body"
    )
    feedback = Feedback.objects.create(sender_name="A", text="Feedback")
    editor = make_user("hostile-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = make_user("hostile-admin", is_superuser=True, is_staff=True)
    ids = {
        "comment": comment.pk,
        "topic": topic.pk,
        "feedback": feedback.pk,
        "page": ModulePage.objects.get(slug="listening").pk,
        "user": member.pk,
        "group": Group.objects.get(name="Editors").pk,
    }
    return {"member": member, "admin": admin, "ids": ids}


def ours(pattern):
    return getattr(pattern.callback, "__module__", "").startswith(OUR_APPS)


@pytest.mark.timeout(1200)
def test_no_input_anywhere_answers_5xx(site_data, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    samples, unfilled = url_samples(site_data["ids"])
    # The generator must keep up with the site: nearly every pattern is filled and resolves.
    assert len(samples) > 300, (len(samples), unfilled)
    assert len(unfilled) <= len(samples) // 20, unfilled
    public = [(t, s) for t, (_, s, p) in samples.items() if not t.startswith("admin/")]
    admin = [(t, s, p) for t, (_, s, p) in samples.items() if t.startswith("admin/")]
    pages = page_urls()
    assert len(pages) > 40

    senders = [
        Sender(client_for(), "anonymous"),
        Sender(client_for(site_data["member"]), "member"),
    ]
    staff = Sender(client_for(site_data["admin"]), "superuser")

    # 1. Discover what every view reads (GET, then an empty POST).
    targets = [sample for _, sample in public] + pages
    for sender in [*senders, staff]:
        urls = targets if sender is not staff else [s for _, s, _ in admin]
        for url in urls:
            with recording(url):
                response = sender.get(url, "plain")
                if sender is not staff:
                    note_forms(url, response)
                    sender.post(url, "", "application/x-www-form-urlencoded", "empty")
    api = api_parameters()
    for url in targets:
        if url.startswith("/api/"):
            READ[url] |= api
    assert READ["/search/"] >= {"q", "page", "kind"}
    assert {"name", "email", "message", "csrfmiddlewaretoken"} <= set(FORMS["/contact/"])
    assert {"comment", "email", "reply_to", "security_hash"} <= set(FORMS["/discussion/post/"])
    assert {"search", "offset", "locale", "type", "title"} <= READ["/api/v2/pages/"]

    # 2. Hostile values in every path parameter.
    for text, (template, _sample, _pattern) in samples.items():
        if "\x01" not in template:
            continue
        sender_list = [staff] if text.startswith("admin/") else senders
        for name, value in HOSTILE_PATH_VALUES.items():
            url = template.replace("\x01", value)
            for sender in sender_list:
                sender.get(url, f"path {name}")
    for url in pages:
        for name, value in HOSTILE_PATH_VALUES.items():
            senders[0].get(url + value + "/", f"path {name}")

    # 3. Hostile values in every parameter each view reads, in the query string and the body:
    # anonymously every value, signed in those that reach the database.
    for url in [*targets, *(s for _, s, _ in admin)]:
        is_admin = url.startswith("/admin/")
        for sender in [staff] if is_admin else senders:
            values = HOSTILE_VALUES if sender is not senders[1] else SIGNED_IN_VALUES
            for name in values:
                value = HOSTILE_VALUES[name]
                if READ.get(url):
                    query = "&".join(f"{encoded(k)}={encoded(value)}" for k in sorted(READ[url]))
                    separator = "&" if "?" in url else "?"
                    sender.get(f"{url}{separator}{query}", f"every parameter {name}")
                if READ_POST.get(url) and not is_admin and url not in FORMS:
                    body = "&".join(
                        f"{encoded(k)}={encoded(value)}" for k in sorted(READ_POST[url])
                    )
                    sender.post(url, body, "application/x-www-form-urlencoded", f"form {name}")
    # Each form the pages show, as shown, with one field at a time hostile.
    assert {"/contact/", "/discussion/post/"} <= set(FORMS), sorted(FORMS)
    for action, shown in FORMS.items():
        for field in sorted(set(shown) | READ_POST.get(action, set())):
            for sender in senders:
                values = HOSTILE_VALUES if sender is senders[0] else SIGNED_IN_VALUES
                for name in values:
                    data = {**shown, field: HOSTILE_VALUES[name]}
                    body = "&".join(f"{encoded(k)}={encoded(v)}" for k, v in data.items())
                    sender.post(
                        action, body, "application/x-www-form-urlencoded", f"{field}: {name}"
                    )
    for url in (sample for _, sample in public):
        for sender in senders:
            for name, body in JSON_BODIES.items():
                sender.post(url, body, "application/json", f"JSON {name}")

    # One parameter at a time, too: a parameter checked first (and refused with a 400) must not
    # hide one that would fail after it. (Anonymous; the values databases choke on.)
    for url in targets:
        separator = "&" if "?" in url else "?"
        for key in sorted(READ.get(url, ())):
            for name in ("NUL", "huge integer"):
                value = encoded(HOSTILE_VALUES[name])
                senders[0].get(f"{url}{separator}{encoded(key)}={value}", f"{key}: {name}")

    # Our own admin views take POSTs too: each with every hostile value.
    for text, _sample, pattern in admin:
        if not ours(pattern):
            continue
        url = samples[text][1]
        names = sorted(READ.get(url, set()) | READ_POST.get(url, set()))
        names = names or ["action", "ids", "status", "next"]
        for name, value in HOSTILE_VALUES.items():
            body = "&".join(f"{encoded(key)}={encoded(value)}" for key in names)
            staff.post(url, body, "application/x-www-form-urlencoded", f"admin form {name}")

    failures = [failure for sender in [*senders, staff] for failure in sender.failures]
    total = sum(sender.count for sender in [*senders, staff])
    assert total > 4000
    assert not failures, f"{len(failures)} of {total} requests answered 5xx:\n" + "\n".join(
        failures[:60]
    )


def test_the_resolver_walk_finds_the_site_and_the_libraries(db):
    samples, _ = url_samples({})
    names = {pattern.name for _t, _s, pattern in samples.values()}
    assert {"healthz", "search", "account_login", "wagtailadmin_home"} <= names
    assert "discussion:post" in {
        f"{resolve(sample.split('?')[0]).namespace}:{pattern.name}"
        for _t, sample, pattern in samples.values()
        if pattern.name == "post"
    }


def test_a_json_body_that_is_not_a_list_of_ids_is_a_400_that_says_so(alt_client):
    for body in JSON_BODIES.values():
        response = alt_client.generic(
            "POST", "/community/progress/merge/", body, content_type="application/json"
        )
        assert response.status_code == 400
        assert "list of module ids" in json.loads(response.content)["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=a%00b",
        "/api/v2/pages/?locale=a%00",
        "/api/v2/pages/find/?html_path=/a%00",
        "/api/v2/documents/?search=a%00",
        "/api/v2/images/?search=a%00",
        "/api/v2/pages/?offset=99999999999999999999",
        "/api/v2/pages/?first_published_at=99999999999999999999",
    ],
)
def test_the_api_says_what_was_wrong(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    message = response.json()["message"]
    assert any(
        words in message for words in ("NUL", "offset cannot be", "invalid format", "too large")
    )


def test_a_page_address_with_a_nul_byte_is_a_designed_400(client, db):
    response = client.get("/modules/a%00b/")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert '<main id="main"' in response.content.decode()  # in the site's layout


def test_an_anonymous_comment_with_a_nul_byte_in_its_email_is_a_400(client, module):
    from tests.helpers import form_data

    response = client.post("/discussion/post/", form_data(module, email="a\x00b@example.com"))
    assert response.status_code == 400
    assert "email" in response.content.decode().lower()


@pytest.mark.parametrize("url", ["/ja/a%00b/", "/ja/%00/", "/ja/modules/a%00b/"])
def test_a_malformed_address_under_ja_is_answered_in_japanese(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "ja" and response["Content-Language"] == "ja"
    assert page.h1.get_text(strip=True) == "そのアドレスは使えませんでした"
    assert "NUL文字" in page.select_one(".problem__message").get_text()
    assert page.select_one("a.button")["href"] == "/ja/modules/"  # the way on stays in Japanese
    assert "NUL character" not in response.content.decode()


def test_a_malformed_address_in_english_stays_in_english(client, db):
    response = client.get("/a%00b/")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "en" and response["Content-Language"] == "en"
    assert page.h1.get_text(strip=True) == "We couldn't use that address"
    assert "NUL character" in page.select_one(".problem__message").get_text()
    assert page.select_one("a.button")["href"] == "/modules/"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "ja,en;q=0.5"},
        {"HTTP_COOKIE": f"{settings.LANGUAGE_COOKIE_NAME}=ja"},
    ],
)
def test_a_reader_who_reads_japanese_gets_the_400_in_japanese(client, db, headers):
    """At an address with no prefix, the language the site would send them to
    (altcms.http.language): their choice, else their browser's; the answer says it varies."""
    response = client.get("/a%00b/", **headers)
    assert response.status_code == 400
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "ja"
    assert {"Accept-Language", "Cookie"} <= {name.strip() for name in response["Vary"].split(",")}
    # A choice of English outweighs a Japanese browser, as everywhere else.
    english = client.get(
        "/a%00b/", HTTP_ACCEPT_LANGUAGE="ja", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en"
    )
    assert BeautifulSoup(english.content, "html.parser").html["lang"] == "en"


def test_the_api_says_what_was_wrong_in_english_whatever_the_reader_reads(client, db):
    response = client.get("/api/v2/pages/?search=a%00b", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 400
    assert "“search” parameter contains a NUL character" in response.json()["message"]
