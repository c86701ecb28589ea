"""Fast, deterministic settings for the test suite (DATABASE_URL still chooses the database)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("SITE_URL", "http://testserver")

from .base import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Emails go through the queue (altcms.ops.mail) and are delivered to Django's locmem outbox.
# (Django's test runner sets EMAIL_BACKEND to locmem itself; tests/conftest.py puts the queue
# back in front of it.)
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["email", "cache"],
    },
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "altcms.http.middleware.RequestIdFilter"}},
}
# Serve static files straight from the app and project folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Query counts and rendering are measured uncached; tests/altcms/test_pagecache.py turns the
# page cache on where it is the subject.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0
