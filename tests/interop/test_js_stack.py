"""Digital Bazaar's JS stack against our documents and an independent Python reference (PyLD).

These tests need Node.js and ``tests/interop/js/node_modules`` (``make node-deps``); they prove that
the models write documents every eddsa-rdfc-2022 implementation reads the same way:

* the JS stack signs our credentials and verifies its own signatures; a tampered copy fails;
* the PyLD reference and the JS stack verify each other's signatures (so a disagreement between
  Microcred and JS, tested in ``test_microcred_vs_js.py``, points at Microcred, not at the reference);
* jsonld.js in *safe mode* canonicalizes every document we build (no property outside the contexts),
  and its canonical N-Quads equal PyLD's;
* 1EdTech's signed fixtures verify with JS from the offline loader;
* https issuer documents are fetched from a 127.0.0.1 server when the loader maps the origin.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.openbadges.models import AchievementCredential
from tests.interop import oracle
from tests.interop.conftest import IssuerKeyMaterial, reissue
from tests.interop.localserver import Route, serve
from tests.interop.node import js_canonize, js_sign, js_verify, run_script
from tests.openbadges.models import samples

pytestmark = [pytest.mark.interop, pytest.mark.usefixtures("require_node")]

STANDARDS = Path(__file__).resolve().parents[1] / "standards"


def _documents() -> dict[str, dict[str, Any]]:
    credential = samples.achievement_credential().to_dict()
    endorsement = samples.endorsement_credential(samples.microcredential().id).to_dict()
    profile = samples.university().to_dict()
    profile["@context"] = credential["@context"]
    return {"credential": credential, "endorsement": endorsement, "profile": profile}


def _tamper(credential: dict[str, Any]) -> dict[str, Any]:
    copy = json.loads(json.dumps(credential))
    copy["credentialSubject"]["achievement"]["name"] += " (forged)"
    return copy


def test_js_signs_and_verifies_our_documents(did_key_issuer: IssuerKeyMaterial) -> None:
    docs = _documents()
    unsigned = [reissue(docs["credential"], did_key_issuer.issuer_id)]
    endorsement = json.loads(json.dumps(docs["endorsement"]))
    endorsement["issuer"]["id"] = did_key_issuer.issuer_id
    unsigned.append(endorsement)
    signed = js_sign([did_key_issuer.js_item(doc) for doc in unsigned])
    assert all(r["ok"] for r in signed), signed
    credentials = [r["credential"] for r in signed]
    assert credentials[0]["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    results = js_verify([*credentials, _tamper(credentials[0])])
    assert [r["verified"] for r in results] == [True, True, False], results
    assert "signature" in (results[2]["error"] or "").lower()


def test_reference_and_js_verify_each_other(https_issuer: IssuerKeyMaterial) -> None:
    credential = reissue(_documents()["credential"], https_issuer.issuer_id)
    documents = {https_issuer.issuer_id: https_issuer.controller_document}
    ours = oracle.sign(
        credential, https_issuer.private_key, https_issuer.verification_method, "2025-05-20T14:30:00Z"
    )
    theirs = js_sign([https_issuer.js_item(credential)], documents=documents)[0]["credential"]
    # JSON-LD lets the JS stack write a single proof as an object; the models read both forms.
    assert AchievementCredential.from_dict(theirs).proof[0].proof_value == theirs["proof"]["proofValue"]
    assert oracle.verify(theirs, https_issuer.private_key.public_key())
    assert not oracle.verify(_tamper(theirs), https_issuer.private_key.public_key())
    results = js_verify([ours, _tamper(ours)], documents=documents)
    assert [r["verified"] for r in results] == [True, False], results


def test_safe_mode_canonical_forms_match_pyld() -> None:
    """Every built document canonicalizes in jsonld.js safe mode (nothing undefined, nothing dropped),
    and the N-Quads are identical to PyLD's (URDNA2015 = RDFC-1.0 for these inputs)."""
    docs = _documents()
    results = js_canonize(list(docs.values()))
    for (name, document), result in zip(docs.items(), results, strict=True):
        assert result["ok"], f"{name}: {result.get('error')}"
        assert result["nquads"] == oracle.canonize(document), name


def test_safe_mode_rejects_an_undefined_term() -> None:
    """The trap the builders avoid: an undefined property is refused in safe mode, silently dropped by
    PyLD (so it would be outside the signature)."""
    document = _documents()["credential"]
    document["credentialSubject"]["nickname"] = "Ada"
    result = js_canonize([document])[0]
    assert not result["ok"]
    assert "safe mode" in result["error"].lower()
    assert "Ada" not in oracle.canonize(document)


