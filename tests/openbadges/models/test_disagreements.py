"""Where the published schemas, the spec text, the contexts and 1EdTech's own fixtures disagree.

Each test pins one disagreement and what the models do about it, so that a change upstream (or in the
models) shows up here rather than as a surprise elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from microcred.openbadges.models import (
    AchievementCredential,
    BitstringStatusListEntry,
    Criteria,
    EndorsementCredential,
)
from microcred.openbadges.schemas import bundled_schema, validate_schema
from tests.openbadges.models import samples

STANDARDS = Path(__file__).resolve().parents[2] / "standards"


def _load(name: str) -> dict[str, Any]:
    data = json.loads((STANDARDS / name).read_text())
    assert isinstance(data, dict)
    return data


def _terms(context_file: str) -> str:
    return (STANDARDS / context_file).read_text()


def test_criteria_schema_requires_nothing_but_models_require_id_or_narrative() -> None:
    """Schema ``Criteria.required == []``; spec: "SHOULD provide at least one"; the 1EdTech validator
    errors without either. The models follow the validator."""
    assert bundled_schema("achievementcredential")["$defs"]["Criteria"]["required"] == []
    with pytest.raises(ValidationError):
        Criteria()


def test_endorsement_name_vc2_required_vc1_optional() -> None:
    """The VC 2.0 endorsement schema requires ``name``; the VC 1.1-era CLR schema's EndorsementCredential
    does not, and 1EdTech's ``clr2/examples/complex.json`` has endorsements without one. The models read
    nameless VC 1.1 endorsements; the derived VC 1.1 OB schema (from the 2019-09 file) still requires it."""
    clr_draft4 = _load("clr2/schema/clr_v2p0_clrcredential_schema_draft4.json")
    assert "name" not in clr_draft4["$defs"]["EndorsementCredential"]["required"]
    assert "name" in bundled_schema("endorsementcredential")["required"]
    assert "name" in bundled_schema("endorsementcredential-vc1")["required"]
    v1 = _load("ob3/examples/endorsement-err-schema-status-refresh.json")
    assert EndorsementCredential.from_dict({k: v for k, v in v1.items() if k != "name"}).name is None


def test_identity_type_email_in_a_1edtech_positive_fixture() -> None:
    """``ob3/examples/complete_v1.json`` (a validator *positive* fixture) uses ``identityType: "email"``;
    IdentifierTypeEnum has ``emailAddress``. Schema and models both refuse it."""
    document = _load("ob3/examples/complete_v1.json")
    assert document["credentialSubject"]["identifier"][0]["identityType"] == "email"
    assert any(p.path.endswith("identityType") for p in validate_schema(document))
    with pytest.raises(ValidationError, match="identity type"):
        AchievementCredential.from_dict(document)


def test_clr_draft4_identity_types_predate_name() -> None:
    """The VC 1.1-era CLR schema's IdentityObject enum lacks ``name`` (added to the CDM later); the VC 2.0
    CLR variant takes IdentityObject from the OB 3.0 schema, which has it."""
    old = _load("clr2/schema/clr_v2p0_clrcredential_schema_draft4.json")["$defs"]["IdentityObject"]
    assert "name" not in old["properties"]["identityType"]["anyOf"][0]["enum"]
    new = bundled_schema("clrcredential")["$defs"]["IdentityObject"]
    assert "name" in new["properties"]["identityType"]["oneOf"][0]["enum"]


def test_status_list_index_is_a_string_in_the_spec_but_an_integer_in_a_fixture() -> None:
    """W3C Bitstring Status List: ``statusListIndex`` is a base-10 string. 1EdTech's signed
    ``bitstring-credential-status-revoked.json`` has the integer 23 — kept as is, since it is signed."""
    document = _load("ob3/examples/bitstring-credential-status-revoked.json")
    assert document["credentialStatus"]["statusListIndex"] == 23
    status = AchievementCredential.from_dict(document).credential_status
    assert isinstance(status, BitstringStatusListEntry)
    assert status.status_list_index == 23
    ours = samples.achievement_credential().to_dict()["credentialStatus"]["statusListIndex"]
    assert isinstance(ours, str)


def test_strict_schema_wants_proof_arrays_that_fixtures_and_the_js_stack_do_not_write() -> None:
    """JSON-LD lets a single proof be an object (the JS stack and several 1EdTech fixtures do so); the
    strict "json" OB 3.0 schema requires an array (spec v1.3 moves to compaction-tolerant schemas)."""
    document = _load("ob3/examples/simple-did-web-method.json")
    assert isinstance(document["proof"], dict)
    assert [p.path for p in validate_schema(document)] == ["$.proof"]
    assert isinstance(AchievementCredential.from_dict(document).to_dict()["proof"], list)


@pytest.mark.parametrize(
    ("term", "context_file"),
    [("endorsementJwt", "ob3/context-3.0.3.json"), ("partial", "clr2/context-2.0.1.json")],
)
def test_schema_properties_missing_from_the_contexts(term: str, context_file: str) -> None:
    """``endorsementJwt`` (OB schema) is not in the OB 3.0.3 context and ``partial`` (CLR schema) is not in
    the CLR 2.0.1 context: both fall outside Data Integrity signatures. The models read them and
    Microcred's builders never write them."""
    assert f'"{term}"' not in _terms(context_file)
    assert "endorsementJwt" not in samples.achievement_credential().to_dict()


def test_1edtech_type_names_need_the_extensions_context() -> None:
    """``1EdTechRevocationList``, ``1EdTechCredentialRefresh`` and ``1EdTechJsonSchemaValidator2019`` are
    defined only by ``…/ob/v3p0/extensions.json``, not by the OB 3.0.3 context the schema mandates."""
    base = _terms("ob3/context-3.0.3.json")
    extensions = _terms("ob3/extensions.json")
    for name in ("1EdTechRevocationList", "1EdTechCredentialRefresh", "1EdTechJsonSchemaValidator2019"):
        assert name not in base
        assert name in extensions
