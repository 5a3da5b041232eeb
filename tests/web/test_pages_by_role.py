"""The start page and the dashboard, per role: each person sees a section for each role they hold."""

from __future__ import annotations

import pytest
from django.urls import reverse

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

# What each person's dashboard shows (and, for the others, must not show).
CARDS = {
    "Office of micro-credentials": {"admin", "other_admin"},
    "Unit lead": {"unit_lead"},
    "Reviewer": {"reviewer"},
    "Budget office": {"budget"},
    "Registrar / issuing staff": {"registrar"},
    "You are a learner at": {"learner"},
    "No roles yet": {"outsider"},
    "Site operator": {"operator"},
}


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_the_start_page_with_the_institutions(visit, site, role):
    response = visit(role).get(reverse("web:home"))
    assert response.status_code == 200
    assert site.institution.name.encode() in response.content
    assert b"Other University" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_shows_a_section_for_each_role_held(visit, site, role):
    response = visit(role).get(reverse("web:dashboard"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign-in"))
        return
    assert response.status_code == 200
    html = response.content.decode()
    for card, holders in CARDS.items():
        assert (f"{card}" in html) is (role in holders), card
    assert (site.institution.name in html) is (role not in {"outsider", "other_admin", "operator"})
    assert ("Other University" in html) is (role == "other_admin")


def test_the_dashboard_of_a_unit_lead_names_their_unit(visit, site):
    html = visit("unit_lead").get(reverse("web:dashboard")).content.decode()
    assert "Electrical Engineering" in html


def test_the_dashboard_of_a_reviewer_names_their_review_body(visit, site):
    html = visit("reviewer").get(reverse("web:dashboard")).content.decode()
    assert "Curriculum Committee" in html


@pytest.mark.parametrize("role", ["admin", "anonymous"])
def test_the_start_page_and_dashboard_refuse_a_post(visit, role):
    assert visit(role).post(reverse("web:home")).status_code == 405
    response = visit(role).post(reverse("web:dashboard"))
    assert response.status_code == (302 if role == "anonymous" else 405)


@pytest.mark.parametrize(
    ("role", "shown"),
    [("admin", True), ("reviewer", True), ("operator", True), ("learner", False), ("outsider", False)],
)
def test_only_staff_and_the_operator_see_the_institutions_link(visit, site, role, shown):
    response = visit(role).get(reverse("web:dashboard"))
    assert response.status_code == 200
    assert (f'href="{reverse("institutions:list")}"' in response.content.decode()) is shown
