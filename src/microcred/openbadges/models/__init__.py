"""Pydantic models of Open Badges 3.0 (on the VC Data Model 2.0), Open Badges 2.0 and CLR 2.0.

Build a credential from these classes, then ``to_dict()`` gives the JSON-ready document to sign::

    cred = AchievementCredential(id=..., issuer=Profile(id=..., name=...), valid_from=now,
                                 name=..., credential_subject=AchievementSubject(...))
    document = cred.to_dict()   # @context first, arrays for type/proof, None/empty omitted

Parse with ``AchievementCredential.from_dict(json.loads(text))`` or :func:`parse_credential`, which
picks the class from ``type``. Verification (proofs, status) lives elsewhere in ``openbadges``; always
verify the original JSON, not a re-serialization.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._base import (
    DateTimeZ,
    JsonNumber,
    OBModel,
    ParsedDateTime,
    format_datetime,
    json_number,
    parse_datetime,
)
from .achievement import Achievement, Alignment, Criteria, Related, ResultDescription, RubricCriterionLevel
from .clr import Association, ClrCredential, ClrSubject
from .endorsement import EndorsementCredential, EndorsementSubject
from .ob2 import (
    Ob2Alignment,
    Ob2Assertion,
    Ob2BadgeClass,
    Ob2Criteria,
    Ob2CryptographicKey,
    Ob2Endorsement,
    Ob2EndorsementClaim,
    Ob2Evidence,
    Ob2IdentityObject,
    Ob2Image,
    Ob2Issuer,
    Ob2RevocationList,
    Ob2RevokedAssertion,
    Ob2VerificationObject,
    ob2_hashed_email_recipient,
)
from .ob3 import (
    AchievementCredential,
    AchievementSubject,
    Evidence,
    IdentityObject,
    OpenBadgeCredential,
    Result,
    hashed_email_identity,
    hashed_identity,
    identity_hash,
    identity_matches,
    new_salt,
)
from .profile import Address, GeoCoordinates, IdentifierEntry, Image, Profile
from .vc import (
    BitstringStatusListEntry,
    CredentialSchema,
    CredentialStatus,
    Proof,
    RefreshService,
    RevocationListStatus,
    TermsOfUse,
    VerifiableCredential,
)
from .vocab import (
    ACHIEVEMENT_CREDENTIAL_SCHEMA,
    CLR_CONTEXT,
    CLR_CREDENTIAL_SCHEMA,
    ENDORSEMENT_CREDENTIAL_SCHEMA,
    OB2_CONTEXT,
    OB3_CONTEXT,
    OB3_EXTENSIONS_CONTEXT,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    AchievementType,
    AlignmentTargetType,
    AssociationType,
    IdentifierType,
    ResultStatusType,
    ResultType,
)

__all__ = [
    "ACHIEVEMENT_CREDENTIAL_SCHEMA",
    "CLR_CONTEXT",
    "CLR_CREDENTIAL_SCHEMA",
    "ENDORSEMENT_CREDENTIAL_SCHEMA",
    "OB2_CONTEXT",
    "OB3_CONTEXT",
    "OB3_EXTENSIONS_CONTEXT",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "AchievementType",
    "Address",
    "Alignment",
    "AlignmentTargetType",
    "Association",
    "AssociationType",
    "BitstringStatusListEntry",
    "ClrCredential",
    "ClrSubject",
    "CredentialSchema",
    "CredentialStatus",
    "Criteria",
    "DateTimeZ",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentifierType",
    "IdentityObject",
    "Image",
    "JsonNumber",
    "OBModel",
    "Ob2Alignment",
    "Ob2Assertion",
    "Ob2BadgeClass",
    "Ob2Criteria",
    "Ob2CryptographicKey",
    "Ob2Endorsement",
    "Ob2EndorsementClaim",
    "Ob2Evidence",
    "Ob2IdentityObject",
    "Ob2Image",
    "Ob2Issuer",
    "Ob2RevocationList",
    "Ob2RevokedAssertion",
    "Ob2VerificationObject",
    "OpenBadgeCredential",
    "ParsedDateTime",
    "Profile",
    "Proof",
    "RefreshService",
    "Related",
    "Result",
    "ResultDescription",
    "ResultStatusType",
    "ResultType",
    "RevocationListStatus",
    "RubricCriterionLevel",
    "TermsOfUse",
    "VerifiableCredential",
    "credential_class",
    "format_datetime",
    "hashed_email_identity",
    "hashed_identity",
    "identity_hash",
    "identity_matches",
    "json_number",
    "new_salt",
    "ob2_hashed_email_recipient",
    "parse_credential",
    "parse_datetime",
]

AnyCredential = AchievementCredential | EndorsementCredential | ClrCredential


def credential_class(document: Mapping[str, Any]) -> type[AnyCredential] | None:
    """The model class for a credential document, chosen from its ``type``; ``None`` if unknown.

    ``ClrCredential`` wins over the others; ``AchievementCredential``/``OpenBadgeCredential`` map to
    :class:`AchievementCredential`; ``EndorsementCredential`` to :class:`EndorsementCredential`.
    """
    raw = document.get("type")
    types = {raw} if isinstance(raw, str) else set(raw) if isinstance(raw, list) else set()
    if "ClrCredential" in types:
        return ClrCredential
    if types & {"AchievementCredential", "OpenBadgeCredential"}:
        return AchievementCredential
    if "EndorsementCredential" in types:
        return EndorsementCredential
    return None


def parse_credential(document: Mapping[str, Any]) -> AnyCredential:
    """Parse an OB 3.0 / CLR 2.0 credential into its model; ``ValueError`` for an unknown ``type``.

    Raises ``pydantic.ValidationError`` (a ``ValueError``) when the document does not fit the model.
    """
    cls = credential_class(document)
    if cls is None:
        raise ValueError(f"not an Open Badges 3.0 or CLR 2.0 credential type: {document.get('type')!r}")
    return cls.from_dict(document)
