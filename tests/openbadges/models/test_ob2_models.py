"""OB 2.0 models: hosted Issuer / BadgeClass / Assertion documents, recipient hashing, revocation list."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from microcred.openbadges.models import (
    OB2_CONTEXT,
    Ob2Alignment,
    Ob2Assertion,
    Ob2BadgeClass,
    Ob2Criteria,
    Ob2CryptographicKey,
    Ob2Evidence,
    Ob2IdentityObject,
    Ob2Issuer,
    Ob2RevocationList,
    Ob2RevokedAssertion,
    Ob2VerificationObject,
    ob2_hashed_email_recipient,
)

BASE = "https://badges.example.edu/ob2"


def hosted_documents(base: str = BASE) -> tuple[Ob2Issuer, Ob2BadgeClass, Ob2Assertion]:
    """The three documents of a hosted OB 2.0 badge, as Microcred publishes them for dual publishing."""
    issuer = Ob2Issuer(
        id=f"{base}/issuers/1",
        name="Example State University",
        url="https://www.example.edu",
        email="registrar@example.edu",
        description="A public research university.",
    )
    badge = Ob2BadgeClass(
        id=f"{base}/badges/ds-101",
        name="Applied Data Science Foundations",
        description="Foundational skills in data wrangling, visualization and statistical modelling.",
        image=f"{base}/badges/ds-101/image.png",
        criteria=Ob2Criteria(narrative="Complete the four modules and the capstone project."),
        issuer=issuer.id,
        alignment=[
            Ob2Alignment(target_name="Analyze data", target_url="https://example.org/competencies/3-2")
        ],
        tags=["data science"],
    )
    assertion = Ob2Assertion(
        id=f"{base}/assertions/42",
        recipient=ob2_hashed_email_recipient("learner@example.edu", "deadsea"),
        badge=badge.id,
        verification=Ob2VerificationObject(type="HostedBadge"),
        issued_on=datetime(2025, 5, 20, 14, 30, tzinfo=UTC),
        evidence=[
            Ob2Evidence(id="https://github.com/example-learner/capstone", narrative="Capstone project")
        ],
        narrative="Completed with distinction.",
    )
    return issuer, badge, assertion


def test_hosted_documents_serialize_as_ob2() -> None:
    issuer, badge, assertion = hosted_documents()
    for document in (issuer.to_dict(), badge.to_dict(), assertion.to_dict()):
        assert document["@context"] == OB2_CONTEXT
        assert next(iter(document)) == "@context"
    data = assertion.to_dict()
    assert data["type"] == "Assertion"
    assert data["issuedOn"] == "2025-05-20T14:30:00Z"
    assert data["verification"] == {"type": "HostedBadge"}
    assert data["recipient"]["identity"].startswith("sha256$")
    assert badge.to_dict()["criteria"] == {"narrative": "Complete the four modules and the capstone project."}


def test_spec_recipient_hash_value() -> None:
    """``ob2/examples/basic-assertion.json``: ``nobody@example.org`` + ``deadsea``."""
    recipient = ob2_hashed_email_recipient("nobody@example.org", "deadsea")
    assert recipient.identity == "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"
    assert recipient.matches("nobody@example.org")
    assert not recipient.matches("somebody@example.org")
    assert Ob2IdentityObject(type="email", identity="a@example.org", hashed=False).matches("a@example.org")


def test_embedded_nodes_have_no_context() -> None:
    issuer, badge, assertion = hosted_documents()
    embedded = assertion.model_copy(update={"badge": badge.model_copy(update={"issuer": issuer})}).to_dict()
    assert "@context" not in embedded["badge"]
    assert "@context" not in embedded["badge"]["issuer"]
    assert Ob2Assertion.from_dict(embedded).to_dict() == embedded


def test_round_trip_and_revocation() -> None:
    _, _, assertion = hosted_documents()
    revoked = assertion.model_copy(update={"revoked": True, "revocation_reason": "Issued in error"}).to_dict()
    assert revoked["revoked"] is True
    assert Ob2Assertion.from_dict(json.loads(json.dumps(revoked))).to_dict() == revoked
    rl = Ob2RevocationList(
        id=f"{BASE}/revocations", revoked_assertions=["urn:uuid:1", Ob2RevokedAssertion(id="urn:uuid:2")]
    )
    assert rl.to_dict()["revokedAssertions"] == ["urn:uuid:1", {"id": "urn:uuid:2"}]
    assert Ob2RevocationList(id=f"{BASE}/revocations").to_dict()["revokedAssertions"] == []


def test_signed_badge_parts() -> None:
    key = Ob2CryptographicKey(
        id=f"{BASE}/keys/1", owner=f"{BASE}/issuers/1", public_key_pem="-----BEGIN PUBLIC KEY-----"
    )
    issuer = Ob2Issuer(
        id=f"{BASE}/issuers/1", name="ESU", public_key=key, revocation_list=f"{BASE}/revocations"
    )
    assert issuer.to_dict()["publicKey"]["publicKeyPem"].startswith("-----BEGIN")


@pytest.mark.parametrize(
    "change",
    [
        {"type": "OtherAssertion"},
        {"@context": "https://w3id.org/openbadges/invalid"},
        {"recipient": {"type": "phone", "identity": "1", "hashed": False}},
        {"issuedOn": "2025-05-20"},
    ],
)
def test_invalid_assertions_are_refused(change: dict[str, object]) -> None:
    _, _, assertion = hosted_documents()
    with pytest.raises(ValidationError):
        Ob2Assertion.from_dict({**assertion.to_dict(), **change})
