"""A bad environment stops start-up with a message naming the variable (settings imported in a subprocess).

All the subprocesses start at once, so the whole table takes about as long as one import.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from microcred.config import settings as production_settings

KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
SECRET = "a-test-secret-key-that-is-long-enough-0123456789"


def good_environment(data_dir: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MICROCRED_DATA_DIR": data_dir,
        "MICROCRED_DEBUG": "0",
        "SECRET_KEY": SECRET,
        "MICROCRED_KEY_ENCRYPTION_KEY": KEY,
        "DATABASE_URL": f"sqlite:///{data_dir}/db.sqlite3",
    }


# case -> (changes to the good environment, None removing a variable; what stderr says, "" for success)
CASES: dict[str, tuple[dict[str, str | None], str]] = {
    "good": ({}, ""),
    "debug without any secret": (
        {"MICROCRED_DEBUG": "1", "SECRET_KEY": None, "MICROCRED_KEY_ENCRYPTION_KEY": None},
        "",
    ),
    "https public origin": ({"MICROCRED_PUBLIC_URL": "https://badges.example.edu"}, ""),
    "postgres": ({"DATABASE_URL": "postgres://microcred@db.example.edu:5432/microcred"}, ""),
    "smtp e-mail": ({"EMAIL_URL": "smtp://mail.example.edu:587?tls=1"}, ""),
    "secret from a file": ({"SECRET_KEY": None, "SECRET_KEY_FILE": "{data}/secret"}, ""),
    "SECRET_KEY missing": ({"SECRET_KEY": None}, "SECRET_KEY is required when MICROCRED_DEBUG is off"),
    "SECRET_KEY empty": ({"SECRET_KEY": ""}, "SECRET_KEY is required"),
    "SECRET_KEY short": ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 32 characters"),
    "SECRET_KEY twice": ({"SECRET_KEY_FILE": "{data}/secret"}, "SECRET_KEY and SECRET_KEY_FILE are both set"),
    "SECRET_KEY_FILE missing": (
        {"SECRET_KEY": None, "SECRET_KEY_FILE": "{data}/nothing"},
        "SECRET_KEY_FILE: cannot read",
    ),
    "key encryption key missing": (
        {"MICROCRED_KEY_ENCRYPTION_KEY": None},
        "MICROCRED_KEY_ENCRYPTION_KEY is required",
    ),
    "key encryption key bad": (
        {"MICROCRED_KEY_ENCRYPTION_KEY": "not a key"},
        "MICROCRED_KEY_ENCRYPTION_KEY is not URL-safe base64",
    ),
    "key encryption key short": (
        {"MICROCRED_KEY_ENCRYPTION_KEY": base64.urlsafe_b64encode(bytes(16)).decode()},
        "MICROCRED_KEY_ENCRYPTION_KEY must decode to 32 bytes",
    ),
    "public url with a path": (
        {"MICROCRED_PUBLIC_URL": "https://college.edu/badges"},
        "MICROCRED_PUBLIC_URL='https://college.edu/badges' must be an origin only",
    ),
    "public url without scheme": ({"MICROCRED_PUBLIC_URL": "badges.example.edu"}, "MICROCRED_PUBLIC_URL="),
    "email url scheme": ({"EMAIL_URL": "sendgrid://key"}, "EMAIL_URL='sendgrid://key': unknown scheme"),
    "email url port": ({"EMAIL_URL": "smtp://user:hunter2@mail:port"}, "EMAIL_URL="),
    "database mysql": ({"DATABASE_URL": "mysql://u@db/microcred"}, "DATABASE_URL must point at SQLite"),
    "database nonsense": ({"DATABASE_URL": "nonsense"}, "DATABASE_URL is not a database URL"),
    "database bad port": (
        {"DATABASE_URL": "postgres://u:topsecret@db:port/x"},
        "DATABASE_URL is not a database URL",
    ),
    "debug word": ({"MICROCRED_DEBUG": "maybe"}, "MICROCRED_DEBUG='maybe' is not a boolean"),
    "proxy word": (
        {"MICROCRED_BEHIND_PROXY": "sometimes"},
        "MICROCRED_BEHIND_PROXY='sometimes' is not a boolean",
    ),
    "log level": ({"MICROCRED_LOG_LEVEL": "LOUD"}, "MICROCRED_LOG_LEVEL='LOUD' is not one of"),
    "task backend": ({"MICROCRED_TASK_BACKEND": "celery"}, "MICROCRED_TASK_BACKEND='celery' is not one of"),
}
NEVER_SHOWN = ["hunter2", "topsecret", SECRET]


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    data_dir: str


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, Outcome]:
    """Import the settings once per case, all at the same time."""
    running = {}
    for case, (changes, _) in CASES.items():
        data_dir = str(tmp_path_factory.mktemp("data"))
        Path(data_dir, "secret").write_text(SECRET + "\n", encoding="utf-8")
        environment = good_environment(data_dir)
        for name, value in changes.items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value.replace("{data}", data_dir)
        running[case] = (
            data_dir,
            subprocess.Popen(
                [
                    sys.executable,
                    "-I",
                    "-c",
                    "import microcred.config.settings as s; print(s.DATABASES['default']['ENGINE'])",
                ],
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
    results = {}
    for case, (data_dir, process) in running.items():
        stdout, stderr = process.communicate(timeout=60)
        results[case] = Outcome(process.returncode, stdout, stderr, data_dir)
    return results


@pytest.mark.parametrize("case", CASES)
def test_start_up_with_each_environment(outcomes, case):
    outcome = outcomes[case]
    expected = CASES[case][1]
    if not expected:
        assert outcome.returncode == 0, outcome.stderr
        assert outcome.stdout.strip().startswith("django.db.backends.")
        return
    assert outcome.returncode != 0
    last_line = outcome.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert expected in last_line
    for secret in NEVER_SHOWN:
        assert secret not in outcome.stderr


def test_debug_makes_its_own_secrets_in_the_data_directory_readable_by_the_owner_only(outcomes):
    data_dir = outcomes["debug without any secret"].data_dir
    for name in ["dev-secret-key", "dev-key-encryption-key"]:
        path = Path(data_dir, name)
        assert path.stat().st_mode & 0o777 == 0o600
        assert len(path.read_text(encoding="utf-8").strip()) >= 32


def test_production_settings_turn_on_the_browser_protections():
    assert production_settings.DEBUG is False
    assert production_settings.X_FRAME_OPTIONS == "DENY"
    assert production_settings.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert production_settings.SESSION_COOKIE_HTTPONLY is True
    assert "'unsafe-inline'" not in production_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
