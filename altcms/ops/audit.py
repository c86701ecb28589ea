"""Audit the pinned dependencies for known vulnerabilities (`make audit`, part of `make test`).

    python -m altcms.ops.audit [--osv-url URL] [requirements files…]

pip-audit checks every pinned package of requirements-dev.txt (which holds requirements.txt)
against the OSV vulnerability database and this exits 1 when any has a known vulnerability,
naming each one and the versions that fix it. An advisory that does not apply to this site can
be listed, with the reason, in `audit-ignore.txt` (one ID per line, `#` for comments).

The database must be reachable: where it is not (a machine without internet), the audit says
so and is skipped, exit 0, unless AUDIT_REQUIRED=1, when that is a failure too (exit 2). OSV_URL
points it at another OSV-compatible server.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OSV_URL = "https://api.osv.dev/v1/query"
IGNORE_FILE = ROOT / "audit-ignore.txt"


def reachable(osv_url, timeout=10):
    """None when the OSV server answers a query, else why not."""
    probe = json.dumps({"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "0"})
    request = urllib.request.Request(  # noqa: S310 - an http(s) URL given by the operator
        osv_url, data=probe.encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            json.load(response)
    except (OSError, ValueError) as error:  # URLError, HTTPError and timeouts are OSErrors
        return str(getattr(error, "reason", error))
    return None


def ignored_ids(path=None):
    path = path or IGNORE_FILE
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def audit(requirements, osv_url, cache_dir):
    """pip-audit's findings: [(package, version, "id / aliases", fix versions)]."""
    with tempfile.TemporaryDirectory() as workdir:
        report = Path(workdir) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--vulnerability-service", "osv"]
        command += ["--osv-url", osv_url, "--cache-dir", str(cache_dir)]
        command += ["--no-deps", "--disable-pip", "--progress-spinner", "off"]
        command += ["--format", "json", "--output", str(report)]
        for path in requirements:
            command += ["--requirement", str(path)]
        for vulnerability in ignored_ids():
            command += ["--ignore-vuln", vulnerability]
        finished = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
        if not report.exists():
            raise RuntimeError(finished.stderr.strip().splitlines()[-1:] or ["pip-audit failed"])
        found = json.loads(report.read_text())
    return [
        (
            dependency["name"],
            dependency["version"],
            " / ".join([vuln["id"], *vuln.get("aliases", [])]),
            vuln.get("fix_versions", []),
        )
        for dependency in found.get("dependencies", [])
        for vuln in dependency.get("vulns", [])
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("requirements", nargs="*", default=[ROOT / "requirements-dev.txt"])
    parser.add_argument("--osv-url", default=os.environ.get("OSV_URL", DEFAULT_OSV_URL))
    parser.add_argument("--cache-dir", default=ROOT / ".audit-cache")
    args = parser.parse_args(argv)

    problem = reachable(args.osv_url)
    if problem is not None:
        required = os.environ.get("AUDIT_REQUIRED") == "1"
        word = "FAILED" if required else "SKIPPED"
        print(
            f"Dependency audit {word}: the vulnerability database at {args.osv_url} could not be "
            f"reached ({problem}). Run `make audit` where it can be.",
            file=sys.stderr,
        )
        return 2 if required else 0
    try:
        findings = audit(args.requirements, args.osv_url, args.cache_dir)
    except RuntimeError as error:
        print(f"Dependency audit FAILED: pip-audit did not finish: {error}", file=sys.stderr)
        return 2
    if not findings:
        print(f"Dependency audit: no known vulnerabilities ({args.osv_url}).")
        return 0
    print("Dependency audit FAILED: known vulnerabilities in pinned packages:", file=sys.stderr)
    for name, version, vulnerability, fixes in findings:
        fixed = ", ".join(fixes) if fixes else "no fixed version yet"
        print(f"  {name} {version}: {vulnerability} (fixed in: {fixed})", file=sys.stderr)
    print(
        "Upgrade them (pip-compile --upgrade-package NAME), or list an advisory that does not "
        f"apply, with the reason, in {IGNORE_FILE.name}.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
