"""CLR 2.0 models: a stack expressed as a ClrCredential with associations, validated and round-tripped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from microcred.openbadges.models import (
    CLR_CONTEXT,
    OB3_CONTEXT,
    VC_V2_CONTEXT,
    Association,
    AssociationType,
    ClrCredential,
    ClrSubject,
    parse_credential,
)
from microcred.openbadges.schemas import validate_schema
from tests.interop import oracle
from tests.openbadges.models import samples

STANDARDS = Path(__file__).resolve().parents[2] / "standards"


def _signed_course_badges() -> list[dict[str, Any]]:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    vm = f"did:key:{oracle.multikey(key.public_key())}#{oracle.multikey(key.public_key())}"
    badges = []
    for index, code in enumerate(["DS-101", "DS-102"]):
        credential = samples.achievement_credential(
            credential_id=f"urn:uuid:00000000-0000-4000-8000-00000000000{index}", status_index=index
        )
        achievement = samples.microcredential(code=code)
        credential = credential.model_copy(
            update={
                "credential_subject": credential.credential_subject.model_copy(
                    update={"achievement": achievement}
                )
            }
        )
        badges.append(oracle.sign(credential.to_dict(), key, vm, "2025-05-20T14:30:00Z"))
    return badges


@pytest.fixture(scope="module")
def badges() -> list[dict[str, Any]]:
    return _signed_course_badges()


def test_stack_clr_is_schema_valid_and_keeps_inner_proofs(badges: list[dict[str, Any]]) -> None:
    clr = samples.stack_clr(badges)
    document = clr.to_dict()
    assert document["@context"] == [VC_V2_CONTEXT, CLR_CONTEXT, OB3_CONTEXT]
    assert document["type"] == ["VerifiableCredential", "ClrCredential"]
    assert validate_schema(document) == []
    inner = document["credentialSubject"]["verifiableCredential"]
    assert inner == badges, "embedded credentials are written back exactly as signed"
    assert all(oracle.verify(vc) for vc in inner)
    assert clr.credential_subject.dangling_associations() == []
    assert ClrCredential.from_dict(json.loads(json.dumps(document))).to_dict() == document


def test_associations_express_the_stack(badges: list[dict[str, Any]]) -> None:
    subject = samples.stack_clr(badges).credential_subject
    program = subject.achievement[0]
    assert [(a.association_type, a.source_id) for a in subject.association] == [
        ("isParentOf", program.id),
        ("isParentOf", program.id),
    ]
    assert {a.target_id for a in subject.association} == {
        vc.credential_subject.achievement.id for vc in subject.achievement_credentials()
    }


def test_association_vocabulary_is_the_clr_schema_enum() -> None:
    schema = json.loads((STANDARDS / "clr2/schema/clr_v2p0_clrcredential_schema_draft4.json").read_text())
    enum = schema["$defs"]["Association"]["properties"]["associationType"]["enum"]
    assert [t.value for t in AssociationType] == enum
    with pytest.raises(ValidationError):
        Association(association_type="hasPart", source_id="urn:a", target_id="urn:b")
    with pytest.raises(ValidationError):
        Association.model_validate(
            {"type": "Association", "associationType": "precedes", "sourceId": "a", "targetId": "b", "x": 1}
        )


def test_dangling_association_is_reported(badges: list[dict[str, Any]]) -> None:
    clr = samples.stack_clr(badges)
    extra = Association(
        association_type="precedes", source_id=clr.credential_subject.achievement[0].id, target_id="urn:x"
    )
    subject = clr.credential_subject.model_copy(
        update={"association": [*clr.credential_subject.association, extra]}
    )
    assert subject.dangling_associations() == [extra]


def test_clr_subject_needs_credentials_and_identity(badges: list[dict[str, Any]]) -> None:
    with pytest.raises(ValidationError):
        ClrSubject(id="did:example:learner", verifiable_credential=[])
    with pytest.raises(ValidationError, match="id or at least one identifier"):
        ClrSubject.model_validate({"type": ["ClrSubject"], "verifiableCredential": badges})


def test_schema_catches_clr_errors(badges: list[dict[str, Any]]) -> None:
    document = samples.stack_clr(badges).to_dict()
    document["credentialSubject"]["association"][0]["associationType"] = "contains"
    document["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["type"] = ["Learner"]
    del document["name"]
    problems = {(p.path, p.keyword) for p in validate_schema(document)}
    assert ("$", "required") in problems
    assert ("$.credentialSubject.association[0].associationType", "enum") in problems
    assert ("$.credentialSubject.verifiableCredential[0].credentialSubject.type", "contains") in problems


def test_outer_clr_can_be_signed_and_verified(badges: list[dict[str, Any]]) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    mk = oracle.multikey(key.public_key())
    signed = oracle.sign(
        samples.stack_clr(badges).to_dict(), key, f"did:key:{mk}#{mk}", "2025-05-21T08:00:00Z"
    )
    assert oracle.verify(signed)
    model = parse_credential(signed)
    assert isinstance(model, ClrCredential)
    assert oracle.verify(model.to_dict())


def test_partial_is_read_but_not_in_the_context() -> None:
    """``partial`` is in the CLR schema but not in ``context-2.0.1.json``: readable, never written by us."""
    context = json.loads((STANDARDS / "clr2/context-2.0.1.json").read_text())
    assert "partial" not in json.dumps(context)
    document = json.loads((STANDARDS / "clr2/examples/simple.json").read_text())
    assert parse_credential({**document, "partial": True}).partial is True  # type: ignore[union-attr]
