"""The HTTP API at /api/v1/: health and institutions (public), the signed-in person, the OpenAPI document."""

from __future__ import annotations

import json

import pytest

ROLES = [
    "admin",
    "unit_lead",
    "reviewer",
    "budget",
    "registrar",
    "learner",
    "outsider",
    "operator",
    "other_admin",
    "anonymous",
]


@pytest.mark.parametrize("role", ROLES)
def test_health_answers_everyone(visit, role):
    response = visit(role).get("/api/v1/health")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"]


@pytest.mark.parametrize("role", ROLES)
def test_the_institution_list_is_public_and_shows_public_facts_only(visit, site, role):
    site.institution.contact_email = "office@example.edu"
    site.institution.save()
    response = visit(role).get("/api/v1/institutions")
    assert response.status_code == 200
    listed = {i["slug"]: i for i in response.json()}
    assert set(listed) == {"bingham", "other"}
    assert listed["bingham"] == {
        "uuid": str(site.institution.uuid),
        "name": "Binghamton-style University",
        "slug": "bingham",
        "short_name": "",
        "website": "",
    }
    assert "office@example.edu" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_me_describes_only_the_person_asking(visit, site, role):
    response = visit(role).get("/api/v1/me")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    me = response.json()
    person = site.people[role]
    assert me["email"] == person.email
    assert me["full_name"] == person.full_name
    held = {(m["institution"], m["role"]) for m in me["memberships"]}
    expected = {
        "admin": {("bingham", "institution_admin")},
        "unit_lead": {("bingham", "unit_lead")},
        "reviewer": {("bingham", "reviewer")},
        "budget": {("bingham", "budget_office")},
        "registrar": {("bingham", "registrar")},
        "learner": {("bingham", "learner")},
        "outsider": set(),
        "operator": set(),
        "other_admin": {("other", "institution_admin")},
    }[role]
    assert held == expected


def test_me_names_the_unit_and_review_body(visit):
    (lead,) = visit("unit_lead").get("/api/v1/me").json()["memberships"]
    assert lead == {
        "institution": "bingham",
        "role": "unit_lead",
        "unit": "Electrical Engineering",
        "review_body": None,
    }
    (reviewer,) = visit("reviewer").get("/api/v1/me").json()["memberships"]
    assert reviewer["review_body"] == "Curriculum Committee"


@pytest.mark.parametrize("role", ["admin", "anonymous"])
def test_the_openapi_document_lists_every_endpoint(visit, role):
    response = visit(role).get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "Microcred API"
    assert {"/api/v1/health", "/api/v1/institutions", "/api/v1/me"} <= set(document["paths"])


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/institutions", "/api/v1/me"])
def test_read_only_endpoints_refuse_writes(visit, path):
    response = visit("admin").post(path, {}, content_type="application/json")
    assert response.status_code == 405


def test_an_unknown_endpoint_is_not_found(visit):
    assert visit("admin").get("/api/v1/nothing-here").status_code == 404
