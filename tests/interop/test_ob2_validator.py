"""OB 2.0 documents built with the models, checked by 1EdTech's own validator (PyPI ``openbadges`` 1.1.2).

The validator runs in its own virtual environment (``.venv-ob2``, made by
``scripts/install-ob2-validator.sh`` with the pin set of ``tests/standards/VERIFIERS.md``) through
``ob2_validator_driver.py``, which serves the OB 2.0 JSON-LD context from ``tests/standards`` and lets
it reach only 127.0.0.1. Issuer, BadgeClass, Assertion and badge image are served by a local
``http.server`` as hosted (``HostedBadge``) documents whose ids are ``http://127.0.0.1:<port>/...``.

Known blind spots of that validator (VERIFIERS.md): it never checks ``revoked: true`` on a hosted
assertion, misses a one-entry RevocationList and ignores HTTP status codes — not tested here.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from microcred.openbadges.models import Ob2Assertion
from tests.interop.conftest import unavailable
from tests.interop.localserver import LocalServer, Route, serve
from tests.openbadges.models.test_ob2_models import hosted_documents

pytestmark = pytest.mark.interop

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv-ob2" / "bin" / "python"
DRIVER = Path(__file__).resolve().parent / "ob2_validator_driver.py"
STANDARDS = ROOT / "tests" / "standards"
CONTEXTS = {"https://w3id.org/openbadges/v2": str(STANDARDS / "ob2" / "context-v2.json")}
IMAGE = (STANDARDS / "ob2" / "examples" / "assets" / "beths-robot-badge.png").read_bytes()


def ob2_python() -> Path:
    """The validator's interpreter (skips the test when it is not installed; fails under CI)."""
    if not VENV_PYTHON.exists():
        unavailable(".venv-ob2 is missing: run scripts/install-ob2-validator.sh (1EdTech's OB 2.0 validator)")
    return VENV_PYTHON


@pytest.fixture(scope="module")
def validator() -> Path:
    return ob2_python()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serve() as local:
        issuer, badge, assertion = hosted_documents(local.base)
        local.routes.update(
            {
                "/issuers/1": Route(issuer.to_dict()),
                "/badges/ds-101": Route(badge.to_dict()),
                "/badges/ds-101/image.png": Route(IMAGE, content_type="image/png"),
                "/assertions/42": Route(assertion.to_dict()),
            }
        )
        yield local


def validate_ob2(python: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    completed = subprocess.run(
        [str(python), str(DRIVER), json.dumps({"cases": cases, "contexts": CONTEXTS})],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads(completed.stdout)["results"]
    assert isinstance(results, list)
    return results


def errors_of(result: dict[str, Any]) -> list[str]:
    return [f"{m['name']}: {m['result']}" for m in result["messages"] if m["level"] == "ERROR"]


def _add_assertion(server: LocalServer, path: str, changes: dict[str, Any]) -> str:
    document = {**server.routes["/assertions/42"].body, "id": server.url(path), **changes}
    server.routes[path] = Route({k: v for k, v in document.items() if v is not None})
    return server.url(path)


def test_validator_accepts_our_hosted_badge(validator: Path, server: LocalServer) -> None:
    url = server.url("/assertions/42")
    good, right_person, wrong_person = validate_ob2(
        validator,
        [
            {"input": url},
            {"input": url, "recipient": {"email": "learner@example.edu"}},
            {"input": url, "recipient": {"email": "someone.else@example.edu"}},
        ],
    )
    assert good["valid"], errors_of(good)
    assert good["report"]["errorCount"] == 0
    assert {"/assertions/42", "/badges/ds-101", "/issuers/1", "/badges/ds-101/image.png"} <= set(
        server.requests
    )
    assert right_person["valid"], errors_of(right_person)
    assert not wrong_person["valid"]
    assert any(e.startswith("VERIFY_RECIPIENT_IDENTIFIER") for e in errors_of(wrong_person))


def test_validator_rejects_broken_badges(validator: Path, server: LocalServer) -> None:
    _, badge, _ = hosted_documents(server.base)
    broken_badge = {k: v for k, v in badge.to_dict().items() if k != "criteria"}
    server.routes["/badges/no-criteria"] = Route({**broken_badge, "id": server.url("/badges/no-criteria")})
    elsewhere = server.url("/assertions/elsewhere").replace("127.0.0.1", "localhost")
    cases = {
        # name: (url, the validator task expected to report the error)
        "no recipient": (
            _add_assertion(server, "/assertions/no-recipient", {"recipient": None}),
            "VALIDATE_PROPERTY",
        ),
        "bad issuedOn": (
            _add_assertion(server, "/assertions/bad-date", {"issuedOn": "20 May 2025"}),
            "VALIDATE_PROPERTY",
        ),
        "expires before it was issued": (
            _add_assertion(server, "/assertions/expired", {"expires": "2020-01-01T00:00:00Z"}),
            "ASSERTION_TIMESTAMP_CHECKS",
        ),
        "badge without criteria": (
            _add_assertion(server, "/assertions/no-criteria", {"badge": server.url("/badges/no-criteria")}),
            "VALIDATE_PROPERTY",
        ),
        "id outside the issuer's origin": (
            _add_assertion(server, "/assertions/elsewhere", {"id": elsewhere}),
            "HOSTED_ID_IN_VERIFICATION_SCOPE",
        ),
    }
    results = validate_ob2(validator, [{"input": url} for url, _ in cases.values()])
    for (name, (_, task)), result in zip(cases.items(), results, strict=True):
        assert not result["valid"], f"{name} should be invalid"
        assert any(e.startswith(task) for e in errors_of(result)), (name, errors_of(result))


def test_models_refuse_what_the_validator_refuses(server: LocalServer) -> None:
    """The models catch the structural errors above before anything is published."""
    document = server.routes["/assertions/42"].body
    for change, error in (({"recipient": None}, "recipient"), ({"issuedOn": "20 May 2025"}, "date-time")):
        with pytest.raises(ValueError, match=error):
            Ob2Assertion.from_dict({k: v for k, v in {**document, **change}.items() if v is not None})
