"""Typed readers for environment settings.

Every setting can also be given as ``NAME_FILE`` pointing at a file that holds the value (for secrets mounted
by an orchestrator). A bad value stops start-up with :class:`ImproperlyConfigured` naming the variable.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def raw(name: str, environ: dict[str, str] | None = None) -> str | None:
    """The value of ``name``, or of the file named by ``name_FILE``; ``None`` when neither is set."""
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    assert environ is not None
    file_name = environ.get(f"{name}_FILE")
    value = environ.get(name)
    if file_name and value is not None:
        raise ImproperlyConfigured(f"{name} and {name}_FILE are both set; set only one of them.")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name!r}: {exc.strerror}.") from exc
    return value


def boolean(name: str, default: bool, environ: dict[str, str] | None = None) -> bool:
    value = raw(name, environ)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def choice(name: str, default: str, choices: tuple[str, ...], environ: dict[str, str] | None = None) -> str:
    """One of ``choices`` (compared exactly)."""
    value = raw(name, environ)
    if value is None or value == "":
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def public_url(name: str, default: str, environ: dict[str, str] | None = None) -> str:
    """An origin such as ``https://badges.example.edu`` (no path, query or trailing slash)."""
    value = (raw(name, environ) or default).strip()
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name}={value!r} must be an http(s) origin such as https://badges.example.edu."
        )
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={value!r} must be an origin only, without a path, query or fragment."
        )
    return f"{parts.scheme}://{parts.netloc}"


URLSAFE_BASE64 = re.compile(r"[A-Za-z0-9_-]*={0,2}")


def key_encryption_key(name: str, value: str) -> bytes:
    """Decode a 32-byte key given as URL-safe base64 (``microcred generate_kek`` prints one)."""
    value = value.strip()
    # The decoder skips characters outside the alphabet: a mistyped key would decode to other bytes.
    if not URLSAFE_BASE64.fullmatch(value):
        raise ImproperlyConfigured(f"{name} is not URL-safe base64 (letters, digits, - and _).")
    try:
        key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} is not URL-safe base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must decode to 32 bytes; it decodes to {len(key)}.")
    return key


def email_settings(name: str, value: str) -> dict[str, Any]:
    """Translate an e-mail URL into Django settings.

    ``console://``, ``locmem://``, ``dummy://``, ``file:///var/mail/microcred`` or
    ``smtp://user:password@host:587?tls=1`` (``smtps://`` for implicit TLS; ``from=`` sets the sender).
    """
    parts = urlsplit(value)
    if parts.password:  # error messages repeat the URL: never with its password
        value = value.replace(f":{parts.password}@", ":***@", 1)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    settings: dict[str, Any] = {}
    if "from" in query:
        settings["DEFAULT_FROM_EMAIL"] = query["from"]
        settings["SERVER_EMAIL"] = query["from"]
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"{name}={value!r}: unknown scheme {parts.scheme!r}; use one of {', '.join(sorted(backends))}."
        )
    settings["EMAIL_BACKEND"] = backends[parts.scheme]
    if parts.scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured(f"{name}={value!r}: a file:// URL needs a directory path.")
        settings["EMAIL_FILE_PATH"] = unquote(parts.path)
    if parts.scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name}={value!r}: an SMTP URL needs a host.")
        settings["EMAIL_HOST"] = parts.hostname
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}={value!r}: the port is not a number.") from exc
        settings["EMAIL_PORT"] = port or (465 if parts.scheme == "smtps" else 25)
        settings["EMAIL_HOST_USER"] = unquote(parts.username or "")
        settings["EMAIL_HOST_PASSWORD"] = unquote(parts.password or "")
        settings["EMAIL_USE_SSL"] = parts.scheme == "smtps"
        settings["EMAIL_USE_TLS"] = query.get("tls", "").lower() in TRUE_WORDS
    return settings
