"""The requirement engine and the eligibility rules, without a database."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from microcred.awards import rules
from microcred.awards.rules import EnrollmentFacts, Facts, Held, Result, enrollment_problems, evaluate
from microcred.catalog.requirements import Group, parse_tree

LABELS = {
    ("course", 1): "MNT 101 Vacuum Basics",
    ("course", 2): "MNT 102 Thin Films",
    ("course", 3): "MNT 201 Lithography",
    ("course", 4): "MNT 202 Metrology",
    ("credential", 10): "Robotics",
}


def tree(data: dict) -> Group:
    return parse_tree(data)


def course(course_id: int) -> dict:
    return {"kind": "course", "course_id": course_id}


def passed(course_id: int, day: int = 1, hours: str | None = None) -> Result:
    return Result(
        ref=f"c{course_id}-{day}",
        course_id=course_id,
        result="passed",
        completed_on=date(2026, 5, day),
        hours=Decimal(hours) if hours else None,
    )


def failed(course_id: int, day: int = 1) -> Result:
    return Result(
        ref=f"f{course_id}-{day}", course_id=course_id, result="failed", completed_on=date(2026, 5, day)
    )


ALL_OF_TWO = {"kind": "group", "rule": "all", "items": [course(1), course(2)]}
NESTED = {
    "kind": "group",
    "rule": "all",
    "items": [
        course(1),
        {"kind": "group", "rule": "at_least", "minimum": 2, "items": [course(2), course(3), course(4)]},
        {"kind": "credential", "micro_credential_id": 10},
    ],
}


def test_nothing_done_lists_every_item_missing() -> None:
    result = evaluate(tree(ALL_OF_TWO), Facts(), LABELS)
    assert not result.satisfied
    assert result.missing == ("Complete MNT 101 Vacuum Basics", "Complete MNT 102 Thin Films")
    assert result.progress == (0, 2)
    assert [c.state for c in result.root.children] == ["todo", "todo"]


def test_all_done_is_satisfied_and_cites_what_counted() -> None:
    result = evaluate(tree(ALL_OF_TWO), Facts(results=[passed(1), passed(2)]), LABELS)
    assert result.satisfied
    assert result.missing == ()
    assert sorted(r.ref for r in result.results_used) == ["c1-1", "c2-1"]


def test_a_failed_result_is_named_as_such() -> None:
    result = evaluate(tree(ALL_OF_TWO), Facts(results=[passed(1), failed(2)]), LABELS)
    assert not result.satisfied
    assert result.missing == ("Pass MNT 102 Thin Films (the latest result was not a pass)",)
    assert result.root.children[1].state == "failed"


def test_a_later_pass_after_a_fail_counts() -> None:
    result = evaluate(tree(ALL_OF_TWO), Facts(results=[passed(1), failed(2, 1), passed(2, 9)]), LABELS)
    assert result.satisfied
    assert {r.ref for r in result.results_used} == {"c1-1", "c2-9"}


def test_in_progress_is_reported() -> None:
    progress = Result(ref="p", course_id=2, result="in_progress", completed_on=date(2026, 5, 1))
    result = evaluate(tree(ALL_OF_TWO), Facts(results=[passed(1), progress]), LABELS)
    assert result.missing == ("Complete MNT 102 Thin Films (in progress)",)


def test_at_least_n_names_the_choice_and_how_many_more() -> None:
    result = evaluate(tree(NESTED), Facts(results=[passed(1), passed(3)]), LABELS)
    assert not result.satisfied
    assert result.missing == (
        "Complete 1 more of: MNT 102 Thin Films, MNT 202 Metrology",
        "Earn the micro-credential Robotics",
    )
    group = result.root.children[1]
    assert (group.done, group.needed, group.remaining, group.state) == (1, 2, 1, "in_progress")


def test_stacked_credential_counts_when_held() -> None:
    facts = Facts(results=[passed(1), passed(2), passed(4)], held=[Held(ref="a1", micro_credential_id=10)])
    result = evaluate(tree(NESTED), facts, LABELS)
    assert result.satisfied
    assert [h.ref for h in result.awards_used] == ["a1"]
    # Only the items that satisfied their group are cited: 2 and 4 (3 was not taken).
    assert sorted(r.course_id for r in result.results_used) == [1, 2, 4]


def test_at_least_n_with_more_than_n_done_cites_all_passed_items() -> None:
    facts = Facts(results=[passed(2), passed(3), passed(4)])
    group = {"kind": "group", "rule": "at_least", "minimum": 2, "items": [course(2), course(3), course(4)]}
    result = evaluate(tree(group), facts, LABELS)
    assert result.satisfied
    assert len(result.results_used) == 3


def test_an_empty_tree_is_never_satisfied() -> None:
    result = evaluate(Group(), Facts(results=[passed(1)]), LABELS)
    assert not result.satisfied
    assert result.missing == ("This micro-credential has no requirements to complete yet",)


def test_unknown_items_get_a_readable_label() -> None:
    result = evaluate(tree({"kind": "group", "rule": "all", "items": [course(99)]}), Facts())
    assert result.missing == ("Complete course #99",)


def test_group_labels_are_used_when_given() -> None:
    data = {"kind": "group", "rule": "all", "label": "Core", "items": [course(1)]}
    assert evaluate(tree(data), Facts(), LABELS).root.label == "Core"


def random_tree(rng: random.Random, depth: int = 0) -> dict:
    items: list[dict] = []
    for _ in range(rng.randint(0 if depth == 0 else 1, 4)):
        roll = rng.random()
        if roll < 0.55 or depth >= 2:
            items.append(course(rng.randint(1, 6)))
        elif roll < 0.75:
            items.append({"kind": "credential", "micro_credential_id": rng.randint(10, 12)})
        else:
            items.append(random_tree(rng, depth + 1))
    if items and rng.random() < 0.5:
        return {"kind": "group", "rule": "at_least", "minimum": rng.randint(1, len(items)), "items": items}
    return {"kind": "group", "rule": "all", "items": items}


def test_satisfied_agrees_with_evaluate_on_random_trees() -> None:
    """``rules.satisfied`` (the verdict alone, used to decide many learners) says what ``evaluate`` says."""
    rng = random.Random(20261124)
    outcomes = []
    for _ in range(3000):
        group = tree(random_tree(rng))
        results = [
            Result(
                ref=f"r{n}",
                course_id=rng.randint(1, 6),
                result=rng.choice(["passed", "failed", "in_progress"]),
                completed_on=date(2026, rng.randint(1, 12), rng.randint(1, 28)),
            )
            for n in range(rng.randint(0, 8))
        ]
        held = [Held(ref=f"a{m}", micro_credential_id=m) for m in range(10, 13) if rng.random() < 0.4]
        verdict = evaluate(group, Facts(results=results, held=held)).satisfied
        passed_courses = {r.course_id for r in results if r.result == "passed"}
        assert rules.satisfied(group, passed_courses, {h.micro_credential_id for h in held}) is verdict
        outcomes.append(verdict)
    assert 300 < sum(outcomes) < 2700  # both verdicts well represented: the comparison means something


def test_total_hours_prefers_the_results_own_hours() -> None:
    results = [passed(1, hours="10"), passed(2)]
    assert rules.total_hours(results, {1: Decimal(45), 2: Decimal(30)}) == Decimal(40)


# Eligibility --------------------------------------------------------------------------------------------

TODAY = date(2026, 11, 23)


def facts(**changes: object) -> EnrollmentFacts:
    base = {
        "version_status": "published",
        "terminates_on": None,
        "credential_level": "undergraduate",
        "learner_level": "undergraduate",
        "already_enrolled": False,
        "already_holds": False,
    }
    return EnrollmentFacts(**{**base, **changes})  # type: ignore[arg-type]


def codes(problems: list[rules.Problem]) -> list[str]:
    return [p.code for p in problems]


def test_an_open_credential_has_no_problems() -> None:
    assert enrollment_problems(facts(), today=TODAY) == []


@pytest.mark.parametrize(
    ("changes", "expected", "overridable"),
    [
        ({"version_status": "approved"}, "closed", False),
        ({"terminates_on": date(2026, 11, 1)}, "terminated", False),
        ({"already_enrolled": True}, "enrolled", False),
        ({"already_holds": True}, "holds", False),
        ({"credential_level": "graduate"}, "level", True),
        ({"prerequisites": "MAT 101"}, "prerequisites", True),
    ],
)
def test_each_problem(changes: dict, expected: str, overridable: bool) -> None:
    (problem,) = enrollment_problems(facts(**changes), today=TODAY)
    assert problem.code == expected
    assert problem.overridable is overridable


def test_confirmed_prerequisites_and_graduate_standing_pass() -> None:
    ok = facts(
        prerequisites="MAT 101",
        confirmed_prerequisites=True,
        credential_level="graduate",
        learner_level="graduate",
    )
    assert enrollment_problems(ok, today=TODAY) == []


def test_termination_in_the_future_still_allows_enrollment() -> None:
    assert enrollment_problems(facts(terminates_on=date(2027, 1, 1)), today=TODAY) == []
    problems = enrollment_problems(facts(terminates_on=TODAY), today=TODAY)
    assert codes(problems) == ["terminated"]
    assert "November 23, 2026" in problems[0].message
