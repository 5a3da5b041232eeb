"""Awards to publish: Ada's Robotics award (signed), and people who may or may not see it."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from microcred.learners import services as learner_services
from microcred.openbadges.errors import FetchError
from tests.awards.conftest import stack  # noqa: F401
from tests.factories import LearnerFactory, MembershipFactory

DAY = date(2026, 5, 4)


def complete(the_stack: Any, code: str, **changes: Any) -> Any:
    data = {
        "course": the_stack.courses[code],
        "completed_on": DAY,
        "result": "passed",
        "grade": "A",
        **changes,
    }
    evidence_file = data.pop("evidence_file", None)
    return learner_services.record_completion(
        learner=the_stack.learner, data=learner_services.CompletionInput(**data), evidence_file=evidence_file
    )


def earn_robotics(the_stack: Any, capture: Any, **changes: Any) -> Any:
    """Enroll Ada in Robotics and complete both courses; the award is signed on commit."""
    learner_services.enroll_learner(
        learner=the_stack.learner, micro_credential=the_stack.robotics.micro_credential
    )
    complete(the_stack, "ROB 101")
    with capture(execute=True):
        (award,) = complete(the_stack, "ROB 201", **changes).awards
    award.refresh_from_db()
    return award


@pytest.fixture
def award(stack, django_capture_on_commit_callbacks):  # noqa: F811
    """Ada's Robotics award, signed, private (the default)."""
    return earn_robotics(stack, django_capture_on_commit_callbacks)


@pytest.fixture
def public_award(award):
    award.is_public = True
    award.save(update_fields=["is_public"])
    return award


@pytest.fixture
def viewers(stack, people, other_institution, client_as):  # noqa: F811
    """Clients: anonymous, the learner themself, another learner, staff here, staff elsewhere, a reviewer."""
    other_learner = LearnerFactory(institution=stack.learner.institution).user
    elsewhere = MembershipFactory(institution=other_institution, role="registrar").user
    return {
        "anonymous": client_as("anonymous"),
        "learner": client_as(stack.learner.user),
        "other_learner": client_as(other_learner),
        "registrar": client_as("registrar"),
        "unit_lead": client_as("unit_lead"),
        "admin": client_as("admin"),
        "reviewer": client_as("reviewer"),
        "staff_elsewhere": client_as(elsewhere),
    }


PRIVILEGED = {"learner", "registrar", "unit_lead", "admin"}
VIEWERS = [
    "anonymous",
    "learner",
    "other_learner",
    "registrar",
    "unit_lead",
    "admin",
    "reviewer",
    "staff_elsewhere",
]


def client_fetcher(client: Client | None = None) -> Any:
    """A verifier's fetcher that answers http(s)://testserver URLs through the Django test client."""
    client = client or Client()

    def fetch(url: str) -> Any:
        parts = urlsplit(url)
        if parts.hostname != "testserver":
            raise FetchError(f"{url}: not served in tests")
        response = client.get(parts.path, secure=parts.scheme == "https")
        if response.status_code != 200:
            raise FetchError(f"{url}: HTTP {response.status_code}", status=response.status_code)
        return response.json()

    return fetch
