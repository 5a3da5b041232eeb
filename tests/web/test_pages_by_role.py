"""The start page and the dashboard, per role: each person sees a section for each role they hold."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from microcred.catalog import services as catalog_services
from microcred.governance import services as governance_services
from microcred.institutions import rules as policy_rules
from microcred.institutions import services as institution_services

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


# Links to the governance pages, the courses and the public catalog (issue 4) --------------------------------

LINKS = {
    "Start a proposal": {"unit_lead"},
    "My proposals": {"unit_lead"},
    "Apply to issue": {"unit_lead"},  # the department is not authorized to issue
    "Review queue (0)": {"reviewer"},
    "Ready to publish (0)": {"admin", "other_admin"},
    "All proposals": {"admin", "other_admin"},
    "Issuer applications": {"admin", "other_admin"},
    "Courses and activities": {"admin", "other_admin", "registrar"},
    "Catalog": set(ROLES) - {"anonymous"},
}


def _links(html: str) -> dict[str, str]:
    """Link text -> href, for every link in the page's main content."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip(): href
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', main, re.DOTALL)
    }


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_the_dashboard_links_each_role_to_its_pages(visit, site, role):
    links = _links(visit(role).get(reverse("web:dashboard")).content.decode())
    for text, holders in LINKS.items():
        assert (text in links) is (role in holders), text


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_every_link_on_the_dashboard_opens(visit, site, role):
    client = visit(role)
    for text, href in _links(client.get(reverse("web:dashboard")).content.decode()).items():
        assert client.get(href).status_code == 200, (text, href)


def test_the_unit_lead_links_go_to_the_proposal_pages(visit, site):
    links = _links(visit("unit_lead").get(reverse("web:dashboard")).content.decode())
    assert links["Start a proposal"] == reverse("governance:start", args=[site.slug])
    assert links["My proposals"] == reverse("governance:mine")
    assert links["Apply to issue"] == reverse("governance:authorization-apply", args=[site.department.pk])


def test_an_authorized_unit_lead_is_not_asked_to_apply(visit, site):
    institution_services.set_issuer_authorization(
        actor=site.people["operator"], unit=site.department, authorized=True
    )
    links = _links(visit("unit_lead").get(reverse("web:dashboard")).content.decode())
    assert "Apply to issue" not in links
    assert "Start a proposal" in links


@pytest.fixture
def in_review(site):
    """A proposal of the department waiting for the committee, the only stage of the approval chain."""
    operator, lead = site.people["operator"], site.people["unit_lead"]
    institution_services.update_policy(
        actor=operator,
        institution=site.institution,
        data=policy_rules.PolicyData(stage_review_body_ids=(site.committee.pk,)),
    )
    course = catalog_services.save_course(
        actor=operator, institution_id=site.institution.pk, code="EE 101", title="Circuits", kind="course",
        level="undergraduate", credit_hours=Decimal(3), contact_hours=None,
    )  # fmt: skip
    proposal = governance_services.start_proposal(
        actor=lead, institution_id=site.institution.pk, unit_id=site.department.pk, title="Circuits basics"
    )
    governance_services.save_draft(
        actor=lead,
        proposal=proposal,
        changes={
            "requirements": {"kind": "group", "items": [{"kind": "course", "course_id": course.pk}]},
            "no_fees": True, "financial_aid": "Regular aid.", "transferability": "Transfers.",
            "stackability": "Counts toward the BS.",
        },
    )  # fmt: skip
    governance_services.submit_proposal(actor=lead, proposal=proposal, warning_reasons={})
    return proposal


def test_the_review_queue_and_ready_to_publish_links_count_what_waits(visit, site, in_review):
    assert "Review queue (1)" in _links(visit("reviewer").get(reverse("web:dashboard")).content.decode())
    assert "Ready to publish (0)" in _links(visit("admin").get(reverse("web:dashboard")).content.decode())
    governance_services.decide(actor=site.people["reviewer"], proposal=in_review, action="approve")
    assert "Review queue (0)" in _links(visit("reviewer").get(reverse("web:dashboard")).content.decode())
    assert "Ready to publish (1)" in _links(visit("admin").get(reverse("web:dashboard")).content.decode())


def test_a_unit_lead_whose_application_waits_is_not_asked_to_apply_again(visit, site):
    governance_services.request_issuer_authorization(
        actor=site.people["unit_lead"], unit_id=site.department.pk, statement="Our labs meet the standard."
    )
    links = _links(visit("unit_lead").get(reverse("web:dashboard")).content.decode())
    assert "Apply to issue" not in links
    assert links["application waiting for the office"] == reverse("governance:authorization")
