"""W3C Verifiable Credentials Data Model 2.0 envelope shared by OB 3.0 and CLR 2.0 credentials.

Also reads VC 1.1-era credentials (``issuanceDate``/``expirationDate``, ``credentials/v1`` context):
displayers MUST verify both generations (OB 3.0 ``cert/displayer.md``); new credentials use VC 2.0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Generic, Literal, Self, TypeVar

from pydantic import BeforeValidator, Discriminator, Field, Tag, field_validator, model_validator

from ._base import DateTimeZ, OBModel, TypeList, as_list
from .profile import Profile
from .vocab import (
    CREDENTIAL_REFRESH_TYPE,
    JSON_SCHEMA_VALIDATOR_TYPE,
    OB3_CONTEXT,
    OB3_EXTENSIONS_CONTEXT,
    REVOCATION_LIST_TYPE,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
)

_EXTENSION_TYPES = frozenset((JSON_SCHEMA_VALIDATOR_TYPE, REVOCATION_LIST_TYPE, CREDENTIAL_REFRESH_TYPE))

__all__ = [
    "BitstringStatusListEntry",
    "CredentialSchema",
    "CredentialStatus",
    "CredentialStatusEntry",
    "Proof",
    "RefreshService",
    "RevocationListStatus",
    "TermsOfUse",
    "VerifiableCredential",
]

SubjectT = TypeVar("SubjectT")
Context = list[str | dict[str, Any]]


def contexts(*urls: str) -> Callable[[], Context]:
    """A ``default_factory`` for ``@context``: a fresh list of ``urls``."""

    def factory() -> Context:
        return list(urls)

    return factory


class Proof(OBModel):
    """An embedded proof, e.g. ``DataIntegrityProof`` with ``cryptosuite`` ``eddsa-rdfc-2022``.

    Date-times in a proof are kept as the exact strings that were signed (``created``, ``expires``):
    a proof is opaque signed material, never re-formatted.
    """

    type: str
    cryptosuite: str | None = None
    created: str | None = None
    expires: str | None = None
    verification_method: str | None = None
    proof_purpose: str | None = None
    proof_value: str | None = None
    challenge: str | None = None
    domain: str | list[str] | None = None
    nonce: str | None = None
    previous_proof: str | list[str] | None = None


class CredentialSchema(OBModel):
    """A ``credentialSchema`` entry; OB uses ``type`` ``1EdTechJsonSchemaValidator2019``."""

    id: str
    type: str


class CredentialStatus(OBModel):
    """A generic ``credentialStatus`` (``id`` and ``type`` required by the OB 3.0 schema)."""

    id: str
    type: str


class BitstringStatusListEntry(CredentialStatus):
    """W3C Bitstring Status List v1.0 entry (recommended by OB 3.0 spec v1.3 for revocation).

    ``statusListIndex`` is a base-10 integer written as a *string* by the spec; some published
    fixtures (1EdTech ``bitstring-credential-status-revoked.json``) use a JSON integer, which is
    kept as is on parse because it is part of the signed data.
    """

    type: Literal["BitstringStatusListEntry"] = "BitstringStatusListEntry"
    status_purpose: str
    status_list_index: str | int
    status_list_credential: str
    status_size: int | None = None
    status_message: list[dict[str, Any]] = Field(default_factory=list)
    status_reference: str | list[str] | None = None


class RevocationListStatus(CredentialStatus):
    """1EdTech Revocation List (VCRL-10) entry; deprecated by OB 3.0 spec v1.3 but still verified.

    The type name is defined only by ``…/ob/v3p0/extensions.json``: add that context when using it.
    """

    type: Literal["1EdTechRevocationList"] = "1EdTechRevocationList"


def _status_tag(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    if kind == "BitstringStatusListEntry":
        return "bitstring"
    if kind == REVOCATION_LIST_TYPE:
        return "revocation-list"
    return "other"


CredentialStatusEntry = Annotated[
    Annotated[BitstringStatusListEntry, Tag("bitstring")]
    | Annotated[RevocationListStatus, Tag("revocation-list")]
    | Annotated[CredentialStatus, Tag("other")],
    Discriminator(_status_tag),
]
"""``credentialStatus``: a :class:`BitstringStatusListEntry`, :class:`RevocationListStatus` or other."""


class RefreshService(OBModel):
    """``refreshService``; the 1EdTech method is ``1EdTechCredentialRefresh`` (VCCR-10)."""

    id: str
    type: str = CREDENTIAL_REFRESH_TYPE


class TermsOfUse(OBModel):
    """A ``termsOfUse`` entry (``type`` required)."""

    id: str | None = None
    type: str


ProofList = Annotated[list[Proof], BeforeValidator(as_list)]
SchemaList = Annotated[list[CredentialSchema], BeforeValidator(as_list)]
TermsList = Annotated[list[TermsOfUse], BeforeValidator(as_list)]


class VerifiableCredential(OBModel, Generic[SubjectT]):
    """The VC envelope: ``@context``, ``id``, ``type``, ``issuer``, validity, subject, status, proof.

    ``issuer`` is an embedded :class:`Profile` in everything Microcred writes; a bare URI is accepted
    on parse (VC-legal, though the 1EdTech validator rejects it). ``validFrom`` is required for VC 2.0;
    a VC 1.1 credential carries ``issuanceDate`` instead (exactly one of the two must be present).
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("VerifiableCredential",),)

    context: Context = Field(
        alias="@context", default_factory=contexts(VC_V2_CONTEXT, OB3_CONTEXT), min_length=1
    )
    id: str
    type: TypeList = Field(default_factory=lambda: ["VerifiableCredential"])
    name: str | None = None
    description: str | None = None
    issuer: Profile | str
    valid_from: DateTimeZ | None = None
    valid_until: DateTimeZ | None = None
    #: VC 1.1 only (read, never written by Microcred).
    issuance_date: DateTimeZ | None = None
    #: VC 1.1 only (read, never written by Microcred).
    expiration_date: DateTimeZ | None = None
    credential_subject: SubjectT
    credential_schema: SchemaList = Field(default_factory=list)
    credential_status: CredentialStatusEntry | None = None
    refresh_service: RefreshService | None = None
    terms_of_use: TermsList = Field(default_factory=list)
    proof: ProofList = Field(default_factory=list)

    @field_validator("context")
    @classmethod
    def _check_context(cls, value: Context) -> Context:
        if value and value[0] not in (VC_V2_CONTEXT, VC_V1_CONTEXT):
            raise ValueError(
                f"@context must start with {VC_V2_CONTEXT!r} (or the VC 1.1 context); got {value[0]!r}"
            )
        return value

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        if self.valid_from is None and self.issuance_date is None:
            raise ValueError("validFrom is required (issuanceDate for VC 1.1 credentials)")
        return self

    @property
    def is_vc_v1(self) -> bool:
        """True for a VC Data Model 1.1 credential (``credentials/v1`` context)."""
        return bool(self.context) and self.context[0] == VC_V1_CONTEXT

    @property
    def issuer_id(self) -> str:
        """The issuer's id, whether the issuer is embedded or a bare URI."""
        return self.issuer if isinstance(self.issuer, str) else self.issuer.id

    @property
    def issuer_profile(self) -> Profile | None:
        """The embedded issuer Profile, or ``None`` when the issuer is only a URI."""
        return None if isinstance(self.issuer, str) else self.issuer

    def needs_extensions_context(self) -> bool:
        """True when a 1EdTech type name here is defined only by ``…/ob/v3p0/extensions.json``.

        Those are ``1EdTechJsonSchemaValidator2019`` (``credentialSchema``), ``1EdTechRevocationList``
        (``credentialStatus``) and ``1EdTechCredentialRefresh`` (``refreshService``); without the
        extensions context JSON-LD drops them, so they would not be signed.
        """
        types = {entry.type for entry in self.credential_schema}
        if self.credential_status is not None:
            types.add(self.credential_status.type)
        if self.refresh_service is not None:
            types.add(self.refresh_service.type)
        return bool(types & _EXTENSION_TYPES)

    def with_required_contexts(self) -> Self:
        """A copy listing the OB extensions context in ``@context`` if :meth:`needs_extensions_context`.

        Call it on a credential before signing; a parsed (already signed) credential must not be changed.
        """
        if not self.needs_extensions_context() or OB3_EXTENSIONS_CONTEXT in self.context:
            return self
        return self.model_copy(update={"context": [*self.context, OB3_EXTENSIONS_CONTEXT]})

    def unsigned(self) -> Self:
        """A copy without ``proof`` (the document a Data Integrity proof is computed over)."""
        return self.model_copy(update={"proof": []})
