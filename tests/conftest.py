"""Shared fixtures: people in every role at one institution, and clients signed in as each."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from microcred.catalog.models import CompetencyFramework
from microcred.institutions.models import ReviewBody
from tests.factories import (
    CompetencyFactory,
    FrameworkFactory,
    InstitutionFactory,
    MembershipFactory,
    ReviewBodyFactory,
    UnitFactory,
    UserFactory,
)

NACE_NAME = "NACE Career Readiness Competencies"


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="Binghamton-style University", slug="bingham")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(name="Other University", slug="other")


def make_department(institution):
    """A department inside a college: the smallest tree with a parent."""
    college = UnitFactory(institution=institution, name="College of Engineering", kind="college")
    return UnitFactory(
        institution=institution, name="Electrical Engineering", kind="department", parent=college
    )


def make_committee(institution):
    return ReviewBodyFactory(
        institution=institution, name="Curriculum Committee", kind="curriculum_committee"
    )


def make_people(institution, department, committee) -> dict[str, Any]:
    """One person per role at ``institution``, plus a site operator and an outsider with no role."""
    roles = {
        "admin": MembershipFactory(institution=institution, role="institution_admin").user,
        "unit_lead": MembershipFactory(institution=institution, role="unit_lead", unit=department).user,
        "reviewer": MembershipFactory(institution=institution, role="reviewer", review_body=committee).user,
        "budget": MembershipFactory(institution=institution, role="budget_office").user,
        "registrar": MembershipFactory(institution=institution, role="registrar").user,
        "learner": MembershipFactory(institution=institution, role="learner").user,
    }
    roles["operator"] = UserFactory(is_superuser=True, is_staff=True)
    roles["outsider"] = UserFactory()
    return roles


@pytest.fixture
def department(institution):
    return make_department(institution)


@pytest.fixture
def committee(institution):
    return make_committee(institution)


@pytest.fixture
def people(institution, department, committee):
    """One person per role at ``institution``, plus a site operator and an outsider with no role."""
    return make_people(institution, department, committee)


@pytest.fixture
def client_as(people):
    """``client_as("reviewer")``: a test client signed in as that person.

    Also takes a user object, or ``"anonymous"`` for a client that is not signed in.
    """

    def make(who: Any) -> Client:
        client = Client()
        if who == "anonymous":
            return client
        client.force_login(people[who] if isinstance(who, str) else who)
        return client

    return make


@pytest.fixture
def framework(institution):
    """A framework of ``institution``'s own, with two competencies."""
    own = FrameworkFactory(institution=institution, name="IPC Electronics Assembly")
    CompetencyFactory(framework=own, code="IPC-1", name="Soldering")
    CompetencyFactory(framework=own, code="IPC-2", name="Wire harness assembly")
    return own


@pytest.fixture
def nace(db):
    """The shared NACE framework that the catalog's data migration loads."""
    return CompetencyFramework.objects.get(institution=None, name=NACE_NAME)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """For module-scoped fixtures that build data once (like ``setUpTestData``), for large tables of tests.

    The data lives in a transaction around the whole module; each test still rolls back its own changes.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def signed_in_client(session_key: str | None) -> Client:
    """A fresh client that carries an existing session (``None``: not signed in)."""
    client = Client()
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def session_of(user) -> str:
    """Sign ``user`` in once and return the session key, for ``signed_in_client``."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def site(module_db):
    """For tables of page tests: one institution with a person in every role, made once per module.

    Also an administrator of another institution (``other_admin``), units, a review body, a framework, and a
    session per role for ``visit``. Each test still rolls back its own changes.
    """
    institution = InstitutionFactory(name="Binghamton-style University", slug="bingham")
    department = make_department(institution)
    committee = make_committee(institution)
    people = make_people(institution, department, committee)
    people["other_admin"] = MembershipFactory(
        institution=InstitutionFactory(name="Other University", slug="other"), role="institution_admin"
    ).user
    framework = FrameworkFactory(institution=institution, name="IPC Electronics Assembly")
    return SimpleNamespace(
        institution=institution,
        slug=institution.slug,
        department=department,
        college=department.parent,
        leaf=UnitFactory(institution=institution, name="Chemistry Lab"),
        committee=committee,
        spare_body=ReviewBodyFactory(institution=institution, name="Ad hoc panel"),
        office=ReviewBody.objects.get(institution=institution, kind="office"),
        framework=framework,
        competency=CompetencyFactory(framework=framework, code="IPC-1", name="Soldering"),
        nace=CompetencyFramework.objects.get(institution=None, name=NACE_NAME),
        learner_role=MembershipFactory(institution=institution, role="learner"),
        people=people,
        sessions={role: session_of(user) for role, user in people.items()},
    )


@pytest.fixture
def visit(db, site):
    """``visit(role)``: a client signed in as that person (``"anonymous"``: not signed in)."""
    return lambda role: signed_in_client(site.sessions.get(role))
