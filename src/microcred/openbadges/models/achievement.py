"""OB 3.0 ``Achievement`` (the badge or program definition, was BadgeClass) and its parts.

Source: ``common_credentials.lines:5-28, 68-82, 156-198`` and the OB 3.0 JSON schema ``$defs``.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Self

from pydantic import AfterValidator, Field, model_validator

from ._base import JsonNumber, OBModel, TypeList, extensible_enum
from .endorsement import EndorsementCredential
from .profile import CompactJws, IdentifierEntry, Image, Profile
from .vocab import AchievementType, AlignmentTargetType, ResultType

__all__ = [
    "Achievement",
    "Alignment",
    "Criteria",
    "Related",
    "ResultDescription",
    "RubricCriterionLevel",
]

LANGUAGE_PATTERN = r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]
AchievementTypeValue = Annotated[str, AfterValidator(extensible_enum("achievement type", AchievementType))]
AlignmentTargetTypeValue = Annotated[
    str, AfterValidator(extensible_enum("alignment target type", AlignmentTargetType))
]
ResultTypeValue = Annotated[str, AfterValidator(extensible_enum("result type", ResultType))]


class Alignment(OBModel):
    """Alignment to a competency, framework item or credential (CASE ``CFItem``, CTDL, ...)."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Alignment",),)

    type: TypeList = Field(default_factory=lambda: ["Alignment"])
    target_code: str | None = None
    target_description: str | None = None
    target_name: str
    target_framework: str | None = None
    target_type: AlignmentTargetTypeValue | None = None
    target_url: str


class Criteria(OBModel):
    """How the achievement is earned: ``id`` (URL of a page) and/or ``narrative`` (Markdown).

    Both are optional in the schema, but the spec says implementations SHOULD give at least one and
    the 1EdTech validator errors when both are missing, so this model requires one.
    """

    id: str | None = None
    narrative: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if self.id is None and self.narrative is None:
            raise ValueError("criteria needs an id (URL) or a narrative")
        return self


class Related(OBModel):
    """The same achievement in another language or an earlier version (not a part-of link)."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Related",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["Related"])
    in_language: Language | None = None
    version: str | None = None


class RubricCriterionLevel(OBModel):
    """A level of a rubric criterion (e.g. "Mastered", 4 points)."""

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("RubricCriterionLevel",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["RubricCriterionLevel"])
    alignment: list[Alignment] = Field(default_factory=list)
    description: str | None = None
    level: str | None = None
    name: str
    points: str | None = None


class ResultDescription(OBModel):
    """A kind of result the achievement records (grade, status, rubric level...).

    ``allowedValue`` is an ordered list (lowest to highest). ``valueMin``/``valueMax``/``points`` are
    strings in the spec.
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("ResultDescription",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["ResultDescription"])
    alignment: list[Alignment] = Field(default_factory=list)
    allowed_value: list[str] = Field(default_factory=list)
    name: str
    required_level: str | None = None
    required_value: str | None = None
    result_type: ResultTypeValue
    rubric_criterion_level: list[RubricCriterionLevel] = Field(default_factory=list)
    value_max: str | None = None
    value_min: str | None = None


class Achievement(OBModel):
    """The definition of what is awarded (program, course, micro-credential).

    Required: ``id``, ``type`` containing ``"Achievement"``, ``name``, ``description``, ``criteria``.
    Use a stable HTTPS ``id`` and bump ``version`` when the definition changes.
    """

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = (("Achievement",),)

    id: str
    type: TypeList = Field(default_factory=lambda: ["Achievement"])
    achievement_type: AchievementTypeValue | None = None
    alignment: list[Alignment] = Field(default_factory=list)
    creator: Profile | None = None
    credits_available: JsonNumber | None = None
    criteria: Criteria
    description: str
    endorsement: list[EndorsementCredential] = Field(default_factory=list)
    #: Caution: not defined by the OB 3.0.3 context, hence outside Data Integrity signatures.
    endorsement_jwt: list[CompactJws] = Field(default_factory=list)
    field_of_study: str | None = None
    human_code: str | None = None
    image: Image | None = None
    in_language: Language | None = None
    name: str
    other_identifier: list[IdentifierEntry] = Field(default_factory=list)
    related: list[Related] = Field(default_factory=list)
    result_description: list[ResultDescription] = Field(default_factory=list)
    specialization: str | None = None
    tag: list[str] = Field(default_factory=list)
    version: str | None = None

    def find_result_description(self, result_description_id: str) -> ResultDescription | None:
        """The ResultDescription with this id (what ``Result.resultDescription`` points to)."""
        return next((rd for rd in self.result_description if rd.id == result_description_id), None)
