"""Write use-cases for institutions, units, review bodies, memberships and policy.

Each function checks the actor's permission, validates, and owns its transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from microcred.accounts import services as accounts_services
from microcred.catalog import selectors as catalog_selectors
from microcred.core.errors import InvalidInput, NotAllowed, Problem
from microcred.institutions import permissions, rules, selectors
from microcred.institutions.models import (
    ApprovalStage,
    Institution,
    Membership,
    OrgUnit,
    Policy,
    PolicyChange,
    ReviewBody,
    Role,
)

if TYPE_CHECKING:
    from microcred.accounts.models import User


# Web names that would clash with the administration's own addresses (/manage/new/ adds an institution).
RESERVED_SLUGS = frozenset({"new"})


def _require(allowed: bool, what: str) -> None:
    if not allowed:
        raise NotAllowed(f"you may not {what}")


@transaction.atomic
def create_institution(
    *,
    actor: User,
    name: str,
    slug: str = "",
    short_name: str = "",
    website: str = "",
    contact_email: str = "",
    description: str = "",
) -> Institution:
    """Create an institution with an office of micro-credentials as its one-stage approval chain."""
    _require(permissions.can_create_institution(actor), "create institutions")
    name = name.strip()
    slug = slugify(slug or short_name or name)[:60]
    problems = []
    if not name:
        problems.append(Problem("name", "a name is required"))
    elif Institution.objects.filter(name__iexact=name).exists():
        problems.append(Problem("name", f"an institution named {name!r} exists already"))
    if not slug:
        problems.append(Problem("slug", "a short web name (letters, digits, hyphens) is required"))
    elif slug in RESERVED_SLUGS:
        problems.append(Problem("slug", f"the web name {slug!r} is reserved for the site; choose another"))
    elif Institution.objects.filter(slug=slug).exists():
        problems.append(Problem("slug", f"the web name {slug!r} is taken"))
    if problems:
        raise InvalidInput(problems)
    institution = Institution.objects.create(
        name=name,
        slug=slug,
        short_name=short_name.strip(),
        website=website.strip(),
        contact_email=contact_email.strip(),
        description=description.strip(),
    )
    office = ReviewBody.objects.create(
        institution=institution, name="Office of Micro-credentials", kind=ReviewBody.Kind.OFFICE
    )
    policy = Policy.objects.create(institution=institution, updated_by=actor)
    ApprovalStage.objects.create(policy=policy, position=1, review_body=office)
    _record_policy_change(policy=policy, actor=actor, old=None, reason="Institution created")
    return institution


@transaction.atomic
def update_institution(
    *,
    actor: User,
    institution: Institution,
    name: str,
    short_name: str,
    website: str,
    contact_email: str,
    description: str,
) -> Institution:
    _require(permissions.can_manage_institution(actor, institution.pk), "change this institution")
    name = name.strip()
    if not name:
        raise InvalidInput("a name is required", "name")
    if Institution.objects.filter(name__iexact=name).exclude(pk=institution.pk).exists():
        raise InvalidInput(f"an institution named {name!r} exists already", "name")
    institution.name = name
    institution.short_name = short_name.strip()
    institution.website = website.strip()
    institution.contact_email = contact_email.strip()
    institution.description = description.strip()
    institution.save()
    return institution


def _check_parent(institution: Institution, unit: OrgUnit | None, parent: OrgUnit | None) -> None:
    if parent is None:
        return
    if parent.institution_id != institution.pk:
        raise InvalidInput("the parent unit belongs to another institution", "parent")
    ancestor: OrgUnit | None = parent
    while ancestor is not None:
        if unit is not None and ancestor.pk == unit.pk:
            raise InvalidInput("a unit cannot sit inside itself or one of its own sub-units", "parent")
        ancestor = ancestor.parent


@transaction.atomic
def create_unit(
    *,
    actor: User,
    institution: Institution,
    name: str,
    kind: str,
    code: str = "",
    parent: OrgUnit | None = None,
) -> OrgUnit:
    _require(permissions.can_manage_institution(actor, institution.pk), "change this institution's units")
    if not name.strip():
        raise InvalidInput("a name is required", "name")
    if kind not in OrgUnit.Kind.values:
        raise InvalidInput(f"unknown kind {kind!r}", "kind")
    _check_parent(institution, None, parent)
    if OrgUnit.objects.filter(institution=institution, parent=parent, name__iexact=name.strip()).exists():
        raise InvalidInput("a unit with this name already exists at this place in the tree", "name")
    return OrgUnit.objects.create(
        institution=institution, name=name.strip(), kind=kind, code=code.strip(), parent=parent
    )


@transaction.atomic
def update_unit(
    *, actor: User, unit: OrgUnit, name: str, kind: str, code: str, parent: OrgUnit | None
) -> OrgUnit:
    institution = unit.institution
    _require(permissions.can_manage_institution(actor, institution.pk), "change this institution's units")
    if not name.strip():
        raise InvalidInput("a name is required", "name")
    if kind not in OrgUnit.Kind.values:
        raise InvalidInput(f"unknown kind {kind!r}", "kind")
    _check_parent(institution, unit, parent)
    clash = OrgUnit.objects.filter(institution=institution, parent=parent, name__iexact=name.strip()).exclude(
        pk=unit.pk
    )
    if clash.exists():
        raise InvalidInput("a unit with this name already exists at this place in the tree", "name")
    unit.name, unit.kind, unit.code, unit.parent = name.strip(), kind, code.strip(), parent
    unit.save()
    return unit


@transaction.atomic
def delete_unit(*, actor: User, unit: OrgUnit) -> None:
    _require(
        permissions.can_manage_institution(actor, unit.institution_id), "change this institution's units"
    )
    if unit.children.exists():
        raise InvalidInput(f"{unit.name} has sub-units; move or delete them first", "unit")
    if unit.memberships.exists():
        raise InvalidInput(f"people hold roles in {unit.name}; remove those roles first", "unit")
    if unit.review_bodies.exists():
        raise InvalidInput(f"a review body belongs to {unit.name}; change it first", "unit")
    unit.delete()


@transaction.atomic
def set_issuer_authorization(*, actor: User, unit: OrgUnit, authorized: bool) -> OrgUnit:
    """Grant or withdraw a unit's right to issue micro-credentials (granting twice keeps the first date)."""
    _require(permissions.can_authorize_issuers(actor, unit.institution_id), "authorize issuers")
    if authorized == (unit.issuer_authorized_at is not None):
        return unit
    unit.issuer_authorized_at = timezone.now() if authorized else None
    unit.save(update_fields=["issuer_authorized_at"])
    return unit


