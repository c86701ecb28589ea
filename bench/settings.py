"""Settings for the benchmarks: production's base settings with DEBUG off, against the bench
database (DATABASE_URL, by default a PostgreSQL database of its own, `altbench`)."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/altbench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from altcms.settings.base import *  # noqa: E402,F403

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
