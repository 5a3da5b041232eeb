"""OB 3.0 ``AchievementCredential`` (alias ``OpenBadgeCredential``) and the learner-side classes.

Source: ``common_credentials.lines:30-66, 102-134, 164-172`` and the OB 3.0 JSON schema.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from ._base import DateTimeZ, JsonNumber, OBModel, TypeList, closed_enum, extensible_enum
from .achievement import Achievement, Alignment
from .endorsement import EndorsementCredential
from .profile import CompactJws, Image, Profile
from .vc import Context, VerifiableCredential, contexts
from .vocab import OB3_CONTEXT, VC_V2_CONTEXT, IdentifierType, ResultStatusType

__all__ = [
    "AchievementCredential",
    "AchievementSubject",
    "Evidence",
    "IdentityObject",
    "OpenBadgeCredential",
    "Result",
    "hashed_email_identity",
    "hashed_identity",
    "identity_hash",
    "identity_matches",
    "new_salt",
]

IdentityTypeValue = Annotated[str, AfterValidator(extensible_enum("identity type", IdentifierType))]
ResultStatusValue = Annotated[str, AfterValidator(closed_enum("result status", ResultStatusType))]


class IdentityObject(OBModel):
    """A recipient identifier, plain or hashed (``credentialSubject.identifier[]``).

    ``identityHash`` holds the plaintext when ``hashed`` is false, else ``alg$hex`` (``md5``/``sha256``)
    of the identifier followed by ``salt``. ``additionalProperties: false`` in the schema.
    """

    model_config = ConfigDict(extra="forbid")

    type: Literal["IdentityObject"] = "IdentityObject"
    hashed: bool
    identity_hash: str
    identity_type: IdentityTypeValue
    salt: str | None = None

    def matches(self, plaintext: str, identity_type: str | None = None) -> bool:
        """Whether this identifier denotes ``plaintext`` (OB 3.0 ``verification.md:110-122``)."""
        return identity_matches(self, plaintext, identity_type)


def new_salt() -> str:
    """A fresh random salt (128 bits, hex) for one credential's hashed identifiers."""
    return secrets.token_hex(16)


def identity_hash(identifier: str, salt: str | None, *, algorithm: str = "sha256") -> str:
    """``alg$hex(hash(UTF8(identifier) || UTF8(salt)))`` as defined for OB 2.0 and 3.0 IdentityHash."""
    if algorithm not in ("sha256", "md5"):
        raise ValueError("IdentityHash algorithm must be 'sha256' or 'md5'")
    digest = hashlib.new(algorithm, (identifier + (salt or "")).encode("utf-8"), usedforsecurity=False)
    return f"{algorithm}${digest.hexdigest()}"


def hashed_identity(identifier: str, salt: str, identity_type: str) -> IdentityObject:
    """A hashed ``IdentityObject`` (sha256) for any identifier type (``sisSourcedId``, ``name``...)."""
    return IdentityObject(
        hashed=True,
        identity_hash=identity_hash(identifier, salt),
        identity_type=identity_type,
        salt=salt,
    )


def hashed_email_identity(email: str, salt: str) -> IdentityObject:
    """A hashed ``emailAddress`` IdentityObject: ``sha256$hex(sha256(email + salt))``.

    The address is used exactly as given (no case folding), as the spec's test value does
    (``a@example.com`` + ``Kosher`` → ``sha256$b5809d8a…f399``); normalize it before calling if the
    platform stores addresses in mixed case. Use :func:`new_salt` for a per-credential salt.
    """
    return hashed_identity(email, salt, IdentifierType.EMAIL_ADDRESS)


def identity_matches(identity: IdentityObject, plaintext: str, identity_type: str | None = None) -> bool:
    """Compare a known plaintext identifier with an IdentityObject (hashed or not).

    Skips (returns False) on an ``identityType`` mismatch when ``identity_type`` is given; the hash's
    hex digits are compared case-insensitively, in constant time.
    """
    if identity_type is not None and identity.identity_type != identity_type:
        return False
    if not identity.hashed:
        return hmac.compare_digest(identity.identity_hash.encode(), plaintext.encode())
    algorithm, sep, _ = identity.identity_hash.partition("$")
    if not sep or algorithm.lower() not in ("sha256", "md5"):
        return False
    expected = identity_hash(plaintext, identity.salt, algorithm=algorithm.lower())
    return hmac.compare_digest(expected.lower().encode(), identity.identity_hash.lower().encode())


