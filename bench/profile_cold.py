"""Where a cold page's time goes: reading its data, its SQL, and its Python time per package.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.profile_cold [ADDRESS] [--runs N]

Renders ADDRESS (by default the module page with 300 comments) in-process with nothing shared
(FRAGMENT_CACHE_SECONDS=0, as `bench.pages` measures cold), first plainly to time it, the
part of it spent reading data through the ORM (building queries, waiting on PostgreSQL, turning
rows into values and models: the floor any rendering of the page sits on) and the part spent
executing SQL, beside the trivial view; then under cProfile, and groups the profile's own
time ("tottime") by where the code lives: a Django or Wagtail sub-package, another library, the
site's own apps, the standard library or a built-in. Shares, not milliseconds, are what to read
from the profile: cProfile roughly doubles the time of code that makes many small calls.
"""

import argparse
import collections
import cProfile
import pstats
import statistics
import time
from pathlib import Path

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models.query import QuerySet  # noqa: E402
from django.db.models.sql.compiler import SQLCompiler  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from modules.models import ModulePage  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUSY_MODULE = "teachers-working-together"


def where(filename, function):
    """The group a profiled function's own time is counted under."""
    if "site-packages/" in filename:
        parts = filename.split("site-packages/", 1)[1].split("/")
        return "/".join(parts[:2]) if parts[0] in {"django", "wagtail"} else parts[0]
    if filename.startswith(str(ROOT)):
        return "site: " + "/".join(Path(filename).relative_to(ROOT).parts[:2])
    if filename == "~":
        return "built-in: " + function.split(" of ")[0].strip("<>").replace("method ", "")[:40]
    return "stdlib: " + Path(filename).name


class DataClock:
    """Wall time spent reading data through the ORM: from a queryset's evaluation (or a
    count, an exists, a save) to its rows turned into values and models, SQL included. Nested
    reads (a prefetch inside a queryset) count once."""

    def __init__(self):
        self.seconds = 0.0
        self._depth = 0
        self._patched = []

    def _wrap(self, owner, name):
        original = getattr(owner, name)

        def clocked(*args, **kwargs):
            if self._depth:
                return original(*args, **kwargs)
            self._depth += 1
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self._depth -= 1

        setattr(owner, name, clocked)
        self._patched.append((owner, name, original))

    def __enter__(self):
        self._wrap(QuerySet, "_fetch_all")
        self._wrap(SQLCompiler, "execute_sql")
        return self

    def __exit__(self, *exc):
        for owner, name, original in reversed(self._patched):
            setattr(owner, name, original)


def timed(client, address, runs):
    """Median ms of `runs` requests, of the time in them spent executing SQL, and of the time
    spent reading data through the ORM (SQL included)."""
    spent = []

    def clock(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[-1] += time.perf_counter() - started

    totals, sql, data = [], [], []
    for _ in range(runs):
        spent.append(0.0)
        with connection.execute_wrapper(clock), DataClock() as reading:
            started = time.perf_counter()
            client.get(address)
            totals.append(time.perf_counter() - started)
        sql.append(spent[-1])
        data.append(reading.seconds)
    return tuple(statistics.median(values) * 1000 for values in (totals, sql, data))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address", nargs="?")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    address = args.address or ModulePage.objects.get(slug=BUSY_MODULE).url
    client = Client()
    with override_settings(FRAGMENT_CACHE_SECONDS=0):
        for _ in range(3):
            response = client.get(address)
            assert response.status_code == 200, (address, response.status_code)
        total, sql, data = timed(client, address, args.runs)
        trivial, _, _ = timed(client, "/bench/ok", args.runs)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            client.get(address)
        profile.disable()

    own, calls = collections.Counter(), collections.Counter()
    for (filename, _line, function), (_, count, tottime, _, _) in pstats.Stats(
        profile
    ).stats.items():
        group = where(filename, function)
        own[group] += tottime / args.runs
        calls[group] += count / args.runs
    profiled = sum(own.values())
    print(
        f"{address}: {total:.1f} ms cold (median of {args.runs}); reading its data through"
        f" the ORM {data:.1f} ms, of which executing SQL {sql:.1f} ms;"
        f" the trivial view {trivial:.1f} ms"
    )
    print(f"{sum(calls.values()):,.0f} function calls a request; own time by package:")
    for group, seconds in own.most_common(args.top):
        print(f"  {seconds / profiled:6.1%}  {calls[group]:8,.0f} calls  {group}")


if __name__ == "__main__":
    main()
