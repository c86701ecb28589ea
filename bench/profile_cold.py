"""Where a cold page's time goes: its Python time per package, and its time waiting on SQL.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.profile_cold [ADDRESS] [--runs N]

Renders ADDRESS (by default the module page with 300 comments) in-process with nothing shared
(FRAGMENT_CACHE_SECONDS=0, as `bench.pages` measures cold), first plainly to time it and to
time its SQL, then under cProfile, and groups the profile's own time ("tottime") by where the
code lives: a Django or Wagtail sub-package, another library, the site's own apps, the
standard library or a built-in. Shares, not milliseconds, are what to read from the profile:
cProfile roughly doubles the time of code that makes many small calls.
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


def timed(client, address, runs):
    """Median ms of `runs` requests, and the median ms of them spent executing SQL."""
    spent = []

    def clock(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[-1] += time.perf_counter() - started

    totals, sql = [], []
    for _ in range(runs):
        spent.append(0.0)
        with connection.execute_wrapper(clock):
            started = time.perf_counter()
            client.get(address)
            totals.append(time.perf_counter() - started)
        sql.append(spent[-1])
    return statistics.median(totals) * 1000, statistics.median(sql) * 1000


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
        total, sql = timed(client, address, args.runs)
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
    print(f"{address}: {total:.1f} ms cold (median of {args.runs}), {sql:.1f} ms of it in SQL")
    print(f"{sum(calls.values()):,.0f} function calls a request; own time by package:")
    for group, seconds in own.most_common(args.top):
        print(f"  {seconds / profiled:6.1%}  {calls[group]:8,.0f} calls  {group}")


if __name__ == "__main__":
    main()
