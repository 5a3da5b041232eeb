"""The 'what changed' diff between two versions of a proposal's content: a pure function, no database."""

from __future__ import annotations

from microcred.governance.diff import FieldChange, diff_content, requirement_lines

NAMES = {
    ("course", 1): "MNT 101 Safety (3 credit hours)",
    ("course", 2): "MNT 102 Characterization (4 credit hours)",
    ("course", 3): "MNT 103 Fabrication (4 credit hours)",
    ("credential", 9): "Clean Room Basics (micro-credential)",
    ("competency", 5): "IPC-1 Soldering (IPC)",
    ("competency", 6): "IPC-2 Wire harness assembly (IPC)",
}


def tree(*course_ids, rule="all", minimum=None):
    return {
        "kind": "group", "rule": rule, "minimum": minimum, "label": "",
        "items": [{"kind": "course", "course_id": pk} for pk in course_ids],
    }  # fmt: skip


def test_identical_content_has_no_changes():
    content = {"title": "MNT", "objectives": ["a"], "requirements": tree(1, 2), "fees": []}
    assert diff_content(content, dict(content), names=NAMES) == []


def test_a_text_field_goes_from_old_to_new():
    changes = diff_content({"summary": "Clean-room skills."}, {"summary": "Skills for technicians."})
    assert changes == [
        FieldChange("summary", "Summary", old="Clean-room skills.", new="Skills for technicians.")
    ]
    assert not changes[0].is_list


def test_values_of_other_types_are_shown_as_text():
    changes = diff_content(
        {"no_fees": False, "validity_months": None, "credit_type": "credit"},
        {"no_fees": True, "validity_months": 24, "credit_type": "credit"},
    )
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("no_fees", "No", "Yes"),
        ("validity_months", "", "24"),
    ]


def test_choices_are_shown_in_words():
    (change,) = diff_content({"modality": "on_campus"}, {"modality": "hybrid"})
    assert (change.old, change.new) == ("On campus", "Hybrid")


def test_lists_show_items_added_and_removed():
    (change,) = diff_content({"objectives": ["Solder", "Inspect"]}, {"objectives": ["Inspect", "Document"]})
    assert change.is_list
    assert (change.added, change.removed) == (("Document",), ("Solder",))


def test_a_reordered_list_is_a_change_without_added_or_removed_items():
    (change,) = diff_content({"tags": ["a", "b"]}, {"tags": ["b", "a"]})
    assert not change.is_list
    assert (change.old, change.new) == ("a; b", "b; a")


def test_requirement_items_are_named_with_their_course_codes():
    (change,) = diff_content({"requirements": tree(1, 2)}, {"requirements": tree(1, 3)}, names=NAMES)
    assert change.label == "Requirements"
    assert change.added == ("All of / MNT 103 Fabrication (4 credit hours)",)
    assert change.removed == ("All of / MNT 102 Characterization (4 credit hours)",)


def test_a_changed_group_rule_shows_its_items_moving():
    (change,) = diff_content(
        {"requirements": tree(1, 2)}, {"requirements": tree(1, 2, rule="at_least", minimum=1)}, names=NAMES
    )
    assert change.added[0].startswith("At least 1 of / MNT 101")
    assert change.removed[0].startswith("All of / MNT 101")


def test_requirements_added_to_an_empty_draft():
    (change,) = diff_content({"requirements": {}}, {"requirements": tree(1)}, names=NAMES)
    assert change.added == ("All of / MNT 101 Safety (3 credit hours)",)
    assert change.removed == ()


def test_competencies_fees_and_stacks_are_compared_by_name():
    old = {
        "competency_ids": [5],
        "fees": [{"label": "Lab fee", "amount": "150.00", "currency": "USD"}],
        "stacks_toward": [],
    }
    new = {
        "competency_ids": [5, 6],
        "fees": [{"label": "Lab fee", "amount": "175.00", "currency": "USD"}],
        "stacks_toward": [{"name": "AAS Engineering", "kind": "degree", "credits": "11"}],
    }
    changes = {c.field: c for c in diff_content(old, new, names=NAMES)}
    assert changes["competency_ids"].added == ("IPC-2 Wire harness assembly (IPC)",)
    assert changes["fees"].added == ("Lab fee: 175.00 USD",)
    assert changes["fees"].removed == ("Lab fee: 150.00 USD",)
    assert changes["stacks_toward"].added == ("AAS Engineering (degree, 11 credits)",)


def test_unknown_ids_still_show():
    (change,) = diff_content({"competency_ids": []}, {"competency_ids": [77]})
    assert change.added == ("Competency #77",)


def test_fields_come_in_form_order_with_missing_ones_treated_as_empty():
    changes = diff_content({"title": "A"}, {"issuance_plan": "All cohort", "title": "B", "summary": "S"})
    assert [c.field for c in changes] == ["title", "summary", "issuance_plan"]
    assert changes[1].old == ""


def test_a_badge_design_is_described_in_words():
    design = {
        "shape": "shield",
        "icon": "gear",
        "background": "#000000",
        "foreground": "#ffffff",
        "label": "MNT",
    }
    (change,) = diff_content({"badge_design": None}, {"badge_design": design})
    assert change.new == "shield shape, gear icon, colours #000000 on #ffffff, label “MNT”"


def test_requirement_lines_indent_nested_groups():
    nested = tree(1)
    nested["items"].append(
        {"kind": "group", "rule": "at_least", "minimum": 1, "label": "Electives",
         "items": [{"kind": "course", "course_id": 2}, {"kind": "credential", "micro_credential_id": 9}]}
    )  # fmt: skip
    lines = [(line.depth, line.text, line.is_group) for line in requirement_lines(nested, NAMES)]
    assert lines == [
        (0, "All of", True),
        (1, "MNT 101 Safety (3 credit hours)", False),
        (1, "At least 1 of (Electives)", True),
        (2, "MNT 102 Characterization (4 credit hours)", False),
        (2, "Clean Room Basics (micro-credential)", False),
    ]
    assert requirement_lines({}, NAMES) == []
