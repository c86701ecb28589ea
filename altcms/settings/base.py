"""Settings safe for production on their own: DEBUG off, every secret from the environment.

dev.py, test.py and production.py import this module and change only what they must.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set the SECRET_KEY environment variable (or use altcms.settings.dev for local work)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's one public address: every link that leaves the site (emails, feeds, the API,
# citations, admin notifications) is built from it (altcms.http.siteurl). A system check warns while
# it is unset or a placeholder.
SITE_URL = env("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    # Comment engine first, so community's ready() can adjust what it connects.
    "django_comments_xtd",
    "django_comments",
    "altcms",
    "home",
    "modules",
    "blog",
    "community",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "altcms.http.middleware.RequestLogMiddleware",
    "altcms.http.middleware.MalformedRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "altcms.http.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # A first visit in a browser that prefers Japanese (or a reader who chose it) is sent to
    # the /ja/ address before any cache answers for the English one (altcms.http.language).
    "altcms.http.language.LanguageRedirectMiddleware",
    # Anonymous readers are answered from here, before sessions and the database.
    "altcms.caching.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the address: /ja/… is Japanese, every other address English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's routing answered from the shared cache (altcms.caching.routes).
    "altcms.caching.routes.RouteCacheMiddleware",
]

ROOT_URLCONF = "altcms.urls"
WSGI_APPLICATION = "altcms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:5432/name), else a SQLite file in the project.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id at OWASP's parameters (community.accounts.hashers); the others only to read
# passwords stored before, each stored again with the first at its next sign-in.
PASSWORD_HASHERS = [
    "community.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface in English (addresses as they always were) and Japanese (under /ja/); the
# content is written in English only. A reader's choice is kept in Django's language cookie.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as readers see them: "2 December 2026", 2026年12月2日 (altcms/formats).
FORMAT_MODULE_PATH = ["altcms.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# Static files are served by whitenoise, with hashed, compressed names outside dev and tests.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # Django's own, except that documents are stored under a name nobody can guess.
    "default": {"BACKEND": "altcms.ops.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: every message the site sends (its own, allauth's, the discussion's, Wagtail's
# workflow emails) is stored and handed to the task queue (altcms.ops.mail), which delivers it with
# EMAIL_DELIVERY_BACKEND and retries when that fails. EMAIL_BACKEND in the environment names
# the delivery backend: SMTP unless told otherwise; dev and test use the console and locmem.
EMAIL_BACKEND = "altcms.ops.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_MAX_ATTEMPTS = int(env("EMAIL_MAX_ATTEMPTS", "6"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ALT Training Online <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# One shared cache for the page cache, rate limits, the header and footer and Wagtail's own
# lookups: Redis when REDIS_URL is set (django-redis, which treats an unreachable Redis as a
# miss, so an outage slows the site instead of stopping it), else a table in the database (made
# by `manage.py createcachetable`, which must run before `migrate`, as `make serve` does).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "altcms"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "altcms_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# Whole pages for readers who are not signed in (altcms.caching.pages); 0 turns it off.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# Rendered parts shared by every reader, for signed-in readers too (the discussion's comment
# list); keyed on the same content generation. 0 turns them off.
FRAGMENT_CACHE_SECONDS = int(env("FRAGMENT_CACHE_SECONDS", "600"))
# Never cached: the admin, accounts, the discussion's actions and links, the API, documents,
# the language switch; in either language.
PAGE_CACHE_SKIP_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/ja/accounts/",
    "/discussion/",
    "/ja/discussion/",
    "/api/",
    "/documents/",
    "/media/",
    "/healthz",
    "/language/",
)

# A frontend cache (Varnish, deploy/varnish/) in front of the app servers: every change a reader
# can see purges the addresses it makes stale (altcms.caching.purge), through Wagtail's
# frontend-cache backends. (wagtail.contrib.frontend_cache is not installed as an app: its own
# signal handlers would purge a second time, by another rule.) FRONTEND_CACHE_URL is where
# Varnish listens, e.g. http://127.0.0.1:6081; a purge waits at most FRONTEND_CACHE_TIMEOUT.
if env("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "altcms.caching.purge.PurgeBackend",
            "LOCATION": env("FRONTEND_CACHE_URL"),
            "TIMEOUT": float(env("FRONTEND_CACHE_TIMEOUT", "2")),
        }
    }

# Every line carries the request id (altcms.http.middleware); production writes JSON (LOG_FORMAT).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "altcms.http.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "altcms.http.logformat.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", "plain"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "altcms.request": {"level": env("REQUEST_LOG_LEVEL", "INFO")},
    },
}

# Content-Security-Policy (django-csp). The public pages use no inline script or style, no
# third-party script, and frame only the video sites that embeds come from.
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Wagtail 8's admin still starts its chooser and date widgets with inline scripts (one per
# field, different on every page, so no hash can list them), sets inline styles, and previews
# uploads from blob: addresses. It gets its own, looser policy, under ADMIN_URL_PREFIXES only;
# everything else in the admin (no third-party script, no plugins, no framing) stays as strict.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
    }
}
ADMIN_URL_PREFIXES = ("/admin/",)
# Permissions-Policy (django-permissions-policy): no page needs these browser features.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Avatars: no requests to gravatar.com from the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

SITE_ID = 1
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
CSRF_FAILURE_VIEW = "altcms.http.views.csrf_failure"

# Accounts (django-allauth): sign in with email or username; email must be verified.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Say plainly that an email is already registered (the site has no secret membership).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_FORMS = {"login": "community.accounts.forms.LoginForm"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env(
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL", SITE_URL.split("://")[0] if SITE_URL else "https"
)
ACCOUNT_ADAPTER = "community.accounts.adapter.AccountAdapter"
# Failed sign-ins are limited per address and per (address, account), never per account alone,
# so nobody can lock a member out from everywhere (community.accounts). Sign-ins as such are
# limited per address far above allauth's 30 a minute: a training day puts a room of ALTs
# behind one school address, all signing in at once (a password check costs ~0.2 s, and
# failed ones stop at 10 a minute).
ACCOUNT_RATE_LIMITS = {"login": "150/m/ip", "login_failed": "10/m/ip,5/5m/key"}

# Discussion (django-comments-xtd with the community app's comment model and form).
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "community.models.Comment"
COMMENTS_XTD_FORM_CLASS = "community.discussion.forms.CommentForm"
COMMENTS_XTD_MAX_THREAD_LEVEL = int(env("COMMENTS_MAX_THREAD_LEVEL", "3"))
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_THREADED_EMAILS = False  # store first, then send, in the request
COMMENTS_XTD_SALT = b"alt-training-comments"
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "all",
        "allow_flagging": True,
        "allow_feedback": False,
        "show_feedback": False,
    }
}
COMMENT_MAX_LENGTH = 3000
COMMENTS_TIMEOUT = 7 * 24 * 60 * 60  # how long a comment form stays valid
# What carries a discussion ("app_label.model"): module pages, and forum topics (the replies).
DISCUSSION_TARGETS = [
    "modules.modulepage",
    "community.topic",
    "blog.blogpostpage",
    "blog.articlepage",
]
DISCUSSION_PAGE_SIZE = 50  # top-level comments per page of the discussion
DISCUSSION_EDIT_MINUTES = 15  # how long an author may edit their comment
DISCUSSION_RATE_LIMITS = {  # comments (and, separately, topics) per account and per address
    "account": {
        "minute": int(env("DISCUSSION_RATE_PER_MINUTE", "5")),
        "day": int(env("DISCUSSION_RATE_PER_DAY", "50")),
    },
    # An address is often shared (a school, a training day), so it may post more.
    "ip": {
        "minute": int(env("DISCUSSION_IP_RATE_PER_MINUTE", "10")),
        "day": int(env("DISCUSSION_IP_RATE_PER_DAY", "200")),
    },
}
# Confirmation emails to one address (so the form cannot be used to mail strangers).
DISCUSSION_CONFIRMATION_LIMITS = {"hour": 3, "day": 10}
# How many proxies (load balancer, CDN) sit in front of the app; their X-Forwarded-For
# entries are trusted to find a reader's address for rate limits. 0: use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
DISCUSSION_FIRST_COMMENT_MAX_LINKS = 2
DISCUSSION_NEW_ACCOUNT_DAYS = 7  # an account this young has its first comment held
DISCUSSION_CONFIRM_DAYS = 14  # how long an emailed confirmation link works
# Contact-form messages per account and per address.
CONTACT_RATE_LIMITS = {
    "account": {"minute": 3, "day": 20},
    "ip": {
        "minute": int(env("CONTACT_IP_RATE_PER_MINUTE", "5")),
        "day": int(env("CONTACT_IP_RATE_PER_DAY", "50")),
    },
}
ARTICLE_SUBMISSIONS_PER_DAY = 5  # article submissions one member may send in a day

# Django sets 1,000 fields per form; a module with many sections and readings needs more.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "ALT Training Online"
# Each editor picks the admin's language in their account settings; the content stays English.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("en", "English")]
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", SITE_URL or "http://127.0.0.1:8000")
# Search is one setting. By default the database backend (PostgreSQL full text, SQLite FTS5), with
# search/backend.py making PostgreSQL match through its GIN index; or one of Wagtail's
# Elasticsearch/OpenSearch backends, named by SEARCH_BACKEND, at SEARCH_URLS.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": env("SEARCH_BACKEND", "search.backend"),
        "INDEX_PREFIX": "altcms_",
    },
}
if env("SEARCH_URLS"):
    WAGTAILSEARCH_BACKENDS["default"]["URLS"] = env_list("SEARCH_URLS")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are only ever served through Wagtail's document view, which checks the collection's
# view restrictions (a submitted article's PDF stays private); never from MEDIA_URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Django's tasks API (django-tasks). "default" is what Wagtail uses for its own bookkeeping
# (search index, references), run at once; "background" holds slow work that must survive a
# fault, email first, and the frontend cache's second purges and retries ("cache"): a
# database-backed queue that `manage.py db_worker --backend background` works through (`make
# serve` starts one beside gunicorn).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["email", "cache"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "120/minute")},
}

# Where seed_site reads the site's content from, and whether it may create demo accounts.
SEED_CONTENT_DIR = BASE_DIR / "content"
SEED_DEMO_USERS = False
