"""Real use: readers over every public address, popular ones more often, while members sign in,
mark progress and comment and an editor works in the admin; straight to gunicorn and through
Varnish (deploy/varnish/), each beside the trivial view.

    DJANGO_SETTINGS_MODULE=bench.settings REDIS_URL=redis://127.0.0.1:6379/3 \\
        python -m bench.mixed [--duration 30]

Run after `python -m bench.seed_large` and `collectstatic` (as `make bench` does). Before the
runs through each server, every address is read once (the steady state of a site in use, the
same for both runs). Readers:
`wrk -t2 -c16` with bench/mixed.lua, each request to an address drawn from every public
address of the bench site (pages, posts, topics, profiles, tag and page filters, feeds,
searches), weighted by Zipf's law over a ranking that puts the home page, the course and the
busy listings first. Writers, at the rates the issue names, through the same server (or
Varnish): a sign-in a second through the real form, a progress mark a second, a comment every
10 s, an editor's open tab pinging every 5 s, a draft saved every 30 s and a page published
every minute (both through the page editor's form). Writes bench/results/mixed.md.
"""

import argparse
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.encoding import iri_to_uri  # noqa: E402

import wagtail  # noqa: E402
from wagtail.models import Page  # noqa: E402

import requests  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from bench.load import load, start_gunicorn, wait_for, wrk  # noqa: E402
from blog.models import BlogPostPage  # noqa: E402
from community.models import Profile, Topic  # noqa: E402
from modules.models import ModulePage  # noqa: E402
from tests.admin_forms import edit_form_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
APP_PORT = int(os.environ.get("BENCH_PORT", "8765"))
VARNISH_PORT = int(os.environ.get("BENCH_VARNISH_PORT", "8766"))
TRIVIAL = "/bench/ok"
MEMBERS = 30
PASSWORD = "bench-pass-phrase-123"  # noqa: S105 - accounts of the bench database only
EDITED = "writing-articles"  # the module the editor keeps saving and publishing
SEARCHES = ["phonics", "team teaching", "yakudoku", "小学校", "classroom english", "jte"]


# Readers --------------------------------------------------------------------------------------


def addresses():
    """Every public address of the site, most popular first."""
    live = Page.objects.live().public().specific(defer=True)
    head = ["/", "/modules/"]
    modules = [page.url for page in ModulePage.objects.live().order_by("path")]
    listings = [
        page.url
        for page in live.filter(depth__lte=4).order_by("depth", "path")
        if page.url not in head + modules
    ]
    searches = [f"/search/?q={query}" for query in SEARCHES]
    posts = [page.url for page in BlogPostPage.objects.live().order_by("-date", "-pk")]
    topics = [topic.url for topic in Topic.objects.shown().select_related("board").order_by("-pk")]
    profiles = [
        reverse("community:person", args=[profile.user.username])
        for profile in Profile.objects.filter(is_public=True).select_related("user")
    ]
    pages_of_lists = [f"/blog/?page={n}" for n in range(2, 30)] + ["/blog/feed/", "/sitemap.xml"]
    ranked = [*head, *modules, *listings, *searches, *pages_of_lists, *posts, *topics, *profiles]
    seen, unique = set(), []
    for address in ranked:
        if address and address not in seen:
            seen.add(address)
            unique.append(address)
    return unique


def write_addresses(path):
    ranked = addresses()
    with open(path, "w", encoding="utf-8") as out:
        for rank, address in enumerate(ranked, start=1):
            # Zipf's law, s = 1; the address as a browser sends it (小学校 percent-encoded)
            out.write(f"{1 / rank:.8f} {iri_to_uri(address)}\n")
    return ranked


def warm(base, ranked):
    """Read every address once, eight at a time, so that both runs start from the same steady
    state: otherwise the readers-alone run (first) pays for filling the caches and the run
    with writers (second) finds them full, and the ratio measures the warming, not the
    writers."""

    def read(address):
        try:
            return requests.get(base + address, timeout=60).status_code
        except requests.RequestException:
            return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(read, ranked))
    return sum(1 for status in answers if status != 200)


