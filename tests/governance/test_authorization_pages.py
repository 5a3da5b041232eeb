"""Issuer authorization pages: a unit lead applies for the right to issue; the office grants or refuses."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from microcred.governance.models import IssuerAuthorizationRequest
from microcred.institutions.models import OrgUnit
from tests.factories import InstitutionFactory, MembershipFactory


@pytest.fixture
def other_admin(db):
    return MembershipFactory(
        institution=InstitutionFactory(name="Other University", slug="other"), role="institution_admin"
    ).user


def apply_url(unit):
    return reverse("governance:authorization-apply", args=[unit.pk])


def decide_url(application):
    return reverse("governance:authorization-decide", args=[application.pk])


def test_a_unit_lead_applies_and_the_office_refuses_then_grants(
    people, department, institution, client_as, django_capture_on_commit_callbacks
):
    lead, office = client_as("unit_lead"), client_as("admin")
    home = reverse("governance:authorization")
    body = lead.get(home).content.decode()
    assert "Electrical Engineering" in body
    assert "Not authorized" in body
    assert apply_url(department) in body
    # An empty statement is refused on the form.
    response = lead.post(apply_url(department), {"statement": "  "})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(apply_url(department), {"statement": "Our courses are ABET-accredited."})
    assert response.status_code == 302
    application = IssuerAuthorizationRequest.objects.get()
    assert application.state == "pending"
    assert mail.outbox[-1].to == [people["admin"].email]
    # While it waits, a second application is refused and the page offers none.
    assert apply_url(department) not in lead.get(home).content.decode()
    response = lead.post(apply_url(department), {"statement": "Again."})
    assert "already waiting for a decision" in response.content.decode()
    # The office sees it; the lead cannot decide.
    requests_page = reverse("governance:authorization-requests", args=[institution.slug])
    assert "Our courses are ABET-accredited." in office.get(requests_page).content.decode()
    assert lead.get(requests_page).status_code == 403
    assert lead.post(decide_url(application), {"decision": "grant"}).status_code == 403
    # Refusing needs a reason.
    response = office.post(decide_url(application), {"decision": "refuse", "reason": ""})
    assert "say why the application is refused" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(decide_url(application), {"decision": "refuse", "reason": "Add a syllabus."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.decided_by, application.decision_reason) == (
        "refused", people["admin"], "Add a syllabus."
    )  # fmt: skip
    assert mail.outbox[-1].to == [people["unit_lead"].email]
    body = lead.get(home).content.decode()
    assert "Refused" in body
    assert "Add a syllabus." in body
    assert apply_url(department) in body
    # Deciding twice is refused on the form.
    response = office.post(decide_url(application), {"decision": "grant"})
    assert response.status_code == 200
    assert "Record the decision" not in response.content.decode()
    # A second application is granted: the unit may now issue.
    lead.post(apply_url(department), {"statement": "With the syllabus attached."})
    second = IssuerAuthorizationRequest.objects.get(state="pending")
    assert office.post(decide_url(second), {"decision": "grant"}).status_code == 302
    assert OrgUnit.objects.get(pk=department.pk).issuer_authorized_at is not None
    body = lead.get(home).content.decode()
    assert "Authorized since" in body
    assert apply_url(department) not in body
    assert "already authorized" in lead.post(apply_url(department), {"statement": "x"}).content.decode()


@pytest.mark.parametrize("who", ["learner", "outsider", "reviewer", "budget", "registrar", "other_admin"])
def test_who_may_not_apply_or_decide(people, department, institution, client_as, other_admin, who):
    application = IssuerAuthorizationRequest.objects.create(
        unit=department, requested_by=people["unit_lead"], statement="Please."
    )
    client = client_as(other_admin if who == "other_admin" else who)
    assert client.post(apply_url(department), {"statement": "Mine."}).status_code == 403
    assert client.get(decide_url(application)).status_code == 403
    assert client.post(decide_url(application), {"decision": "grant"}).status_code == 403
    assert (
        client.get(reverse("governance:authorization-requests", args=[institution.slug])).status_code == 403
    )
    if who != "other_admin":  # the other institution's admin has their own office page
        assert client.get(reverse("governance:authorization")).status_code == 403
    application.refresh_from_db()
    assert application.state == "pending"
    assert IssuerAuthorizationRequest.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in_and_unknown_ids_are_404(client_as, department):
    assert client_as("anonymous").get(reverse("governance:authorization")).status_code == 302
    assert (
        client_as("admin").get(reverse("governance:authorization-decide", args=[999999])).status_code == 404
    )
    assert client_as("admin").get(reverse("governance:authorization-apply", args=[999999])).status_code == 404
    assert (
        client_as("admin").get(reverse("governance:authorization-requests", args=["nowhere"])).status_code
        == 404
    )
