"""Questor's settings: one module, driven by the environment. See docs/configuration.md."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from questor.lib.env import database_config, email_config, env_bool, env_list, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("QUESTOR_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = os.environ.get("QUESTOR_SITE_NAME", "Questor")
SITE_TAGLINE = os.environ.get(
    "QUESTOR_SITE_TAGLINE", "Questions and answers on leadership and management"
)
# The site's address, for links in email sent by the worker (no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# The Stack Exchange API (/2.3/, docs/se-api.md): the name clients pass as `site=`
# (default: the site's name in lower-case letters and digits), and more names accepted.
SEAPI_SITE_PARAMETER = os.environ.get("SEAPI_SITE_PARAMETER", "")
SEAPI_SITE_ALIASES = env_list("SEAPI_SITE_ALIASES", [])
# Load the demo community into an empty database (`make run` turns it on).
QUESTOR_DEMO = env_bool("QUESTOR_DEMO", False)
# Unverified users may post unless this is on.
REQUIRE_VERIFIED_EMAIL = env_bool("REQUIRE_VERIFIED_EMAIL", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "questor.core",
    "questor.accounts",
    "questor.qa",
    "questor.search",
    "questor.moderation",
    "questor.notifications",
    "questor.importers",
    "questor.spam",
    "questor.seapi",
    "questor.api",
]

MIDDLEWARE = [
    # First: accepts a proxied Stack Exchange client's Host for /2.x/ only, and answers
    # every error there as JSON (docs/se-api.md).
    "questor.seapi.middleware.StackExchangeApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sessions, CSRF, auth and messages: they still run when a page comes from cache.
    "questor.core.pagecache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "questor.lib.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "questor.urls"
WSGI_APPLICATION = "questor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "questor" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "questor.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'questor.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "questor",
        }
    }
else:
    # Never per-process memory: rate limits and invalidation must hold across the
    # several worker processes `make run` starts. The table is made by a migration.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "questor_cache",
            "KEY_PREFIX": "questor",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["questor.accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed log-ins allowed per account and per IP address in the window below.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", str(15 * 60)))

# Rate limits on every write (docs/spam.md). RATE_LIMITS_ENABLED=0 turns them all off (load
# tests). "per_user" maps a minimum reputation to the rates from there up (the highest tier
# reached applies; "" means no limit); "per_ip" applies to everyone at one address.
# Moderators are exempt. The environment variable RATE_LIMITS (JSON) replaces entries.
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
RATE_LIMITS: dict[str, dict[str, Any]] = {
    "ask": {"per_user": {1: "1/2m, 10/1d", 200: "1/1m, 30/1d", 1000: "6/1m"}, "per_ip": "20/1h"},
    "answer": {"per_user": {1: "1/30s, 30/1d", 200: "1/10s", 1000: "6/1m"}, "per_ip": "60/1h"},
    "comment": {"per_user": {1: "1/15s, 60/1d", 200: "1/5s"}, "per_ip": "120/1h"},
    "edit": {"per_user": {1: "3/5m, 30/1d", 200: "10/5m", 1000: ""}, "per_ip": "120/1h"},
    "vote": {"per_user": {1: "10/1m, 40/1d", 1000: "30/1m, 80/1d"}, "per_ip": "300/1h"},
    "flag": {"per_user": {1: "3/1m, 10/1d", 1000: "10/1m, 100/1d"}, "per_ip": "60/1h"},
    "signup": {"per_ip": "3/1h, 10/1d"},
    "login": {"per_ip": "20/5m"},
}
RATE_LIMITS.update(json.loads(os.environ.get("RATE_LIMITS") or "{}"))
# Links allowed in one post or comment, by minimum reputation (None: no limit).
LINK_LIMITS: dict[int, int | None] = {1: 2, 50: 5, 200: None}

# The spam check (questor/spam, docs/spam.md): posts by members below this reputation are
# screened, and held for a moderator when their score reaches SPAM_HOLD_SCORE.
SPAM_CHECK_ENABLED = env_bool("SPAM_CHECK_ENABLED", True)  # 0: off (load tests)
SPAM_CHECK_REPUTATION = int(os.environ.get("SPAM_CHECK_REPUTATION", "500"))
SPAM_HOLD_SCORE = float(os.environ.get("SPAM_HOLD_SCORE", "1.0"))
# "New account" for the link signals: below this reputation.
SPAM_NEW_ACCOUNT_REPUTATION = int(os.environ.get("SPAM_NEW_ACCOUNT_REPUTATION", "50"))
EMAIL_VERIFICATION_MAX_AGE = 7 * 24 * 3600

globals().update(email_config(os.environ.get("EMAIL_URL") or "console://"))
# A PEM file of CAs to verify the SMTP server with, besides the system's (a private relay).
EMAIL_CA_FILE = os.environ.get("EMAIL_CA_FILE", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Questor <questor@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# SQLite writers waiting for the write lock try again every 0.25 ms instead of SQLite's
# growing sleeps (1, 2, 5, 10... ms), when the SQLite extension of questor/search can be
# loaded (docs/benchmarks.md, "The full round"). 0: SQLite's own busy handler.
SQLITE_POLL_LOCKS = env_bool("SQLITE_POLL_LOCKS", True)
# Each server process flushes buffered question views from a thread (off in tests).
VIEW_COUNT_FLUSH_THREAD = env_bool("VIEW_COUNT_FLUSH_THREAD", True)
# The anonymous page cache (questor/core/pagecache.py): how long a page for visitors who
# are not logged in may be kept in the shared cache; every write invalidates it. 0: off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))

# Failed tasks (email sending) are retried this many times, waiting longer each time.
TASK_MAX_ATTEMPTS = 5
TASK_RETRY_BASE_SECONDS = 30
# The worker deletes the results of tasks that succeeded longer ago than this.
TASK_RESULTS_KEEP_DAYS = int(os.environ.get("TASK_RESULTS_KEEP_DAYS", "14"))
# How often the worker checks the badges of the members whose changes are waiting, all in
# one run (questor/qa/badges.py): the longest a badge waits after the change that earns it.
BADGE_CHECK_DELAY_SECONDS = float(os.environ.get("BADGE_CHECK_DELAY_SECONDS", "1"))

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
# The pages are written in English and ship no translations: without the translation
# machinery every string and number a template renders costs less (about a tenth of a
# question page).
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "questor" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "questor.core.storage.StaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Security headers; HTTPS-only cookies where the site is served over HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SESSION_COOKIE_SECURE = env_bool("HTTPS", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"questor": {"level": os.environ.get("LOG_LEVEL", "INFO")}},
}
