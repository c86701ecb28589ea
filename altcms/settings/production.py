"""Production: base settings plus hardening. Everything secret comes from the environment.

`manage.py check --deploy --fail-level WARNING` passes with these settings (a test runs it).
"""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = False

# HTTPS only: behind a proxy that terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# `make serve` on 127.0.0.1 answers plain HTTP; a load balancer's health check may too.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
# SAMEORIGIN, not DENY: Wagtail's page editor shows its live preview in a same-origin frame.
# CSP's frame-ancestors 'self' says the same to browsers that read it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
LOG_FORMAT = env("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

# Uploaded files: on disk under MEDIA_ROOT by default, or in an S3-compatible bucket
# (django-storages) when AWS_STORAGE_BUCKET_NAME is set. Credentials come from the usual AWS_*
# variables or the machine's role.
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {  # noqa: F405
        # django-storages' S3Storage; documents under names nobody can guess (altcms.ops.storage).
        "BACKEND": "altcms.ops.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "max-age=86400"},
        },
    }
    # Images then come from the bucket's address: the security policies must allow it.
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    MEDIA_ORIGIN = (
        f"https://{env('AWS_S3_CUSTOM_DOMAIN')}"
        if env("AWS_S3_CUSTOM_DOMAIN")
        else env("AWS_S3_ENDPOINT_URL", f"https://{bucket}.s3.amazonaws.com")
    )
    for policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):  # noqa: F405
        policy["DIRECTIVES"]["img-src"] = [*policy["DIRECTIVES"]["img-src"], MEDIA_ORIGIN]
