"""Production hardening: Django's deploy checks, the security headers, the health check, the
error pages, the request log and how uploaded files are served."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

import pytest

from altcms.http.logformat import JsonFormatter
from altcms.urls import urlpatterns as site_urls
from community.models import Comment
from tests.helpers import form_data

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "altcms.settings.production",
    "SECRET_KEY": "k2Vq9#xT7pL!wZ4rN8sB3mH6jD1fG5cY0aE_uR-oI&tK=vM@q7Wn2Zp5Xc8Lb4Hj",
    "ALLOWED_HOSTS": "alt-training.example.org",
    "SITE_URL": "https://alt-training.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def deploy_check(**env):
    environment = {"PATH": os.environ["PATH"], **PRODUCTION_ENV, **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks():
    result = deploy_check()
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_when_a_protection_is_switched_off():
    result = deploy_check(SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_media_go_to_object_storage_when_a_bucket_is_configured():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.files.storage import storages; from django.urls import resolve; "
        "from django.urls.exceptions import Resolver404\n"
        "media = storages['default']; print(type(media).__name__, media.bucket_name)\n"
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])\n"
        "try: resolve('/media/x.png'); print('served here')\n"
        "except Resolver404: print('not served here')"
    )
    environment = {
        "PATH": os.environ["PATH"],
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "alt-media",
        "AWS_S3_REGION_NAME": "ap-northeast-1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "S3Storage alt-media",
        "https://alt-media.s3.amazonaws.com",  # images from the bucket pass the policy
        "not served here",
    ]
    on_disk = subprocess.run(
        [sys.executable, "-c", code.replace("media.bucket_name", "''")],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **PRODUCTION_ENV},
        capture_output=True,
        text=True,
    )
    assert on_disk.stdout.split("\n")[:3] == ["FileSystemStorage ", "data:", "served here"]


def test_public_pages_carry_a_strict_policy(client, module):
    response = client.get(module.url)
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_admin_gets_its_own_policy_and_the_site_never_does(admin_client, module):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    # A signed-in editor reading the site is under the site's strict policy.
    assert "unsafe-inline" not in admin_client.get(module.url)["Content-Security-Policy"]


def test_health_check_reports_database_and_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_fails_when_the_cache_is_unreachable(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_health_check_fails_when_the_database_is_unreachable(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("altcms.http.views.connections", {"default": Unreachable()})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


def _raises(error):
    def view(request):
        raise error

    return view


handler500 = "altcms.http.views.server_error"
urlpatterns = [
    path("db-down/", _raises(OperationalError("server closed the connection unexpectedly"))),
    path("bug/", _raises(ValueError("a bug"))),
    *site_urls,
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_lost_database_gives_the_designed_503_page(db, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/db-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "back in a moment" in page and "Traceback" not in page
    assert "server closed the connection" not in page
    # The error is logged with the id the reader's response carries.
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.request_id == response["X-Request-ID"]


@override_settings(ROOT_URLCONF=__name__)
def test_any_other_error_gives_the_500_page(db):
    response = Client(raise_request_exception=False).get("/bug/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "a bug" not in response.content.decode()


def test_every_request_is_logged_with_its_id_status_and_time(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="altcms.request"):
        response = client.get("/modules/", HTTP_X_REQUEST_ID="lb-0123456789abcdef")
    assert response["X-Request-ID"] == "lb-0123456789abcdef"
    (record,) = [r for r in caplog.records if r.name == "altcms.request"]
    assert record.request_id == "lb-0123456789abcdef"
    assert (record.method, record.path, record.status) == ("GET", "/modules/", 200)
    assert record.duration_ms > 0
    line = json.loads(JsonFormatter().format(record))
    assert line["message"].startswith("GET /modules/ 200 ") and line["status"] == 200
    assert line["request_id"] == "lb-0123456789abcdef" and line["level"] == "INFO"


def test_a_malformed_request_id_is_replaced(client, db):
    response = client.get("/modules/", HTTP_X_REQUEST_ID="<script>\n")
    assert response["X-Request-ID"] != "<script>\n"
    assert len(response["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_traceback_of_an_error():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed" and "RuntimeError: boom" in line["exc"]


@pytest.fixture
def media_root(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\nrest")
    (tmp_path / "images" / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (tmp_path / "page.html").write_text("<script>alert(1)</script>")
    return tmp_path


def test_uploaded_images_are_shown_inline(client, media_root):
    response = client.get("/media/images/photo.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize("name", ["images/drawing.svg", "page.html"])
def test_uploaded_svg_and_html_are_downloads_never_pages(client, media_root, name):
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["../secret.txt", "..%2Fsecret.txt", "nothing.png", "images"])
def test_media_outside_the_folder_or_missing_is_a_404(client, media_root, name):
    (media_root.parent / "secret.txt").write_text("secret")
    assert client.get(f"/media/{name}").status_code == 404


def test_members_need_a_csrf_token_to_post_a_comment(module, alt):
    member = Client(enforce_csrf_checks=True)
    member.force_login(alt)
    response = member.post("/discussion/post/", form_data(module, comment="Forged"))
    assert response.status_code == 400  # the site's CSRF failure page
    assert not Comment.objects.filter(comment="Forged").exists()


def test_anonymous_readers_post_from_a_cached_form_without_a_token(module):
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(
        "/discussion/post/", form_data(module, comment="From the cached page", name="Ana")
    )
    assert response.status_code == 302
    assert response["Location"] == "/discussion/check-your-email/"