# Writers --------------------------------------------------------------------------------------


def prepare_accounts():
    """Members who can sign in (verified email, a year old, a public profile) and an editor."""
    User = get_user_model()
    members = []
    for n in range(MEMBERS):
        name = f"bench-member-{n:02d}"
        user = User.objects.filter(username=name).first()
        if user is None:
            user = User.objects.create_user(name, f"{name}@example.com", PASSWORD)
            user.date_joined = timezone.now() - timedelta(days=365)
            user.save(update_fields=["date_joined"])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            Profile.objects.create(user=user, display_name=f"Bench ALT {n}", is_public=True)
        members.append(name)
    if not User.objects.filter(username="bench-editor").exists():
        User.objects.create_superuser("bench-editor", "bench-editor@example.com", PASSWORD)
    return members


class Writers:
    """The writers, each a thread making its kind of write at its rate against `base`."""

    def __init__(self, base, members):
        self.base = base
        self.members = members
        self.stop = threading.Event()
        self.counts = {}
        self.failures = {}
        self.times = {}
        self.lock = threading.Lock()
        module = ModulePage.objects.get(slug=EDITED)
        self.edited = module
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[module.pk])
        self.modules = list(ModulePage.objects.live().values_list("pk", flat=True))
        self.module_urls = [page.url for page in ModulePage.objects.live()]

    def _session(self, username):
        session = requests.Session()
        page = session.get(f"{self.base}/accounts/login/", timeout=30)
        if page.status_code != 200:
            raise RuntimeError(f"the sign-in page answered {page.status_code}")
        token = _token(page.text)
        answer = session.post(
            f"{self.base}/accounts/login/",
            data={"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.base}/accounts/login/"},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in answered {answer.status_code}")
        return session

    def _editor(self):
        session = requests.Session()
        page = session.get(f"{self.base}/admin/login/", timeout=30)
        answer = session.post(
            f"{self.base}/admin/login/",
            data={
                "username": "bench-editor",
                "password": PASSWORD,
                "csrfmiddlewaretoken": _token(page.text),
            },
            headers={"Referer": f"{self.base}/admin/login/"},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"admin sign-in answered {answer.status_code}")
        return session

    def _record(self, kind, started, ok):
        with self.lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            if not ok:
                self.failures[kind] = self.failures.get(kind, 0) + 1
            self.times.setdefault(kind, []).append((time.perf_counter() - started) * 1000)

    def _every(self, seconds, kind, action):
        rng = random.Random(kind)
        next_at = time.monotonic() + rng.random() * seconds
        while not self.stop.is_set():
            delay = next_at - time.monotonic()
            if delay > 0 and self.stop.wait(delay):
                return
            next_at += seconds
            started = time.perf_counter()
            try:
                action(rng)
                self._record(kind, started, True)
            except Exception as error:  # noqa: BLE001 - counted and reported
                self._record(kind, started, False)
                print(f"  writer {kind}: {error}", file=sys.stderr)

    # The writes ---------------------------------------------------------------------------

    def sign_in(self, rng):
        self._session(rng.choice(self.members))

    def mark_progress(self, rng):
        session = self.progress_session
        answer = session.post(
            f"{self.base}/community/progress/",
            data={
                "module": rng.choice(self.modules),
                "done": rng.choice(["1", "0"]),
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"{self.base}/"},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"progress answered {answer.status_code}")

    def comment(self, rng):
        session = self._session(rng.choice(self.members))
        address = rng.choice(self.module_urls)
        page = session.get(self.base + address, timeout=30)
        box = BeautifulSoup(page.text, "html.parser").find(id="comment-form")
        form = box.find("form") if box is not None else None
        if form is None:
            raise RuntimeError(f"no comment form on {address} (answered {page.status_code})")
        data = {
            field["name"]: field.get("value", "")
            for field in form.find_all("input")
            if field.get("name") and field.get("type") != "checkbox"
        }
        data["comment"] = f"A bench comment at {time.time():.0f}: what worked in class today."
        answer = session.post(
            self.base + form["action"],
            data=data,
            headers={"Referer": self.base + address},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"comment answered {answer.status_code}")

    def ping(self, rng):
        answer = self.editor.post(
            self.ping_url,
            headers={"X-CSRFToken": self.editor.cookies.get("csrftoken", "")},
            timeout=30,
        )
        if answer.status_code != 200:
            raise RuntimeError(f"editing-session ping answered {answer.status_code}")

    def _save(self, rng, publish):
        self.edited.refresh_from_db()
        summary = f"{self.edited.summary.split(' [')[0]} [{time.time():.0f}]"
        data = edit_form_data(self.edited, summary=summary)
        if publish:
            data["action-publish"] = "action-publish"
        data["csrfmiddlewaretoken"] = self.editor.cookies.get("csrftoken", "")
        answer = self.editor.post(
            self.base + self.edit_url,
            data=data,
            headers={"Referer": self.base + self.edit_url},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"{'publish' if publish else 'draft'} answered {answer.status_code}")

    def draft(self, rng):
        self._save(rng, publish=False)

    def publish(self, rng):
        self._save(rng, publish=True)

    def start(self):
        from wagtail.admin.models import EditingSession

        self.progress_session = self._session(self.members[0])
        self.editor = self._editor()
        self.editor.get(self.base + self.edit_url, timeout=30)  # opens the editing session
        session = EditingSession.objects.filter(
            user__username="bench-editor", object_id=str(self.edited.pk)
        ).latest("last_seen_at")
        self.ping_url = self.base + reverse(
            "wagtailadmin_editing_sessions:ping",
            args=["wagtailcore", "page", self.edited.pk, session.pk],
        )
        plan = [
            (1, "sign-in", self.sign_in),
            (1, "progress mark", self.mark_progress),
            (10, "comment", self.comment),
            (5, "editor's tab ping", self.ping),
            (30, "draft save", self.draft),
            (60, "publish", self.publish),
        ]
        self.threads = [
            threading.Thread(target=self._every, args=plan_item, daemon=True) for plan_item in plan
        ]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=90)
        return {
            kind: (self.counts[kind], self.failures.get(kind, 0), statistics.median(times))
            for kind, times in self.times.items()
        }


