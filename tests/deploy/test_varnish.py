"""Varnish in front of two app servers that share PostgreSQL and Redis, as deploy/varnish/ ships
it: a page a reader who is not signed in can see is served from Varnish, a change made through
either app server is seen through Varnish at once, and nothing personal is ever kept.

The stack is real: Debian's varnishd with deploy/varnish/default.vcl, two gunicorn instances
with the production settings, a database of their own on the PostgreSQL server, and Redis.
It runs in the PostgreSQL pass of `make test` (DATABASE_URL is a postgres:// address), and
is skipped where varnishd, PostgreSQL or Redis is missing, unless REQUIRE_VARNISH=1 (CI).
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.varnish


def _missing():
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        return "runs in the PostgreSQL pass (DATABASE_URL=postgres://…)"
    if not Path(VARNISHD).exists():
        return "varnishd is not installed (apt-get install varnish)"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001
        return f"Redis does not answer: {error}"
    return None


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


class Stack:
    """Two app servers (a, b) behind Varnish (front), and manage.py against their database."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.processes = {}
        self.varnish_port = _free_port()
        self.front = f"http://127.0.0.1:{self.varnish_port}"
        self.app_ports = [_free_port(), _free_port()]
        self.a, self.b = (f"http://127.0.0.1:{port}" for port in self.app_ports)
        server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        self.database = f"altvarnish_{uuid.uuid4().hex[:10]}"
        self.server = server
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "altcms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "DATABASE_URL": f"{server}/{self.database}",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": f"varnish-{uuid.uuid4().hex[:10]}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "FRONTEND_CACHE_URL": self.front,
            "SITE_URL": self.front,
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "REQUEST_LOG_LEVEL": "WARNING",
            "GUNICORN_WORKERS": "2",
            # As the recipe deploys them behind Varnish, which reads request bodies whole.
            "GUNICORN_WORKER_CLASS": "sync",
        }

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def shell(self, code):
        return self.manage("shell", "-c", code)

    def start(self):
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        self.manage("createcachetable")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("seed_site")
        self.shell(
            "from django.contrib.auth import get_user_model\n"
            "from allauth.account.models import EmailAddress\n"
            "User = get_user_model()\n"
            "User.objects.create_superuser('root', 'root@example.com', 'root-pass-phrase')\n"
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "member = User.objects.create_user('kenji', 'kenji@example.com', 'a-long-pass-phrase',"
            " date_joined=timezone.now() - timedelta(days=60))\n"
            "EmailAddress.objects.create(user=member, email=member.email, verified=True,"
            " primary=True)\n"
        )
        for name in "ab":
            self.start_app(name)
        for url in (self.a, self.b):
            _wait_for(f"{url}/healthz")
        self.start_varnish()

    def start_app(self, name):
        port = dict(zip("ab", self.app_ports, strict=True))[name]
        self.processes[name] = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                "altcms/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.tmp / f"gunicorn-{name}.log", "a"),  # noqa: SIM115
        )

    def stop_app(self, name):
        process = self.processes.pop(name)
        process.terminate()
        process.wait(timeout=30)

    def start_varnish(self):
        vcl = self.tmp / "vcl"
        vcl.mkdir(exist_ok=True)
        shutil.copy(ROOT / "deploy/varnish/default.vcl", vcl / "default.vcl")
        backends = (ROOT / "deploy/varnish/backends.vcl").read_text()
        for default, port in zip(("8001", "8002"), self.app_ports, strict=True):
            backends = backends.replace(f'.port = "{default}"', f'.port = "{port}"')
        (vcl / "backends.vcl").write_text(backends)
        self.processes["varnish"] = subprocess.Popen(
            [
                VARNISHD,
                "-F",
                "-n",
                str(self.tmp / "varnish-work"),
                "-a",
                f"127.0.0.1:{self.varnish_port}",
                "-f",
                str(vcl / "default.vcl"),
                "-p",
                f"vcl_path={vcl}",
                "-s",
                "malloc,64m",
                # Run as the user running the tests, who can read the files in tmp (as root,
                # varnishd would otherwise drop to its own user, who cannot).
                "-j",
                "none",
            ],
            stdout=open(self.tmp / "varnish.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_for(f"{self.front}/healthz")

    def stop_varnish(self):
        process = self.processes.pop("varnish")
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    def stop(self):
        for name in list(self.processes):
            if name == "varnish":
                self.stop_varnish()
            else:
                self.processes.pop(name).terminate()
        import psycopg
        import redis

        time.sleep(1)
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{self.env['CACHE_KEY_PREFIX']}:*"):
            client.delete(key)

    def signed_in(self, base, username, password, login_path):
        """A session signed in on the app server (or Varnish) at `base`."""
        session = requests.Session()
        page = session.get(base + login_path, timeout=10)
        token = _csrf(page.text)
        fields = (
            {"username": username, "password": password}
            if login_path.startswith("/admin")
            else {"login": username, "password": password}
        )
        answer = session.post(
            base + login_path,
            data={**fields, "csrfmiddlewaretoken": token},
            headers={"Referer": base + login_path},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302, answer.text[:500]
        return session


def _csrf(html):
    field = BeautifulSoup(html, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})
    return field["value"]


def _text(response):
    return BeautifulSoup(response.text, "html.parser").get_text(" ", strip=True)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    missing = _missing()
    if missing:
        if os.environ.get("REQUIRE_VARNISH") == "1" and "PostgreSQL pass" not in missing:
            pytest.fail(missing)
        pytest.skip(missing)
    running = Stack(tmp_path_factory.mktemp("varnish"))
    try:
        running.start()
        yield running
    finally:
        running.stop()


def module_url(stack, slug):
    out = stack.shell(
        f"from modules.models import ModulePage; print(ModulePage.objects.get(slug={slug!r}).url)"
    )
    return out.strip().splitlines()[-1]


def test_a_page_is_served_from_varnish_from_the_second_request(stack):
    url = stack.front + module_url(stack, "phonics")
    first = requests.get(url, timeout=10)
    assert first.status_code == 200
    control = first.headers["Cache-Control"]
    assert "public" in control and "s-maxage" in control
    second = requests.get(url, timeout=10)
    assert second.headers["X-Frontend-Cache"] == "HIT"
    assert "Age" in second.headers
    assert second.text == first.text


@pytest.mark.parametrize("through", ["a", "b"])
def test_a_publish_through_either_app_server_shows_at_once(stack, through):
    path = module_url(stack, "listening")
    title = f"Listening, revised through {through}"
    requests.get(stack.front + path, timeout=10)
    assert requests.get(stack.front + path, timeout=10).headers["X-Frontend-Cache"] == "HIT"
    category = path.rstrip("/").rsplit("/", 1)[0] + "/"
    requests.get(stack.front + category, timeout=10)

    # An editor's draft (quiet: nothing is purged), then published in the admin of one server.
    pk = (
        stack.shell(
            "from modules.models import ModulePage\n"
            "page = ModulePage.objects.get(slug='listening')\n"
            f"page.title = {title!r}\n"
            "page.save_revision()\n"
            "print(page.pk)"
        )
        .strip()
        .splitlines()[-1]
    )
    assert requests.get(stack.front + path, timeout=10).headers["X-Frontend-Cache"] == "HIT"
    base = getattr(stack, through)
    editor = stack.signed_in(base, "root", "root-pass-phrase", "/admin/login/")
    confirm = f"{base}/admin/bulk/wagtailcore/page/publish/?id={pk}"
    token = _csrf(editor.get(confirm, timeout=10).text)
    published = editor.post(
        confirm,
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": confirm},
        allow_redirects=False,
        timeout=30,
    )
    assert published.status_code == 302

    for address in (path, category):
        response = requests.get(stack.front + address, timeout=10)
        assert title in _text(response), address
        assert response.headers["X-Frontend-Cache"] == "MISS"


def test_a_comment_shows_on_its_page_at_once(stack):
    path = module_url(stack, "vocabulary")
    requests.get(stack.front + path, timeout=10)
    assert requests.get(stack.front + path, timeout=10).headers["X-Frontend-Cache"] == "HIT"

    member = stack.signed_in(stack.front, "kenji", "a-long-pass-phrase", "/accounts/login/")
    page = member.get(stack.front + path, timeout=10)
    assert page.headers["X-Frontend-Cache"] == "MISS" and "Sign out" in _text(page)
    form = BeautifulSoup(page.text, "html.parser").find(id="comment-form").find("form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name") and field.get("type") != "checkbox"
    }
    data["comment"] = "Word cards on the classroom door, changed every Monday."
    posted = member.post(
        stack.front + form["action"],
        data=data,
        headers={"Referer": stack.front + path},
        allow_redirects=False,
        timeout=30,
    )
    assert posted.status_code == 302, posted.text[:500]

    anonymous = requests.get(stack.front + path, timeout=10)
    assert "Word cards on the classroom door" in _text(anonymous)


def test_signed_in_readers_and_pages_that_set_cookies_pass_through(stack):
    path = module_url(stack, "reading")
    requests.get(stack.front + path, timeout=10)
    member = stack.signed_in(stack.front, "kenji", "a-long-pass-phrase", "/accounts/login/")
    for _ in range(2):
        theirs = member.get(stack.front + path, timeout=10)
        assert theirs.headers["X-Frontend-Cache"] == "MISS"
        assert "Sign out" in _text(theirs)
        assert "private" in theirs.headers["Cache-Control"]
    anonymous = requests.get(stack.front + path, timeout=10)
    assert anonymous.headers["X-Frontend-Cache"] == "HIT" and "Sign out" not in _text(anonymous)

    for _ in range(2):
        contact = requests.get(stack.front + "/contact/", timeout=10)
        assert contact.headers["X-Frontend-Cache"] == "MISS"
        assert "csrftoken" in contact.cookies


def test_each_language_is_kept_at_its_own_address_and_a_japanese_first_visit_is_redirected(stack):
    path = module_url(stack, "writing")
    japanese_browser = {"Accept-Language": "ja,en-US;q=0.8"}
    english = requests.get(stack.front + path, timeout=10)
    assert 'lang="en"' in english.text
    # A Japanese browser that has not chosen is sent to /ja/, never from a kept answer.
    for _ in range(2):
        redirect = requests.get(
            stack.front + path, headers=japanese_browser, allow_redirects=False, timeout=10
        )
        assert redirect.status_code == 302 and redirect.headers["Location"] == "/ja" + path
        assert redirect.headers["X-Frontend-Cache"] == "MISS"
    # The Japanese page is kept at its own address, the English one at its own.
    requests.get(stack.front + "/ja" + path, timeout=10)
    japanese = requests.get(stack.front + "/ja" + path, headers=japanese_browser, timeout=10)
    assert japanese.headers["X-Frontend-Cache"] == "HIT" and 'lang="ja"' in japanese.text
    again = requests.get(stack.front + path, headers={"Accept-Language": "en-GB"}, timeout=10)
    assert again.headers["X-Frontend-Cache"] == "HIT" and 'lang="en"' in again.text
    # A reader who chose English keeps it in a Japanese browser; one who chose Japanese is sent
    # to /ja/.
    chose_english = requests.get(
        stack.front + path,
        headers={**japanese_browser, "Cookie": "django_language=en"},
        allow_redirects=False,
        timeout=10,
    )
    assert chose_english.status_code == 200 and 'lang="en"' in chose_english.text
    chose_japanese = requests.get(
        stack.front + path,
        headers={"Cookie": "django_language=ja"},
        allow_redirects=False,
        timeout=10,
    )
    assert chose_japanese.status_code == 302
    # Whatever the app would send to /ja/, Varnish never answers with the kept English page:
    # a language code as a person typed it, one the site does not have beside a Japanese
    # browser, a space before the weight.
    for headers in (
        {"Cookie": "django_language=JA"},
        {"Cookie": "django_language=xx", "Accept-Language": "ja"},
        {"Accept-Language": "ja ;q=0.9, en;q=0.5"},
    ):
        answer = requests.get(
            stack.front + path, headers=headers, allow_redirects=False, timeout=10
        )
        assert answer.status_code == 302 and answer.headers["Location"] == "/ja" + path, headers

    # A publish makes both languages' pages stale.
    stack.shell(
        "from modules.models import ModulePage\n"
        "page = ModulePage.objects.get(slug='writing')\n"
        "page.title = 'Writing, revised in both languages'\n"
        "page.save_revision().publish()"
    )
    for address in (path, "/ja" + path):
        response = requests.get(stack.front + address, timeout=10)
        assert "Writing, revised in both languages" in _text(response), address


@pytest.mark.parametrize("address", ["/admin/login/", "/accounts/login/", "/healthz"])
def test_the_admin_accounts_and_the_health_check_are_never_kept(stack, address):
    for _ in range(3):
        response = requests.get(stack.front + address, timeout=10)
        assert response.status_code == 200
        assert response.headers["X-Frontend-Cache"] == "MISS"


def test_a_frontend_cache_that_is_down_never_stops_a_publish(stack):
    path = module_url(stack, "speaking")
    stack.stop_varnish()
    try:
        stack.shell(
            "from modules.models import ModulePage\n"
            "page = ModulePage.objects.get(slug='speaking')\n"
            "page.title = 'Speaking, revised while the cache was down'\n"
            "page.save_revision()\n"
        )
        pk = (
            stack.shell(
                "from modules.models import ModulePage\n"
                "print(ModulePage.objects.get(slug='speaking').pk)"
            )
            .strip()
            .splitlines()[-1]
        )
        editor = stack.signed_in(stack.a, "root", "root-pass-phrase", "/admin/login/")
        confirm = f"{stack.a}/admin/bulk/wagtailcore/page/publish/?id={pk}"
        token = _csrf(editor.get(confirm, timeout=10).text)
        started = time.monotonic()
        published = editor.post(
            confirm,
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": confirm},
            allow_redirects=False,
            timeout=30,
        )
        assert published.status_code == 302
        assert time.monotonic() - started < 10
        assert "revised while the cache was down" in _text(requests.get(stack.a + path, timeout=10))
        log = (stack.tmp / "gunicorn-a.log").read_text()
        assert re.search(r"purge of \S+ failed", log)
    finally:
        stack.start_varnish()


def test_an_app_server_that_stops_costs_readers_nothing(stack):
    """One app server stops (a restart, a crash): before the health probe notices, Varnish
    sends every reader's request that reached it to the other server, so no reader sees a 503.
    Each address here is new to Varnish, so each goes to an app server."""
    module = module_url(stack, "phonics")
    stack.stop_app("b")
    try:
        statuses = [
            requests.get(f"{stack.front}{module}?visit={n}", timeout=30).status_code
            for n in range(8)
        ]
    finally:
        stack.start_app("b")
        _wait_for(f"{stack.b}/healthz")
    assert statuses == [200] * 8, statuses
