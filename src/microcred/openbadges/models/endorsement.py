"""OB 3.0 ``EndorsementCredential`` and ``EndorsementSubject`` (``common_credentials.lines:84-100``)."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import Field, model_validator

from ._base import DateTimeZ, OBModel, TypeList
from .profile import Profile
from .vc import Context, VerifiableCredential, contexts
from .vocab import OB3_CONTEXT, VC_V2_CONTEXT

__all__ = ["EndorsementCredential", "EndorsementSubject"]


class EndorsementSubject(OBModel):
    """The endorsed entity (``id``: a credential, Achievement or Profile id) and the comment."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("EndorsementSubject",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["EndorsementSubject"])
    endorsement_comment: str | None = None


class EndorsementCredential(VerifiableCredential[EndorsementSubject]):
    """A third party's signed endorsement of a credential, achievement or profile.

    ``name`` is required (unlike on AchievementCredential) for VC 2.0 endorsements; the VC 1.1-era
    schema did not require it, so VC 1.1 endorsements without a name are still read.
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("VerifiableCredential",),
        ("EndorsementCredential",),
    )

    context: Context = Field(
        alias="@context", default_factory=contexts(VC_V2_CONTEXT, OB3_CONTEXT), min_length=1
    )
    type: TypeList = Field(default_factory=lambda: ["VerifiableCredential", "EndorsementCredential"])
    awarded_date: DateTimeZ | None = None

    @model_validator(mode="after")
    def _name_required(self) -> Self:
        if self.name is None and not self.is_vc_v1:
            raise ValueError("name is required on an EndorsementCredential")
        return self


def _rebuild() -> None:
    namespace: dict[str, Any] = {"EndorsementCredential": EndorsementCredential, "Profile": Profile}
    Profile.model_rebuild(_types_namespace=namespace)
    EndorsementCredential.model_rebuild(_types_namespace=namespace)


_rebuild()
