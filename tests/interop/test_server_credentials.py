"""Outside verifiers against the *running* server (pytest-django's ``live_server`` on 127.0.0.1).

An award is earned through the learner services (enrollment, completions; the credential is signed by
the on-commit task), made public by its learner, and then only HTTP is used:

* OB 3.0: the credential is fetched from its id URL (``/credentials/<uuid>``) and Digital Bazaar's JS stack
  verifies it with Bitstring Status List checking on. ``PUBLIC_URL`` is ``https://badges.example.edu``, so
  the issuer is ``did:web:badges.example.edu:issuers:<slug>``; the JS loader's ``urlMap`` sends
  ``https://badges.example.edu/...`` (the DID document, the status list credential) to the live server,
  and the test checks the server was asked for ``/issuers/<slug>/did.json``. Revoked (staff service):
  fetched again, the JS stack and ``openbadges.verify`` both report it revoked.
* ``microcred badge verify --online`` with ``PUBLIC_URL`` = the live server's URL (a dev server issuing as
  ``did:web:127.0.0.1%3A<port>:...``): valid, then revoked.
* OB 2.0: with ``PUBLIC_URL`` = the live server's own URL, 1EdTech's validator (``.venv-ob2``) accepts the
  hosted assertion ``/ob2/assertions/<uuid>``. Revoked, the server answers 410 Gone with the OB 2.0
  ``revoked: true`` stub; that validator never reads ``revoked`` on a hosted assertion (a known blind
  spot, tests/standards/VERIFIERS.md), so it is checked to refuse the stub and our own verifier (and the
  HTTP answer itself) to report the revocation.

``live_server`` needs a transactional database: every write here is committed, and on-commit work (signing,
e-mail) runs for real with the immediate task backend. Skips only when ``tests/interop/js/node_modules``
or ``.venv-ob2`` is missing, as the other interop tests do.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from microcred.awards import services as award_services
from microcred.learners import services as learner_services
from microcred.openbadges import cli
from microcred.openbadges.cli import UrlFetcher
from microcred.openbadges.errors import FetchError
from microcred.openbadges.keys.resolver import default_resolver
from microcred.openbadges.proofs.report import CheckStatus
from microcred.openbadges.verify import verify_credential
from tests.factories import CourseFactory, LearnerFactory, PublishedVersionFactory, requirement_tree
from tests.interop.node import run_node
from tests.interop.test_ob2_validator import errors_of, ob2_python, validate_ob2

pytestmark = [pytest.mark.interop, pytest.mark.django_db(transaction=True)]

PUBLIC = "https://badges.example.edu"
DAY = date(2026, 5, 4)


# Helpers ---------------------------------------------------------------------------------------------------


def _base(live_server: Any) -> str:
    """``http://127.0.0.1:<port>`` of the live server (it listens on 127.0.0.1 under the name localhost)."""
    return str(live_server.url).replace("://localhost:", "://127.0.0.1:")


