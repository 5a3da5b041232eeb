"""Who may see and change what. Every view and API endpoint asks here; nothing else decides access.

A person's roles come from their memberships (``Role``); a site operator (``is_superuser``) may create
institutions and act as an administrator of every institution. Learners hold no staff role, so every
administration page answers them 403, and pages about other people answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from microcred.institutions.models import Membership, Role

STAFF_ROLES = frozenset(
    {Role.INSTITUTION_ADMIN, Role.UNIT_LEAD, Role.REVIEWER, Role.BUDGET_OFFICE, Role.REGISTRAR}
)


class Person(Protocol):
    """Anything shaped like a user, signed in or anonymous."""

    @property
    def pk(self) -> Any: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_superuser(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...


@dataclass(frozen=True)
class Grant:
    institution_id: int
    role: str
    unit_id: int | None
    review_body_id: int | None


def grants(user: Person) -> tuple[Grant, ...]:
    """The person's roles, read once per request and cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, "_microcred_grants", None)
    if cached is None:
        cached = tuple(
            Grant(*row)
            for row in Membership.objects.filter(user_id=user.pk).values_list(
                "institution_id", "role", "unit_id", "review_body_id"
            )
        )
        user._microcred_grants = cached  # type: ignore[attr-defined]
    return cached


def forget_grants(user: Person) -> None:
    """Drop the cached roles after they change."""
    if hasattr(user, "_microcred_grants"):
        delattr(user, "_microcred_grants")


def is_site_operator(user: Person) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def has_role(user: Person, institution_id: int, *roles: str) -> bool:
    return any(g.institution_id == institution_id and g.role in roles for g in grants(user))


def can_create_institution(user: Person) -> bool:
    return is_site_operator(user)


def can_manage_institution(user: Person, institution_id: int) -> bool:
    """Edit the institution, its units, review bodies, memberships, frameworks and policy."""
    return is_site_operator(user) or has_role(user, institution_id, Role.INSTITUTION_ADMIN)


def can_view_institution_admin(user: Person, institution_id: int) -> bool:
    """See the institution's administration pages (read-only unless ``can_manage_institution``)."""
    return is_site_operator(user) or has_role(user, institution_id, *STAFF_ROLES)


def can_edit_policy(user: Person, institution_id: int) -> bool:
    return can_manage_institution(user, institution_id)


def can_manage_memberships(user: Person, institution_id: int) -> bool:
    return can_manage_institution(user, institution_id)


def can_manage_frameworks(user: Person, institution_id: int) -> bool:
    return can_manage_institution(user, institution_id)


def can_authorize_issuers(user: Person, institution_id: int) -> bool:
    return can_manage_institution(user, institution_id)


def can_view_person(user: Person, person_id: int, person_institution_ids: set[int]) -> bool:
    """Oneself, or an administrator of an institution where the person holds a role."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk == person_id or is_site_operator(user):
        return True
    return any(can_manage_institution(user, iid) for iid in person_institution_ids)


def managed_institution_ids(user: Person) -> set[int]:
    return {g.institution_id for g in grants(user) if g.role == Role.INSTITUTION_ADMIN}


def staff_institution_ids(user: Person) -> set[int]:
    return {g.institution_id for g in grants(user) if g.role in STAFF_ROLES}


def roles_at(user: Person, institution_id: int) -> set[str]:
    return {g.role for g in grants(user) if g.institution_id == institution_id}


# Proposals and review (the governance path). Unit ids given here are the proposal's unit; a lead of a parent
# unit (a college) may propose for the departments below it, so callers pass the unit's ancestors too.


def can_propose(user: Person, institution_id: int, unit_and_ancestor_ids: set[int]) -> bool:
    """Draft a micro-credential (or a change or termination) for a unit."""
    if can_manage_institution(user, institution_id):
        return True
    return any(
        g.institution_id == institution_id and g.role == Role.UNIT_LEAD and g.unit_id in unit_and_ancestor_ids
        for g in grants(user)
    )


def can_review_for(user: Person, institution_id: int, review_body_id: int, proposer_id: int) -> bool:
    """Decide at a stage: a reviewer sitting on that stage's body, never on one's own proposal."""
    if user.pk == proposer_id:
        return False
    return any(
        g.institution_id == institution_id and g.role == Role.REVIEWER and g.review_body_id == review_body_id
        for g in grants(user)
    )


def can_publish(user: Person, institution_id: int, proposer_id: int) -> bool:
    """Give the final word and publish: the office (institution administrators), not on their own proposal."""
    return user.pk != proposer_id and can_manage_institution(user, institution_id)


def can_view_proposals(user: Person, institution_id: int) -> bool:
    """Read proposals and their timelines: every staff role of the institution (learners never)."""
    return can_view_institution_admin(user, institution_id)


def reviewer_body_ids(user: Person, institution_id: int) -> set[int]:
    return {
        g.review_body_id
        for g in grants(user)
        if g.institution_id == institution_id and g.role == Role.REVIEWER and g.review_body_id is not None
    }


def led_unit_ids(user: Person, institution_id: int) -> set[int]:
    return {
        g.unit_id
        for g in grants(user)
        if g.institution_id == institution_id and g.role == Role.UNIT_LEAD and g.unit_id is not None
    }


def can_manage_courses(user: Person, institution_id: int) -> bool:
    """Keep the course and activity list: the office and the registrar."""
    return can_manage_institution(user, institution_id) or has_role(user, institution_id, Role.REGISTRAR)


# Learners, completions and awards. The registrar keeps learner records and results; the office (institution
# administrators) may do everything the registrar does. Unit leads may look at learners' progress.


def can_manage_learners(user: Person, institution_id: int) -> bool:
    """Create learner records, enroll learners, record and import completions, award by hand."""
    return can_manage_institution(user, institution_id) or has_role(user, institution_id, Role.REGISTRAR)


def can_view_learners(user: Person, institution_id: int) -> bool:
    """See learner records, progress and awards of the institution (read-only)."""
    return can_manage_learners(user, institution_id) or has_role(user, institution_id, Role.UNIT_LEAD)


def can_change_award_status(user: Person, institution_id: int) -> bool:
    """Revoke, suspend, reinstate and renew awards."""
    return can_manage_learners(user, institution_id)


def is_own_record(user: Person, owner_user_id: int) -> bool:
    """The learner's own enrollment, progress, wallet and downloads: only the learner themself."""
    return bool(user.is_authenticated and user.is_active and user.pk == owner_user_id)


def can_see_award(user: Person, *, owner_user_id: int, institution_id: int, is_public: bool) -> bool:
    """An award's public page and documents: anyone when public; else its learner and the issuer's staff."""
    return is_public or is_own_record(user, owner_user_id) or can_view_learners(user, institution_id)