class Result(OBModel):
    """A result the learner achieved; ``resultDescription`` is the id of a ResultDescription.

    ``status`` is required when the linked ResultDescription has ``resultType`` ``Status``
    (checked by :meth:`AchievementSubject.result_problems`, since it needs the achievement).
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Result",),)

    type: TypeList = Field(default_factory=lambda: ["Result"])
    achieved_level: str | None = None
    alignment: list[Alignment] = Field(default_factory=list)
    result_description: str | None = None
    status: ResultStatusValue | None = None
    value: str | None = None


class Evidence(OBModel):
    """Evidence of the learner's work: ``id`` (URL or data URI) and/or a narrative."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Evidence",),)

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["Evidence"])
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


class AchievementSubject(OBModel):
    """The learner and what they achieved: ``achievement`` plus ``id`` and/or ``identifier[]``.

    "Either ``id`` or at least one ``identifier`` MUST be supplied" (``common_credentials.lines:46-62``).
    ``image`` is the baked image of this award; the plain image belongs to the Achievement.
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("AchievementSubject",),)

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["AchievementSubject"])
    activity_end_date: DateTimeZ | None = None
    activity_start_date: DateTimeZ | None = None
    credits_earned: JsonNumber | None = None
    achievement: Achievement
    identifier: list[IdentityObject] = Field(default_factory=list)
    image: Image | None = None
    license_number: str | None = None
    narrative: str | None = None
    result: list[Result] = Field(default_factory=list)
    role: str | None = None
    source: Profile | None = None
    term: str | None = None

    @model_validator(mode="after")
    def _id_or_identifier(self) -> Self:
        if self.id is None and not self.identifier:
            raise ValueError("credentialSubject needs an id or at least one identifier")
        return self

    def result_problems(self) -> list[str]:
        """Cross-checks of ``result[]`` against the achievement's ResultDescriptions.

        Reports results pointing to an unknown ResultDescription or RubricCriterionLevel, and
        ``Status`` results without ``status``. An empty list means consistent.
        """
        problems: list[str] = []
        for index, result in enumerate(self.result):
            if result.result_description is None:
                continue
            description = self.achievement.find_result_description(result.result_description)
            if description is None:
                problems.append(f"result[{index}]: unknown resultDescription {result.result_description!r}")
                continue
            if description.result_type == "Status" and result.status is None:
                problems.append(f"result[{index}]: status is required for a Status result")
            levels = {level.id for level in description.rubric_criterion_level}
            if result.achieved_level is not None and levels and result.achieved_level not in levels:
                problems.append(f"result[{index}]: unknown achievedLevel {result.achieved_level!r}")
        return problems


class AchievementCredential(VerifiableCredential[AchievementSubject]):
    """An awarded achievement: the Open Badge 3.0 credential (``OpenBadgeCredential``).

    Microcred always writes ``name``, an embedded issuer Profile, ``type`` and ``proof`` as arrays,
    ``@context`` = [VC 2.0, OB 3.0.3, extensions...]. Keep ``id`` stable across re-issue; bump
    ``validFrom`` and keep ``awardedDate``.
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("VerifiableCredential",),
        ("AchievementCredential", "OpenBadgeCredential"),
    )

    context: Context = Field(
        alias="@context", default_factory=contexts(VC_V2_CONTEXT, OB3_CONTEXT), min_length=1
    )
    type: TypeList = Field(default_factory=lambda: ["VerifiableCredential", "OpenBadgeCredential"])
    image: Image | None = None
    awarded_date: DateTimeZ | None = None
    endorsement: list[EndorsementCredential] = Field(default_factory=list)
    #: Caution: not defined by the OB 3.0.3 context, hence outside Data Integrity signatures.
    endorsement_jwt: list[CompactJws] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @property
    def achievement(self) -> Achievement:
        """Shortcut for ``credential_subject.achievement``."""
        return self.credential_subject.achievement


OpenBadgeCredential = AchievementCredential
"""The spec's alias: both type names are accepted; Microcred writes ``OpenBadgeCredential``."""
