"""OB 2.0 assertions: hosted and signed verification, revocation, recipient identity hashes."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from microcred.openbadges.bake import bake
from microcred.openbadges.errors import OpenBadgesError
from microcred.openbadges.keys import SigningKey
from microcred.openbadges.proofs.ob2 import identity_hash, identity_matches, verify_ob2_assertion
from microcred.openbadges.proofs.vc_jwt import sign_jws
from microcred.openbadges.verify import CheckStatus, Verdict, verify_credential
from tests.openbadges.proofs.fixtures import NOW, OB2, DictFetcher, load_json

ORGANIZATION = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Issuer",
    "id": "https://example.org/organization.json",
    "name": "An Example Badge Issuer",
    "url": "https://example.org",
    "email": "contact@example.org",
    "publicKey": "http://example.org/key1.json",
}
BASIC = load_json(OB2 / "basic-assertion.json")


def linked(**extra: Any) -> dict[str, Any]:
    documents = {
        "https://example.org/robotics-badge.json": load_json(OB2 / "assets" / "robotics-badge.json"),
        "https://example.org/organization.json": ORGANIZATION,
        "http://example.org/key1.json": load_json(OB2 / "assets" / "key1.json"),
        BASIC["id"]: BASIC,
    }
    documents.update(extra)
    return documents


def test_identity_hash() -> None:
    assert identity_hash("nobody@example.org", "deadsea") == BASIC["recipient"]["identity"]
    assert (
        identity_hash("a@example.com", "Kosher")
        == "sha256$" + hashlib.sha256(b"a@example.comKosher").hexdigest()
    )
    assert identity_hash("x", algorithm="md5") == "md5$" + hashlib.md5(b"x").hexdigest()  # noqa: S324
    with pytest.raises(OpenBadgesError):
        identity_hash("x", algorithm="sha1")


def test_identity_matches() -> None:
    recipient = BASIC["recipient"]
    assert identity_matches(recipient, "nobody@example.org")
    assert identity_matches(
        dict(recipient, identity=recipient["identity"].upper().replace("SHA256", "sha256")),
        "nobody@example.org",
    )
    assert not identity_matches(recipient, "somebody@example.org")
    assert identity_matches({"identity": "a@b.c", "hashed": False}, "a@b.c")
    assert not identity_matches({"identity": "a@b.c", "hashed": False}, "A@b.c")
    assert not identity_matches("x", "a")
    assert not identity_matches({"identity": 5}, "a")
    assert not identity_matches({"identity": "sha1$00", "hashed": True}, "a")
    assert not identity_matches({"identity": "nodollar", "hashed": True}, "a")
    assert not identity_matches({"identity": "sha256$00", "hashed": True, "salt": 5}, "a")
    assert identity_matches({"identity": identity_hash("a"), "hashed": True}, "a")


def test_hosted_assertion_offline_is_indeterminate() -> None:
    report = verify_ob2_assertion(BASIC, now=NOW)
    assert report.verdict is Verdict.INDETERMINATE
    assert report.status_of("proof") is CheckStatus.SKIPPED
    for check_id in ("parse", "context", "type", "structure", "validity.from"):
        assert report.status_of(check_id) is CheckStatus.PASSED


def test_hosted_assertion_online() -> None:
    report = verify_ob2_assertion(
        BASIC, fetcher=DictFetcher(linked()), now=NOW, recipient="nobody@example.org"
    )
    assert report.verdict is Verdict.VALID, report.to_dict()
    assert report.status_of("issuer") is CheckStatus.PASSED
    assert report.status_of("recipient") is CheckStatus.PASSED
    by_url = verify_ob2_assertion(BASIC["id"], fetcher=DictFetcher(linked()), now=NOW)
    assert by_url.verdict is Verdict.VALID
    wrong = verify_ob2_assertion(BASIC, fetcher=DictFetcher(linked()), now=NOW, recipient="x@example.org")
    assert wrong.status_of("recipient") is CheckStatus.FAILED


def test_hosted_assertion_gone_differs_or_revoked() -> None:
    gone = verify_ob2_assertion(BASIC, fetcher=DictFetcher(linked(), gone=(BASIC["id"],)), now=NOW)
    assert gone.status_of("status.revocation") is CheckStatus.FAILED
    missing = verify_ob2_assertion(BASIC, fetcher=DictFetcher({}), now=NOW)
    assert missing.status_of("proof") is CheckStatus.FAILED
    differs = verify_ob2_assertion(
        BASIC, fetcher=DictFetcher(linked(**{BASIC["id"]: dict(BASIC, badge="https://x")})), now=NOW
    )
    assert differs.status_of("proof") is CheckStatus.FAILED
    other = verify_ob2_assertion(
        BASIC, fetcher=DictFetcher(linked(**{BASIC["id"]: {"id": "https://other"}})), now=NOW
    )
    assert other.status_of("proof") is CheckStatus.FAILED
    revoked = verify_ob2_assertion(
        BASIC, fetcher=DictFetcher(linked(**{BASIC["id"]: dict(BASIC, revoked=True)})), now=NOW
    )
    assert revoked.status_of("status.revoked") is CheckStatus.FAILED
    flagged = verify_ob2_assertion(dict(BASIC, revoked=True, revocationReason="fraud"), now=NOW)
    assert "fraud" in flagged.get("status.revoked").message  # type: ignore[union-attr]

    def broken(url: str) -> Any:
        raise RuntimeError("network down")

    assert verify_ob2_assertion(BASIC, fetcher=broken, now=NOW).status_of("proof") is CheckStatus.FAILED


def test_hosted_scope() -> None:
    outside = dict(BASIC, id="https://elsewhere.example/a.json")
    documents = linked(**{outside["id"]: outside})
    assert (
        verify_ob2_assertion(outside, fetcher=DictFetcher(documents), now=NOW).status_of("issuer")
        is CheckStatus.FAILED
    )
    allowed = dict(ORGANIZATION, verification={"allowedOrigins": ["elsewhere.example"]})
    documents["https://example.org/organization.json"] = allowed
    assert (
        verify_ob2_assertion(outside, fetcher=DictFetcher(documents), now=NOW).status_of("issuer")
        is CheckStatus.PASSED
    )
    prefix = dict(ORGANIZATION, verification={"startsWith": ["https://elsewhere.example/b"]})
    documents["https://example.org/organization.json"] = prefix
    assert (
        verify_ob2_assertion(outside, fetcher=DictFetcher(documents), now=NOW).status_of("issuer")
        is CheckStatus.FAILED
    )
    no_issuer = linked()
    del no_issuer["https://example.org/organization.json"]
    assert (
        verify_ob2_assertion(BASIC, fetcher=DictFetcher(no_issuer), now=NOW).status_of("issuer")
        is CheckStatus.SKIPPED
    )


@pytest.mark.parametrize(
    ("name", "check_id"),
    [
        ("basic-assertion-expired.json", "validity.until"),
        ("basic-assertion-in-future.json", "validity.from"),
        ("basic-assertion-invalid-context.json", "context"),
        ("basic-assertion-invalid-type.json", "type"),
    ],
)
def test_negative_ob2_examples(name: str, check_id: str) -> None:
    report = verify_credential((OB2 / name).read_bytes(), now=NOW)
    assert report.status_of(check_id) is CheckStatus.FAILED
    assert report.verdict is Verdict.INVALID


def test_signed_assertion_from_the_standards() -> None:
    token = (OB2 / "simple.jwt").read_text()
    offline = verify_credential(token, now=NOW)
    assert offline.status_of("proof") is CheckStatus.SKIPPED
    report = verify_credential(token, now=NOW, status_fetcher=DictFetcher(linked()))
    assert report.verdict is Verdict.VALID, report.to_dict()
    assert report.status_of("key") is CheckStatus.PASSED
    assert report.status_of("issuer") is CheckStatus.PASSED
    unlisted = linked(**{"https://example.org/organization.json": dict(ORGANIZATION, publicKey=[])})
    assert (
        verify_credential(token, now=NOW, status_fetcher=DictFetcher(unlisted)).status_of("issuer")
        is CheckStatus.FAILED
    )
    for name in ("simple-revoked.jwt", "simple-not-revoked.jwt"):  # their keys (key2, key3) are not published
        assert (
            verify_credential(
                (OB2 / name).read_text(), now=NOW, status_fetcher=DictFetcher(linked())
            ).status_of("key")
            is CheckStatus.FAILED
        )


def _signed(assertion_id: str, key: SigningKey) -> str:
    assertion = dict(
        BASIC,
        id=assertion_id,
        badge="https://example.org/robotics-badge.json",
        verification={"type": "SignedBadge", "creator": "https://example.org/key9.json"},
    )
    return sign_jws({"alg": "RS256"}, assertion, key)


def test_signed_assertion_revocation_list() -> None:
    key = SigningKey.generate_rsa()
    pem = key.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    issuer = dict(
        ORGANIZATION,
        publicKey=["https://example.org/key9.json"],
        revocationList="https://example.org/revocation-list.json",
    )
    documents = linked(
        **{
            "https://example.org/key9.json": {
                "id": "https://example.org/key9.json",
                "owner": ORGANIZATION["id"],
                "publicKeyPem": pem,
            },
            "https://example.org/organization.json": issuer,
            "https://example.org/revocation-list.json": load_json(OB2 / "assets" / "revocation-list.json"),
        }
    )
    revoked = verify_ob2_assertion(
        _signed("https://example.org/beths-robotics-badge-revoked.json", key),
        fetcher=DictFetcher(documents),
        now=NOW,
    )
    assert revoked.status_of("status.revocation") is CheckStatus.FAILED
    assert "A good reason" in revoked.get("status.revocation").message  # type: ignore[union-attr]
    fine = verify_ob2_assertion(
        _signed("https://example.org/ok.json", key), fetcher=DictFetcher(documents), now=NOW
    )
    assert fine.status_of("status.revocation") is CheckStatus.PASSED
    assert fine.verdict is Verdict.VALID
    documents["https://example.org/revocation-list.json"] = {"nothing": 1}
    malformed = verify_ob2_assertion(
        _signed("https://example.org/ok.json", key), fetcher=DictFetcher(documents), now=NOW
    )
    assert malformed.status_of("status.revocation") is CheckStatus.FAILED
    del documents["https://example.org/revocation-list.json"]
    unreachable = verify_ob2_assertion(
        _signed("https://example.org/ok.json", key), fetcher=DictFetcher(documents), now=NOW
    )
    assert unreachable.status_of("status.revocation") is CheckStatus.WARNING
    forged = verify_ob2_assertion(
        _signed("https://example.org/ok.json", SigningKey.generate_rsa()),
        fetcher=DictFetcher(documents),
        now=NOW,
    )
    assert forged.status_of("proof") is CheckStatus.FAILED
    ed = verify_ob2_assertion(
        sign_jws(
            {"alg": "EdDSA"},
            dict(BASIC, verification={"type": "signed", "creator": "https://example.org/key9.json"}),
            SigningKey.generate_ed25519(),
        ),
        fetcher=DictFetcher(documents),
        now=NOW,
    )
    assert ed.status_of("proof") is CheckStatus.FAILED


def test_baked_and_malformed_inputs() -> None:
    report = verify_credential((OB2 / "simple-badge.png").read_bytes(), now=NOW)
    assert report.format == "png"
    assert report.status_of("parse") is CheckStatus.PASSED
    assert report.status_of("type") is CheckStatus.PASSED
    assert verify_ob2_assertion(b"\x89PNG\r\n\x1a\nxx", now=NOW).status_of("parse") is CheckStatus.FAILED
    ob3_png = bake((OB2 / "simple-badge.png").read_bytes(), "a.b.c", version="3.0")
    assert (
        verify_ob2_assertion(ob3_png.replace(b"openbadges\0", b"openbadgex\0"), now=NOW).status_of("parse")
        is CheckStatus.FAILED
    )
    assert verify_ob2_assertion(b'{"x": [', now=NOW).status_of("parse") is CheckStatus.FAILED
    assert verify_ob2_assertion("[1]", now=NOW).status_of("parse") is CheckStatus.FAILED
    assert verify_ob2_assertion(b'{"a": 1}', now=NOW).status_of("structure") is CheckStatus.FAILED
    assert verify_ob2_assertion('{"a"}', now=NOW).status_of("parse") is CheckStatus.FAILED
    assert verify_ob2_assertion('"just a string"', now=NOW).status_of("parse") is CheckStatus.FAILED
    assert (
        verify_ob2_assertion("https://example.org/a.json", now=NOW).status_of("parse") is CheckStatus.SKIPPED
    )
    assert (
        verify_ob2_assertion("https://example.org/a.json", fetcher=DictFetcher(), now=NOW).status_of("parse")
        is CheckStatus.FAILED
    )
    signed_plain = dict(BASIC, verification={"type": "signed", "creator": "https://x"})
    assert verify_ob2_assertion(signed_plain, now=NOW).status_of("proof") is CheckStatus.FAILED
    unknown = dict(BASIC, verification={"type": "magic"})
    assert verify_ob2_assertion(unknown, now=NOW).status_of("proof") is CheckStatus.FAILED
    shapes = dict(BASIC, recipient="nobody")
    assert verify_ob2_assertion(shapes, now=NOW).status_of("structure") is CheckStatus.FAILED
    bad_date = dict(BASIC, issuedOn="yesterday")
    assert verify_ob2_assertion(bad_date, now=NOW).status_of("validity.from") is CheckStatus.FAILED
    assert (
        verify_ob2_assertion(dict(BASIC, type=["Assertion", "Extra"]), now=NOW).status_of("type")
        is CheckStatus.PASSED
    )
    assert verify_ob2_assertion(42, now=NOW).status_of("parse") is CheckStatus.FAILED  # type: ignore[arg-type]
    assert verify_ob2_assertion(BASIC).status_of("validity.from") is CheckStatus.PASSED
