"""The pure rules of a course import: what each row does and every problem by line. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microcred.catalog.course_rules import CourseRow, check_course, plan_course_import
from microcred.core.csvfile import CsvRow

UNITS = {"Electrical Engineering", "Chemistry"}


def row(line: int, **values: str) -> CsvRow:
    base = {"code": "MNT 210", "title": "Mechatronics I", "credit_hours": "3"}
    return CsvRow(line, {**base, **values})


def existing_of(**values: object) -> tuple[object, ...]:
    course = CourseRow(
        0, "MNT 210", "Mechatronics I", "course", "undergraduate", Decimal("3.00"), None, "", ""
    )
    return CourseRow(**{**course.__dict__, **values}).values()


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_new_code_is_created_with_the_defaults_for_kind_and_level():
    plan, problems = plan_course_import([row(2)], {}, UNITS)
    assert problems == []
    assert plan == [
        CourseRow(
            2, "MNT 210", "Mechatronics I", "course", "undergraduate", Decimal(3), None, "", "", "create"
        )
    ]


def test_an_existing_code_is_unchanged_when_equal_and_updated_when_not():
    existing = {"MNT 210": existing_of(), "EET 101": existing_of(code="EET 101", title="Circuits")}
    plan, problems = plan_course_import([row(2), row(3, code="EET 101", title="Circuits I")], existing, UNITS)
    assert problems == []
    assert [(r.code, r.action) for r in plan] == [("MNT 210", "unchanged"), ("EET 101", "update")]


def test_codes_match_ignoring_case_and_a_change_of_case_is_an_update():
    plan, _ = plan_course_import([row(2, code="mnt 210")], {"MNT 210": existing_of()}, UNITS)
    assert [(r.code, r.action) for r in plan] == [("mnt 210", "update")]


def test_kind_level_and_unit_are_read_ignoring_case():
    plan, problems = plan_course_import(
        [row(2, kind="Laboratory", level="GRADUATE", unit="electrical engineering")], {}, UNITS
    )
    assert problems == []
    assert (plan[0].kind, plan[0].level, plan[0].unit) == ("laboratory", "graduate", "Electrical Engineering")


def test_contact_hours_alone_are_enough():
    plan, problems = plan_course_import([row(2, credit_hours="", contact_hours="12.5")], {}, UNITS)
    assert problems == []
    assert (plan[0].credit_hours, plan[0].contact_hours) == (None, Decimal("12.5"))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"code": ""}, "line 2: the code is empty"),
        ({"code": "-MNT"}, "line 2: code '-MNT': up to 30 letters"),
        ({"code": "X" * 31}, "line 2: code 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX': up to 30"),
        ({"title": ""}, "line 2: the title is empty"),
        ({"title": "T" * 201}, "line 2: the title is longer than 200 characters"),
        ({"kind": "lecture"}, "line 2: kind 'lecture' is not one of course, laboratory"),
        ({"level": "doctoral"}, "line 2: level 'doctoral' is not one of undergraduate"),
        ({"credit_hours": "three"}, "line 2: credit_hours 'three' is not a number"),
        ({"credit_hours": "31"}, "line 2: credit_hours '31' must be between 0 and 30"),
        ({"credit_hours": "-1"}, "line 2: credit_hours '-1' must be between 0 and 30"),
        ({"credit_hours": "1.234"}, "line 2: credit_hours '1.234' must be between 0 and 30 with at most 2"),
        ({"credit_hours": "NaN"}, "line 2: credit_hours 'NaN' must be between"),
        ({"credit_hours": "1e400"}, "line 2: credit_hours '1e400' must be between"),
        ({"contact_hours": "2001"}, "line 2: contact_hours '2001' must be between 0 and 2000"),
        ({"credit_hours": ""}, "line 2: give credit_hours, contact_hours or both"),
        ({"unit": "Physics"}, "line 2: unit 'Physics' is not a unit of this institution"),
    ],
)
def test_each_wrong_value_is_reported_by_line(values, message):
    plan, problems = plan_course_import([row(2, **values)], {}, UNITS)
    assert plan == []
    assert len(problems) == 1
    assert str(problems[0]).startswith(message)


def test_every_problem_of_every_row_is_reported_not_just_the_first():
    rows = [
        row(2, code="A1", title="", kind="lecture"),
        row(3, code="A2"),
        row(5, code="A3", level="x", unit="Physics"),
    ]
    plan, problems = plan_course_import(rows, {}, UNITS)
    assert [p.where for p in problems] == ["line 2", "line 2", "line 5", "line 5"]
    assert [r.line for r in plan] == [3]


def test_a_code_repeated_in_the_file_is_reported_even_when_its_first_row_is_wrong():
    rows = [row(2, title=""), row(3, code="mnt 210"), row(4, code="EET 101")]
    _, problems = plan_course_import(rows, {}, UNITS)
    assert messages(problems) == [
        "line 2: the title is empty",
        "line 3: code 'mnt 210' appears again (first on line 2)",
    ]


def test_a_bad_hours_value_does_not_also_ask_for_hours():
    _, problems = plan_course_import([row(2, credit_hours="x")], {}, UNITS)
    assert messages(problems) == ["line 2: credit_hours 'x' is not a number"]


def test_check_course_names_the_field_of_each_problem():
    course, problems = check_course(
        {"code": "", "title": "", "kind": "x", "credit_hours": "", "contact_hours": "-2", "unit": "y"}, UNITS
    )
    assert course is None
    assert [field for field, _ in problems] == ["code", "title", "kind", "contact_hours", "unit"]
