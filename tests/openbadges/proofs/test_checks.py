"""Edge cases of the proof, conformance and status checks of the verification report."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcred.openbadges import verify as verify_module
from microcred.openbadges.keys import (
    ResolvedKey,
    SigningKey,
    StaticKeyResolver,
    b64url_encode,
    public_key_to_jwk,
)
from microcred.openbadges.proofs import conformance
from microcred.openbadges.proofs.eddsa_rdfc_2022 import create_proof
from microcred.openbadges.proofs.ob2 import verify_ob2_assertion
from microcred.openbadges.proofs.report import CheckStatus, Verdict, VerificationReport
from microcred.openbadges.proofs.vc_jwt import sign_jws
from microcred.openbadges.schemas import SchemaNotFoundError
from microcred.openbadges.status.checks import check_credential_status
from microcred.openbadges.verify import verify_credential
from tests.openbadges.proofs.fixtures import (
    ISSUER_ID,
    ISSUER_KEY,
    ISSUER_VM,
    NOW,
    OB2,
    OB3,
    load_json,
    ob3_credential,
)

KEYS = StaticKeyResolver({ISSUER_VM: ISSUER_KEY.public_key})


def signed(credential: dict[str, Any], **options: Any) -> dict[str, Any]:
    proof_options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": ISSUER_VM,
        "proofPurpose": "assertionMethod",
        **options,
    }
    return {**credential, "proof": [create_proof(credential, proof_options, ISSUER_KEY)]}


def jwt(header: dict[str, Any], payload: dict[str, Any], key: SigningKey = ISSUER_KEY) -> str:
    return sign_jws({"alg": key.jws_algorithm, **header}, payload, key)


def test_expired_proof_and_other_purpose() -> None:
    report = verify_credential(
        signed(ob3_credential(), expires="2020-01-01T00:00:00Z"), resolver=KEYS, now=NOW
    )
    assert report.status_of("proof[0].expires") is CheckStatus.FAILED
    auth = verify_credential(signed(ob3_credential(), proofPurpose="authentication"), resolver=KEYS, now=NOW)
    assert auth.status_of("proof[0].purpose") is CheckStatus.FAILED
    assert auth.status_of("proof[0].signature") is CheckStatus.PASSED


def test_malformed_and_unsupported_proofs() -> None:
    credential = signed(ob3_credential())
    del credential["proof"][0]["proofValue"]
    report = verify_credential(credential, resolver=KEYS, now=NOW)
    assert report.status_of("proof[0].shape") is CheckStatus.FAILED
    assert report.status_of("proof") is CheckStatus.FAILED
    ecdsa = copy.deepcopy(signed(ob3_credential()))
    ecdsa["proof"][0]["cryptosuite"] = "ecdsa-rdfc-2019"
    only_unsupported = verify_credential(ecdsa, resolver=KEYS, now=NOW)
    assert only_unsupported.status_of("proof[0].cryptosuite") is CheckStatus.SKIPPED
    assert only_unsupported.verdict is Verdict.INDETERMINATE
    not_object = verify_credential(dict(ob3_credential(), proof=["x"]), resolver=KEYS, now=NOW)
    assert not_object.status_of("proof[0].cryptosuite") is CheckStatus.SKIPPED


def test_key_without_controller() -> None:
    anonymous = StaticKeyResolver(
        {ISSUER_VM: ResolvedKey(ISSUER_VM, ISSUER_KEY.public_key, None, None, "static")}
    )
    report = verify_credential(signed(ob3_credential()), resolver=anonymous, now=NOW)
    assert report.status_of("proof[0].controller") is CheckStatus.WARNING
    assert report.verdict is Verdict.VALID


def test_jwt_header_checks() -> None:
    credential = ob3_credential()
    claims = {
        **credential,
        "iss": ISSUER_ID,
        "jti": credential["id"],
        "nbf": 1735689600,
        "sub": "did:example:learner-42",
    }
    cases = {
        "crit": ({"kid": ISSUER_VM, "crit": ["b64"]}, CheckStatus.FAILED),
        "typ": ({"kid": ISSUER_VM, "typ": "vc+jwt"}, CheckStatus.WARNING),
        "extra": ({"kid": ISSUER_VM, "x5u": "https://x"}, CheckStatus.WARNING),
        "plain": ({"kid": ISSUER_VM}, CheckStatus.PASSED),
    }
    for name, (header, expected) in cases.items():
        report = verify_credential(jwt(header, claims), resolver=KEYS, now=NOW)
        assert report.status_of("jwt.header") is expected, name
        assert report.status_of("jwt.claims") is CheckStatus.PASSED
    none_alg = (
        b64url_encode(b'{"alg":"none"}') + "." + b64url_encode(b'{"type":["VerifiableCredential"]}') + "."
    )
    assert verify_credential(none_alg, now=NOW).status_of("jwt.header") is CheckStatus.FAILED


def test_jwt_key_checks() -> None:
    credential = ob3_credential()
    no_key = verify_credential(jwt({}, credential), now=NOW)
    assert no_key.status_of("jwt.key") is CheckStatus.FAILED
    bad_jwk = verify_credential(jwt({"jwk": {"kty": "oct", "k": "AA"}}, credential), now=NOW)
    assert bad_jwk.status_of("jwt.key") is CheckStatus.FAILED
    offline = verify_credential(jwt({"kid": f"{ISSUER_ID}#key-1"}, credential), now=NOW)
    assert offline.status_of("jwt.key") is CheckStatus.SKIPPED
    assert offline.verdict is Verdict.INDETERMINATE
    rsa = SigningKey.generate_rsa()
    wrong_key = verify_credential(
        jwt({"jwk": public_key_to_jwk(ISSUER_KEY.public_key)}, credential, rsa), now=NOW
    )
    assert wrong_key.status_of("jwt.signature") is CheckStatus.FAILED
    forged = verify_credential(
        jwt({"jwk": public_key_to_jwk(rsa.public_key)}, {**credential, "iss": "https://evil"}, rsa), now=NOW
    )
    assert forged.status_of("jwt.claims") is CheckStatus.FAILED
    bare_issuer = verify_credential(
        jwt({"kid": ISSUER_VM}, {**credential, "issuer": 5}), resolver=KEYS, now=NOW
    )
    assert bare_issuer.status_of("jwt.controller") is CheckStatus.SKIPPED


def test_schema_edge_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_schema(document: Any) -> Any:
        raise SchemaNotFoundError("none")

    monkeypatch.setattr(conformance, "validate_schema", no_schema)
    report = VerificationReport()
    conformance.check_schema(report, ob3_credential())
    assert report.status_of("schema") is CheckStatus.SKIPPED


class _Problem:
    def __init__(self, path: str) -> None:
        self.path, self.keyword, self.message = path, "type", "must be of type 'array'"

    def __str__(self) -> str:
        return self.path


def test_singleton_tolerance_gives_up_on_unusable_paths() -> None:
    document = {"a": {"b": "x"}, "c": ["y"], "d": 1}
    assert conformance._wrap(document, "$.a.b") == "$.a.b"
    assert document["a"]["b"] == ["x"]
    for path in (
        "$.a.b",
        "$..",
        "$.c[0]",
        "$.missing.x",
        "$.c[5].x",
        "$.d.e",
        "$['c'][0]",
        "not a path",
        "$",
    ):
        assert conformance._wrap(copy.deepcopy(document), path) is None, path
    report = VerificationReport()
    conformance._schema_outcome(report, "schema", document, lambda doc: [_Problem("$.zzz")], "test schema")
    assert report.status_of("schema") is CheckStatus.FAILED


def test_status_callback_errors_and_other_purposes() -> None:
    entry = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "message",
        "statusListIndex": "0",
        "statusListCredential": "https://l",
    }
    from microcred.openbadges.status import BitstringStatusList, status_list_credential

    status_list = BitstringStatusList()
    status_list.set(0)
    listing = status_list_credential(
        list_id="https://l", issuer="https://i", status_list=status_list, valid_from=NOW
    )
    listing["credentialSubject"]["statusPurpose"] = "message"

    def raising(document: Any) -> VerificationReport:
        raise RuntimeError("boom")

    report = VerificationReport()
    check_credential_status(
        report, {"credentialStatus": entry}, fetcher=lambda url: listing, verify_list=raising
    )
    assert report.status_of("status.message") is CheckStatus.FAILED

    def trusting(document: Any) -> VerificationReport:
        valid = VerificationReport()
        valid.passed("proof", "ok")
        return valid

    report = VerificationReport()
    check_credential_status(
        report, {"credentialStatus": entry}, fetcher=lambda url: listing, verify_list=trusting
    )
    assert report.status_of("status.message") is CheckStatus.WARNING


def test_unexpected_errors_become_an_internal_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(verify_module, "_verify", explode)
    report = verify_credential(ob3_credential(), now=NOW)
    assert report.status_of("internal") is CheckStatus.FAILED
    monkeypatch.setattr("microcred.openbadges.proofs.ob2._verify", explode)
    assert (
        verify_ob2_assertion(load_json(OB2 / "basic-assertion.json"), now=NOW).status_of("internal")
        is CheckStatus.FAILED
    )


def test_embedded_endorsement_that_cannot_be_checked() -> None:
    endorsement = load_json(OB3 / "endorsement-valid.json")
    endorsement["proof"][0]["verificationMethod"] = "did:web:state.gov#key-1"
    credential = signed(ob3_credential(endorsement=[endorsement]))
    report = verify_credential(credential, resolver=KEYS, now=NOW)
    assert report.status_of("embedded.endorsement[0]") is CheckStatus.WARNING
    assert "could not be checked" in report.get("embedded.endorsement[0]").message  # type: ignore[union-attr]
    unsigned = verify_credential(signed(ob3_credential(endorsement=[{"id": "x"}])), resolver=KEYS, now=NOW)
    assert unsigned.status_of("embedded.endorsement[0]") is CheckStatus.SKIPPED


def test_ob2_image_edge_cases() -> None:
    assert (
        verify_ob2_assertion((OB3 / "simple-json.png").read_bytes(), now=NOW).status_of("parse")
        is CheckStatus.FAILED
    )
    assert (
        verify_ob2_assertion((OB2 / "assets" / "beths-robot-badge.png").read_bytes(), now=NOW).status_of(
            "parse"
        )
        is CheckStatus.FAILED
    )
    assert verify_ob2_assertion(b"<svg", now=NOW).status_of("parse") is CheckStatus.FAILED
    text = verify_ob2_assertion((OB2 / "basic-assertion.json").read_bytes(), now=NOW)
    assert text.status_of("parse") is CheckStatus.PASSED
    hosted = verify_ob2_assertion(
        "https://example.org/a.json", fetcher=lambda url: ["not", "a", "dict"], now=NOW
    )
    assert hosted.status_of("parse") is CheckStatus.FAILED