@pytest.mark.parametrize(("value", "lexical"), [(3, '"3"'), (3.5, '"3.5E0"')])
def test_credit_numbers_canonicalize_identically(value: float, lexical: str) -> None:
    """VERIFIERS.md number trap: the models write whole credits as JSON integers, which JS and PyLD
    both turn into ``"3"^^xsd:float``; fractional credits give ``"3.5E0"^^xsd:float`` in both.
    (The OB 3.0.3 context spells the datatype with ``https://www.w3.org/2001/XMLSchema#``.)"""
    credential = samples.achievement_credential().model_copy(deep=True)
    credential.credential_subject.achievement.credits_available = value
    document = credential.to_dict()
    nquads = js_canonize([document])[0]["nquads"]
    assert f"{lexical}^^<https://www.w3.org/2001/XMLSchema#float>" in nquads
    assert nquads == oracle.canonize(document)


def _fixture_documents(document: dict[str, Any]) -> dict[str, Any]:
    """Controller documents for 1EdTech fixtures whose verification method is ``<issuer>#z6Mk…``."""
    docs: dict[str, Any] = {}

    def add(credential: dict[str, Any]) -> None:
        proofs = credential.get("proof")
        for proof in proofs if isinstance(proofs, list) else [proofs]:
            vm = proof.get("verificationMethod", "") if isinstance(proof, dict) else ""
            if vm.startswith("https://") and "#z6Mk" in vm:
                controller = vm.split("#")[0]
                docs[controller] = {
                    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
                    "id": controller,
                    "verificationMethod": [
                        {
                            "id": vm,
                            "type": "Multikey",
                            "controller": controller,
                            "publicKeyMultibase": vm.split("#")[1],
                        }
                    ],
                    "assertionMethod": [vm],
                }
        for inner in credential.get("credentialSubject", {}).get("verifiableCredential", []):
            if isinstance(inner, dict):
                add(inner)

    add(document)
    return docs


@pytest.mark.parametrize(
    ("fixture", "js_verified", "signature_valid"),
    [
        ("ob3/examples/simple.json", True, True),
        ("ob3/examples/complete.json", True, True),
        ("ob3/examples/endorsement-valid.json", True, True),
        ("clr2/examples/simple.json", True, True),
        # The signature is good, but the verificationMethod is a bare did:key (no #fragment naming a
        # key) and the issuer is a urn:uuid, not the key's controller: the JS stack refuses it.
        ("ob3/examples/simple-did-key-method.json", False, True),
        ("ob3/examples/negative/simple-err-proof-value.json", False, False),
    ],
)
def test_js_verifies_1edtech_fixtures_offline(fixture: str, js_verified: bool, signature_valid: bool) -> None:
    document = json.loads((STANDARDS / fixture).read_text())
    result = js_verify([document], documents=_fixture_documents(document), now="2025-01-01T00:00:00Z")[0]
    assert result["verified"] is js_verified, result
    assert oracle.verify(document) is signature_valid


def test_https_issuer_documents_come_from_a_local_server(https_issuer: IssuerKeyMaterial) -> None:
    """``urlMap`` sends https://badges.example.edu/... to 127.0.0.1: the path a running server will use."""
    credential = reissue(_documents()["credential"], https_issuer.issuer_id)
    signed = oracle.sign(
        credential, https_issuer.private_key, https_issuer.verification_method, "2025-05-20T14:30:00Z"
    )
    with serve({"/issuers/1": Route(https_issuer.controller_document)}) as server:
        results = js_verify([signed, _tamper(signed)], urlMap={"https://badges.example.edu": server.base})
        assert "/issuers/1" in server.requests
    assert [r["verified"] for r in results] == [True, False], results
    unmapped = js_verify([signed])[0]
    assert not unmapped["verified"]
    assert "not available" in unmapped["error"]


def test_did_web_issuer_resolves_through_the_local_server() -> None:
    seed = bytes(range(7, 39))
    did = "did:web:badges.example.edu:issuers:1"
    key = IssuerKeyMaterial(seed=seed, issuer_id=did, verification_method=f"{did}#key-1")
    credential = reissue(_documents()["credential"], did)
    signed = oracle.sign(credential, key.private_key, key.verification_method, "2025-05-20T14:30:00Z")
    with serve(
        {"/issuers/1/did.json": Route(key.controller_document, content_type="application/did+json")}
    ) as server:
        result = js_verify([signed], urlMap={"https://badges.example.edu": server.base})[0]
    assert result["verified"], result


def test_sign_and_verify_scripts_read_stdin_and_write_stdout(did_key_issuer: IssuerKeyMaterial) -> None:
    """``sign.mjs``/``verify.mjs`` are usable on their own (one request, one answer, one process each)."""
    credential = reissue(_documents()["credential"], did_key_issuer.issuer_id)
    signed = run_script("sign.mjs", {"items": [did_key_issuer.js_item(credential)]})["results"][0]
    assert signed["ok"], signed
    answer = run_script(
        "verify.mjs", {"items": [{"credential": signed["credential"]}, {"credential": credential}]}
    )
    assert [r["verified"] for r in answer["results"]] == [True, False]
