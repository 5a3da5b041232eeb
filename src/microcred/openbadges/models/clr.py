"""CLR 2.0 ``ClrCredential``: a learner record that bundles signed AchievementCredentials.

Stacks are expressed with ``association[]`` entries between **Achievement ids**: "source
<associationType> target", e.g. a program achievement ``isParentOf`` each course achievement
(CLR 2.0 schema ``$defs.Association``; BRIEF §6).

The embedded AchievementCredentials keep their own issuers' proofs. Parsing one and writing it back
yields the same JSON-LD graph (date-time text is preserved, ``type``/``proof`` become arrays, whole
credit numbers become integers), so the embedded proofs still verify; verify from the original JSON
all the same.

Context caveat: ``partial`` is not defined by ``clr/v2p0/context-2.0.1.json`` (the 1EdTech validator
added it locally later), so it is outside a Data Integrity signature; Microcred does not write it.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from ._base import DateTimeZ, OBModel, TypeList, closed_enum
from .achievement import Achievement
from .endorsement import EndorsementCredential
from .ob3 import AchievementCredential, IdentityObject
from .profile import CompactJws, Image
from .vc import Context, VerifiableCredential, contexts
from .vocab import CLR_CONTEXT, OB3_CONTEXT, VC_V2_CONTEXT, AssociationType

__all__ = ["Association", "ClrCredential", "ClrSubject"]

AssociationTypeValue = Annotated[str, AfterValidator(closed_enum("association type", AssociationType))]


class Association(OBModel):
    """A directed relation between two achievements: ``sourceId`` ``associationType`` ``targetId``.

    ``additionalProperties: false`` in the CLR schema.
    """

    model_config = ConfigDict(extra="forbid")

    type: Literal["Association"] = "Association"
    association_type: AssociationTypeValue
    source_id: str
    target_id: str


class ClrSubject(OBModel):
    """The learner (``id`` and/or ``identifier[]``) and their record.

    * ``verifiableCredential``: 1..* full, signed AchievementCredentials. A VC-JWT may also appear as a
      compact JWS string (1EdTech's ``clr2/examples/simple.jwt`` does this; the CLR JSON schema does
      not allow it), so entries are ``AchievementCredential | str``;
    * ``achievement``: achievement definitions that are not themselves awarded (e.g. the program);
    * ``association``: links between achievement ids (the stack structure).
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("ClrSubject",),)

    id: str | None = None
    type: TypeList = Field(default_factory=lambda: ["ClrSubject"])
    identifier: list[IdentityObject] = Field(default_factory=list)
    verifiable_credential: list[AchievementCredential | CompactJws] = Field(min_length=1)
    achievement: list[Achievement] = Field(default_factory=list)
    association: list[Association] = Field(default_factory=list)

    @model_validator(mode="after")
    def _id_or_identifier(self) -> Self:
        if self.id is None and not self.identifier:
            raise ValueError("ClrSubject needs an id or at least one identifier")
        return self

    def achievement_credentials(self) -> list[AchievementCredential]:
        """The embedded credentials given as JSON objects (compact JWS strings are skipped)."""
        return [vc for vc in self.verifiable_credential if isinstance(vc, AchievementCredential)]

    def achievement_ids(self) -> set[str]:
        """Ids of all achievements in the record: listed ones and those inside the credentials."""
        ids = {a.id for a in self.achievement}
        ids.update(vc.credential_subject.achievement.id for vc in self.achievement_credentials())
        return ids

    def dangling_associations(self) -> list[Association]:
        """Associations whose ``sourceId`` or ``targetId`` is not an achievement of this record."""
        known = self.achievement_ids()
        return [a for a in self.association if a.source_id not in known or a.target_id not in known]


class ClrCredential(VerifiableCredential[ClrSubject]):
    """A Comprehensive Learner Record 2.0 credential (``type`` ∋ ``ClrCredential``; ``name`` required).

    Default ``@context``: VC 2.0, CLR 2.0.1, OB 3.0.3 (the order of the 1EdTech fixtures).
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("VerifiableCredential",), ("ClrCredential",))

    context: Context = Field(
        alias="@context",
        default_factory=contexts(VC_V2_CONTEXT, CLR_CONTEXT, OB3_CONTEXT),
        min_length=1,
    )
    type: TypeList = Field(default_factory=lambda: ["VerifiableCredential", "ClrCredential"])
    name: str
    image: Image | None = None
    awarded_date: DateTimeZ | None = None
    endorsement: list[EndorsementCredential] = Field(default_factory=list)
    #: Caution: not defined by the OB 3.0.3 or CLR 2.0.1 contexts, hence outside Data Integrity proofs.
    endorsement_jwt: list[CompactJws] = Field(default_factory=list)
    #: "True if CLR does not contain all the assertions known by the publisher for the learner".
    #: Not defined by the CLR 2.0.1 context: read only, Microcred does not write it.
    partial: bool | None = None
