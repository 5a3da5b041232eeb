"""Read queries about institutions, units, roles and policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from microcred.institutions import permissions, rules
from microcred.institutions.models import (
    ApprovalStage,
    Institution,
    Membership,
    OrgUnit,
    Policy,
    PolicyChange,
    ReviewBody,
)


def institution_by_slug(slug: str) -> Institution | None:
    return Institution.objects.filter(slug=slug).first()


def institution_by_id(institution_id: int) -> Institution | None:
    return Institution.objects.filter(pk=institution_id).first()


def all_institutions() -> QuerySet[Institution]:
    return Institution.objects.order_by("name")


def institutions_visible_to(user: permissions.Person) -> QuerySet[Institution]:
    """Institutions whose administration pages the person may open."""
    if permissions.is_site_operator(user):
        return Institution.objects.order_by("name")
    return Institution.objects.filter(pk__in=permissions.staff_institution_ids(user)).order_by("name")


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit
    depth: int
    member_count: int


def unit_tree(institution: Institution) -> list[UnitRow]:
    """Units in tree order (each parent followed by its children), with their depth."""
    units = list(
        OrgUnit.objects.filter(institution=institution)
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    rows: list[UnitRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            rows.append(UnitRow(unit, depth, unit.member_count))  # type: ignore[attr-defined]
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return rows


def units_of(institution: Institution) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(institution=institution).order_by("name")


def unit_in(institution: Institution, unit_id: int) -> OrgUnit | None:
    return OrgUnit.objects.filter(institution=institution, pk=unit_id).first()


def unit_named(institution: Institution, name: str, parent: OrgUnit | None) -> OrgUnit | None:
    """The unit called ``name`` (case-insensitive) directly under ``parent`` (``None``: at the top)."""
    return OrgUnit.objects.filter(institution=institution, parent=parent, name__iexact=name).first()


def review_bodies_of(institution: Institution) -> QuerySet[ReviewBody]:
    return (
        ReviewBody.objects.filter(institution=institution)
        .select_related("unit")
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )


def review_body_in(institution: Institution, body_id: int) -> ReviewBody | None:
    return ReviewBody.objects.filter(institution=institution, pk=body_id).first()


def review_body_named(institution: Institution, name: str) -> ReviewBody | None:
    return ReviewBody.objects.filter(institution=institution, name__iexact=name).first()


def memberships_of(institution: Institution) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(institution=institution)
        .select_related("user", "unit", "review_body")
        .order_by("user__full_name", "role")
    )


def membership_in(institution: Institution, membership_id: int) -> Membership | None:
    return Membership.objects.filter(institution=institution, pk=membership_id).select_related("user").first()


def membership_exists(
    *, user_id: int, institution: Institution, role: str, unit: OrgUnit | None, review_body: ReviewBody | None
) -> bool:
    """Whether the person already holds exactly this role (in this unit, on this review body)."""
    return Membership.objects.filter(
        user_id=user_id, institution=institution, role=role, unit=unit, review_body=review_body
    ).exists()


def memberships_of_user(user_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user_id=user_id)
        .select_related("institution", "unit", "review_body")
        .order_by("institution__name", "role")
    )


def policy_of(institution: Institution) -> Policy:
    """The institution's policy (``create_institution`` makes one with every institution)."""
    return Policy.objects.get(institution=institution)


def stages_of(policy: Policy) -> list[ApprovalStage]:
    return list(
        ApprovalStage.objects.filter(policy=policy).select_related("review_body").order_by("position")
    )


def policy_data(policy: Policy) -> rules.PolicyData:
    """The policy as plain values for the pure rules."""
    stages = list(
        ApprovalStage.objects.filter(policy=policy)
        .order_by("position")
        .values_list("review_body_id", "for_minor_changes")
    )
    return rules.PolicyData(
        credit_types=policy.credit_types,
        credit_hours_min=policy.credit_hours_min,
        credit_hours_min_inclusive=policy.credit_hours_min_inclusive,
        credit_hours_max=policy.credit_hours_max,
        credit_hours_max_inclusive=policy.credit_hours_max_inclusive,
        min_training_hours=policy.min_training_hours,
        required_framework_ids=tuple(sorted(policy.required_frameworks.values_list("pk", flat=True))),
        min_competencies=policy.min_competencies,
        transcript=policy.transcript,
        stacking_unit_hours=policy.stacking_unit_hours,
        require_issuer_authorization=policy.require_issuer_authorization,
        noncredit_fees_need_budget_review=policy.noncredit_fees_need_budget_review,
        stage_review_body_ids=tuple(body_id for body_id, _ in stages),
        minor_stage_review_body_ids=(
            () if all(minor for _, minor in stages) else tuple(body_id for body_id, minor in stages if minor)
        ),
    )


def policy_history(policy: Policy) -> QuerySet[PolicyChange]:
    return (
        PolicyChange.objects.filter(policy=policy).select_related("changed_by").order_by("-changed_at", "-pk")
    )


def institution_ids_of_person(user_id: int) -> set[int]:
    return set(Membership.objects.filter(user_id=user_id).values_list("institution_id", flat=True))


def unit_with_ancestor_ids(unit_id: int) -> set[int]:
    """The unit's id and the ids of every unit above it (a college's lead may propose for its departments)."""
    parents = dict(OrgUnit.objects.filter(institution__units=unit_id).values_list("pk", "parent_id"))
    ids: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in ids:
        ids.add(current)
        current = parents.get(current)
    return ids


def unit_by_id(unit_id: int) -> OrgUnit | None:
    return OrgUnit.objects.select_related("institution").filter(pk=unit_id).first()


def approval_stages(institution_id: int, *, minor: bool = False) -> list[ApprovalStage]:
    """The institution's approval chain, in order, with the review bodies.

    With ``minor``: the shorter chain for minor changes (the stages marked for them; all when none is).
    """
    stages = list(
        ApprovalStage.objects.filter(policy__institution_id=institution_id)
        .select_related("review_body")
        .order_by("position")
    )
    shorter = [s for s in stages if s.for_minor_changes]
    return shorter if minor and shorter else stages


def policy_data_of(institution_id: int) -> rules.PolicyData:
    return policy_data(Policy.objects.get(institution_id=institution_id))


def units_of_institution_id(institution_id: int) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(institution_id=institution_id).order_by("name")


def reviewer_emails(review_body_id: int) -> list[str]:
    return sorted(
        Membership.objects.filter(
            review_body_id=review_body_id, role="reviewer", user__is_active=True
        ).values_list("user__email", flat=True)
    )


def admin_emails(institution_id: int) -> list[str]:
    return sorted(
        Membership.objects.filter(
            institution_id=institution_id, role="institution_admin", user__is_active=True
        ).values_list("user__email", flat=True)
    )
