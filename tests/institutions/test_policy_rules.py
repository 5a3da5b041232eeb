"""The pure policy rules: validation, the credit band in words, snapshots and their diffs. No database."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from microcred.institutions import rules
from microcred.institutions.rules import PolicyContext, PolicyData

OFFICE, COMMITTEE, FOREIGN_BODY = 1, 2, 99
NACE, OWN, FOREIGN_FRAMEWORK = 10, 11, 77
CONTEXT = PolicyContext(framework_sizes={NACE: 8, OWN: 3}, review_body_ids=frozenset({OFFICE, COMMITTEE}))
VALID = PolicyData(stage_review_body_ids=(OFFICE,))


def problems(**changes: object) -> list[rules.Problem]:
    return rules.validate_policy(replace(VALID, **changes), CONTEXT)


def fields(**changes: object) -> list[str]:
    return [p.where for p in problems(**changes)]


def D(text: str) -> Decimal:
    return Decimal(text)


def test_the_default_policy_with_one_stage_is_valid():
    assert problems() == []


@pytest.mark.parametrize(
    ("low", "low_inclusive", "high", "high_inclusive", "expected"),
    [
        pytest.param(None, True, None, True, [], id="no band"),
        pytest.param(D("6"), True, D("12"), True, [], id="6 to 12"),
        pytest.param(None, True, D("24"), False, [], id="SUNY: fewer than 24"),
        pytest.param(D("12"), True, D("12"), True, [], id="exactly 12 (both ends allowed)"),
        pytest.param(
            D("12"), False, D("12"), True, ["credit_hours_max"], id="empty: more than 12, at most 12"
        ),
        pytest.param(D("12"), True, D("12"), False, ["credit_hours_max"], id="empty: at least 12, below 12"),
        pytest.param(D("12"), False, D("12"), False, ["credit_hours_max"], id="empty: both ends excluded"),
        pytest.param(D("12.01"), True, D("12"), True, ["credit_hours_max"], id="maximum below minimum"),
        pytest.param(D("11.99"), False, D("12"), False, [], id="a narrow open band is not empty"),
        pytest.param(None, True, D("0"), False, ["credit_hours_max"], id="fewer than 0 is impossible"),
        pytest.param(D("0"), True, D("0"), False, ["credit_hours_max"], id="empty at 0 reported once"),
        pytest.param(None, True, D("0"), True, [], id="at most 0"),
        pytest.param(D("0"), False, None, True, [], id="more than 0"),
        pytest.param(D("-1"), True, None, True, ["credit_hours_min"], id="negative minimum"),
        pytest.param(None, True, D("200"), True, [], id="200 is the largest maximum"),
        pytest.param(None, True, D("200.01"), True, ["credit_hours_max"], id="maximum over 200"),
        pytest.param(
            D("201"), True, D("300"), True, ["credit_hours_min", "credit_hours_max"], id="both over"
        ),
    ],
)
def test_credit_band_edges(low, low_inclusive, high, high_inclusive, expected):
    found = fields(
        credit_hours_min=low,
        credit_hours_min_inclusive=low_inclusive,
        credit_hours_max=high,
        credit_hours_max_inclusive=high_inclusive,
    )
    assert found == expected


def test_an_empty_band_names_the_value_where_it_is_empty():
    (problem,) = problems(
        credit_hours_min=D("12"), credit_hours_max=D("12"), credit_hours_max_inclusive=False
    )
    assert "empty at 12" in problem.message


def test_a_noncredit_only_policy_with_a_credit_band_is_refused():
    assert fields(credit_types="noncredit", credit_hours_max=D("24")) == ["credit_hours_min"]
    assert fields(credit_types="noncredit", credit_hours_min=D("1")) == ["credit_hours_min"]


def test_a_noncredit_only_policy_without_a_band_is_valid():
    assert fields(credit_types="noncredit") == []


def test_noncredit_micro_credentials_cannot_be_required_on_the_transcript():
    assert fields(credit_types="noncredit", transcript="must") == ["transcript"]
    assert fields(credit_types="credit", transcript="must") == []
    assert fields(credit_types="both", transcript="must") == []


@pytest.mark.parametrize(("name", "value"), [("transcript", "sometimes"), ("credit_types", "partial")])
def test_unknown_choices_are_refused(name, value):
    assert fields(**{name: value}) == [name]


@pytest.mark.parametrize("name", ["min_training_hours", "stacking_unit_hours"])
@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (None, True),
        (D("0"), False),
        (D("0.5"), True),
        (D("2000"), True),
        (D("2000.01"), False),
        (D("-3"), False),
    ],
)
def test_hours_must_be_positive_and_at_most_2000(name, value, ok):
    assert fields(**{name: value}) == ([] if ok else [name])


@pytest.mark.parametrize(
    ("frameworks", "minimum", "expected"),
    [
        pytest.param((), 0, [], id="no alignment required"),
        pytest.param((NACE,), 0, [], id="frameworks without a minimum"),
        pytest.param((NACE,), 8, [], id="all eight of NACE"),
        pytest.param((NACE,), 9, ["min_competencies"], id="more than NACE holds"),
        pytest.param((NACE, OWN), 11, [], id="counts every chosen framework"),
        pytest.param((NACE, OWN), 12, ["min_competencies"], id="more than both hold"),
        pytest.param((), 2, ["required_frameworks"], id="a minimum needs frameworks"),
        pytest.param((FOREIGN_FRAMEWORK,), 0, ["required_frameworks"], id="framework of another institution"),
        pytest.param(
            (FOREIGN_FRAMEWORK,), 1, ["required_frameworks", "min_competencies"], id="foreign holds 0"
        ),
        pytest.param((NACE,), -1, ["min_competencies"], id="negative minimum"),
    ],
)
def test_competency_minimum_against_the_chosen_frameworks(frameworks, minimum, expected):
    assert fields(required_framework_ids=frameworks, min_competencies=minimum) == expected


def test_the_competency_problem_says_how_many_the_frameworks_hold():
    (problem,) = problems(required_framework_ids=(NACE, OWN), min_competencies=12)
    assert "12" in problem.message
    assert "11" in problem.message


@pytest.mark.parametrize(
    ("stages", "messages"),
    [
        pytest.param((OFFICE,), [], id="one stage"),
        pytest.param((COMMITTEE, OFFICE), [], id="two stages in any order"),
        pytest.param((), ["the approval chain needs at least one stage"], id="empty chain"),
        pytest.param(
            (OFFICE, FOREIGN_BODY),
            ["stage 2: that review body is not part of this institution"],
            id="body of another institution",
        ),
        pytest.param(
            (OFFICE, COMMITTEE, OFFICE),
            ["stage 3: the same review body appears twice in the chain"],
            id="a body twice",
        ),
    ],
)
def test_approval_chain_checks(stages, messages):
    found = problems(stage_review_body_ids=stages)
    assert [p.where for p in found] == ["stages"] * len(messages)
    assert [p.message for p in found] == messages


def test_every_problem_is_reported_not_just_the_first():
    found = problems(
        credit_hours_min=D("20"),
        credit_hours_max=D("10"),
        transcript="sometimes",
        min_competencies=3,
        stage_review_body_ids=(),
    )
    assert {p.where for p in found} == {
        "credit_hours_max",
        "transcript",
        "required_frameworks",
        "stages",
    }


@pytest.mark.parametrize(
    ("low", "low_inclusive", "high", "high_inclusive", "text"),
    [
        (None, True, None, True, "no credit-hour limits"),
        (None, True, D("24"), True, "at most 24 credit hours"),
        (None, True, D("24"), False, "fewer than 24 credit hours"),
        (D("6"), True, None, True, "at least 6 credit hours"),
        (D("6"), False, None, True, "more than 6 credit hours"),
        (D("6"), True, D("12"), True, "from 6 to 12 credit hours"),
        (D("6"), True, D("12"), False, "at least 6 and fewer than 12 credit hours"),
        (D("6"), False, D("12"), True, "more than 6 and at most 12 credit hours"),
        (D("6"), False, D("12"), False, "more than 6 and fewer than 12 credit hours"),
        (D("1.50"), True, D("12.00"), True, "from 1.5 to 12 credit hours"),
        (None, True, D("1E+2"), True, "at most 100 credit hours"),
    ],
)
def test_credit_band_text(low, low_inclusive, high, high_inclusive, text):
    data = PolicyData(
        credit_hours_min=low,
        credit_hours_min_inclusive=low_inclusive,
        credit_hours_max=high,
        credit_hours_max_inclusive=high_inclusive,
    )
    assert rules.credit_band_text(data) == text


NAMES = {"frameworks": {NACE: "NACE"}, "review_bodies": {OFFICE: "Office", COMMITTEE: "Committee"}}


def test_snapshot_is_json_safe_and_shows_names_instead_of_ids():
    data = replace(
        VALID,
        credit_hours_max=D("24.00"),
        min_training_hours=D("12.50"),
        required_framework_ids=(NACE,),
        stage_review_body_ids=(COMMITTEE, OFFICE),
    )
    record = rules.snapshot(data, NAMES)
    assert json.loads(json.dumps(record)) == record
    assert record["credit_hours_max"] == "24"
    assert record["min_training_hours"] == "12.5"
    assert record["credit_hours_min"] is None
    assert record["required_frameworks"] == ["NACE"]
    assert record["stages"] == ["Committee", "Office"]
    assert "required_framework_ids" not in record
    assert "stage_review_body_ids" not in record


def test_snapshot_keeps_unknown_ids_visible():
    record = rules.snapshot(replace(VALID, stage_review_body_ids=(FOREIGN_BODY,)), NAMES)
    assert record["stages"] == ["#99"]


def test_equal_policies_have_equal_snapshots():
    assert rules.snapshot(replace(VALID, credit_hours_max=D("24.0")), NAMES) == rules.snapshot(
        replace(VALID, credit_hours_max=D("24")), NAMES
    )


def test_describe_changes_lists_only_what_differs():
    old = rules.snapshot(VALID, NAMES)
    new = rules.snapshot(replace(VALID, transcript="must", stage_review_body_ids=(COMMITTEE, OFFICE)), NAMES)
    assert rules.describe_changes(old, new) == [
        ("transcript", "may", "must"),
        ("stages", ["Office"], ["Committee", "Office"]),
    ]
    assert rules.describe_changes(new, new) == []


def test_describe_changes_of_the_first_record_lists_every_field_as_new():
    new = rules.snapshot(VALID, NAMES)
    changes = rules.describe_changes(None, new)
    assert [name for name, _, _ in changes] == list(new)
    assert all(old is None for _, old, _ in changes)


def test_describe_changes_notices_fields_added_or_dropped():
    assert rules.describe_changes({"a": 1}, {"b": 2}) == [("a", 1, None), ("b", None, 2)]


def test_describe_changes_keeps_the_order_of_the_policy_whatever_order_the_json_came_back_in():
    old = rules.snapshot(VALID, NAMES)
    new = rules.snapshot(
        replace(VALID, transcript="must", credit_types="credit", stage_review_body_ids=()), NAMES
    )
    shuffled_old = dict(sorted(old.items(), key=lambda item: (len(item[0]), item[0])))  # as jsonb sorts keys
    shuffled_new = dict(reversed(new.items()))
    assert [name for name, _, _ in rules.describe_changes(shuffled_old, shuffled_new)] == [
        "credit_types",
        "transcript",
        "stages",
    ]
    assert [name for name, _, _ in rules.describe_changes(None, shuffled_new)] == list(new)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        (True, "yes"),
        (False, "no"),
        ("must", "must"),
        ("24", "24"),
        ([], "none"),
        (["Office", "Committee"], "Office, Committee"),
    ],
)
def test_snapshot_values_are_shown_in_words(value, shown):
    assert rules.shown_value(value) == shown
