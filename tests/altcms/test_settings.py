"""Settings come from the environment, and base.py is safe for production on its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def settings_value(module, expression, **env):
    """Import a settings module in a fresh interpreter with exactly `env`, and print a value."""
    environment = {"PATH": os.environ["PATH"], **env}
    result = subprocess.run(
        [sys.executable, "-c", f"import {module} as s; print(repr(({expression})))"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_base_refuses_to_start_without_a_secret_key():
    result = settings_value("altcms.settings.base", "s.DEBUG")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_base_is_production_safe_by_default():
    result = settings_value(
        "altcms.settings.base",
        "s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.EMAIL_DELIVERY_BACKEND",
        SECRET_KEY="x" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(False, [], 'django.db.backends.sqlite3', 'django.core.mail.backends.smtp.EmailBackend')"
    )


def test_without_database_url_the_database_is_a_sqlite_file_in_the_project():
    result = settings_value(
        "altcms.settings.base", "s.DATABASES['default']['NAME']", SECRET_KEY="x"
    )
    assert result.stdout.strip() == repr(str(ROOT / "db.sqlite3"))


def test_a_postgres_database_url_selects_postgresql():
    result = settings_value(
        "altcms.settings.base",
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        " s.DATABASES['default']['NAME']",
        SECRET_KEY="x",
        DATABASE_URL="postgres://alt:pw@db.example:5432/altcms",
    )
    assert result.stdout.strip() == "('django.db.backends.postgresql', 'db.example', 'altcms')"


def test_hosts_and_email_come_from_the_environment():
    result = settings_value(
        "altcms.settings.base",
        "s.ALLOWED_HOSTS, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL",
        SECRET_KEY="x",
        ALLOWED_HOSTS="alt.example.org, www.alt.example.org",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="ALT Training <hello@alt.example.org>",
    )
    assert result.stdout.strip() == (
        "(['alt.example.org', 'www.alt.example.org'], 'smtp.example.org', 587, True,"
        " 'ALT Training <hello@alt.example.org>')"
    )


@pytest.mark.parametrize("module", ["altcms.settings.production"])
def test_production_settings_turn_on_the_https_hardening(module):
    result = settings_value(
        module,
        "s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0",
        SECRET_KEY="x",
    )
    assert result.stdout.strip() == "(False, True, True, True)"


def test_the_search_backend_is_one_setting():
    default = settings_value(
        "altcms.settings.base", "s.WAGTAILSEARCH_BACKENDS['default']", SECRET_KEY="x" * 50
    )
    assert default.returncode == 0, default.stderr
    assert "'BACKEND': 'search.backend'" in default.stdout
    assert "URLS" not in default.stdout
    elastic = settings_value(
        "altcms.settings.base",
        "s.WAGTAILSEARCH_BACKENDS['default']",
        SECRET_KEY="x" * 50,
        SEARCH_BACKEND="wagtail.search.backends.elasticsearch8",
        SEARCH_URLS="https://search-1.example.org:9200,https://search-2.example.org:9200",
    )
    assert elastic.returncode == 0, elastic.stderr
    assert eval(elastic.stdout) == {  # noqa: S307 - our own repr of a settings dict
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "INDEX_PREFIX": "altcms_",
        "URLS": ["https://search-1.example.org:9200", "https://search-2.example.org:9200"],
    }
