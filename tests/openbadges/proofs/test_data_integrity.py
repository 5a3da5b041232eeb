"""Proof shape, options, purposes, proof sets, dates, and the dropped-terms refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from microcred.openbadges.errors import DroppedTermsError, ProofError
from microcred.openbadges.proofs.data_integrity import (
    ProofOptions,
    check_proof_purpose,
    ensure_no_dropped_terms,
    format_datetime,
    parse_datetime,
    proof_shape_problems,
    proofs_of,
    without_proof,
)
from tests.openbadges.proofs.fixtures import ob3_credential


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2010-01-01T19:23:24Z", datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)),
        ("2010-01-01T21:23:24+02:00", datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)),
        ("2010-01-01T19:23:24.1234567Z", datetime(2010, 1, 1, 19, 23, 24, 123456, tzinfo=UTC)),
    ],
)
def test_parse_datetime(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["2010-01-01", "2010-01-01T19:23:24", "2010-13-01T00:00:00Z", 5, None])
def test_parse_datetime_rejects(text: object) -> None:
    with pytest.raises(ProofError):
        parse_datetime(text)


def test_format_datetime() -> None:
    moment = datetime(2024, 5, 1, 14, 0, 1, 999, tzinfo=timezone(timedelta(hours=2)))
    assert format_datetime(moment) == "2024-05-01T12:00:01Z"
    with pytest.raises(ProofError, match="naive"):
        format_datetime(datetime(2024, 5, 1))


def test_proof_options_to_dict() -> None:
    options = ProofOptions(
        verification_method="did:key:z6Mk#z6Mk",
        cryptosuite="eddsa-rdfc-2022",
        created=datetime(2024, 1, 1, tzinfo=UTC),
        expires=datetime(2025, 1, 1, tzinfo=UTC),
        id="urn:uuid:1",
        domain="example.com",
        challenge="abc",
    )
    assert options.to_dict() == {
        "id": "urn:uuid:1",
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-01-01T00:00:00Z",
        "expires": "2025-01-01T00:00:00Z",
        "verificationMethod": "did:key:z6Mk#z6Mk",
        "proofPurpose": "assertionMethod",
        "domain": "example.com",
        "challenge": "abc",
    }


def test_proofs_of_and_without_proof() -> None:
    assert proofs_of({}) == []
    assert proofs_of({"proof": {"a": 1}}) == [{"a": 1}]
    assert proofs_of({"proof": [{"a": 1}, {"b": 2}]}) == [{"a": 1}, {"b": 2}]
    assert without_proof({"x": 1, "proof": []}) == {"x": 1}


def test_proof_shape_problems() -> None:
    good = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": "did:key:z",
        "proofPurpose": "assertionMethod",
        "proofValue": "z1",
        "created": "2024-01-01T00:00:00Z",
    }
    assert proof_shape_problems(good) == []
    assert proof_shape_problems("x") == ["the proof is not a JSON object"]
    problems = proof_shape_problems({"type": "DataIntegrityProof", "expires": "soon"})
    assert "'proofValue' is missing or not a string" in problems
    assert "a DataIntegrityProof needs a 'cryptosuite' string" in problems
    assert any(problem.startswith("'expires'") for problem in problems)


def test_check_proof_purpose() -> None:
    proof = {"proofPurpose": "assertionMethod"}
    check_proof_purpose(proof, "assertionMethod", None)
    check_proof_purpose(proof, "assertionMethod", frozenset({"assertionMethod", "authentication"}))
    with pytest.raises(ProofError, match="expected 'authentication'"):
        check_proof_purpose(proof, "authentication", None)
    with pytest.raises(ProofError, match="under authentication, not under 'assertionMethod'"):
        check_proof_purpose(proof, "assertionMethod", frozenset({"authentication"}))
    with pytest.raises(ProofError, match="no relationship"):
        check_proof_purpose(proof, "assertionMethod", frozenset())


def test_dropped_terms_are_named() -> None:
    ensure_no_dropped_terms(ob3_credential())
    credential = ob3_credential(endorsementJwt=["aaa.bbb.ccc"])
    credential["credentialSubject"]["achievement"]["image"] = "badge.png"
    with pytest.raises(DroppedTermsError) as caught:
        ensure_no_dropped_terms(credential)
    assert "endorsementJwt" in str(caught.value)
    assert any("image" in term for term in caught.value.terms)
