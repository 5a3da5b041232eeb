"""Every example in ``tests/standards`` (OB 3.0, CLR 2.0, OB 2.0) parsed into the models and written back.

Round trip rule: the written JSON equals the input after JSON-LD compaction differences are undone,
i.e. a single ``type``/``proof`` value becomes a one-element array (the strict OB 3.0 schema wants
arrays; JSON-LD treats both forms as the same graph). Everything else — date-time text, numbers,
unknown extension properties, key sets — comes back unchanged, which the signature test below checks
at the RDF level: signed fixtures still verify after a round trip through the models.

Fixtures that do not fit the models are listed with the reason; several are deliberate negatives.
Disagreements between the published examples, the schemas and the spec text are noted where found.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from microcred.openbadges.models import (
    AchievementCredential,
    ClrCredential,
    Ob2Assertion,
    Ob2BadgeClass,
    Ob2CryptographicKey,
    Ob2Endorsement,
    Ob2Issuer,
    Ob2RevocationList,
    OBModel,
    parse_credential,
)
from tests.interop import oracle

STANDARDS = Path(__file__).resolve().parents[2] / "standards"
OB3 = sorted((STANDARDS / "ob3" / "examples").rglob("*.json"))
CLR = sorted((STANDARDS / "clr2" / "examples").glob("*.json"))
OB2 = sorted((STANDARDS / "ob2" / "examples").rglob("*.json"))

#: Fixtures the models refuse, and why. Negatives are expected to fail; the others are noted flaws.
REFUSED = {
    # 1EdTech validator negatives that are structural errors:
    "ob3/negative/simple-err-context.json": "no VC context; no validFrom, no achievement",
    "ob3/negative/simple-err-credential-subject-achievement-result-description-type.json": "RD type",
    "ob3/negative/simple-err-credential-subject-identifier-type.json": "IdentityObject type",
    "ob3/negative/simple-err-credential-subject-profile-type.json": "source Profile type",
    "ob3/negative/simple-err-credential-subject-result-type.json": "Result type",
    "ob3/negative/simple-err-credential-subject-type.json": "AchievementSubject type",
    "ob3/negative/simple-err-evidence-type.json": "Evidence type",
    "ob3/negative/simple-err-issued.json": "credentialSubject without achievement",
    "ob3/negative/simple-err-issuer-otheridentifier-type.json": "IdentifierEntry type",
    "ob3/negative/simple-err-issuer-parentorg-type.json": "parentOrg type",
    "ob3/negative/simple-err-issuer-type.json": "issuer type",
    "ob3/negative/simple-err-issuer.json": "no issuer",
    "ob3/negative/simple-err-type.json": "OtherCredential is not an OB credential type",
    # Positive fixtures of the validator that are nonetheless not conformant:
    "ob3/complete_v1.json": (
        "VC 1.1 fixture: endorsements without id (the schema requires id) and identityType 'email', which is "
        "not in the IdentifierTypeEnum ('emailAddress' is)"
    ),
    "ob3/simple-noproof.json": "credentialSubject has no achievement (required by the schema and the CDM)",
    # OB 2.0 negatives:
    "ob2/basic-assertion-invalid-context.json": "unknown @context",
    "ob2/basic-assertion-invalid-type.json": "type OtherAssertion",
}

#: Negative fixtures that are structurally fine: their error is in the proof, dates or key resolution,
#: which the verifier (not the models) detects.
PARSE_OK_NEGATIVES = {
    "ob3/negative/simple-err-expired.json",
    "ob3/negative/simple-err-proof-method-no-scheme.json",
    "ob3/negative/simple-err-proof-method-unknown-did-method.json",
    "ob3/negative/simple-err-proof-method-unknown-scheme.json",
    "ob3/negative/simple-err-proof-method.json",
    "ob3/negative/simple-err-proof-value.json",
}


def _key(path: Path) -> str:
    """``ob3/negative/simple-err-type.json``: the family and the path under ``examples/``."""
    relative = path.relative_to(STANDARDS).parts
    return "/".join((relative[0], *relative[2:]))


def _arrays(value: Any) -> Any:
    """Undo JSON-LD compaction of one-element sets for ``type`` and ``proof``."""
    if isinstance(value, list):
        return [_arrays(v) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("type", "proof") and not isinstance(item, list):
                single_string_types = {
                    "Image",
                    "IdentityObject",
                    "IdentifierEntry",
                    "GeoCoordinates",
                    "Association",
                }
                keep = key == "type" and (
                    item in single_string_types or "proofValue" in value or _is_vc_entry(value)
                )
                out[key] = _arrays(item) if keep else [_arrays(item)]
            else:
                out[key] = _arrays(item)
        return out
    return value


def _is_vc_entry(node: dict[str, Any]) -> bool:
    # credentialSchema / credentialStatus / refreshService / termsOfUse / proof entries keep string types.
    return "proofPurpose" in node or "statusPurpose" in node or (set(node) <= {"id", "type"} and "id" in node)


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", OB3 + CLR, ids=_key)
def test_ob3_and_clr_examples_round_trip(path: Path) -> None:
    document = _load(path)
    reason = REFUSED.get(_key(path))
    if reason is not None:
        with pytest.raises(ValueError, match=r".") as excinfo:
            parse_credential(document)
        assert isinstance(excinfo.value, ValidationError | ValueError), reason
        return
    model = parse_credential(document)
    assert model.to_dict() == _arrays(document)


@pytest.mark.parametrize(
    "name",
    [
        "ob3/examples/simple.json",
        "ob3/examples/complete.json",  # integers for credits, nested endorsements, extensions context
        "ob3/examples/simple-did-key-method.json",  # validFrom with a -08:00 offset, kept as written
        "ob3/examples/bitstring-credential-status-revoked.json",  # statusListIndex as a JSON integer
        "ob3/examples/endorsement-valid.json",
        "clr2/examples/simple.json",  # outer CLR proof and the embedded credential's own proof
    ],
)
def test_signed_examples_still_verify_after_a_round_trip(name: str) -> None:
    document = _load(STANDARDS / name)
    assert oracle.verify(document)
    again = parse_credential(document).to_dict()
    assert oracle.verify(again)
    if name.startswith("clr2"):
        inner = again["credentialSubject"]["verifiableCredential"][0]
        assert oracle.verify(inner)


@pytest.mark.parametrize("path", OB3 + CLR, ids=_key)
def test_negative_fixtures_are_classified(path: Path) -> None:
    key = _key(path)
    if "/negative/" in key:
        assert key in REFUSED or key in PARSE_OK_NEGATIVES, f"unclassified negative fixture {key}"


OB2_CLASSES: dict[str, type[OBModel]] = {
    "Assertion": Ob2Assertion,
    "BadgeClass": Ob2BadgeClass,
    "Issuer": Ob2Issuer,
    "RevocationList": Ob2RevocationList,
    "CryptographicKey": Ob2CryptographicKey,
    "Endorsement": Ob2Endorsement,
}


@pytest.mark.parametrize("path", OB2, ids=_key)
def test_ob2_examples_round_trip_exactly(path: Path) -> None:
    document = _load(path)
    cls = OB2_CLASSES.get(document["type"], Ob2Assertion)
    if _key(path) in REFUSED:
        with pytest.raises(ValidationError):
            cls.from_dict(document)
        return
    assert cls.from_dict(document).to_dict() == document


def _jwt_payload(token: str) -> dict[str, Any]:
    payload = token.strip().split(".")[1]
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert isinstance(data, dict)
    return data


def test_ob3_vc11_jwt_payload() -> None:
    """``simple.jwt`` is a VC 1.1 VC-JWT (credential in the ``vc`` claim). Like ``simple-noproof.json`` its
    subject has no ``achievement``, so it is refused; with one added it parses as a VC 1.1 credential."""
    claims = _jwt_payload((STANDARDS / "ob3/examples/simple.jwt").read_text())
    with pytest.raises(ValidationError, match="achievement"):
        AchievementCredential.from_dict(claims["vc"])
    achievement = _load(STANDARDS / "ob3/examples/simple.json")["credentialSubject"]["achievement"]
    fixed = {
        **claims["vc"],
        "credentialSubject": {**claims["vc"]["credentialSubject"], "achievement": achievement},
    }
    credential = AchievementCredential.from_dict(fixed)
    assert credential.is_vc_v1
    assert claims["iss"] == credential.issuer_id
    assert claims["jti"] == credential.id


def test_clr_jwt_payload_embeds_compact_jws_credentials() -> None:
    """1EdTech's CLR ``simple.jwt`` embeds each credential as a compact JWS string (the CLR schema wants
    objects); the model keeps those strings and parses the rest."""
    claims = _jwt_payload((STANDARDS / "clr2/examples/simple.jwt").read_text())
    clr = parse_credential(claims["vc"])
    assert isinstance(clr, ClrCredential)
    entries = clr.credential_subject.verifiable_credential
    assert entries
    assert all(isinstance(e, str) for e in entries)
    assert clr.credential_subject.achievement_credentials() == []
    inner = _jwt_payload(entries[0])
    assert isinstance(parse_credential(inner.get("vc", inner)), AchievementCredential)
    assert clr.to_dict() == _arrays(claims["vc"])


@pytest.mark.parametrize("name", ["simple.jwt", "simple-revoked.jwt", "simple-not-revoked.jwt"])
def test_ob2_signed_assertion_payloads_parse(name: str) -> None:
    payload = _jwt_payload((STANDARDS / "ob2/examples" / name).read_text())
    assertion = Ob2Assertion.from_dict(payload)
    assert assertion.verification.type in ("SignedBadge", "signed")
    assert assertion.to_dict() == payload


def test_clr_complex_fixture_reuses_achievement_ids() -> None:
    """BRIEF §6: ``complex.json`` links the Diploma to its courses by Achievement id; it reuses one
    achievement id for several different courses, and one association end is not in the record."""
    clr = ClrCredential.from_dict(_load(STANDARDS / "clr2/examples/complex.json"))
    subject = clr.credential_subject
    course_ids = [vc.credential_subject.achievement.id for vc in subject.verifiable_credential]
    assert len(course_ids) > len(set(course_ids))
    assert {a.association_type for a in subject.association} == {"isParentOf", "isPartOf"}
    assert subject.dangling_associations(), "the isPartOf source is not an achievement of the record"
