"""Settings shared by every environment; environment files override only what differs."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"SIMPUL_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs page (Swagger UI) from our static files, not a CDN
    "simpul.core",
    "simpul.regions",
    "simpul.organizations",
    "simpul.accounts",
    "simpul.api",
    "simpul.standards",
    "simpul.datasets",
    "simpul.ingest",
    "simpul.assessment",
    "simpul.followups",
    "simpul.reconcile",
    "simpul.catalog",
    "simpul.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "simpul.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simpul.accounts.middleware.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "simpul.core.context_processors.navigation",
                "simpul.reconcile.context_processors.notifications",
            ],
        },
    },
]

# SQLite (WAL, immediate transactions) is the embedded default;
# SIMPUL_DATABASE_URL=postgres://... in production.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'simpul.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open like PostgreSQL's: a new SQLite connection re-reads the schema and starts with a cold page
    # cache, which was a good part of a small API call's time (docs/performance.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    # cache_size: 32 MB of pages per connection (SQLite's default is 2 MB), so the observation table's
    # indexes stay in memory through a large upload and between API calls.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-32768;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["simpul.accounts.backends.DemoAwareModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "simpul@localhost")

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Demo accounts exist only for `make demo`; the auth backend refuses them whenever DEBUG is off.
SIMPUL_DEMO_ENABLED = env_bool("DEMO", default=False)

SIMPUL_SITE_NAME = env("SITE_NAME", "Simpul")
SIMPUL_HOME_REGION = env("HOME_REGION", "18")
# Largest data file (CSV/XLSX) an upload may send, in MB; XLSX may unpack to 10x this.
SIMPUL_MAX_UPLOAD_MB = int(env("MAX_UPLOAD_MB", "50"))
# An upload in progress that has not moved for this many minutes was killed and may be retried.
SIMPUL_INGEST_STALE_MINUTES = int(env("INGEST_STALE_MINUTES", "15"))
# `manage.py discard_uploads` deletes the kept bytes of uploads left unfinished for this many days.
SIMPUL_INGEST_KEEP_DAYS = int(env("INGEST_KEEP_DAYS", "14"))
# Django's cache holds the API rate limiter's counts. With several web processes, point SIMPUL_CACHE_URL at
# Redis (redis://host:6379/0) so they share one count; unset, each process keeps (and counts) its own.
CACHE_URL = env("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Native API requests per minute (simpul/api/ratelimit.py): anonymous per IP, per token or signed-in user.
SIMPUL_API_RATE_ANON = int(env("API_RATE_ANON", "120"))
SIMPUL_API_RATE_TOKEN = int(env("API_RATE_TOKEN", "1200"))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # Alpine.js evaluates its x-* expressions; its standard build needs unsafe-eval.
        "script-src": ["'self'", "'unsafe-eval'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
