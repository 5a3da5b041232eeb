"""Shared fixtures: people in every role at one institution, and clients signed in as each."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import InstitutionFactory, MembershipFactory, ReviewBodyFactory, UnitFactory, UserFactory


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="Binghamton-style University", slug="bingham")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(name="Other University", slug="other")


@pytest.fixture
def department(institution):
    college = UnitFactory(institution=institution, name="College of Engineering", kind="college")
    return UnitFactory(institution=institution, name="Electrical Engineering", kind="department", parent=college)


@pytest.fixture
def committee(institution):
    return ReviewBodyFactory(institution=institution, name="Curriculum Committee", kind="curriculum_committee")


@pytest.fixture
def people(institution, department, committee):
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
def client_as(people):
    """``client_as("reviewer")``: a test client signed in as that person."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(people[role])
        return client

    return make
