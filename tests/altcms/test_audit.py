"""The dependency audit in `make test` (altcms/ops/audit.py, pip-audit against OSV): it fails on a
known vulnerability in a pinned package and names it, passes when there is none, honours the
ignore list, and says plainly when the database cannot be reached.

The OSV server here is a stub on loopback that answers as OSV does (the real one is out of
reach of this machine), so what is tested is everything between the pins and the verdict."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from altcms.ops import audit

REQUIREMENTS = Path(audit.ROOT) / "requirements-dev.txt"


def pinned(name):
    match = re.search(rf"^{name}==(\S+)$", REQUIREMENTS.read_text(), re.MULTILINE)
    return match.group(1)


class StubOSV(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the http.server interface
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = (query["package"]["name"], query["version"])
        self.server.asked.append(key)
        vulns = self.server.vulnerable.get(key, [])
        body = json.dumps({"vulns": vulns} if vulns else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def osv():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubOSV)
    server.vulnerable, server.asked = {}, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}/v1/query"
    yield server
    server.shutdown()
    server.server_close()


def advisory(name, fixed):
    return {
        "id": "GHSA-test-0001",
        "summary": "A made-up advisory for the test",
        "aliases": ["CVE-2099-0001"],
        "affected": [
            {
                "package": {"name": name, "ecosystem": "PyPI"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}
                ],
            }
        ],
    }


def run(osv, tmp_path, capsys, *extra):
    code = audit.main(["--osv-url", osv.url, "--cache-dir", str(tmp_path / "cache"), *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_known_vulnerability_in_a_pinned_package_fails_and_is_named(osv, tmp_path, capsys):
    version = pinned("django")
    osv.vulnerable[("django", version)] = [advisory("django", "99.0")]
    code, output = run(osv, tmp_path, capsys)
    assert code == 1
    line = next(line for line in output.splitlines() if line.strip().startswith("django "))
    assert line.strip().startswith(f"django {version}: ")
    assert "GHSA-test-0001" in line and "CVE-2099-0001" in line and "(fixed in: 99.0)" in line
    # Every pin of requirements-dev.txt was asked about, the site's and the tools'.
    asked = {name for name, _version in osv.asked}
    assert {"django", "wagtail", "gunicorn", "nh3", "pytest"} <= asked


def test_no_known_vulnerability_passes(osv, tmp_path, capsys):
    code, output = run(osv, tmp_path, capsys)
    assert code == 0
    assert "no known vulnerabilities" in output


def test_an_advisory_listed_as_not_applying_is_ignored(osv, tmp_path, capsys, monkeypatch):
    osv.vulnerable[("wagtail", pinned("wagtail"))] = [advisory("wagtail", "99.0")]
    ignore = tmp_path / "audit-ignore.txt"
    ignore.write_text("GHSA-test-0001  # only affects a feature this site does not use\n")
    monkeypatch.setattr(audit, "IGNORE_FILE", ignore)
    code, output = run(osv, tmp_path, capsys)
    assert code == 0, output


def test_an_unreachable_database_is_reported_and_fails_where_required(
    tmp_path, capsys, monkeypatch
):
    args = ["--osv-url", "http://127.0.0.1:9/v1/query", "--cache-dir", str(tmp_path)]
    assert audit.main(args) == 0
    assert "Dependency audit SKIPPED" in capsys.readouterr().err
    monkeypatch.setenv("AUDIT_REQUIRED", "1")
    assert audit.main(args) == 2
    assert "Dependency audit FAILED" in capsys.readouterr().err
