"""OB 3.0 ``EndorsementCredential`` and ``EndorsementSubject`` (``common_credentials.lines:84-100``)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from ._base import DateTimeZ, OBModel, TypeList
from .profile import Profile
from .vc import Context, VerifiableCredential
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

    ``name`` is required (unlike on AchievementCredential).
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("VerifiableCredential",),
        ("EndorsementCredential",),
    )

    context: Context = Field(alias="@context", default_factory=lambda: [VC_V2_CONTEXT, OB3_CONTEXT], min_length=1)
    type: TypeList = Field(default_factory=lambda: ["VerifiableCredential", "EndorsementCredential"])
    name: str
    awarded_date: DateTimeZ | None = None


def _rebuild() -> None:
    namespace: dict[str, Any] = {"EndorsementCredential": EndorsementCredential, "Profile": Profile}
    Profile.model_rebuild(_types_namespace=namespace)
    EndorsementCredential.model_rebuild(_types_namespace=namespace)


_rebuild()
