"""Read queries of the catalog: competency frameworks and competencies."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from microcred.catalog import nace
from microcred.catalog.models import Competency, CompetencyFramework


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
