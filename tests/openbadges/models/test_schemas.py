"""``microcred.openbadges.schemas``: bundled schemas, selection by type, readable problems, no network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcred.openbadges.schemas import (
    SCHEMA_URLS,
    SchemaNotFoundError,
    SchemaProblem,
    bundled_schema,
    schema_name_for,
    validate_against,
    validate_schema,
)
from tests.openbadges.models import samples

STANDARDS = Path(__file__).resolve().parents[2] / "standards"
PACKAGE = Path(__file__).resolve().parents[3] / "src/microcred/openbadges/schemas"


def _load(name: str) -> dict[str, Any]:
    data = json.loads((STANDARDS / name).read_text())
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("bundled", "original"),
    [
        ("achievementcredential.json", "ob3/schema/achievementcredential.json"),
        ("endorsementcredential.json", "ob3/schema/endorsementcredential.json"),
        ("profile.json", "ob3/schema/profile.json"),
        ("getopenbadgecredentialsresponse.json", "ob3/schema/getopenbadgecredentialsresponse.json"),
        ("imsx_statusinfo.json", "ob3/schema/imsx_statusinfo.json"),
        ("clrcredential_draft4.json", "clr2/schema/clr_v2p0_clrcredential_schema_draft4.json"),
    ],
)
def test_bundled_files_are_byte_identical_copies(bundled: str, original: str) -> None:
    assert (PACKAGE / bundled).read_bytes() == (STANDARDS / original).read_bytes()


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "@context": ["https://www.w3.org/ns/credentials/v2"],
            },
            "achievementcredential",
        ),
        (
            {
                "type": ["VerifiableCredential", "AchievementCredential"],
                "@context": ["https://www.w3.org/2018/credentials/v1"],
            },
            "achievementcredential-vc1",
        ),
        ({"type": ["VerifiableCredential", "EndorsementCredential"]}, "endorsementcredential"),
        (
            {
                "type": ["VerifiableCredential", "ClrCredential"],
                "@context": ["https://www.w3.org/ns/credentials/v2"],
            },
            "clrcredential",
        ),
        (
            {
                "type": ["VerifiableCredential", "ClrCredential"],
                "@context": ["https://www.w3.org/2018/credentials/v1"],
            },
            "clrcredential-vc1",
        ),
        ({"type": "Profile"}, "profile"),
        ({"type": ["VerifiableCredential", "BitstringStatusListCredential"]}, None),
    ],
)
def test_schema_selection(document: dict[str, Any], expected: str | None) -> None:
    assert schema_name_for(document) == expected


@pytest.mark.parametrize(
    ("fixture", "valid"),
    [
        ("ob3/examples/simple.json", True),
        ("ob3/examples/complete.json", True),
        ("ob3/examples/endorsement-valid.json", True),
        ("ob3/examples/simple_v1.json", True),  # VC 1.1 variant
        ("clr2/examples/simple.json", True),  # VC 2.0 CLR variant
        ("clr2/examples/complex.json", True),  # VC 1.1 CLR: the draft-04 file as is
        # The strict "json" schema wants proof arrays; these validator fixtures have a single object:
        ("ob3/examples/bitstring-credential-status-revoked.json", False),
        ("ob3/examples/simple-did-web-method.json", False),
        ("ob3/examples/negative/simple-err-credential-subject-type.json", False),
    ],
)
def test_fixtures(fixture: str, valid: bool) -> None:
    assert (validate_schema(_load(fixture)) == []) is valid


def test_problems_have_json_paths_and_readable_messages() -> None:
    problems = validate_schema(_load("ob3/examples/negative/simple-err-issuer-parentorg-type.json"))
    assert (
        SchemaProblem(
            path="$.issuer.parentOrg.type",
            message="must contain 'Profile'; got [\"InvalidProfile\"]",
            keyword="contains",
            schema="achievementcredential",
        )
        in problems
    )
    assert str(problems[0]).startswith("$.")


def test_single_proof_object_is_reported_once() -> None:
    problems = validate_schema(_load("ob3/examples/bitstring-credential-status-revoked.json"))
    assert [(p.path, p.keyword) for p in problems] == [("$.proof", "type")]
    assert problems[0].message.startswith("must be of type 'array'")


def test_realistic_documents_and_broken_ones() -> None:
    document = samples.achievement_credential().to_dict()
    assert validate_schema(document) == []
    document["@context"] = list(reversed(document["@context"]))
    document["credentialSubject"]["achievement"]["achievementType"] = "Nanodegree"
    document["credentialSubject"]["achievement"]["criteria"] = "https://x"
    document["validFrom"] = "20 May 2025"
    paths = {(p.path, p.keyword) for p in validate_schema(document)}
    assert ("$['@context'][0]", "enum") in paths
    assert ("$['@context'][1]", "pattern") in paths
    assert ("$.credentialSubject.achievement.achievementType", "oneOf") in paths
    assert ("$.credentialSubject.achievement.criteria", "type") in paths
    assert ("$.validFrom", "format") in paths


def test_vc1_variant_requires_issuance_date() -> None:
    document = _load("ob3/examples/simple_v1.json")
    del document["issuanceDate"]
    assert [(p.path, p.message) for p in validate_schema(document)] == [
        ("$", "'issuanceDate' is a required property")
    ]


def test_clr_vc2_variant_requires_valid_from_not_issuance_date() -> None:
    document = _load("clr2/examples/simple.json")
    assert "issuanceDate" not in document
    del document["validFrom"]
    assert ("$", "'validFrom' is a required property") in [
        (p.path, p.message) for p in validate_schema(document)
    ]
    clr = bundled_schema("clrcredential")
    assert "validFrom" in clr["required"]
    assert "issuanceDate" not in clr["required"]
    assert "ClrSubject" in clr["$defs"]
    assert "Association" in clr["$defs"]


def test_validate_against_published_urls() -> None:
    document = samples.achievement_credential().to_dict()
    url = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    assert SCHEMA_URLS[url] == "achievementcredential"
    assert validate_against(document, url) == []
    v1 = _load("ob3/examples/simple_v1.json")
    assert validate_against(v1, url) == []  # VC 1.1 document → VC 1.1 variant
    with pytest.raises(SchemaNotFoundError, match="not available offline"):
        validate_against(document, "https://accrediter.edu/schema/endorsementcredential.json")


def test_unknown_documents_and_names() -> None:
    with pytest.raises(SchemaNotFoundError):
        validate_schema({"type": ["VerifiableCredential"]})
    with pytest.raises(SchemaNotFoundError):
        validate_schema({"type": "Profile"}, schema="nope")
    with pytest.raises(SchemaNotFoundError):
        bundled_schema("nope")
    assert validate_schema({"id": "https://x", "type": ["Profile"]}) == []


def test_no_remote_reference_is_ever_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema ``$ref`` to a URL outside the bundle fails instead of fetching it."""
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    from microcred.openbadges import schemas

    registry = schemas._registry()
    with pytest.raises(Exception, match=r"example\.org"):
        registry.resolver().lookup("https://example.org/other-schema.json")
    assert validate_schema(samples.achievement_credential().to_dict()) == []
