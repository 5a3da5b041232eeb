"""Who may see and change what, per role. The roles are given directly, so most tests need no database."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser

from microcred.institutions import permissions
from microcred.institutions.permissions import Grant
from tests.factories import MembershipFactory

HERE, ELSEWHERE = 1, 2
UNIT, BODY = 10, 20

ROLE_GRANTS = {
    "admin": [Grant(HERE, "institution_admin", None, None)],
    "unit_lead": [Grant(HERE, "unit_lead", UNIT, None)],
    "reviewer": [Grant(HERE, "reviewer", None, BODY)],
    "budget": [Grant(HERE, "budget_office", None, None)],
    "registrar": [Grant(HERE, "registrar", None, None)],
    "learner": [Grant(HERE, "learner", None, None)],
    "outsider": [],
    "other_admin": [Grant(ELSEWHERE, "institution_admin", None, None)],
    "operator": [],
}
ROLES = [*ROLE_GRANTS, "anonymous", "inactive_admin", "inactive_operator"]


@dataclass
class Person:
    """Shaped like a user, with its roles already read (as ``permissions.grants`` caches them)."""

    pk: int
    is_authenticated: bool = True
    is_superuser: bool = False
    is_active: bool = True
    _microcred_grants: tuple[Grant, ...] = field(default=())


def person(role: str) -> object:
    if role == "anonymous":
        return AnonymousUser()
    if role == "inactive_admin":
        return Person(pk=100, is_active=False, _microcred_grants=tuple(ROLE_GRANTS["admin"]))
    if role == "inactive_operator":
        return Person(pk=101, is_active=False, is_superuser=True)
    return Person(
        pk=list(ROLE_GRANTS).index(role) + 1,
        is_superuser=role == "operator",
        _microcred_grants=tuple(ROLE_GRANTS[role]),
    )


STAFF = {"admin", "unit_lead", "reviewer", "budget", "registrar", "operator"}
MANAGERS = {"admin", "operator"}

# (check, who may) for the institution HERE
MATRIX = [
    (lambda u: permissions.is_site_operator(u), {"operator"}),
    (lambda u: permissions.can_create_institution(u), {"operator"}),
    (lambda u: permissions.can_manage_institution(u, HERE), MANAGERS),
    (lambda u: permissions.can_view_institution_admin(u, HERE), STAFF),
    (lambda u: permissions.can_edit_policy(u, HERE), MANAGERS),
    (lambda u: permissions.can_manage_memberships(u, HERE), MANAGERS),
    (lambda u: permissions.can_manage_frameworks(u, HERE), MANAGERS),
    (lambda u: permissions.can_authorize_issuers(u, HERE), MANAGERS),
    (lambda u: permissions.can_manage_institution(u, ELSEWHERE), {"other_admin", "operator"}),
    (lambda u: permissions.can_view_institution_admin(u, ELSEWHERE), {"other_admin", "operator"}),
]
CHECK_NAMES = [
    "is_site_operator",
    "can_create_institution",
    "can_manage_institution",
    "can_view_institution_admin",
    "can_edit_policy",
    "can_manage_memberships",
    "can_manage_frameworks",
    "can_authorize_issuers",
    "can_manage_institution(elsewhere)",
    "can_view_institution_admin(elsewhere)",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("check", "allowed"), MATRIX, ids=CHECK_NAMES)
def test_each_permission_per_role(check, allowed, role):
    assert check(person(role)) is (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_has_role_matches_only_the_roles_held_here(role):
    user = person(role)
    held = {g.role for g in ROLE_GRANTS.get(role, []) if g.institution_id == HERE}
    if role in {"anonymous", "inactive_admin"}:
        held = set()
    for name in ["institution_admin", "unit_lead", "reviewer", "budget_office", "registrar", "learner"]:
        assert permissions.has_role(user, HERE, name) is (name in held)
    assert permissions.has_role(user, HERE, *permissions.STAFF_ROLES) is bool(held & permissions.STAFF_ROLES)


def test_grants_of_anonymous_and_inactive_people_are_empty():
    assert permissions.grants(AnonymousUser()) == ()
    assert permissions.grants(person("inactive_admin")) == ()


def test_the_id_sets_and_roles_at_an_institution():
    both = Person(
        pk=5,
        _microcred_grants=(
            Grant(HERE, "institution_admin", None, None),
            Grant(HERE, "learner", None, None),
            Grant(ELSEWHERE, "reviewer", None, BODY),
            Grant(3, "learner", None, None),
        ),
    )
    assert permissions.managed_institution_ids(both) == {HERE}
    assert permissions.staff_institution_ids(both) == {HERE, ELSEWHERE}
    assert permissions.roles_at(both, HERE) == {"institution_admin", "learner"}
    assert permissions.roles_at(both, 3) == {"learner"}
    assert permissions.roles_at(both, 4) == set()
    assert permissions.managed_institution_ids(AnonymousUser()) == set()
    assert permissions.staff_institution_ids(AnonymousUser()) == set()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),  # an administrator where the person holds a role
        ("operator", True),
        ("unit_lead", False),
        ("reviewer", False),
        ("budget", False),
        ("registrar", False),
        ("learner", False),
        ("outsider", False),
        ("other_admin", False),
        ("anonymous", False),
        ("inactive_admin", False),
        ("inactive_operator", False),
    ],
)
def test_who_may_see_a_person_of_this_institution(role, allowed):
    assert permissions.can_view_person(person(role), 999, {HERE}) is allowed


def test_a_person_may_see_themselves_but_not_once_deactivated():
    me = person("learner")
    assert permissions.can_view_person(me, me.pk, set()) is True
    assert permissions.can_view_person(Person(pk=7, is_active=False), 7, set()) is False


def test_grants_are_read_from_memberships_once_and_forgotten_on_request(
    django_assert_num_queries, institution
):
    membership = MembershipFactory(institution=institution, role="registrar")
    user = membership.user
    with django_assert_num_queries(1):
        assert permissions.grants(user) == (Grant(institution.pk, "registrar", None, None),)
        assert permissions.can_view_institution_admin(user, institution.pk)
        assert not permissions.can_manage_institution(user, institution.pk)
    MembershipFactory(user=user, institution=institution, role="institution_admin")
    assert not permissions.can_manage_institution(user, institution.pk)  # still the cached roles
    permissions.forget_grants(user)
    assert permissions.can_manage_institution(user, institution.pk)
    permissions.forget_grants(user)
    permissions.forget_grants(user)  # forgetting twice is harmless