@transaction.atomic
def create_review_body(
    *, actor: User, institution: Institution, name: str, kind: str, unit: OrgUnit | None = None
) -> ReviewBody:
    _require(
        permissions.can_manage_institution(actor, institution.pk), "change this institution's review bodies"
    )
    if not name.strip():
        raise InvalidInput("a name is required", "name")
    if kind not in ReviewBody.Kind.values:
        raise InvalidInput(f"unknown kind {kind!r}", "kind")
    if unit is not None and unit.institution_id != institution.pk:
        raise InvalidInput("the unit belongs to another institution", "unit")
    if ReviewBody.objects.filter(institution=institution, name__iexact=name.strip()).exists():
        raise InvalidInput("a review body with this name exists already", "name")
    return ReviewBody.objects.create(institution=institution, name=name.strip(), kind=kind, unit=unit)


@transaction.atomic
def update_review_body(
    *, actor: User, body: ReviewBody, name: str, kind: str, unit: OrgUnit | None
) -> ReviewBody:
    _require(
        permissions.can_manage_institution(actor, body.institution_id),
        "change this institution's review bodies",
    )
    if not name.strip():
        raise InvalidInput("a name is required", "name")
    if kind not in ReviewBody.Kind.values:
        raise InvalidInput(f"unknown kind {kind!r}", "kind")
    if unit is not None and unit.institution_id != body.institution_id:
        raise InvalidInput("the unit belongs to another institution", "unit")
    clash = ReviewBody.objects.filter(institution_id=body.institution_id, name__iexact=name.strip())
    if clash.exclude(pk=body.pk).exists():
        raise InvalidInput("a review body with this name exists already", "name")
    body.name, body.kind, body.unit = name.strip(), kind, unit
    body.save()
    return body


@transaction.atomic
def delete_review_body(*, actor: User, body: ReviewBody) -> None:
    _require(
        permissions.can_manage_institution(actor, body.institution_id),
        "change this institution's review bodies",
    )
    if body.stages.exists():
        raise InvalidInput(
            f"{body.name} is a stage of the approval chain; change the policy first", "review_body"
        )
    if body.memberships.exists():
        raise InvalidInput(f"people sit on {body.name}; remove their reviewer roles first", "review_body")
    body.delete()


