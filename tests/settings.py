"""Settings for the test suite: production settings with throwaway test values.

``DATABASE_URL`` from the environment is honoured, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("MICROCRED_DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("MICROCRED_KEY_ENCRYPTION_KEY", "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=")
os.environ.setdefault("MICROCRED_PUBLIC_URL", "http://testserver")
os.environ.setdefault("MICROCRED_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("MICROCRED_DATA_DIR", os.path.join(tempfile.gettempdir(), "microcred-tests"))
os.environ.setdefault("EMAIL_URL", "locmem://")

from microcred.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses argon2
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
