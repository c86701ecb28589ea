"""Page speed: SQL queries and in-process render time, then throughput under gunicorn.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.pages [--duration 15]

Run after `python -m bench.seed_large` and `collectstatic`. For each page: the queries of one
request and the median of 30 in-process requests (the test client, no page cache), once as the
site runs (shared fragments and routes from the cache) and once cold (FRAGMENT_CACHE_SECONDS=0:
every part rendered and routed afresh, which a reader meets after any change); then
gunicorn with 2 workers on loopback, loaded by `wrk -t2 -c16 -d15s --latency`, first cold (the
page cache and shared fragments and routes off: every request renders the page afresh), then
with the page cache off, then on (Redis at REDIS_URL, else each worker's local memory:
bench/settings.py), each page beside the trivial view `/bench/ok` (HttpResponse("ok") behind
the same middleware) from the same run.
Writes bench/results/pages.md.
"""

import argparse
import os
import platform
import shutil
import signal
import statistics
import time
import urllib.request
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

import wagtail  # noqa: E402

from bench.load import load, start_gunicorn, wait_for, wrk  # noqa: E402
from community.models import ForumBoardPage  # noqa: E402
from modules.models import ModulePage  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8765"))
TRIVIAL = "/bench/ok"


def pages():
    quiet = ModulePage.objects.live().exclude(slug="teachers-working-together").first()
    return [
        ("home", "/"),
        ("module page, no comments", _without_comments(quiet)),
        ("module page, 300 comments", ModulePage.objects.get(slug="teachers-working-together").url),
        ("blog index", "/blog/"),
        ("forum board (200 topics)", ForumBoardPage.objects.get(slug="team-teaching").url),
        ("search: phonics", "/search/?q=phonics"),
    ]


def _without_comments(module):
    from community.models import Comment

    for candidate in ModulePage.objects.live().order_by("pk"):
        if not Comment.objects.filter(object_pk=str(candidate.pk)).exists():
            return candidate.url
    return module.url


def in_process(url, runs=30):
    client = Client()
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries), statistics.median(times)


def gunicorn(page_cache, fragments=True):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
        "FRAGMENT_CACHE_SECONDS": "600" if fragments else "0",
        "BENCH_REQUEST_LOG": "1",
    }
    server = start_gunicorn(env, PORT)
    try:
        wait_for(f"http://127.0.0.1:{PORT}{TRIVIAL}")
    except SystemExit:
        server.kill()
        raise
    return server


def underload(targets, page_cache, duration, fragments=True):
    server = gunicorn(page_cache, fragments)
    try:
        results = {}
        for label, url in [("trivial view", TRIVIAL), *targets]:
            for _ in range(20):  # warm each worker's caches (and the page cache)
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=10)  # noqa: S310
            results[label] = wrk(f"http://127.0.0.1:{PORT}{url}", duration)
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=15)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    targets = pages()
    measured = {label: in_process(url) for label, url in targets}
    with override_settings(FRAGMENT_CACHE_SECONDS=0):
        cold = {label: in_process(url) for label, url in targets}
    cache = "Redis" if os.environ.get("REDIS_URL") else "each worker's local memory"
    coldest = underload(targets, page_cache=False, duration=args.duration, fragments=False)
    uncached = underload(targets, page_cache=False, duration=args.duration)
    cached = underload(targets, page_cache=True, duration=args.duration)

    lines = [
        f"Pages on {connection.vendor}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Django {django.get_version()}, Wagtail "
        f"{wagtail.__version__}; gunicorn 2 workers, `wrk -t2 -c16 -d{args.duration}s`; "
        f"page cache in {cache}; DEBUG={settings.DEBUG}.",
        "",
        "| page | SQL queries | in-process median ms | cold: queries, ms | "
        "cold req/s (p50 / p99 ms) | % of trivial | "
        "uncached req/s (p50 / p99 ms) | % of trivial | cached req/s (p50 / p99 ms) | "
        "% of trivial |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    base_0 = coldest["trivial view"]["rps"]
    base_u, base_c = uncached["trivial view"]["rps"], cached["trivial view"]["rps"]
    lines.append(
        f"| trivial view | 0 | - | - | {load(coldest['trivial view'])} | 100 | "
        f"{load(uncached['trivial view'])} | 100 | {load(cached['trivial view'])} | 100 |"
    )
    for label, _url in targets:
        queries, median = measured[label]
        cold_queries, cold_median = cold[label]
        z, u, c = coldest[label], uncached[label], cached[label]
        lines.append(
            f"| {label} | {queries} | {median:.1f} | {cold_queries}, {cold_median:.1f} | "
            f"{load(z)} | {100 * z['rps'] / base_0:.1f} | "
            f"{load(u)} | {100 * u['rps'] / base_u:.1f} | {load(c)} | "
            f"{100 * c['rps'] / base_c:.1f} |"
        )
    report = "\n".join(lines)
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "pages.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