@transaction.atomic
def grant_membership(
    *,
    actor: User,
    institution: Institution,
    email: str,
    full_name: str = "",
    role: str,
    unit: OrgUnit | None = None,
    review_body: ReviewBody | None = None,
) -> Membership:
    """Give a person a role; someone new is created and e-mailed a link to choose a password."""
    _require(permissions.can_manage_memberships(actor, institution.pk), "manage roles at this institution")
    problems: list[Problem] = []
    if role not in Role.values:
        problems.append(Problem("role", f"unknown role {role!r}"))
    if unit is not None and unit.institution_id != institution.pk:
        problems.append(Problem("unit", "the unit belongs to another institution"))
    if review_body is not None and review_body.institution_id != institution.pk:
        problems.append(Problem("review_body", "the review body belongs to another institution"))
    if role == Role.REVIEWER and review_body is None:
        problems.append(Problem("review_body", "a reviewer needs the review body they sit on"))
    if role != Role.REVIEWER and review_body is not None:
        problems.append(Problem("review_body", "only reviewers sit on a review body"))
    if role == Role.UNIT_LEAD and unit is None:
        problems.append(Problem("unit", "a unit lead needs the unit they lead"))
    if problems:
        raise InvalidInput(problems)
    user, _created = accounts_services.invite_person(
        email=email,
        full_name=full_name or email.split("@")[0],
        invited_by=actor,
        institution_name=institution.name,
    )
    if Membership.objects.filter(
        user=user, institution=institution, role=role, unit=unit, review_body=review_body
    ).exists():
        raise InvalidInput(f"{user.email} already holds this role", "email")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                institution=institution,
                role=role,
                unit=unit,
                review_body=review_body,
                granted_by=actor,
            )
    except IntegrityError:
        raise InvalidInput(f"{user.email} already holds this role", "email") from None
    permissions.forget_grants(user)
    return membership


@transaction.atomic
def revoke_membership(*, actor: User, membership: Membership) -> None:
    _require(
        permissions.can_manage_memberships(actor, membership.institution_id),
        "manage roles at this institution",
    )
    if membership.role == Role.INSTITUTION_ADMIN:
        admins = Membership.objects.select_for_update().filter(
            institution_id=membership.institution_id, role=Role.INSTITUTION_ADMIN
        )
        if admins.count() <= 1:
            raise InvalidInput(
                "this is the institution's last administrator; appoint another one first", "role"
            )
    membership.delete()
    permissions.forget_grants(membership.user)


def _policy_context(institution: Institution) -> rules.PolicyContext:
    return rules.PolicyContext(
        framework_sizes=catalog_selectors.framework_sizes_for(institution.pk),
        review_body_ids=frozenset(
            ReviewBody.objects.filter(institution=institution).values_list("pk", flat=True)
        ),
    )


def _names(institution: Institution) -> dict[str, dict[int, str]]:
    return {
        "frameworks": catalog_selectors.framework_names_for(institution.pk),
        "review_bodies": dict(ReviewBody.objects.filter(institution=institution).values_list("pk", "name")),
    }


def _record_policy_change(
    *, policy: Policy, actor: User | None, old: dict[str, object] | None, reason: str
) -> PolicyChange:
    new = rules.snapshot(selectors.policy_data(policy), _names(policy.institution))
    return PolicyChange.objects.create(policy=policy, changed_by=actor, old=old, new=new, reason=reason[:500])


def check_policy(*, institution: Institution, data: rules.PolicyData) -> list[Problem]:
    """Validate a policy without saving it (for live feedback while editing)."""
    return rules.validate_policy(data, _policy_context(institution))


@transaction.atomic
def update_policy(
    *, actor: User, institution: Institution, data: rules.PolicyData, reason: str = ""
) -> Policy:
    """Replace the institution's policy with ``data``, keeping the old one in the history."""
    _require(permissions.can_edit_policy(actor, institution.pk), "change this institution's policy")
    problems = rules.validate_policy(data, _policy_context(institution))
    if problems:
        raise InvalidInput(problems)
    policy = Policy.objects.select_for_update().get(pk=selectors.policy_of(institution).pk)
    names = _names(institution)
    old = rules.snapshot(selectors.policy_data(policy), names)
    if rules.snapshot(data, names) == old:
        return policy
    for name in (
        "credit_types", "credit_hours_min", "credit_hours_min_inclusive", "credit_hours_max",
        "credit_hours_max_inclusive", "min_training_hours", "min_competencies", "transcript",
        "stacking_unit_hours", "require_issuer_authorization", "noncredit_fees_need_budget_review",
    ):  # fmt: skip
        setattr(policy, name, getattr(data, name))
    policy.updated_at = timezone.now()
    policy.updated_by = actor
    policy.save()
    policy.required_frameworks.set(data.required_framework_ids)
    ApprovalStage.objects.filter(policy=policy).delete()
    minor = set(data.minor_stage_review_body_ids or data.stage_review_body_ids)
    ApprovalStage.objects.bulk_create(
        ApprovalStage(policy=policy, position=i, review_body_id=body_id, for_minor_changes=body_id in minor)
        for i, body_id in enumerate(data.stage_review_body_ids, start=1)
    )
    _record_policy_change(policy=policy, actor=actor, old=old, reason=reason)
    return policy
