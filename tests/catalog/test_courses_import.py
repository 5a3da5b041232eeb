"""Importing courses from CSV: a preview first, then all rows or none; each problem named by line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microcred.catalog import services
from microcred.catalog.course_rules import KINDS
from microcred.catalog.models import Course
from microcred.core.errors import InvalidInput, NotAllowed

GOOD = (
    "code,title,kind,level,credit_hours,contact_hours,unit,description\n"
    "MNT 210,Mechatronics I,course,undergraduate,3,,Electrical Engineering,\n"  # existing, unchanged
    "EET 101,Circuits I,course,undergraduate,4,,,\n"  # existing, title and hours change
    "WS-PLC,PLC programming workshop,workshop,professional,,12,,Two Saturdays\n"  # new
    "\n"  # an empty line is skipped
    "ASMT-1,Soldering practical,Assessment,,,2.5,electrical engineering,\n"  # new; any case
)


@pytest.fixture
def courses(institution, department):
    Course.objects.create(
        institution=institution, code="MNT 210", title="Mechatronics I", credit_hours=3, unit=department
    )
    Course.objects.create(institution=institution, code="EET 101", title="Circuits", credit_hours=3)
    return institution


def upload(client, institution, content: bytes):
    return client.post(
        reverse("catalog:course-import", args=[institution.slug]),
        {"file": SimpleUploadedFile("courses.csv", content, content_type="text/csv")},
    )


def confirm(client, institution, text: str):
    return client.post(
        reverse("catalog:course-import", args=[institution.slug]),
        {"confirm": "1", "csv_text": text},
        follow=True,
    )


def state(institution) -> dict[str, tuple[object, ...]]:
    return {
        c.code: (
            c.title,
            c.kind,
            c.level,
            c.credit_hours,
            c.contact_hours,
            c.unit_id,
            c.description,
            c.is_active,
        )
        for c in Course.objects.filter(institution=institution)
    }


def test_the_preview_says_what_each_row_would_do_and_writes_nothing(client_as, courses):
    before = state(courses)
    response = upload(client_as("registrar"), courses, GOOD.encode())
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged) == (2, 1, 1)
    assert [(row.line, row.code, row.action) for row in result.rows] == [
        (2, "MNT 210", "unchanged"),
        (3, "EET 101", "update"),
        (4, "WS-PLC", "create"),
        (6, "ASMT-1", "create"),
    ]
    assert b"Import these rows" in response.content
    assert state(courses) == before


def test_confirming_imports_every_row_and_importing_again_changes_nothing(client_as, courses, department):
    client = client_as("admin")
    preview = upload(client, courses, GOOD.encode())
    response = confirm(client, courses, preview.context["csv_text"])
    assert b"Imported: 2 added, 1 updated, 1 unchanged." in response.content
    after = state(courses)
    assert after["EET 101"][:5] == ("Circuits I", "course", "undergraduate", Decimal(4), None)
    assert after["WS-PLC"] == (
        "PLC programming workshop",
        "workshop",
        "professional",
        None,
        Decimal(12),
        None,
        "Two Saturdays",
        True,
    )
    assert after["ASMT-1"][1] == "assessment"
    assert after["ASMT-1"][5] == department.pk
    again = upload(client, courses, GOOD.encode()).context["result"]
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    confirm(client, courses, GOOD)
    assert state(courses) == after


def test_an_import_leaves_a_deactivated_course_inactive(people, courses):
    Course.objects.filter(code="MNT 210").update(is_active=False)
    services.import_courses(actor=people["registrar"], institution_id=courses.pk, data=GOOD.encode())
    assert not Course.objects.get(code="MNT 210").is_active


def test_a_code_in_another_case_updates_the_existing_course(people, courses):
    data = b"code,title,credit_hours\nmnt 210,Mechatronics I,3\n"
    result = services.import_courses(actor=people["admin"], institution_id=courses.pk, data=data)
    assert [(r.code, r.action) for r in result.rows] == [("mnt 210", "update")]
    assert list(Course.objects.filter(institution=courses).values_list("code", flat=True)) == [
        "EET 101",
        "mnt 210",
    ]


BAD = (
    "code,title,kind,level,credit_hours,contact_hours,unit\n"
    ",No code,,,3,,\n"
    "EET 101,,,,3,,\n"
    "X1,Lecture,lecture,,3,,\n"
    "X2,Doctoral,,doctoral,3,,\n"
    "X3,Hours as words,,,three,,\n"
    "X4,Too many credits,,,31,,\n"
    "X5,Negative contact,,,,-1,\n"
    "X6,No hours,,,,,\n"
    "X7,Unknown unit,,,3,,Physics\n"
    "X7,Repeated code,,,3,,\n"
    "X8,Too few values\n"
    "NEW 1,Good row,,,3,,\n"
)


def test_every_wrong_row_is_reported_by_line_and_nothing_is_imported(client_as, courses):
    before = state(courses)
    for text in (BAD, BAD.replace("X8,Too few values\n", "")):
        response = upload(client_as("admin"), courses, text.encode())
        assert response.status_code == 400
        assert b"Nothing was imported." in response.content
        problems = [str(p) for p in response.context["problems"]]
        if "X8" in text:  # a row the CSV reader cannot split into the columns is reported first, alone
            assert problems == ["line 12: 2 values where the header has 7"]
            continue
        assert problems == [
            "line 2: the code is empty",
            "line 3: the title is empty",
            "line 4: kind 'lecture' is not one of " + ", ".join(KINDS),
            "line 5: level 'doctoral' is not one of undergraduate, graduate, professional",
            "line 6: credit_hours 'three' is not a number",
            "line 7: credit_hours '31' must be between 0 and 30 with at most 2 decimals",
            "line 8: contact_hours '-1' must be between 0 and 2000 with at most 2 decimals",
            "line 9: give credit_hours, contact_hours or both",
            "line 10: unit 'Physics' is not a unit of this institution",
            "line 11: code 'X7' appears again (first on line 10)",
        ]
    confirmed = confirm(client_as("admin"), courses, BAD.replace("X8,Too few values\n", ""))
    assert confirmed.status_code == 400
    assert state(courses) == before


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "file: the file is empty; the first line must name the columns"),
        (b"code,title\n", "file: the file has a header but no rows"),
        (b"code,name\nA,B\n", "line 1: the column 'title' is missing"),
        (b"code,title,hours\nA,B,3\n", "line 1: unknown column 'hours'"),
        (b"code,title\n\xff\xfe,x\n", "file: the file is not UTF-8 text"),
    ],
)
def test_a_file_that_cannot_be_read_is_reported(client_as, courses, content, problem):
    response = upload(client_as("admin"), courses, content)
    assert response.status_code == 400
    assert str(response.context["problems"][0]).startswith(problem)


def test_no_file_chosen_returns_to_the_list(client_as, courses):
    response = client_as("admin").post(reverse("catalog:course-import", args=[courses.slug]), follow=True)
    assert b"Choose a CSV file to import." in response.content


def test_the_services_refuse_people_who_may_not_keep_courses(people, courses):
    for role in ("unit_lead", "reviewer", "budget", "learner", "outsider"):
        with pytest.raises(NotAllowed):
            services.preview_course_import(actor=people[role], institution_id=courses.pk, data=GOOD.encode())
        with pytest.raises(NotAllowed):
            services.import_courses(actor=people[role], institution_id=courses.pk, data=GOOD.encode())


def test_the_service_raises_every_problem_at_once(people, courses):
    with pytest.raises(InvalidInput) as caught:
        services.import_courses(actor=people["admin"], institution_id=courses.pk, data=BAD.encode())
    assert caught.value.problems
    assert Course.objects.filter(institution=courses).count() == 2
