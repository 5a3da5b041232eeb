"""Review bodies: add, edit, delete (never while the approval chain uses them)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microcred.core.errors import InvalidInput, NotAllowed
from microcred.institutions import services
from microcred.institutions.models import Membership, ReviewBody
from tests.factories import ReviewBodyFactory, UnitFactory
from tests.institutions.policy_form import office_of


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_admin_adds_a_department_review_for_a_department(client_as, institution, department):
    response = client_as("admin").post(
        reverse("institutions:review-bodies", args=[institution.slug]),
        {"name": "EE Department Review", "kind": "department", "unit": department.pk},
    )
    assert response.status_code == 302
    body = ReviewBody.objects.get(name="EE Department Review")
    assert (body.institution, body.kind, body.unit) == (institution, "department", department)


def test_review_body_names_are_unique_ignoring_case(client_as, institution, committee):
    response = client_as("admin").post(
        reverse("institutions:review-bodies", args=[institution.slug]),
        {"name": "curriculum COMMITTEE", "kind": "review_committee"},
    )
    assert response.status_code == 200
    assert "exists already" in response.context["form"].errors["name"][0]
    assert ReviewBody.objects.filter(name__iexact="curriculum committee").count() == 1


def test_an_admin_renames_a_review_body(client_as, institution, committee):
    response = client_as("admin").post(
        reverse("institutions:review-body-edit", args=[institution.slug, committee.pk]),
        {"name": "Faculty Senate Curriculum Committee", "kind": "curriculum_committee", "unit": ""},
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.name == "Faculty Senate Curriculum Committee"


def test_renaming_to_the_name_of_another_body_is_refused(client_as, institution, committee):
    response = client_as("admin").post(
        reverse("institutions:review-body-edit", args=[institution.slug, committee.pk]),
        {"name": "office of micro-credentials", "kind": "curriculum_committee"},
    )
    assert response.status_code == 200
    assert "exists already" in response.context["form"].errors["name"][0]
    committee.refresh_from_db()
    assert committee.name == "Curriculum Committee"


def test_an_unused_review_body_is_deleted(client_as, people, institution, committee):
    unused = ReviewBodyFactory(institution=institution, name="Ad hoc panel")
    response = client_as("admin").post(
        reverse("institutions:review-body-edit", args=[institution.slug, unused.pk]),
        {"delete": "1"},
        follow=True,
    )
    assert not ReviewBody.objects.filter(pk=unused.pk).exists()
    assert Membership.objects.filter(user=people["reviewer"], review_body=committee).exists()
    assert "Ad hoc panel has been deleted." in messages_of(response)


def test_a_review_body_in_the_approval_chain_cannot_be_deleted(client_as, institution):
    office = office_of(institution)
    response = client_as("admin").post(
        reverse("institutions:review-body-edit", args=[institution.slug, office.pk]), {"delete": "1"}
    )
    assert response.status_code == 200
    assert ReviewBody.objects.filter(pk=office.pk).exists()
    assert any("is a stage of the approval chain" in m for m in messages_of(response))


def test_the_service_refuses_a_unit_of_another_institution(people, institution, other_institution):
    foreign = UnitFactory(institution=other_institution)
    with pytest.raises(InvalidInput) as error:
        services.create_review_body(
            actor=people["admin"], institution=institution, name="X", kind="department", unit=foreign
        )
    assert list(error.value.by_field()) == ["unit"]


@pytest.mark.parametrize(("name", "kind"), [(" ", "office"), ("X", "tribunal")])
def test_the_service_refuses_an_empty_name_or_unknown_kind(people, institution, committee, name, kind):
    with pytest.raises(InvalidInput):
        services.create_review_body(actor=people["admin"], institution=institution, name=name, kind=kind)
    with pytest.raises(InvalidInput):
        services.update_review_body(actor=people["admin"], body=committee, name=name, kind=kind, unit=None)


@pytest.mark.parametrize("role", ["reviewer", "budget", "registrar", "unit_lead"])
def test_staff_who_are_not_admins_cannot_change_review_bodies(people, institution, committee, role):
    with pytest.raises(NotAllowed):
        services.create_review_body(actor=people[role], institution=institution, name="Mine", kind="office")
    with pytest.raises(NotAllowed):
        services.delete_review_body(actor=people[role], body=committee)
    assert ReviewBody.objects.filter(pk=committee.pk).exists()


def test_a_review_body_with_reviewers_cannot_be_deleted(people, committee):
    with pytest.raises(InvalidInput, match="remove their reviewer roles first"):
        services.delete_review_body(actor=people["admin"], body=committee)
    assert ReviewBody.objects.filter(pk=committee.pk).exists()
    assert committee.memberships.count() == 1
