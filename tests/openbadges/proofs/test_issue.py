"""Signing our own credentials and verifying them (embedded proof and VC-JWT)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from microcred.openbadges.errors import DroppedTermsError, ProofError
from microcred.openbadges.issue import _copy_json, sign_credential, sign_credential_jwt
from microcred.openbadges.keys import (
    DocumentResolver,
    SigningKey,
    StaticKeyResolver,
    did_key_verification_method,
    public_key_to_jwk,
)
from microcred.openbadges.verify import Verdict, verify_credential
from tests.openbadges.proofs.fixtures import (
    ISSUER_ID,
    ISSUER_KEY,
    ISSUER_VM,
    NOW,
    DictFetcher,
    issuer_document,
    ob3_credential,
)

CREATED = datetime(2025, 1, 1, 12, tzinfo=UTC)


def resolver() -> DocumentResolver:
    return DocumentResolver(DictFetcher({ISSUER_ID: issuer_document()}))


def test_signed_credential_verifies_with_the_issuer_document() -> None:
    credential = ob3_credential()
    signed = sign_credential(credential, key=ISSUER_KEY, verification_method=ISSUER_VM, created=CREATED)
    assert credential == ob3_credential()  # the input is not modified
    assert isinstance(signed["proof"], list)
    assert signed["proof"][0]["created"] == "2025-01-01T12:00:00Z"
    assert signed["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    report = verify_credential(signed, resolver=resolver(), now=NOW)
    assert report.verdict is Verdict.VALID, report.to_dict()
    assert report.warnings == []


def test_tampered_copy_fails_on_the_signature() -> None:
    signed = sign_credential(ob3_credential(), key=ISSUER_KEY, verification_method=ISSUER_VM, created=CREATED)
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Advanced Robotics"
    report = verify_credential(tampered, resolver=resolver(), now=NOW)
    assert report.verdict is Verdict.INVALID
    assert report.status_of("proof[0].signature") == "failed"
    assert report.status_of("proof") == "failed"


def test_two_proofs_form_a_proof_set() -> None:
    second = SigningKey.generate_ed25519()
    once = sign_credential(ob3_credential(), key=ISSUER_KEY, verification_method=ISSUER_VM, created=CREATED)
    twice = sign_credential(once, key=second, verification_method=f"{ISSUER_ID}#key-2", created=CREATED)
    assert len(twice["proof"]) == 2
    keys = StaticKeyResolver({ISSUER_VM: ISSUER_KEY.public_key, f"{ISSUER_ID}#key-2": second.public_key})
    report = verify_credential(twice, resolver=keys, now=NOW)
    assert report.verdict is Verdict.VALID
    assert report.status_of("proof[1].signature") == "passed"


def test_did_key_issuer() -> None:
    key = SigningKey.generate_ed25519()
    method = did_key_verification_method(key.public_key)  # type: ignore[arg-type]
    credential = ob3_credential(issuer={"id": method.split("#")[0], "type": ["Profile"], "name": "Self"})
    report = verify_credential(sign_credential(credential, key=key, verification_method=method), now=NOW)
    assert report.verdict is Verdict.VALID
    assert report.status_of("proof[0].controller") == "passed"


def test_the_signed_credential_shares_nothing_with_the_input() -> None:
    credential = ob3_credential()
    earlier = sign_credential(credential, key=ISSUER_KEY, verification_method=ISSUER_VM, created=CREATED)
    signed = sign_credential(earlier, key=ISSUER_KEY, verification_method=ISSUER_VM, created=CREATED)
    assert len(signed["proof"]) == 2
    signed["credentialSubject"]["achievement"]["name"] = "changed"
    signed["proof"][0]["proofValue"] = "changed"
    signed["@context"].append("https://example.com/changed")
    assert credential == ob3_credential()
    assert earlier["proof"][0]["proofValue"] != "changed"
    assert earlier["credentialSubject"]["achievement"]["name"] != "changed"


def test_copy_json_copies_containers_and_defers_anything_else_to_deepcopy() -> None:
    nested = {"a": [1, 2.5, True, None, "x", {"b": [[]]}], "t": ([1],)}
    copied = _copy_json(nested)
    assert copied == nested
    assert copied["a"] is not nested["a"]
    assert copied["a"][5]["b"][0] is not nested["a"][5]["b"][0]
    assert copied["t"][0] is not nested["t"][0]  # a tuple: copy.deepcopy's rules
    assert _copy_json("scalar") == "scalar"


def test_signing_refuses_dropped_terms_and_rsa_keys() -> None:
    with pytest.raises(DroppedTermsError, match="endorsementJwt"):
        sign_credential(
            ob3_credential(endorsementJwt=["a.b.c"]), key=ISSUER_KEY, verification_method=ISSUER_VM
        )
    with pytest.raises(ProofError, match="Ed25519"):
        sign_credential(ob3_credential(), key=SigningKey.generate_rsa(), verification_method=ISSUER_VM)
    with pytest.raises(DroppedTermsError):
        sign_credential_jwt(ob3_credential(foo=1), key=ISSUER_KEY, kid=ISSUER_VM)


def test_jwt_with_rs256_kid_resolved_from_a_jwk_set() -> None:
    rsa_key = SigningKey.generate_rsa()
    jwks_url = "https://university.example/.well-known/jwks.json"
    jwks = {"keys": [{**public_key_to_jwk(rsa_key.public_key), "kid": "rsa-1", "iss": ISSUER_ID}]}
    token = sign_credential_jwt(ob3_credential(), key=rsa_key, kid=f"{jwks_url}#rsa-1")
    report = verify_credential(token, resolver=DocumentResolver(DictFetcher({jwks_url: jwks})), now=NOW)
    assert report.verdict is Verdict.VALID, report.to_dict()
    assert report.format == "jwt"
    assert report.status_of("jwt.signature") == "passed"
    assert report.status_of("jwt.controller") == "passed"
    assert report.status_of("jwt.claims") == "passed"


def test_jwt_carrying_an_embedded_proof_too() -> None:
    signed = sign_credential(ob3_credential(), key=ISSUER_KEY, verification_method=ISSUER_VM, created=CREATED)
    token = sign_credential_jwt(signed, key=ISSUER_KEY, kid=ISSUER_VM)
    report = verify_credential(token, resolver=resolver(), now=NOW)
    assert report.verdict is Verdict.VALID
    assert report.status_of("jwt.signature") == "passed"
    assert report.status_of("proof[0].signature") == "passed"


def test_vc11_credentials_need_the_data_integrity_context() -> None:
    credential = ob3_credential(
        **{
            "@context": [
                "https://www.w3.org/2018/credentials/v1",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
            ]
        },
        issuanceDate="2025-01-01T00:00:00Z",
    )
    del credential["validFrom"]
    with pytest.raises(DroppedTermsError, match="cryptosuite"):
        sign_credential(credential, key=ISSUER_KEY, verification_method=ISSUER_VM)
    credential["@context"].append("https://w3id.org/security/data-integrity/v1")
    signed = sign_credential(credential, key=ISSUER_KEY, verification_method=ISSUER_VM, created=CREATED)
    report = verify_credential(signed, resolver=resolver(), now=NOW)
    assert report.status_of("proof[0].signature") == "passed"
    assert report.status_of("context") == "warning"  # VC 1.1 is legacy
