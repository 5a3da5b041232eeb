"""Microcred settings, read from the environment (see docs/operations.md for the full list)."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from microcred.config import env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.raw("MICROCRED_DATA_DIR") or "var").resolve()

DEBUG = env.boolean("MICROCRED_DEBUG", default=False)


def _dev_secret(file_name: str, make: Any) -> str:
    """In debug only: a secret kept in the data directory, made on first use (never in the repository)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / file_name
    if not path.exists():
        path.write_text(make(), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = env.raw("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when MICROCRED_DEBUG is off.")
    SECRET_KEY = _dev_secret("dev-secret-key", lambda: secrets.token_urlsafe(50))
elif len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")

_kek = env.raw("MICROCRED_KEY_ENCRYPTION_KEY") or ""
if not _kek:
    if not DEBUG:
        raise ImproperlyConfigured(
            "MICROCRED_KEY_ENCRYPTION_KEY is required when MICROCRED_DEBUG is off "
            "(32 random bytes, URL-safe base64; `microcred generate_kek` prints one)."
        )
    _kek = _dev_secret(
        "dev-key-encryption-key", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
KEY_ENCRYPTION_KEY = env.key_encryption_key("MICROCRED_KEY_ENCRYPTION_KEY", _kek)

PUBLIC_URL = env.public_url("MICROCRED_PUBLIC_URL", default="http://127.0.0.1:8000")
_public_host = urlsplit(PUBLIC_URL).hostname or "127.0.0.1"
ALLOWED_HOSTS = sorted(
    {_public_host, *[h.strip() for h in (env.raw("MICROCRED_ALLOWED_HOSTS") or "").split(",") if h.strip()]}
    | ({"127.0.0.1", "localhost", "[::1]", "testserver"} if DEBUG else set())
)
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from our own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "microcred.accounts",
    "microcred.institutions",
    "microcred.catalog",
    "microcred.governance",
    "microcred.learners",
    "microcred.signing",
    "microcred.awards",
    "microcred.publishing",
    "microcred.records",
    "microcred.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "microcred.web.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "microcred.config.urls"
WSGI_APPLICATION = "microcred.config.wsgi.application"
ASGI_APPLICATION = "microcred.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "microcred.web.context_processors.microcred",
            ],
        },
    }
]

DATABASE_URL = env.raw("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'microcred.sqlite3'}"
try:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL this build supports: {exc}") from exc
if _database["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured(
        "DATABASE_URL must point at SQLite (sqlite:///path) or PostgreSQL (postgres://...)."
    )
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    if _database["NAME"] and _database["NAME"] != ":memory:":
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["microcred.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

_email = env.email_settings("EMAIL_URL", env.raw("EMAIL_URL") or "console://")
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
DEFAULT_FROM_EMAIL = "Microcred <no-reply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
globals().update(_email)

TASKS = {
    "default": {
        "BACKEND": env.choice(
            "MICROCRED_TASK_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend",
            choices=(
                "django_tasks.backends.immediate.ImmediateBackend",
                "django_tasks_db.DatabaseBackend",
                "django_tasks.backends.dummy.DummyBackend",
            ),
        ),
        "QUEUES": ["default", "email", "awards"],
    }
}

# Security headers. The public origin decides whether cookies need HTTPS.
_https = PUBLIC_URL.startswith("https://")
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = _https and env.boolean("MICROCRED_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.boolean("MICROCRED_BEHIND_PROXY", False) else None
)
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https and env.boolean("MICROCRED_HSTS_PRELOAD", default=False)
# Joining the browsers' HSTS preload list binds the whole domain for years: the institution decides, so the
# deployment check does not insist on it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice(
            "MICROCRED_LOG_LEVEL", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}

# How long an e-mail verification or invitation link stays valid, in seconds.
MICROCRED_EMAIL_LINK_MAX_AGE = 3 * 24 * 3600

# A previewed CSV import (at most 5 MB) comes back as a form field to be confirmed: leave room for it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