def _token(html):
    return BeautifulSoup(html, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})[
        "value"
    ]


# Servers --------------------------------------------------------------------------------------


def start_varnish(workdir):
    vcl = Path(workdir) / "vcl"
    vcl.mkdir()
    shutil.copy(ROOT / "deploy/varnish/default.vcl", vcl / "default.vcl")
    backends = (ROOT / "deploy/varnish/backends.vcl").read_text()
    backends = backends.replace('.port = "8001"', f'.port = "{APP_PORT}"')
    backends = re.sub(r"backend app2 \{.*?\n\}\n", "", backends, flags=re.S)
    backends = backends.replace("    app.add_backend(app2);\n", "")
    (vcl / "backends.vcl").write_text(backends)
    varnish = subprocess.Popen(
        [
            shutil.which("varnishd") or "/usr/sbin/varnishd",
            "-F",
            "-j",
            "none",
            "-n",
            str(Path(workdir) / "work"),
            "-a",
            f"127.0.0.1:{VARNISH_PORT}",
            "-f",
            str(vcl / "default.vcl"),
            "-p",
            f"vcl_path={vcl}",
            "-s",
            "malloc,256m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{VARNISH_PORT}/healthz")
    return varnish


# The run --------------------------------------------------------------------------------------


def measure(base, script, duration, members, label, ranked):
    print(f"  {label}: every address once", flush=True)
    started = time.perf_counter()
    not_ok = warm(base, ranked)
    print(f"    {len(ranked)} addresses in {time.perf_counter() - started:.0f} s, {not_ok} not 200")
    print(f"  {label}: readers alone", flush=True)
    wrk(base + TRIVIAL, 10, script)  # warm-up (the script picks each request's address)
    alone = wrk(base + TRIVIAL, duration, script)
    print(f"  {label}: readers with writers", flush=True)
    # Under the readers' load Varnish may have marked the app server sick (its /healthz probe
    # timed out) and answer 503 for a few seconds: the writers start once it answers again.
    wait_for(base + "/accounts/login/")
    writers = Writers(base, members)
    writers.start()
    try:
        busy = wrk(base + TRIVIAL, duration, script)
    finally:
        written = writers.finish()
    return alone, busy, written


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=30)
    args = parser.parse_args()
    for tool in ("wrk", "varnishd"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is needed: apt-get install -y wrk varnish")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL: the mixed workload runs with the production cache.")

    members = prepare_accounts()
    workdir = tempfile.mkdtemp(prefix="bench-mixed-")
    address_file = Path(workdir) / "addresses.txt"
    ranked = write_addresses(address_file)
    count = len(ranked)
    script = ROOT / "bench" / "mixed.lua"
    os.environ["BENCH_ADDRESSES"] = str(address_file)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PAGE_CACHE_SECONDS": "600",
        "FRAGMENT_CACHE_SECONDS": "600",
        "BENCH_REQUEST_LOG": "1",
        "FRONTEND_CACHE_URL": f"http://127.0.0.1:{VARNISH_PORT}",
    }
    server = start_gunicorn(env, APP_PORT)
    wait_for(f"http://127.0.0.1:{APP_PORT}{TRIVIAL}")
    varnish = start_varnish(workdir)
    direct = f"http://127.0.0.1:{APP_PORT}"
    front = f"http://127.0.0.1:{VARNISH_PORT}"
    try:
        print("Trivial view", flush=True)
        trivial = wrk(direct + TRIVIAL, args.duration)
        results = {}
        results["gunicorn"] = measure(direct, script, args.duration, members, "gunicorn", ranked)
        results["Varnish"] = measure(front, script, args.duration, members, "Varnish", ranked)
    finally:
        os.killpg(varnish.pid, signal.SIGTERM)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    report(trivial, results, count, args.duration)


