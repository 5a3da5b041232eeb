"""Keeping courses by hand: add, edit, deactivate; each wrong value named on its field; list, filters."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from microcred.catalog import services
from microcred.catalog.models import Course, MicroCredentialVersion
from microcred.core.errors import InvalidInput, NotAllowed
from tests.factories import UnitFactory

GOOD = {
    "code": "EET-LAB 2",
    "title": "Circuits laboratory",
    "kind": "laboratory",
    "level": "undergraduate",
    "credit_hours": "1",
    "contact_hours": "30",
    "unit": "",
    "description": "Shared with MET",
}


@pytest.fixture
def course(institution, department):
    return Course.objects.create(
        institution=institution, code="MNT 210", title="Mechatronics I", credit_hours=3, unit=department
    )


def add(client, institution, **changes):
    return client.post(reverse("catalog:course-add", args=[institution.slug]), {**GOOD, **changes})


def test_the_registrar_adds_a_course(client_as, institution, department):
    client = client_as("registrar")
    response = add(client, institution, unit=str(department.pk))
    assert response.status_code == 302
    assert response.url == reverse("catalog:courses", args=[institution.slug])
    course = Course.objects.get(institution=institution, code="EET-LAB 2")
    assert (course.kind, course.credit_hours, course.contact_hours, course.unit) == (
        "laboratory",
        Decimal(1),
        Decimal(30),
        department,
    )
    assert course.is_active
    page = client.get(response.url)
    assert b"EET-LAB 2 Circuits laboratory has been added." in page.content


def test_add_and_add_another_returns_to_an_empty_form(client_as, institution):
    response = add(client_as("admin"), institution, another="1")
    assert response.url == reverse("catalog:course-add", args=[institution.slug])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": ""}, "code", "This field is required."),
        ({"code": "-x"}, "code", "code '-x': up to 30 letters"),
        ({"code": "mnt 210"}, "code", "the code 'mnt 210' is already used by another course"),
        ({"title": "  "}, "title", "This field is required."),
        ({"kind": "lecture"}, "kind", "Select a valid choice."),
        ({"level": "doctoral"}, "level", "Select a valid choice."),
        ({"credit_hours": "abc"}, "credit_hours", "Enter a number."),
        ({"credit_hours": "31"}, "credit_hours", "credit_hours '31' must be between 0 and 30"),
        ({"credit_hours": "1.005"}, "credit_hours", "with at most 2 decimals"),
        ({"contact_hours": "-3"}, "contact_hours", "contact_hours '-3' must be between 0 and 2000"),
        (
            {"credit_hours": "", "contact_hours": ""},
            "credit_hours",
            "give credit_hours, contact_hours or both",
        ),
        ({"unit": "999999"}, "unit", "Select a valid choice."),
    ],
)
def test_a_wrong_value_is_named_on_its_field_and_nothing_is_saved(
    client_as, institution, course, changes, field, message
):
    before = Course.objects.count()
    response = add(client_as("admin"), institution, **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert Course.objects.count() == before
    assert b'class="errorlist' in response.content


def test_a_unit_of_another_institution_is_refused_by_the_service(people, institution, other_institution):
    elsewhere = UnitFactory(institution=other_institution, name="Elsewhere")
    with pytest.raises(InvalidInput) as caught:
        services.save_course(
            actor=people["admin"],
            institution_id=institution.pk,
            code="A 1",
            title="A",
            kind="course",
            level="undergraduate",
            credit_hours=Decimal(1),
            contact_hours=None,
            unit_id=elsewhere.pk,
        )
    assert caught.value.by_field() == {"unit": ["the unit is not part of this institution"]}


def test_the_service_refuses_people_who_may_not_keep_courses(people, institution, course):
    for role in ("unit_lead", "reviewer", "budget", "learner", "outsider"):
        with pytest.raises(NotAllowed):
            services.set_course_active(actor=people[role], course=course, active=False)
    assert Course.objects.get(pk=course.pk).is_active


def test_editing_a_course_keeps_its_code_and_status(client_as, people, institution, course):
    services.set_course_active(actor=people["admin"], course=course, active=False)
    url = reverse("catalog:course-edit", args=[institution.slug, course.pk])
    page = client_as("admin").get(url)
    assert page.context["form"]["title"].value() == "Mechatronics I"
    response = client_as("admin").post(url, {**GOOD, "code": "MNT 210", "title": "Mechatronics 1"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.code, course.title, course.kind, course.is_active) == (
        "MNT 210",
        "Mechatronics 1",
        "laboratory",
        False,
    )


def test_editing_to_the_code_of_another_course_is_refused(client_as, institution, course):
    other = Course.objects.create(institution=institution, code="EET 101", title="Circuits", credit_hours=3)
    url = reverse("catalog:course-edit", args=[institution.slug, other.pk])
    response = client_as("admin").post(url, {**GOOD, "code": "MNT 210"})
    assert response.context["form"].errors == {
        "code": ["the code 'MNT 210' is already used by another course"]
    }
    assert Course.objects.get(pk=other.pk).code == "EET 101"


def test_deactivate_and_reactivate(client_as, institution, course):
    url = reverse("catalog:course-active", args=[institution.slug, course.pk])
    client = client_as("registrar")
    page = client.post(url, {"active": "0"}, follow=True)
    assert b"MNT 210 has been deactivated" in page.content
    assert b"Reactivate" in page.content
    assert not Course.objects.get(pk=course.pk).is_active
    client.post(url, {"active": "1"})
    assert Course.objects.get(pk=course.pk).is_active


def test_the_edit_page_lists_the_programs_that_use_the_course_and_offers_no_delete(
    client_as, people, institution, department, course
):
    version = services.create_micro_credential(
        actor=people["admin"], institution_id=institution.pk, unit_id=department.pk, title="Robotics basics"
    )
    tree = {"kind": "group", "rule": "all", "items": [{"kind": "course", "course_id": course.pk}]}
    MicroCredentialVersion.objects.filter(pk=version.pk).update(requirements=tree, status="published")
    page = client_as("admin").get(reverse("catalog:course-edit", args=[institution.slug, course.pk]))
    assert [v.title for v in page.context["used_by"]] == ["Robotics basics"]
    assert b"Robotics basics (version 1, published)" in page.content
    assert b"Deactivate MNT 210" in page.content
    assert b"Delete" not in page.content


# ---- the list ----------------------------------------------------------------------------------------------


@pytest.fixture
def several(institution, department, course):
    Course.objects.create(
        institution=institution, code="WS-PLC", title="PLC workshop", kind="workshop", level="professional"
    )
    Course.objects.create(
        institution=institution,
        code="SEM-AI",
        title="AI seminar",
        kind="seminar",
        level="graduate",
        is_active=False,
    )
    return institution


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["MNT 210", "SEM-AI", "WS-PLC"]),
        ("q=mnt", ["MNT 210"]),
        ("q=workshop", ["WS-PLC"]),
        ("kind=seminar", ["SEM-AI"]),
        ("level=professional", ["WS-PLC"]),
        ("active=yes", ["MNT 210", "WS-PLC"]),
        ("active=no", ["SEM-AI"]),
        ("kind=nonsense&level=graduate", ["SEM-AI"]),  # a wrong filter is ignored, the others still apply
    ],
)
def test_search_and_filters(client_as, several, query, codes):
    response = client_as("budget").get(reverse("catalog:courses", args=[several.slug]) + "?" + query)
    assert [c.code for c in response.context["courses"]] == codes


def test_filter_by_unit(client_as, several, department):
    response = client_as("reviewer").get(
        reverse("catalog:courses", args=[several.slug]), {"unit": str(department.pk)}
    )
    assert [c.code for c in response.context["courses"]] == ["MNT 210"]


def test_htmx_gets_only_the_table(client_as, several):
    url = reverse("catalog:courses", args=[several.slug])
    response = client_as("admin").get(url, {"q": "plc"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert response.content.lstrip().startswith(b'<div id="course-table"')
    assert b"1 of 3 match." in response.content
    assert "HX-Request" in response["Vary"]
    full = client_as("admin").get(url, {"q": "plc"})
    assert b"<html" in full.content
    assert b'hx-get="' + url.encode() in full.content


def test_the_template_csv_lists_the_columns_and_imports_as_it_is(client_as, institution, department):
    client = client_as("admin")
    response = client.get(reverse("catalog:course-template", args=[institution.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "code",
        "title",
        "kind",
        "level",
        "credit_hours",
        "contact_hours",
        "unit",
        "description",
    ]
    assert {r[2] for r in rows[1:]} == {"course", "laboratory", "workshop", "seminar", "assessment"}
    preview = client.post(
        reverse("catalog:course-import", args=[institution.slug]),
        {"confirm": "1", "csv_text": response.content.decode()},
    )
    assert preview.status_code == 302
    assert Course.objects.filter(institution=institution).count() == 5
