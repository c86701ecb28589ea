"""What the page benchmarks share: gunicorn started as production runs it, and wrk's figures.

No Django here: the benchmarks import it beside their own set-up.
"""

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_gunicorn(env, port, workers=2):
    """gunicorn with the site's own settings file (altcms/gunicorn.conf.py), answering on
    127.0.0.1:`port` once `wait_for` says so. Its workers are the sync (WSGI) ones, as deployed
    behind Varnish, which reads every request body before passing it on (docs/caching.md):
    gunicorn's ASGI workers, which `make serve` uses so that no slow client can stall it
    without a proxy, answer a trivial request several times more slowly on this kind of
    machine (docs/performance.md). BENCH_WORKER_CLASS=asgi measures them instead."""
    env = {**env, "GUNICORN_WORKER_CLASS": env.get("BENCH_WORKER_CLASS", "sync")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "altcms/gunicorn.conf.py",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(url, attempts=150):
    for _ in range(attempts):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def wrk(url, duration, script=None):
    """wrk -t2 -c16 against `url` (with a Lua `script`): requests a second, the median and 99th
    percentile in ms, 5xx/other errors, and (with bench/mixed.lua) the share served from a
    cache."""
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    cache = re.search(r"CACHE hits=(\d+) responses=(\d+) errors=(\d+)", output)
    hits, responses, failed = (int(n) for n in cache.groups()) if cache else (0, 0, 0)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "errors": failed,
        "hit_rate": hits / responses if responses else None,
        # 4xx and 5xx answers by status (bench/mixed.lua), e.g. {404: 3}
        "statuses": {int(c): int(n) for c, n in re.findall(r"STATUS (\d+) (\d+)", output)},
    }


def _ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load(result):
    """'req/s (p50 / p99 ms)', flagged when some requests failed."""
    text = f"{result['rps']:.0f} ({result['p50']:.1f} / {result['p99']:.1f})"
    failed = result["errors"] or result["non_2xx"]
    statuses = ", ".join(f"{n} × {code}" for code, n in sorted(result.get("statuses", {}).items()))
    return (
        text + (f" **{failed} errors**" if failed else "") + (f" ({statuses})" if statuses else "")
    )
