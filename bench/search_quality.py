"""Search quality per database: MRR and success@3 on the judged set (tests/search/judged.yaml).

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.search_quality          # this database
    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.search_quality --fresh   # and fresh ones

Without --fresh it measures the database DATABASE_URL names, as it is (the bench's large site:
the curriculum among 5,000 generated posts). With --fresh it also builds the seeded site alone,
as `make run` does, on a new SQLite file and, when DATABASE_URL is PostgreSQL, in a new
PostgreSQL database beside it (`<name>_judged`, dropped afterwards), and measures each: the
same content on both databases, so their figures can be compared. Tables go to
bench/results/search-quality.md. bench/search.py runs this with --fresh after timing.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "tests" / "search" / "judged.yaml"
RESULTS = Path(__file__).resolve().parent / "results"


def measure():
    """Markdown: the figures for the configured database, and the searches that missed."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from blog.models import BlogPostPage
    from search import quality

    with override_settings(FRAGMENT_CACHE_SECONDS=0):
        outcomes = quality.run(Client(), quality.load(JUDGED))
    by_kind = quality.figures(outcomes)
    posts = BlogPostPage.objects.count()
    lines = [
        f"{connection.vendor} ({connection.settings_dict['NAME']}, {posts} blog posts):",
        "",
        quality.table(by_kind),
        "",
    ]
    misses = by_kind["all"].misses
    if misses:
        lines.append(
            "Not in the top three: "
            + "; ".join(f"“{o.judged.query}” ({o.rank or 'not in the top ten'})" for o in misses)
            + "."
        )
    return "\n".join(lines)


def fresh(url, env):
    """Seed the site into the empty database at `url` and measure it there, in a subprocess."""
    env = {**env, "DATABASE_URL": url}
    run = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["seed_site"], ["update_index"]):
        subprocess.run(run + command, cwd=ROOT, env=env, check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-m", "bench.search_quality"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true", help="also the seeded site alone")
    args = parser.parse_args()
    reports = [measure()]
    if args.fresh:
        reports += fresh_reports()
    text = "\n\n".join(reports)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search-quality.md").write_text(text + "\n", encoding="utf-8")


def fresh_reports():
    from django.db import connection

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    reports = []
    with tempfile.TemporaryDirectory() as folder:
        reports.append(fresh(f"sqlite:///{folder}/judged.sqlite3", env))
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        name = f"{settings['NAME']}_judged"
        server = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            reports.append(fresh(f"{server}/{name}", env))
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return reports


if __name__ == "__main__":
    main()
