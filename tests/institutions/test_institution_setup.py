"""Creating an institution (site operator only) and editing its details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microcred.core.errors import InvalidInput, NotAllowed
from microcred.institutions import services
from microcred.institutions.models import ApprovalStage, Institution, PolicyChange, ReviewBody


def test_the_operator_creates_an_institution_with_an_office_as_its_approval_chain(client_as, people):
    response = client_as("operator").post(
        reverse("institutions:create"),
        {"name": "Portland Community College", "short_name": "PCC", "website": "pcc.edu"},
    )
    institution = Institution.objects.get(name="Portland Community College")
    assert response.status_code == 302
    assert response.url == reverse("institutions:overview", args=["pcc"])
    assert institution.slug == "pcc"  # made from the short name
    assert institution.website == "https://pcc.edu"
    office = ReviewBody.objects.get(institution=institution)
    assert office.kind == "office"
    assert [s.review_body for s in ApprovalStage.objects.filter(policy__institution=institution)] == [office]
    change = PolicyChange.objects.get(policy__institution=institution)
    assert change.changed_by == people["operator"]
    assert change.old is None
    assert change.new["stages"] == ["Office of Micro-credentials"]
    assert change.reason == "Institution created"


def test_the_web_name_is_made_from_the_name_when_nothing_else_is_given(people):
    institution = services.create_institution(actor=people["operator"], name="Nevada State University")
    assert institution.slug == "nevada-state-university"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "binghamton-STYLE university"}, "name", "exists already"),
        ({"name": "Another", "slug": "bingham"}, "slug", "is taken"),
        ({"name": "New"}, "slug", "reserved"),
        ({"name": "Another", "slug": "new"}, "slug", "reserved"),
        ({"name": "   "}, "name", "required"),
    ],
)
def test_creating_refuses_names_that_clash(client_as, institution, people, fields, field, message):
    before = Institution.objects.count()
    response = client_as("operator").post(reverse("institutions:create"), fields)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert Institution.objects.count() == before


@pytest.mark.parametrize("role", ["admin", "unit_lead", "learner", "outsider"])
def test_only_the_site_operator_may_create_institutions(people, role):
    with pytest.raises(NotAllowed):
        services.create_institution(actor=people[role], name="Sneaky College")
    assert not Institution.objects.filter(name="Sneaky College").exists()


def test_an_admin_edits_the_details(client_as, institution):
    response = client_as("admin").post(
        reverse("institutions:edit", args=[institution.slug]),
        {
            "name": "Binghamton University",
            "short_name": "BU",
            "website": "https://www.binghamton.edu",
            "contact_email": "microcredentials@binghamton.edu",
            "description": "  SUNY  ",
        },
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.name == "Binghamton University"
    assert institution.short_name == "BU"
    assert institution.contact_email == "microcredentials@binghamton.edu"
    assert institution.description == "SUNY"
    assert institution.slug == "bingham"  # web addresses do not move


def test_the_edit_form_starts_with_the_current_details(client_as, institution):
    response = client_as("admin").get(reverse("institutions:edit", args=[institution.slug]))
    assert response.context["form"].initial["name"] == institution.name


def test_editing_refuses_the_name_of_another_institution(client_as, institution, other_institution):
    response = client_as("admin").post(
        reverse("institutions:edit", args=[institution.slug]), {"name": "OTHER university"}
    )
    assert response.status_code == 200
    assert "exists already" in response.context["form"].errors["name"][0]
    institution.refresh_from_db()
    assert institution.name == "Binghamton-style University"


def test_an_admin_cannot_edit_another_institution_through_the_service(people, other_institution):
    with pytest.raises(NotAllowed):
        services.update_institution(
            actor=people["admin"],
            institution=other_institution,
            name="Taken over",
            short_name="",
            website="",
            contact_email="",
            description="",
        )


def test_an_empty_name_is_refused(people, institution):
    with pytest.raises(InvalidInput) as error:
        services.update_institution(
            actor=people["admin"],
            institution=institution,
            name=" ",
            short_name="",
            website="",
            contact_email="",
            description="",
        )
    assert error.value.by_field() == {"name": ["a name is required"]}
