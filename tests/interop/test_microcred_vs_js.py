"""Microcred's own signer and verifier against Digital Bazaar's JS stack, both directions.

* credentials signed by ``microcred.openbadges.issue.sign_credential`` verify with the JS stack
  (OpenBadgeCredential, EndorsementCredential, a stack ClrCredential whose embedded badges were signed
  by JS, a credential with fractional credits); tampered copies fail;
* credentials the JS stack signs verify with ``microcred.openbadges.verify.verify_credential``; tampered
  copies fail;
* issuers are a did:key, and an https issuer whose controller document the JS side gets from a
  127.0.0.1 server and ours from a fetch function;
* ``microcred.openbadges.canon.canonicalize`` gives the same N-Quads as jsonld.js.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.issue import sign_credential
from microcred.openbadges.keys import SigningKey, default_resolver
from microcred.openbadges.verify import verify_credential
from tests.interop.conftest import IssuerKeyMaterial, reissue
from tests.interop.localserver import Route, serve
from tests.interop.node import js_canonize, js_sign, js_verify
from tests.openbadges.models import samples

pytestmark = [pytest.mark.interop, pytest.mark.usefixtures("require_node")]

STANDARDS = Path(__file__).resolve().parents[1] / "standards"
CREATED = datetime(2025, 5, 20, 14, 30, tzinfo=UTC)
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def _sign(key: IssuerKeyMaterial, credential: dict[str, Any]) -> dict[str, Any]:
    signed: dict[str, Any] = sign_credential(
        credential,
        key=SigningKey(key.private_key),
        verification_method=key.verification_method,
        created=CREATED,
    )
    return signed


def _verify(credential: dict[str, Any], key: IssuerKeyMaterial | None = None) -> Any:
    fetch: Callable[[str], Any] | None = None
    if key is not None and key.issuer_id.startswith("https://"):
        documents = {key.issuer_id: key.controller_document}

        def fetch(url: str) -> Any:
            return documents[url.split("#")[0]]

    return verify_credential(credential, resolver=default_resolver(fetch), now=NOW)


def _tamper(credential: dict[str, Any]) -> dict[str, Any]:
    copy = json.loads(json.dumps(credential))
    copy["name"] = f"{copy.get('name', '')} (forged)"
    return copy


def _failures(report: Any) -> list[str]:
    return [f"{c.id}: {c.message}" for c in report.failures]


@pytest.fixture(scope="module")
def unsigned() -> dict[str, dict[str, Any]]:
    credential = samples.achievement_credential().to_dict()
    fractional = samples.achievement_credential().model_copy(deep=True)
    fractional.credential_subject.achievement.credits_available = 1.5
    fractional.credential_subject.credits_earned = 0.75
    return {
        "badge": credential,
        "endorsement": samples.endorsement_credential(samples.microcredential().id).to_dict(),
        "fractional credits": fractional.to_dict(),
    }


@pytest.mark.parametrize("issuer", ["did_key_issuer", "https_issuer"])
def test_microcred_signs_js_verifies(
    issuer: str, unsigned: dict[str, dict[str, Any]], request: pytest.FixtureRequest
) -> None:
    key: IssuerKeyMaterial = request.getfixturevalue(issuer)
    signed = [_sign(key, reissue(doc, key.issuer_id)) for doc in unsigned.values()]
    tampered = [_tamper(doc) for doc in signed]
    with serve({"/issuers/1": Route(key.controller_document)}) as server:
        results = js_verify([*signed, *tampered], urlMap={"https://badges.example.edu": server.base})
    names = list(unsigned)
    for name, result in zip(names, results[: len(names)], strict=True):
        assert result["verified"], (name, result["error"])
    for name, result in zip(names, results[len(names) :], strict=True):
        assert not result["verified"], f"tampered {name} verified"


@pytest.mark.parametrize("issuer", ["did_key_issuer", "https_issuer"])
def test_js_signs_microcred_verifies(
    issuer: str, unsigned: dict[str, dict[str, Any]], request: pytest.FixtureRequest
) -> None:
    key: IssuerKeyMaterial = request.getfixturevalue(issuer)
    items = [key.js_item(reissue(doc, key.issuer_id)) for doc in unsigned.values()]
    signed = js_sign(items, documents={key.issuer_id: key.controller_document})
    assert all(r["ok"] for r in signed), signed
    for name, result in zip(unsigned, signed, strict=True):
        report = _verify(result["credential"], key)
        assert report.valid, (name, _failures(report))
        forged = _verify(_tamper(result["credential"]), key)
        assert not forged.valid, f"tampered {name} verified"
        assert any("signature" in f.lower() or "proof" in f.lower() for f in _failures(forged)), _failures(
            forged
        )


def test_clr_stack_across_both_stacks(
    did_key_issuer: IssuerKeyMaterial, https_issuer: IssuerKeyMaterial
) -> None:
    """Course badges signed by JS (did:key issuer), bundled into a CLR signed by Microcred (https issuer):
    both verifiers accept the outer proof and every embedded one; a forged inner badge is caught."""
    badges = []
    for index, code in enumerate(["DS-101", "DS-102"]):
        credential = samples.achievement_credential(
            credential_id=f"urn:uuid:{index:08d}-0000-4000-8000-000000000000"
        )
        credential.credential_subject.achievement = samples.microcredential(code=code)
        badges.append(did_key_issuer.js_item(reissue(credential.to_dict(), did_key_issuer.issuer_id)))
    signed_badges = [r["credential"] for r in js_sign(badges)]
    clr = reissue(samples.stack_clr(signed_badges).to_dict(), https_issuer.issuer_id)
    # The JS stack writes a single proof as an object; the models write the array form (same graph).
    as_arrays = [{**badge, "proof": [badge["proof"]]} for badge in signed_badges]
    assert clr["credentialSubject"]["verifiableCredential"] == as_arrays
    signed_clr = _sign(https_issuer, clr)
    documents = {https_issuer.issuer_id: https_issuer.controller_document}
    embedded = signed_clr["credentialSubject"]["verifiableCredential"]
    results = js_verify([signed_clr, *embedded], documents=documents)
    assert [r["verified"] for r in results] == [True] * 3, results
    report = _verify(signed_clr, https_issuer)
    assert report.valid, _failures(report)
    forged = json.loads(json.dumps(signed_clr))
    forged["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = (
        "Forged"
    )
    assert not js_verify([forged], documents=documents)[0]["verified"]
    assert not _verify(forged, https_issuer).valid


def test_canonical_nquads_equal_jsonld_js(unsigned: dict[str, dict[str, Any]]) -> None:
    documents = [
        *unsigned.values(),
        json.loads((STANDARDS / "ob3/examples/complete.json").read_text()),
        json.loads((STANDARDS / "clr2/examples/simple.json").read_text()),
    ]
    documents = [{k: v for k, v in d.items() if k != "proof"} for d in documents]
    results = js_canonize(documents)
    for document, result in zip(documents, results, strict=True):
        assert result["ok"], result["error"]
        assert canonicalize(document) == result["nquads"], document.get("id")
