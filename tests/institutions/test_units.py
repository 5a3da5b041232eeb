"""The unit tree: add, edit, move (never into itself), delete (never with sub-units or people), issuers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microcred.core.errors import InvalidInput, NotAllowed
from microcred.institutions import selectors, services
from microcred.institutions.models import OrgUnit
from tests.factories import MembershipFactory, ReviewBodyFactory, UnitFactory


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_admin_adds_units_and_sees_them_as_a_tree(client_as, institution, department):
    admin = client_as("admin")
    college = department.parent
    response = admin.post(
        reverse("institutions:units", args=[institution.slug]),
        {"name": "Physics", "kind": "department", "code": " PHYS ", "parent": college.pk},
    )
    assert response.status_code == 302
    physics = OrgUnit.objects.get(name="Physics")
    assert (physics.parent, physics.code, physics.institution) == (college, "PHYS", institution)
    admin.post(reverse("institutions:units", args=[institution.slug]), {"name": "Library", "kind": "office"})
    rows = [(row.unit.name, row.depth) for row in selectors.unit_tree(institution)]
    assert rows == [
        ("College of Engineering", 0),
        ("Electrical Engineering", 1),
        ("Physics", 1),
        ("Library", 0),
    ]
    page = admin.get(reverse("institutions:units", args=[institution.slug]))
    assert b'class="indent-1">Physics' in page.content


def test_a_name_is_unique_at_its_place_in_the_tree_only(client_as, institution, department):
    admin = client_as("admin")
    units_url = reverse("institutions:units", args=[institution.slug])
    response = admin.post(
        units_url, {"name": "electrical ENGINEERING", "kind": "department", "parent": department.parent.pk}
    )
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["name"][0]
    response = admin.post(
        units_url, {"name": "Electrical Engineering", "kind": "program", "parent": department.pk}
    )
    assert response.status_code == 302
    assert OrgUnit.objects.filter(name="Electrical Engineering").count() == 2


def test_an_admin_renames_and_moves_a_unit(client_as, institution, department):
    science = UnitFactory(institution=institution, name="College of Science", kind="college")
    response = client_as("admin").post(
        reverse("institutions:unit-edit", args=[institution.slug, department.pk]),
        {"name": "Applied Physics", "kind": "department", "code": "APHY", "parent": science.pk},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.code, department.parent) == ("Applied Physics", "APHY", science)


def test_a_unit_can_be_moved_to_the_top_level(client_as, institution, department):
    client_as("admin").post(
        reverse("institutions:unit-edit", args=[institution.slug, department.pk]),
        {"name": department.name, "kind": "department", "parent": ""},
    )
    department.refresh_from_db()
    assert department.parent is None


def test_a_unit_cannot_move_under_its_own_sub_unit(client_as, institution, department):
    college = department.parent
    lab = UnitFactory(institution=institution, name="Power Lab", parent=department)
    response = client_as("admin").post(
        reverse("institutions:unit-edit", args=[institution.slug, college.pk]),
        {"name": college.name, "kind": "college", "parent": lab.pk},
    )
    assert response.status_code == 200
    assert "cannot sit inside itself" in response.context["form"].errors["parent"][0]
    college.refresh_from_db()
    assert college.parent is None


def test_the_edit_form_does_not_offer_the_unit_as_its_own_parent(client_as, institution, department):
    response = client_as("admin").get(
        reverse("institutions:unit-edit", args=[institution.slug, department.pk])
    )
    offered = list(response.context["form"].fields["parent"].queryset)
    assert department not in offered
    assert department.parent in offered
    assert response.context["form"].initial["parent"] == department.parent_id


def test_the_service_refuses_a_unit_inside_itself(people, department):
    with pytest.raises(InvalidInput) as error:
        services.update_unit(
            actor=people["admin"], unit=department, name="EE", kind="department", code="", parent=department
        )
    assert list(error.value.by_field()) == ["parent"]


def test_the_service_refuses_a_parent_from_another_institution(people, institution, other_institution):
    foreign = UnitFactory(institution=other_institution, name="Foreign College")
    with pytest.raises(InvalidInput) as error:
        services.create_unit(
            actor=people["admin"], institution=institution, name="X", kind="office", parent=foreign
        )
    assert "another institution" in str(error.value)
    assert not OrgUnit.objects.filter(name="X").exists()


@pytest.mark.parametrize(("name", "kind"), [("", "office"), ("Lab", "galaxy")])
def test_the_service_refuses_an_empty_name_or_unknown_kind(people, institution, name, kind):
    with pytest.raises(InvalidInput):
        services.create_unit(actor=people["admin"], institution=institution, name=name, kind=kind)


def test_a_unit_lead_cannot_change_units_through_the_service(people, institution, department):
    with pytest.raises(NotAllowed):
        services.create_unit(actor=people["unit_lead"], institution=institution, name="Mine", kind="office")
    with pytest.raises(NotAllowed):
        services.delete_unit(actor=people["unit_lead"], unit=department)


def test_an_admin_deletes_an_empty_unit(client_as, institution):
    lab = UnitFactory(institution=institution, name="Old Lab")
    response = client_as("admin").post(
        reverse("institutions:unit-delete", args=[institution.slug, lab.pk]), follow=True
    )
    assert not OrgUnit.objects.filter(pk=lab.pk).exists()
    assert "Old Lab has been deleted." in messages_of(response)


@pytest.mark.parametrize(
    ("blocker", "message"),
    [
        ("child", "has sub-units"),
        ("member", "people hold roles"),
        ("review_body", "a review body belongs"),
    ],
)
def test_deleting_a_unit_is_refused_while_something_depends_on_it(client_as, institution, blocker, message):
    unit = UnitFactory(institution=institution, name="Busy Department")
    if blocker == "child":
        UnitFactory(institution=institution, parent=unit)
    elif blocker == "member":
        MembershipFactory(institution=institution, role="unit_lead", unit=unit)
    else:
        ReviewBodyFactory(institution=institution, kind="department", unit=unit)
    response = client_as("admin").post(
        reverse("institutions:unit-delete", args=[institution.slug, unit.pk]), follow=True
    )
    assert OrgUnit.objects.filter(pk=unit.pk).exists()
    assert any(message in m for m in messages_of(response))


def test_an_admin_grants_and_withdraws_the_right_to_issue(client_as, institution, department):
    admin = client_as("admin")
    authorize = reverse("institutions:unit-authorize", args=[institution.slug, department.pk])
    response = admin.post(authorize, {"authorized": "1"}, follow=True)
    department.refresh_from_db()
    since = department.issuer_authorized_at
    assert since is not None
    assert "Electrical Engineering may now issue micro-credentials." in messages_of(response)
    page = admin.get(reverse("institutions:units", args=[institution.slug]))
    assert b"Withdraw issuing right" in page.content
    admin.post(authorize, {"authorized": "1"})  # a second click keeps the original date
    department.refresh_from_db()
    assert department.issuer_authorized_at == since
    response = admin.post(authorize, {"authorized": "0"}, follow=True)
    department.refresh_from_db()
    assert department.issuer_authorized_at is None
    assert "Electrical Engineering may no longer issue micro-credentials." in messages_of(response)


def test_the_unit_lead_sees_on_the_dashboard_whether_their_unit_may_issue(client_as, people, department):
    lead = client_as("unit_lead")
    assert b"not yet authorized to issue" in lead.get(reverse("web:dashboard")).content
    services.set_issuer_authorization(actor=people["admin"], unit=department, authorized=True)
    assert b"authorized to issue since" in lead.get(reverse("web:dashboard")).content
