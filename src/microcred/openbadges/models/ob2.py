"""Open Badges 2.0 (legacy import/export and dual publishing): Issuer, BadgeClass, Assertion and friends.

Source: ``ob_v2p0/index.md`` (BRIEF §5) and the JSON-LD context ``https://w3id.org/openbadges/v2``.
There is no official OB 2.0 JSON Schema; validity is what 1EdTech's ``openbadges`` validator checks.

OB 2.0 documents are JSON-LD with many "IRI or embedded object" and "one or many" properties; these
models keep whichever shape was given, so a parsed document is written back unchanged. Builders
should use the hosted form: ``id``s are the HTTP(S) URLs where each document is served (as
``application/ld+json``), the Assertion's ``verification`` is ``{"type": "HostedBadge"}``, and the
Assertion must lie within the issuer's origin.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, field_validator

from ._base import DateTimeZ, OBModel, closed_enum
from .ob3 import IdentityObject, identity_hash, identity_matches
from .vocab import OB2_CONTEXT

__all__ = [
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
    "ob2_hashed_email_recipient",
]

OB2_CONTEXTS = frozenset(
    (OB2_CONTEXT, "https://w3id.org/openbadges/v1", "https://openbadgespec.org/v2/context.json")
)
RecipientType = Annotated[
    str, AfterValidator(closed_enum("recipient type", ("email", "url", "telephone", "id")))
]
Ob2Context = str | list[Any] | dict[str, Any]


class Ob2Model(OBModel):
    """Base for OB 2.0 documents: ``@context`` (top-level documents only) and a string ``type``.

    ``REQUIRED_TYPES`` applies as in OB 3.0; ``type`` may be a string or a list (kept as given).
    """

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready document; a top-level document without ``@context`` gets the OB 2.0 one.

        Embedded nodes (a BadgeClass inside an Assertion) are written without a context unless one
        was given.
        """
        data = super().to_dict()
        if "@context" not in data:
            data = {"@context": OB2_CONTEXT, **data}
        return data

    @field_validator("context", check_fields=False)
    @classmethod
    def _check_context(cls, value: Ob2Context | None) -> Ob2Context | None:
        if isinstance(value, str) and value not in OB2_CONTEXTS:
            raise ValueError(f"@context must be {OB2_CONTEXT!r}; got {value!r}")
        return value


class Ob2Image(OBModel):
    """An image object (the ``image`` property may also be just a URL or data URI)."""

    id: str
    type: str | None = None
    caption: str | None = None
    author: str | None = None


class Ob2Criteria(OBModel):
    """BadgeClass criteria: a page URL (``id``) and/or a Markdown ``narrative``."""

    id: str | None = None
    type: str | None = None
    narrative: str | None = None


class Ob2Alignment(OBModel):
    """An AlignmentObject: ``targetName`` and ``targetUrl`` are required."""

    target_name: str
    target_url: str
    target_description: str | None = None
    target_framework: str | None = None
    target_code: str | None = None


class Ob2Evidence(OBModel):
    """Evidence of the recipient's work (the ``evidence`` property may also be a URL)."""

    id: str | None = None
    type: str | None = None
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


class Ob2IdentityObject(OBModel):
    """The Assertion's ``recipient``: ``identity`` (plain or ``sha256$…``) and its ``type``."""

    type: RecipientType
    identity: str
    hashed: bool
    salt: str | None = None

    def matches(self, plaintext: str) -> bool:
        """Whether this recipient denotes ``plaintext`` (hash compared case-insensitively)."""
        probe = IdentityObject(
            hashed=self.hashed, identity_hash=self.identity, identity_type="identifier", salt=self.salt
        )
        return identity_matches(probe, plaintext)


def ob2_hashed_email_recipient(email: str, salt: str) -> Ob2IdentityObject:
    """A hashed email recipient: ``sha256$`` + hex(sha256(email + salt)) (OB 2.0 ``index.md:638``)."""
    return Ob2IdentityObject(type="email", identity=identity_hash(email, salt), hashed=True, salt=salt)


class Ob2VerificationObject(OBModel):
    """How an Assertion is verified (``HostedBadge``/``SignedBadge``) or, on an Issuer, its scope.

    ``hosted``/``signed`` are accepted aliases of the type names (from the OB 2.0 context).
    """

    type: str | None = None
    creator: str | None = None
    verification_property: str | None = None
    starts_with: str | list[str] | None = None
    allowed_origins: str | list[str] | None = None