def report(trivial, results, count, duration):
    base = trivial["rps"]
    lines = [
        f"Real use on {connection.vendor}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Django {django.get_version()}, Wagtail "
        f"{wagtail.__version__}; gunicorn 2 workers; readers `wrk -t2 -c16 -d{duration}s` over "
        f"{count} public addresses (Zipf-weighted), each read once before the runs; cache in "
        f"Redis; DEBUG={settings.DEBUG}.",
        "",
        "| served by | readers alone: req/s (p50 / p99 ms) | hit rate | with writers: req/s "
        "(p50 / p99 ms) | hit rate | with writers / alone | % of trivial view, alone / with "
        "writers |",
        "|---|---|---|---|---|---|---|",
        f"| trivial view (gunicorn) | {load(trivial)} | - | - | - | - | 100 |",
    ]
    written_rows = []
    for label, (alone, busy, written) in results.items():
        lines.append(
            f"| {label} | {load(alone)} | {_rate(alone)} | {load(busy)} | {_rate(busy)} | "
            f"{100 * busy['rps'] / alone['rps']:.0f}% | "
            f"{100 * alone['rps'] / base:.0f} / {100 * busy['rps'] / base:.0f} |"
        )
        for kind, (done, failed, median) in sorted(written.items()):
            written_rows.append(f"| {label} | {kind} | {done} | {failed} | {median:.0f} |")
    lines += [
        "",
        "Writes made while the readers ran (and how long each took to answer):",
        "",
        "| through | write | made | failed | median ms |",
        "|---|---|---|---|---|",
        *written_rows,
    ]
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "mixed.md").write_text(text + "\n", encoding="utf-8")


def _rate(result):
    return "-" if result["hit_rate"] is None else f"{100 * result['hit_rate']:.0f}%"


if __name__ == "__main__":
    main()
