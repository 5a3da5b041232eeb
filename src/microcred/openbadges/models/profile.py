"""OB 3.0 ``Profile`` (issuer, creator, source, endorser) and its parts: Image, Address, IdentifierEntry.

Source: ``common_credentials.lines:113-154`` and the ``$defs`` of the OB 3.0 JSON schemas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import AfterValidator, ConfigDict, Field

from ._base import DateOnly, JsonNumber, OBModel, TypeList, extensible_enum
from .vocab import IdentifierType

if TYPE_CHECKING:
    from .endorsement import EndorsementCredential

__all__ = ["Address", "GeoCoordinates", "IdentifierEntry", "Image", "Profile"]

JWS_PATTERN = r"^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$"
CompactJws = Annotated[str, Field(pattern=JWS_PATTERN)]
IdentifierTypeValue = Annotated[str, AfterValidator(extensible_enum("identifier type", IdentifierType))]


class Image(OBModel):
    """An image: ``id`` is its URL or a ``data:`` URI; ``type`` is the string ``"Image"``.

    The schema sets ``additionalProperties: false``, so no extension properties are accepted here.
    """

    model_config = ConfigDict(extra="forbid")

    id: str
    type: Literal["Image"] = "Image"
    caption: str | None = None


class GeoCoordinates(OBModel):
    """Latitude and longitude of an address; ``type`` is the string ``"GeoCoordinates"``."""

    type: Literal["GeoCoordinates"] = "GeoCoordinates"
    latitude: JsonNumber
    longitude: JsonNumber


class Address(OBModel):
    """A postal address (schema.org terms)."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Address",),)

    type: TypeList = Field(default_factory=lambda: ["Address"])
    address_country: str | None = None
    address_country_code: str | None = None
    address_region: str | None = None
    address_locality: str | None = None
    street_address: str | None = None
    post_office_box_number: str | None = None
    postal_code: str | None = None
    geo: GeoCoordinates | None = None


class IdentifierEntry(OBModel):
    """Another identifier of a Profile or Achievement (``otherIdentifier``), e.g. a ROR id or course code.

    ``additionalProperties: false`` in the schema.
    """

    model_config = ConfigDict(extra="forbid")

    type: Literal["IdentifierEntry"] = "IdentifierEntry"
    identifier: str
    identifier_type: IdentifierTypeValue


class Profile(OBModel):
    """A person or organization: the issuer of a credential, an achievement's creator, an endorser.

    Required: ``id`` (URI) and ``type`` containing ``"Profile"``. Always embed the issuer as a Profile
    (with ``name``): the 1EdTech validator rejects a bare issuer URI.
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Profile",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["Profile"])
    name: str | None = None
    url: str | None = None
    phone: str | None = None
    description: str | None = None
    endorsement: list[EndorsementCredential] = Field(default_factory=list)
    #: Compact JWS endorsements. Caution: ``endorsementJwt`` is not defined by the OB 3.0.3 context,
    #: so it is outside any Data Integrity signature; prefer ``endorsement``.
    endorsement_jwt: list[CompactJws] = Field(default_factory=list)
    image: Image | None = None
    email: str | None = None
    address: Address | None = None
    other_identifier: list[IdentifierEntry] = Field(default_factory=list)
    official: str | None = None
    parent_org: Profile | None = None
    family_name: str | None = None
    given_name: str | None = None
    additional_name: str | None = None
    patronymic_name: str | None = None
    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    family_name_prefix: str | None = None
    date_of_birth: DateOnly | None = None