class Ob2CryptographicKey(OBModel):
    """A public key (PEM) owned by an Issuer, for signed (JWS) assertions."""

    context: Ob2Context | None = Field(default=None, alias="@context")
    type: str = "CryptographicKey"
    id: str
    owner: str | None = None
    public_key_pem: str | None = None


class Ob2RevokedAssertion(OBModel):
    """A revoked assertion in a RevocationList (the entry may also be a bare id string)."""

    id: str | None = None
    uid: str | None = None
    revocation_reason: str | None = None


class Ob2RevocationList(Ob2Model):
    """An Issuer's list of revoked signed assertions."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("RevocationList",),)

    context: Ob2Context | None = Field(default=None, alias="@context")
    type: str | list[str] = "RevocationList"
    id: str
    issuer: str | None = None
    revoked_assertions: list[str | Ob2RevokedAssertion] = Field(default_factory=list)

    KEEP_EMPTY: ClassVar[frozenset[str]] = frozenset({"revokedAssertions"})


class Ob2EndorsementClaim(OBModel):
    """What an Endorsement says: ``id`` of the endorsed node and an optional comment."""

    id: str
    endorsement_comment: str | None = None


class Ob2Issuer(Ob2Model):
    """An OB 2.0 Profile used as issuer: ``id``, ``type`` (Issuer/Profile), ``name``, ``url``, ``email``."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Issuer", "Profile"),)

    context: Ob2Context | None = Field(default=None, alias="@context")
    type: str | list[str] = "Issuer"
    id: str
    name: str
    url: str | None = None
    email: str | None = None
    telephone: str | None = None
    description: str | None = None
    image: str | Ob2Image | None = None
    public_key: str | Ob2CryptographicKey | list[str | Ob2CryptographicKey] | None = None
    verification: Ob2VerificationObject | None = None
    revocation_list: str | None = None
    endorsement: list[str | Ob2Endorsement] = Field(default_factory=list)


class Ob2BadgeClass(Ob2Model):
    """An OB 2.0 BadgeClass: ``id``, ``name``, ``description``, ``image``, ``criteria``, ``issuer``."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("BadgeClass",),)

    context: Ob2Context | None = Field(default=None, alias="@context")
    type: str | list[str] = "BadgeClass"
    id: str
    name: str
    description: str
    image: str | Ob2Image
    criteria: str | Ob2Criteria
    issuer: str | Ob2Issuer
    alignment: list[Ob2Alignment] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    endorsement: list[str | Ob2Endorsement] = Field(default_factory=list)


class Ob2Assertion(Ob2Model):
    """An OB 2.0 Assertion (the award).

    Required: ``id``, ``type``, ``recipient``, ``badge`` (URL or BadgeClass), ``verification``,
    ``issuedOn``. Revocation of a hosted assertion: serve HTTP 410, or ``revoked: true``.
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Assertion",),)

    context: Ob2Context | None = Field(default=None, alias="@context")
    type: str | list[str] = "Assertion"
    id: str
    recipient: Ob2IdentityObject
    badge: str | Ob2BadgeClass
    verification: Ob2VerificationObject
    issued_on: DateTimeZ
    image: str | Ob2Image | None = None
    evidence: str | Ob2Evidence | list[str | Ob2Evidence] | None = None
    narrative: str | None = None
    expires: DateTimeZ | None = None
    revoked: bool | None = None
    revocation_reason: str | None = None
    endorsement: list[str | Ob2Endorsement] = Field(default_factory=list)


class Ob2Endorsement(Ob2Model):
    """An OB 2.0 Endorsement (a claim by an issuer about an Assertion, BadgeClass or Issuer)."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Endorsement",),)

    context: Ob2Context | None = Field(default=None, alias="@context")
    type: str | list[str] = "Endorsement"
    id: str
    claim: Ob2EndorsementClaim
    issuer: str | Ob2Issuer
    issued_on: DateTimeZ
    verification: Ob2VerificationObject


for _model in (Ob2Issuer, Ob2BadgeClass, Ob2Assertion):
    _model.model_rebuild()
