"""The completions API: record many results (all or none), read a learner's progress; permissions."""

from __future__ import annotations

import pytest

from microcred.awards.models import Award
from microcred.learners import services as learner_services
from microcred.learners.models import Completion
from tests.awards import conftest as award_fixtures

pytestmark = [pytest.mark.django_db]
stack = award_fixtures.stack


@pytest.fixture
def enrolled(stack):
    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    return stack


def post(client, slug, items):
    return client.post(f"/api/v1/institutions/{slug}/completions", items, content_type="application/json")


ITEMS = [
    {
        "learner_email": "ada@example.edu",
        "course_code": "ROB 101",
        "completed_on": "2026-05-01",
        "grade": "A",
    },
    {
        "learner_email": "ada@example.edu",
        "course_code": "ROB 201",
        "completed_on": "2026-05-02",
        "hours": 12.5,
    },
]


def test_recording_results_awards_and_is_idempotent(enrolled, institution, client_as):
    response = post(client_as("registrar"), institution.slug, ITEMS)
    assert response.status_code == 200, response.content
    body = response.json()
    award = Award.objects.get()
    assert body == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "new_learners": 0,
        "awards": [str(award.uuid)],
    }
    again = post(client_as("admin"), institution.slug, ITEMS).json()
    assert (again["unchanged"], again["awards"]) == (2, [])
    assert Completion.objects.get(course__code="ROB 201").source == "api"


def test_a_wrong_item_records_nothing_and_names_its_field(enrolled, institution, client_as):
    items = [
        *ITEMS,
        {"learner_email": "ada@example.edu", "course_code": "NOPE", "completed_on": "2026-13-01"},
    ]
    response = post(client_as("registrar"), institution.slug, items)
    assert response.status_code == 422
    wheres = [p["where"] for p in response.json()["problems"]]
    assert wheres == ["items[2].course_code", "items[2].completed_on"]
    assert not Completion.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("unit_lead", 403), ("learner", 403), ("outsider", 403)])
def test_only_the_registrar_and_the_office_record(enrolled, institution, client_as, role, status):
    assert post(client_as(role), institution.slug, ITEMS).status_code == status
    assert not Completion.objects.exists()


def test_anonymous_and_unknown_institutions(enrolled, client_as):
    assert post(client_as("anonymous"), "bingham", ITEMS).status_code == 401
    assert post(client_as("registrar"), "nowhere", ITEMS).status_code == 404


def test_progress_says_what_is_missing(enrolled, institution, client_as):
    post(client_as("registrar"), institution.slug, ITEMS[:1])
    url = f"/api/v1/institutions/{institution.slug}/learners/{enrolled.learner.uuid}/progress"
    for role in ("unit_lead", "registrar"):
        response = client_as(role).get(url)
        assert response.status_code == 200
        (robotics,) = response.json()
        assert robotics["micro_credential"] == "robotics"
        assert robotics["satisfied"] is False
        assert robotics["missing"] == ["Complete ROB 201 Robot Control"]
        assert robotics["award"] is None
    assert client_as("learner").get(url).status_code == 403
    assert client_as("outsider").get(url).status_code == 403
    missing = f"/api/v1/institutions/{institution.slug}/learners/{institution.uuid}/progress"
    assert client_as("registrar").get(missing).status_code == 404
