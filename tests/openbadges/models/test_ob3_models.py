"""OB 3.0 models: realistic instances, serialization rules (BRIEF §1, §10), schema validity, hashing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from microcred.openbadges.jsonld import find_dropped_terms
from microcred.openbadges.models import (
    OB3_CONTEXT,
    OB3_EXTENSIONS_CONTEXT,
    VC_V2_CONTEXT,
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    BitstringStatusListEntry,
    CredentialSchema,
    Criteria,
    EndorsementCredential,
    Evidence,
    IdentityObject,
    Image,
    OpenBadgeCredential,
    ParsedDateTime,
    Profile,
    RefreshService,
    Result,
    RevocationListStatus,
    TermsOfUse,
    format_datetime,
    hashed_email_identity,
    hashed_identity,
    identity_hash,
    json_number,
    new_salt,
    parse_credential,
    parse_datetime,
)
from microcred.openbadges.schemas import validate_schema
from tests.openbadges.models import samples

STANDARDS = Path(__file__).resolve().parents[2] / "standards"

# Objects whose `type` the OB 3.0 schema wants as a plain string; every other `type` must be an array.
STRING_TYPED = {"Image", "IdentityObject", "IdentifierEntry", "GeoCoordinates"}


def _walk(value: Any, path: str = "$") -> list[tuple[str, Any]]:
    found = [(path, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_walk(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_walk(item, f"{path}[{index}]"))
    return found


@pytest.fixture
def credential() -> dict[str, Any]:
    return samples.achievement_credential().to_dict()


def test_realistic_credential_is_schema_valid(credential: dict[str, Any]) -> None:
    assert validate_schema(credential) == []


def test_context_order_and_types_are_arrays(credential: dict[str, Any]) -> None:
    assert list(credential)[:3] == ["@context", "id", "type"]
    assert credential["@context"][:2] == [VC_V2_CONTEXT, OB3_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    for path, node in _walk(credential):
        if isinstance(node, dict) and "type" in node:
            if (isinstance(node["type"], str) and node["type"] in STRING_TYPED) or path.endswith(
                "credentialStatus"
            ):
                assert isinstance(node["type"], str), path
            else:
                assert isinstance(node["type"], list), path


def test_issuer_is_an_embedded_profile(credential: dict[str, Any]) -> None:
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["issuer"]["name"] == "Example State University"


def test_no_null_and_no_empty_arrays(credential: dict[str, Any]) -> None:
    for path, node in _walk(credential):
        assert node is not None, path
        assert node != [], path


def test_datetimes_are_utc_with_z(credential: dict[str, Any]) -> None:
    assert credential["validFrom"] == "2025-05-20T14:30:00Z"
    assert credential["awardedDate"] == "2025-05-20T14:30:00Z"
    assert credential["credentialSubject"]["activityStartDate"] == "2025-01-21T00:00:00Z"


def test_non_utc_python_datetimes_are_written_in_utc() -> None:
    eastern = timezone(timedelta(hours=-5))
    model = samples.achievement_credential().model_copy(
        update={"valid_from": datetime(2025, 5, 20, 9, 30, 0, 250000, tzinfo=eastern)}
    )
    assert model.to_dict()["validFrom"] == "2025-05-20T14:30:00.25Z"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        AchievementCredential(
            id="urn:uuid:1",
            issuer=samples.university(),
            valid_from=datetime(2025, 1, 1),
            credential_subject=AchievementSubject(id="did:example:1", achievement=samples.microcredential()),
        )


def test_credit_numbers_are_json_integers_when_whole(credential: dict[str, Any]) -> None:
    """VERIFIERS.md trap: ``3.0`` vs ``3``. Whole credits are written as JSON integers (Decimal("3.0") and
    3.0 alike), so every JSON-LD processor produces ``"3"^^xsd:float``; fractions stay floats."""
    text = json.dumps(credential)
    assert '"creditsAvailable": 3,' in text or '"creditsAvailable": 3}' in text
    assert isinstance(credential["credentialSubject"]["creditsEarned"], int)
    half = samples.microcredential().model_copy(update={"credits_available": 1.5}).to_dict()
    assert half["creditsAvailable"] == 1.5
    again = Achievement.from_dict(json.loads(json.dumps(credential["credentialSubject"]["achievement"])))
    assert again.to_dict() == credential["credentialSubject"]["achievement"]


@pytest.mark.parametrize("bad", ["3", True, float("nan"), float("inf")])
def test_credit_numbers_must_be_finite_json_numbers(bad: object) -> None:
    with pytest.raises(ValidationError):
        samples.microcredential().model_copy().model_validate(
            {**samples.microcredential().to_dict(), "creditsAvailable": bad}
        )


@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=4))
def test_json_number_round_trips_through_json(value: Decimal) -> None:
    number = json_number(value)
    assert json.loads(json.dumps(number)) == number
    assert float(number) == float(value)
    assert isinstance(number, int) == float(value).is_integer()


@given(st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))])))
def test_datetime_text_round_trips(value: datetime) -> None:
    text = format_datetime(value)
    assert text.endswith("Z")
    parsed = parse_datetime(text)
    assert parsed == value
    assert format_datetime(parsed) == text


def test_parsed_datetime_keeps_its_text() -> None:
    parsed = parse_datetime("2022-11-10T07:38:00-08:00")
    assert isinstance(parsed, ParsedDateTime)
    assert format_datetime(parsed) == "2022-11-10T07:38:00-08:00"
    assert parsed == datetime(2022, 11, 10, 15, 38, tzinfo=UTC)
    assert format_datetime(parsed + timedelta(0)) == "2022-11-10T15:38:00Z"


def test_round_trip_is_exact(credential: dict[str, Any]) -> None:
    assert OpenBadgeCredential.from_dict(json.loads(json.dumps(credential))).to_dict() == credential


def test_every_property_is_a_defined_term(credential: dict[str, Any]) -> None:
    """Builders produce only terms the contexts define (BRIEF §10 #29): each key of the JSON maps to a
    term of the VC 2.0 or OB 3.0.3 context (global or type-scoped), so nothing falls outside the proof.
    ``microcred.openbadges.jsonld`` agrees, as does jsonld.js safe mode (tests/interop)."""
    assert find_dropped_terms(credential) == []
    terms: set[str] = set()
    for name in ("vc/credentials-v2.jsonld", "ob3/context-3.0.3.json"):
        context = json.loads((STANDARDS / name).read_text())["@context"]
        stack = [context]
        while stack:
            current = stack.pop()
            for key, value in current.items():
                terms.add(key)
                if isinstance(value, dict) and isinstance(value.get("@context"), dict):
                    stack.append(value["@context"])
    for path, node in _walk(credential):
        if isinstance(node, dict):
            for key in node:
                assert key.startswith("@") or key in terms, f"{path}.{key} is not defined by the contexts"


def test_alias_and_type_names() -> None:
    assert OpenBadgeCredential is AchievementCredential
    document = samples.achievement_credential().to_dict()
    document["type"] = ["VerifiableCredential", "AchievementCredential"]
    assert isinstance(parse_credential(document), AchievementCredential)


def test_required_types_are_enforced() -> None:
    document = samples.achievement_credential().to_dict()
    document["credentialSubject"]["type"] = ["Subject"]
    with pytest.raises(ValidationError, match="AchievementSubject"):
        AchievementCredential.from_dict(document)
    with pytest.raises(ValidationError, match="OpenBadgeCredential"):
        AchievementCredential.from_dict(
            {**samples.achievement_credential().to_dict(), "type": ["VerifiableCredential"]}
        )


def test_single_type_string_is_read_as_an_array() -> None:
    achievement = Achievement.from_dict({**samples.microcredential().to_dict(), "type": "Achievement"})
    assert achievement.type == ["Achievement"]
    assert achievement.to_dict()["type"] == ["Achievement"]


def test_subject_needs_id_or_identifier() -> None:
    with pytest.raises(ValidationError, match="id or at least one identifier"):
        AchievementSubject(achievement=samples.microcredential())
    assert (
        AchievementSubject(id="did:example:learner", achievement=samples.microcredential()).identifier == []
    )


def test_criteria_needs_id_or_narrative() -> None:
    with pytest.raises(ValidationError, match="criteria needs"):
        Criteria()


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("achievement_type", "MicroCredential", True),
        ("achievement_type", "ext:Nanodegree", True),
        ("achievement_type", "Nanodegree", False),
        ("in_language", "en-US", True),
        ("in_language", "en-us", False),
    ],
)
def test_extensible_enums_and_language(field: str, value: str, ok: bool) -> None:
    alias = {"achievement_type": "achievementType", "in_language": "inLanguage"}[field]
    data = {**samples.microcredential().to_dict(), alias: value}
    if ok:
        assert getattr(Achievement.model_validate(data), field) == value
    else:
        with pytest.raises(ValidationError):
            Achievement.model_validate(data)


def test_alignment_target_type_and_result_status_vocabularies() -> None:
    Alignment(target_name="x", target_url="https://x", target_type="ext:ESCO")
    with pytest.raises(ValidationError):
        Alignment(target_name="x", target_url="https://x", target_type="ESCO")
    assert Result(status="Completed").status == "Completed"
    with pytest.raises(ValidationError):
        Result(status="ext:Audited")  # ResultStatusType is a closed enumeration


def test_result_cross_checks() -> None:
    subject = samples.achievement_credential().credential_subject
    assert subject.result_problems() == []
    broken = subject.model_copy(update={"result": [Result(result_description="urn:nope", value="A")]})
    assert broken.result_problems() == ["result[0]: unknown resultDescription 'urn:nope'"]


def test_extension_properties_are_kept_on_parse() -> None:
    document = samples.achievement_credential().to_dict()
    document["credentialSubject"]["achievement"]["ext:courseLevel"] = {"level": 100}
    model = AchievementCredential.from_dict(document)
    assert model.credential_subject.achievement.model_extra == {"ext:courseLevel": {"level": 100}}
    assert model.to_dict() == document


def test_closed_objects_refuse_extra_properties() -> None:
    """Image, IdentityObject and IdentifierEntry have ``additionalProperties: false`` in the schema."""
    with pytest.raises(ValidationError):
        Image.model_validate({"id": "https://x/i.png", "type": "Image", "width": 10})
    with pytest.raises(ValidationError):
        IdentityObject.model_validate(
            {"type": "IdentityObject", "hashed": False, "identityHash": "a", "identityType": "name", "x": 1}
        )


def test_spec_identity_hash_test_value() -> None:
    """``common_credentials.lines:514``: sha256(``a@example.com`` + ``Kosher``)."""
    identity = hashed_email_identity("a@example.com", "Kosher")
    assert identity.identity_hash == "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    assert identity.to_dict() == {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
        "identityType": "emailAddress",
        "salt": "Kosher",
    }
    assert identity.matches("a@example.com")
    assert identity.matches("a@example.com", "emailAddress")
    assert not identity.matches("a@example.com", "sisSourcedId")
    assert not identity.matches("b@example.com")
    upper = identity.model_copy(
        update={"identity_hash": identity.identity_hash.upper().replace("SHA256", "sha256")}
    )
    assert upper.matches("a@example.com"), "hex digits compare case-insensitively"


def test_plain_and_md5_identities() -> None:
    plain = IdentityObject(hashed=False, identity_hash="Jane Doe", identity_type="name")
    assert plain.matches("Jane Doe")
    assert not plain.matches("jane doe")
    md5 = IdentityObject(
        hashed=True,
        identity_hash=identity_hash("S123", "s", algorithm="md5"),
        identity_type="sisSourcedId",
        salt="s",
    )
    assert md5.matches("S123")
    assert hashed_identity("S123", "pepper", "sisSourcedId").matches("S123")
    assert len(new_salt()) == 32
    assert new_salt() != new_salt()


def test_status_refresh_schema_terms_entries() -> None:
    model = samples.achievement_credential().model_copy(
        update={
            "credential_schema": [
                CredentialSchema(
                    id="https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                    type="1EdTechJsonSchemaValidator2019",
                )
            ],
            "refresh_service": RefreshService(id="https://badges.example.edu/refresh/1"),
            "terms_of_use": [TermsOfUse(type="ext:Policy", id="https://badges.example.edu/terms")],
            "credential_status": RevocationListStatus(id="https://badges.example.edu/revocations/1"),
        }
    )
    assert model.needs_extensions_context()
    assert OB3_EXTENSIONS_CONTEXT not in model.context
    model = model.with_required_contexts()
    assert model.context == [VC_V2_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT]
    assert model.with_required_contexts() is model
    assert not samples.achievement_credential().needs_extensions_context()
    document = model.to_dict()
    assert find_dropped_terms(document) == []
    assert find_dropped_terms({**document, "@context": document["@context"][:2]}) != []
    assert document["refreshService"] == {
        "id": "https://badges.example.edu/refresh/1",
        "type": "1EdTechCredentialRefresh",
    }
    assert validate_schema(document) == []
    again = AchievementCredential.from_dict(document)
    assert isinstance(again.credential_status, RevocationListStatus)
    status = samples.achievement_credential().credential_status
    assert isinstance(status, BitstringStatusListEntry)
    assert status.status_list_index == "94567"


def test_evidence_endorsement_and_issuer_helpers() -> None:
    model = samples.achievement_credential()
    endorsement = samples.endorsement_credential(model.achievement.id)
    full = model.model_copy(
        update={
            "endorsement": [endorsement],
            "evidence": [*model.evidence, Evidence(narrative="Peer review")],
        }
    )
    document = full.to_dict()
    assert validate_schema(document) == []
    assert document["endorsement"][0]["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert full.issuer_id == samples.ISSUER_ID
    assert full.issuer_profile is not None
    assert "proof" not in full.unsigned().to_dict()


def test_endorsement_needs_a_name() -> None:
    document = samples.endorsement_credential("https://badges.example.edu/achievements/x").to_dict()
    assert validate_schema(document) == []
    del document["name"]
    with pytest.raises(ValidationError, match="name is required"):
        EndorsementCredential.from_dict(document)


def test_issuer_may_be_a_bare_uri_on_parse() -> None:
    """VC-legal, though the 1EdTech validator rejects it; Microcred never writes it."""
    document = samples.achievement_credential().to_dict()
    document["issuer"] = samples.ISSUER_ID
    model = AchievementCredential.from_dict(document)
    assert model.issuer_id == samples.ISSUER_ID
    assert model.issuer_profile is None


def test_profile_schema_and_person_fields() -> None:
    person = Profile(
        id="did:example:learner",
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth="1990-12-10",  # type: ignore[arg-type]  # str accepted, stored as date
        email="ada@example.edu",
    )
    document = person.to_dict()
    assert document["dateOfBirth"] == "1990-12-10"
    assert validate_schema(document) == []


def test_vc1_credentials_are_read() -> None:
    document = json.loads((STANDARDS / "ob3/examples/simple_v1.json").read_text())
    model = AchievementCredential.from_dict(document)
    assert model.is_vc_v1
    assert model.valid_from is None
    assert model.issuance_date is not None
    assert model.to_dict() == document


def test_valid_from_required_for_vc2() -> None:
    document = samples.achievement_credential().to_dict()
    del document["validFrom"]
    with pytest.raises(ValidationError, match="validFrom is required"):
        AchievementCredential.from_dict(document)


def test_json_schemas_for_api_documentation() -> None:
    """django-ninja and friends read ``model_json_schema``; the written form has the fields' schema."""
    written = AchievementCredential.model_json_schema(mode="serialization")
    read = AchievementCredential.model_json_schema(mode="validation")
    assert set(written["properties"]) == set(read["properties"])
    assert {"@context", "credentialSubject", "validFrom", "proof"} <= set(written["properties"])
    assert written["properties"]["validFrom"]["anyOf"][0] == {"type": "string"}
