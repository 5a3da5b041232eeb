"""Read queries of the catalog: competency frameworks and competencies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from microcred.catalog import nace, requirements
from microcred.catalog.content import CONTENT_FIELDS, VersionContent
from microcred.catalog.models import (
    Competency,
    CompetencyFramework,
    Course,
    MicroCredential,
    MicroCredentialVersion,
)


def frameworks_for(institution_id: int) -> QuerySet[CompetencyFramework]:
    """Frameworks an institution may use: the shared ones and its own, with competency counts."""
    return (
        CompetencyFramework.objects.filter(Q(institution_id=institution_id) | Q(institution__isnull=True))
        .annotate(competency_count=Count("competencies"))
        .order_by("institution_id", "name")
    )


def framework_for(institution_id: int, framework_id: int) -> CompetencyFramework | None:
    return frameworks_for(institution_id).filter(pk=framework_id).first()


def framework_sizes_for(institution_id: int) -> dict[int, int]:
    return {f.pk: f.competency_count for f in frameworks_for(institution_id)}  # type: ignore[attr-defined]


def framework_names_for(institution_id: int) -> dict[int, str]:
    return {f.pk: f.name for f in frameworks_for(institution_id)}


def competencies_of(framework: CompetencyFramework) -> QuerySet[Competency]:
    return Competency.objects.filter(framework=framework).order_by("code")


def frameworks_by_ids(ids: list[int]) -> list[CompetencyFramework]:
    return list(CompetencyFramework.objects.filter(pk__in=ids).order_by("name"))


def nace_framework() -> CompetencyFramework | None:
    """The shared NACE career-readiness framework (a migration loads it)."""
    return CompetencyFramework.objects.filter(institution__isnull=True, name=nace.FRAMEWORK["name"]).first()


def own_framework_named(institution_id: int, name: str) -> CompetencyFramework | None:
    """The institution's own framework called ``name`` (case-insensitive), if it has one."""
    return CompetencyFramework.objects.filter(institution_id=institution_id, name__iexact=name).first()


def published_versions_of(micro_credential_ids: set[int] | list[int]) -> dict[int, MicroCredentialVersion]:
    """The published version of each micro-credential that has one, by micro-credential id."""
    versions = MicroCredentialVersion.objects.filter(
        micro_credential_id__in=list(micro_credential_ids), status=MicroCredentialVersion.Status.PUBLISHED
    )
    return {v.micro_credential_id: v for v in versions}


def version_content(version: MicroCredentialVersion) -> VersionContent:
    """A version's editable content as the validated model (what autosave merges into)."""
    values = {name: getattr(version, name) for name in CONTENT_FIELDS}
    values["competency_ids"] = sorted(version.competencies.values_list("pk", flat=True)) if version.pk else []
    values["badge_design"] = version.badge_design or None
    values["validity_months"] = version.validity_months
    return VersionContent.model_validate(values)


def courses_of(institution_id: int, *, active_only: bool = False) -> QuerySet[Course]:
    courses = Course.objects.filter(institution_id=institution_id)
    return courses.filter(is_active=True) if active_only else courses


def courses_by_ids(ids: set[int] | list[int]) -> QuerySet[Course]:
    return Course.objects.filter(pk__in=ids)


def course_in(institution_id: int, course_id: int) -> Course | None:
    return Course.objects.filter(institution_id=institution_id, pk=course_id).first()


def find_courses(
    institution_id: int,
    *,
    text: str = "",
    kind: str = "",
    level: str = "",
    unit_id: int | None = None,
    active: bool | None = None,
) -> QuerySet[Course]:
    """The institution's courses matching a search of code or title and the filters given (by code)."""
    courses = Course.objects.filter(institution_id=institution_id).select_related("unit")
    if text.strip():
        courses = courses.filter(Q(code__icontains=text.strip()) | Q(title__icontains=text.strip()))
    if kind:
        courses = courses.filter(kind=kind)
    if level:
        courses = courses.filter(level=level)
    if unit_id is not None:
        courses = courses.filter(unit_id=unit_id)
    if active is not None:
        courses = courses.filter(is_active=active)
    return courses.order_by("code")


def versions_using_course(institution_id: int, course_id: int) -> list[MicroCredentialVersion]:
    """The institution's live versions (draft to published) whose requirements name the course."""
    versions = MicroCredentialVersion.objects.filter(
        micro_credential__institution_id=institution_id,
        status__in=["draft", "in_review", "approved", "published"],
    ).order_by("title", "number")
    return [
        v for v in versions if course_id in requirements.course_ids(requirements.parse_tree(v.requirements))
    ]


def version_by_uuid(version_uuid: str) -> MicroCredentialVersion | None:
    try:
        return (
            MicroCredentialVersion.objects.select_related("micro_credential")
            .filter(uuid=version_uuid)
            .first()
        )
    except ValidationError:
        return None


def versions_by_ids(ids: set[int] | list[int]) -> QuerySet[MicroCredentialVersion]:
    return MicroCredentialVersion.objects.filter(pk__in=ids)


def versions_of(micro_credential: MicroCredential) -> QuerySet[MicroCredentialVersion]:
    return MicroCredentialVersion.objects.filter(micro_credential=micro_credential).order_by("-number")


def micro_credentials_titled(institution_id: int, title: str, exclude_id: int | None) -> list[str]:
    """Titles of the institution's other micro-credentials (any live version) with the same title."""
    found = MicroCredentialVersion.objects.filter(
        micro_credential__institution_id=institution_id,
        title__iexact=title.strip(),
        status__in=["draft", "in_review", "approved", "published"],
    ).exclude(micro_credential_id=exclude_id)
    return sorted({v.title for v in found})


def micro_credentials_with_requirements(
    institution_id: int, tree: dict[str, object], exclude_id: int | None
) -> list[str]:
    """Titles of the institution's published micro-credentials whose requirement tree is identical."""
    if not tree:
        return []
    found = MicroCredentialVersion.objects.filter(
        micro_credential__institution_id=institution_id, status="published"
    ).exclude(micro_credential_id=exclude_id)
    return sorted({v.title for v in found if v.requirements == tree})


def micro_credential_by_id(micro_credential_id: int) -> MicroCredential | None:
    return MicroCredential.objects.filter(pk=micro_credential_id).first()


def competencies_by_ids(ids: set[int] | list[int]) -> QuerySet[Competency]:
    return Competency.objects.filter(pk__in=list(ids)).select_related("framework").order_by("code")


def published_versions_in(institution_id: int) -> QuerySet[MicroCredentialVersion]:
    """The institution's published micro-credential versions, by title (what a stack may require)."""
    return MicroCredentialVersion.objects.filter(
        micro_credential__institution_id=institution_id, status=MicroCredentialVersion.Status.PUBLISHED
    ).order_by("title")


def micro_credential_by_slug(institution_id: int, slug: str) -> MicroCredential | None:
    """The institution's micro-credential with this slug (its natural key), if there is one."""
    return MicroCredential.objects.filter(institution_id=institution_id, slug=slug).first()
