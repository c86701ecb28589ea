"""Settings for the benchmarks: production's base settings with DEBUG off, against the bench
database (DATABASE_URL, by default a PostgreSQL database of its own, `altbench`)."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/altbench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from altcms.settings.base import *  # noqa: E402,F403

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "altcms.http.middleware.RequestIdFilter"}},
    "root": {"level": "WARNING"},
}
if os.environ.get("BENCH_REQUEST_LOG"):  # under gunicorn: the request log, as in production
    LOGGING["handlers"] = {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}}
    LOGGING["loggers"] = {"altcms.request": {"handlers": ["console"], "level": "INFO"}}
ROOT_URLCONF = "bench.urls"
# Redis when REDIS_URL is set (as in production); in-process runs use local memory. No page
# cache unless a benchmark turns it on: in-process timings measure rendering.
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