def _get(url: str) -> tuple[int, str, Any]:
    """GET ``url`` as a verifier would: status, Content-Type and the JSON body (an HTTP error's too)."""
    request = urllib.request.Request(url, headers={"Accept": "application/ld+json, application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers["Content-Type"], json.loads(exc.read() or b"null")


def _mapped_fetcher(public: str, base: str) -> Callable[[str], Any]:
    """A fetch function for ``openbadges.verify``: ``public``'s URLs read from ``base``, nothing else."""
    fetch = UrlFetcher(timeout=30)

    def fetcher(url: str) -> Any:
        if not url.startswith(public.rstrip("/") + "/"):
            raise FetchError(f"the test fetcher only reads {public}: {url}")
        return fetch(base + url[len(public.rstrip("/")) :])

    return fetcher


def _earn_public_award(institution: Any, department: Any) -> Any:
    """Enroll a learner, record the completions that earn a badge, and let the learner make it public."""
    courses = [
        CourseFactory(institution=institution, unit=department, code=code, title=title, credit_hours=3)
        for code, title in (("ROB 101", "Robot Kinematics"), ("ROB 201", "Robot Control"))
    ]
    version = PublishedVersionFactory(
        micro_credential__institution=institution,
        micro_credential__unit=department,
        micro_credential__slug="robotics",
        title="Robotics",
        requirements=requirement_tree(*(course.pk for course in courses)),
        credit_hours_min=6,
        credit_hours_max=6,
        validity_months=24,
    )
    learner = LearnerFactory(
        institution=institution, user__full_name="Ada Learner", user__email="ada@example.edu"
    )
    learner_services.enroll_learner(learner=learner, micro_credential=version.micro_credential)
    awards: list[Any] = []
    for course, grade in zip(courses, ("A", "B+"), strict=True):
        outcome = learner_services.record_completion(
            learner=learner,
            data=learner_services.CompletionInput(
                course=course, completed_on=DAY, result="passed", grade=grade
            ),
        )
        awards += outcome.awards
    (award,) = awards
    award.refresh_from_db()
    assert award.credential is not None, "the on-commit task did not sign the credential"
    return award_services.set_award_visibility(award=award, public=True, by=learner.user)


def _js_verify(credential: dict[str, Any], base: str) -> tuple[dict[str, Any], list[str]]:
    """JS verification, status checked, ``PUBLIC``'s URLs read from ``base``: result, fetched URLs."""
    answer = run_node(
        "verify", {"items": [{"credential": credential, "checkStatus": True}], "urlMap": {PUBLIC: base}}
    )
    (result,) = answer["results"]
    return result, list(answer["fetched"])


def _paths(urls: list[str], base: str) -> list[str]:
    return [url[len(base) :] for url in urls if url.startswith(base)]


# Fixtures --------------------------------------------------------------------------------------------------


@pytest.fixture
def ob2_validator() -> Path:
    return ob2_python()


# OB 3.0: the JS stack and our verifier ---------------------------------------------------------------------


@pytest.mark.usefixtures("require_node")
def test_js_stack_verifies_a_credential_from_the_running_server(
    live_server: Any, settings: Any, institution: Any, department: Any, people: dict[str, Any]
) -> None:
    settings.PUBLIC_URL = PUBLIC
    base = _base(live_server)
    award = _earn_public_award(institution, department)
    did = f"did:web:badges.example.edu:issuers:{institution.slug}"
    assert award.credential["issuer"]["id"] == did
    credential_path = f"/credentials/{award.uuid}"
    assert award.credential["id"] == PUBLIC + credential_path

    status, content_type, credential = _get(base + credential_path)
    assert status == 200
    assert content_type.split(";")[0] in ("application/ld+json", "application/json")
    assert credential == award.credential
    status_list_url = credential["credentialStatus"]["statusListCredential"]
    assert status_list_url.startswith(PUBLIC + "/status/")

    result, fetched = _js_verify(credential, base)
    assert result["verified"], result
    assert result["status"] == {
        "verified": True,
        "revoked": False,
        "suspended": False,
        "purposes": ["revocation"],
        "error": None,
    }
    paths = _paths(fetched, base)
    assert f"/issuers/{institution.slug}/did.json" in paths, fetched
    assert status_list_url[len(PUBLIC) :] in paths, fetched

    ours = verify_credential(
        credential,
        resolver=default_resolver(_mapped_fetcher(PUBLIC, base)),
        status_fetcher=_mapped_fetcher(PUBLIC, base),
    )
    assert ours.valid, ours.to_dict()
    assert ours.status_of("status.revocation") is CheckStatus.PASSED, ours.to_dict()

    # Revoked by staff: the same URL now gives a credential whose status bit is set.
    award_services.revoke_award(award=award, reason="Academic misconduct", by=people["registrar"])
    status, _, revoked = _get(base + credential_path)
    assert status == 200
    result, fetched = _js_verify(revoked, base)
    assert not result["verified"], result
    assert result["status"]["revoked"] is True, result
    assert "revoked" in result["error"], result
    assert status_list_url[len(PUBLIC) :] in _paths(fetched, base)

    ours = verify_credential(
        revoked,
        resolver=default_resolver(_mapped_fetcher(PUBLIC, base)),
        status_fetcher=_mapped_fetcher(PUBLIC, base),
    )
    assert not ours.valid
    assert ours.status_of("status.revocation") is CheckStatus.FAILED, ours.to_dict()
    assert ours.status_of("proof") is CheckStatus.PASSED, ours.to_dict()


@pytest.mark.usefixtures("require_node")
def test_js_stack_refuses_a_tampered_credential_from_the_running_server(
    live_server: Any, settings: Any, institution: Any, department: Any
) -> None:
    settings.PUBLIC_URL = PUBLIC
    base = _base(live_server)
    award = _earn_public_award(institution, department)
    _, _, credential = _get(f"{base}/credentials/{award.uuid}")
    credential["credentialSubject"]["achievement"]["name"] += " (forged)"
    result, _ = _js_verify(credential, base)
    assert not result["verified"]
    assert "signature" in (result["error"] or "").lower(), result


# OB 2.0: 1EdTech's validator -------------------------------------------------------------------------------


def test_ob2_hosted_assertion_passes_1edtech_validator(
    live_server: Any,
    settings: Any,
    institution: Any,
    department: Any,
    people: dict[str, Any],
    ob2_validator: Path,
) -> None:
    base = _base(live_server)
    settings.PUBLIC_URL = base
    award = _earn_public_award(institution, department)
    url = f"{base}/ob2/assertions/{award.uuid}"
    status, content_type, assertion = _get(url)
    assert status == 200, assertion
    assert content_type.split(";")[0] in ("application/ld+json", "application/json")
    assert assertion["id"] == url

    good, right_person, wrong_person = validate_ob2(
        ob2_validator,
        [
            {"input": url},
            {"input": url, "recipient": {"email": "ada@example.edu"}},
            {"input": url, "recipient": {"email": "someone.else@example.edu"}},
        ],
    )
    assert good["valid"], errors_of(good)
    assert good["report"]["errorCount"] == 0, errors_of(good)
    assert right_person["valid"], errors_of(right_person)
    assert not wrong_person["valid"]

    ours = verify_credential(assertion, status_fetcher=UrlFetcher(timeout=30))
    assert ours.valid, ours.to_dict()

    # Revoked: 410 Gone with the OB 2.0 revocation stub.
    award_services.revoke_award(award=award, reason="Academic misconduct", by=people["registrar"])
    status, _, stub = _get(url)
    assert status == 410
    assert stub["id"] == url
    assert stub["revoked"] is True
    assert stub["revocationReason"] == "Academic misconduct"

    (revoked,) = validate_ob2(ob2_validator, [{"input": url}])
    assert not revoked["valid"], "1EdTech's validator accepted a revoked hosted assertion"
    ours = verify_credential(assertion, status_fetcher=UrlFetcher(timeout=30))
    assert not ours.valid
    assert ours.status_of("status.revocation") is CheckStatus.FAILED, ours.to_dict()


# The CLI's --online mode against the running server as a dev server ---------------------------------------


def test_cli_online_verifies_against_the_running_server(
    live_server: Any,
    settings: Any,
    institution: Any,
    department: Any,
    people: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``PUBLIC_URL`` = ``http://127.0.0.1:<port>``: the issuer is
    ``did:web:127.0.0.1%3A<port>:issuers:<slug>``, whose did.json resolves to an https URL the plain-http
    server cannot answer; the CLI's fetcher falls back to http (loopback only)."""
    base = _base(live_server)
    settings.PUBLIC_URL = base
    award = _earn_public_award(institution, department)
    port = base.rsplit(":", 1)[1]
    assert award.credential["issuer"]["id"] == f"did:web:127.0.0.1%3A{port}:issuers:{institution.slug}"
    badge = tmp_path / "badge.json"
    badge.write_text(json.dumps(_get(f"{base}/credentials/{award.uuid}")[2]), encoding="utf-8")

    assert cli.main(["verify", "--online", "--timeout", "10", str(badge)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "[PASS] proof" in out
    assert "[PASS] status.revocation" in out

    award_services.revoke_award(award=award, reason="Academic misconduct", by=people["registrar"])
    assert cli.main(["verify", "--online", "--timeout", "10", str(badge)]) == 1
    assert "[FAIL] status.revocation" in capsys.readouterr().out
