"""Local development: DEBUG on, console email, a throwaway secret. Never used in production."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
# `make run` passes SITE_URL for the port it serves on (make run PORT=8101).
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from .base import *  # noqa: E402,F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Emails are still stored and queued (altcms.ops.mail), then printed to the console at once.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
TASKS["background"]["BACKEND"] = env(  # noqa: F405
    "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SEED_DEMO_USERS = True
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405
# Serve static files straight from the app and project folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# One process (runserver): a local-memory cache behaves as the shared one would.
if not env("REDIS_URL"):  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
