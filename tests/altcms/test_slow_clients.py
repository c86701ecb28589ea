"""Slow clients cannot stall the site: gunicorn as `make serve` and production run it
(altcms/gunicorn.conf.py) keeps answering while 20 clients each announce a large POST body
and send a few bytes of it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLOW_CLIENTS = 20


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthz(port, timeout):
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as answer:  # noqa: S310
        return answer.status, time.monotonic() - started


@pytest.fixture
def served_site(tmp_path):
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "altcms.settings.production",
        "SECRET_KEY": "slow-clients-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        "REQUEST_LOG_LEVEL": "WARNING",
    }
    subprocess.run(  # noqa: S603 - the cache table /healthz checks
        [sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "altcms/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                healthz(port, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_twenty_slow_bodies_do_not_stall_the_health_check(served_site):
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            connection = socket.create_connection(("127.0.0.1", served_site))
            connection.sendall(
                b"POST /contact/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 100000\r\n\r\nname=a"
            )
            slow.append(connection)
        time.sleep(0.5)  # every slow client is now waiting on the server
        status, seconds = healthz(served_site, timeout=2)
        assert status == 200
        assert seconds < 2
    finally:
        for connection in slow:
            connection.close()
