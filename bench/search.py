"""Search speed in-process: median and p95 request time and SQL queries per request.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.search [--runs 40]

Run after `python -m bench.seed_large`. Each search goes through the whole Django stack
(middleware, view, template) with the test client; the first two runs of each are warm-up. The
shared cache of rendered results is off (FRAGMENT_CACHE_SECONDS=0), so every run searches.
Targets (issue 7): median under 50 ms, p95 under 150 ms, on PostgreSQL with the large site.
Then search quality per database (bench/search_quality.py: MRR and success@3 on the judged set,
on this site and on the seeded site alone on SQLite and PostgreSQL; issue 21).
"""

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from blog.models import BlogPostPage  # noqa: E402
from community.models import Comment  # noqa: E402

SEARCHES = [
    ("/search/", {"q": "team teaching"}),
    ("/search/", {"q": "phonics"}),
    ("/search/", {"q": "yakudoku"}),
    ("/search/", {"q": "訳読"}),
    ("/search/", {"q": "小学校"}),
    ("/search/", {"q": "外国語指導助手"}),
    ("/search/", {"q": "classroom english games"}),
    ("/search/", {"q": "english"}),
    ("/search/", {"q": "teachers", "page": "7"}),
    ("/search/", {"q": "phonics", "kind": "module"}),
    ("/search/", {"q": "phonix"}),
    ("/search/", {"q": "students won't speak"}),
    ("/search/", {"q": "my JTE does all the talking"}),
    ("/search/", {"q": "ICT"}),
    ("/search/", {"q": "homeroom teacher"}),
    ("/search/", {"q": "pronounciation"}),
    ("/search/", {"q": "phonics zyxwvut"}),
    ("/search/", {"q": "the of and"}),
    ("/search/", {"q": ""}),
    ("/search/suggest/", {"q": "te"}),
    ("/search/suggest/", {"q": "小学"}),
]
HOSTILE = [
    ("/search/", {"q": "x" * 10_000}),
    ("/search/", {"q": '"team teaching'}),
    ("/search/", {"q": "100% _phonics_"}),
    ("/search/", {"q": "'; DROP TABLE wagtailcore_page; --"}),
    ("/search/", {"q": "phonics\x00reading"}),
    ("/search/", {"q": "🙂 phonics 🎌"}),
    ("/search/", {"q": "phonics", "page": "-3"}),
    ("/search/", {"q": "phonics", "page": "99999999999999999999"}),
    ("/search/", {"q": "phonics", "page": "two"}),
]


def measure(client, url, params, runs):
    for _ in range(2):
        client.get(url, params)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return response.status_code, statistics.median(times), p95, max(times), len(queries)


def label(url, params):
    text = " ".join(f"{k}={v[:24]}{'…' if len(v) > 24 else ''}" for k, v in params.items())
    return f"`{url}` {text}".replace("|", "\\|")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--no-quality", action="store_true", help="timings only")
    args = parser.parse_args()
    with override_settings(FRAGMENT_CACHE_SECONDS=0):
        report(args.runs)
    if not args.no_quality:
        from bench import search_quality

        sys.argv = [sys.argv[0], "--fresh"]
        search_quality.main()


def report(runs):
    client = Client()
    lines = [
        f"Search on {connection.vendor} ({connection.settings_dict['NAME']}): "
        f"{BlogPostPage.objects.count()} blog posts, {Comment.objects.count()} comments; "
        f"Python {platform.python_version()}, {platform.machine()}, {runs} runs each.",
        "",
        "| request | status | median ms | p95 ms | max ms | SQL queries |",
        "|---|---|---|---|---|---|",
    ]
    medians, all_times = [], []
    for url, params in SEARCHES + HOSTILE:
        status, median, p95, worst, queries = measure(client, url, params, runs)
        medians.append(median)
        all_times.append(p95)
        lines.append(
            f"| {label(url, params)} | {status} | {median:.1f} | {p95:.1f} | {worst:.1f} | "
            f"{queries} |"
        )
    lines += [
        "",
        f"Median of the medians: {statistics.median(medians):.1f} ms; "
        f"worst p95: {max(all_times):.1f} ms.",
    ]
    text = "\n".join(lines)
    print(text)
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "search.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
