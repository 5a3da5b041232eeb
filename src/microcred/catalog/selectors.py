"""Read queries of the catalog: competency frameworks and competencies."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

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
