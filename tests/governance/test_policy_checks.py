"""The pure policy checks, without a database, against the policies of the four demo institutions."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from microcred.governance import rules
from microcred.governance.rules import Fee, ProposalFacts, Severity
from microcred.institutions.rules import PolicyData

NACE = 1
D = Decimal

SUNY = PolicyData(credit_hours_max=D(24), credit_hours_max_inclusive=False, transcript="must")
BINGHAMTON = PolicyData(
    required_framework_ids=(NACE,), min_competencies=1, noncredit_fees_need_budget_review=True
)
NUNM = PolicyData(
    credit_types="noncredit",
    min_training_hours=D(12),
    stacking_unit_hours=D(12),
    require_issuer_authorization=True,
)
ARIZONA = PolicyData(credit_types="noncredit", transcript="never")

DISCLOSED = {
    "financial_aid": "Federal aid applies.",
    "transferability": "Transfers as three courses.",
    "stackability": "Counts toward the AAS.",
    "open_electives": "Yes.",
}


def credit(hours: str, **changes: object) -> ProposalFacts:
    facts = ProposalFacts(
        title="MNT",
        credit_type="credit",
        credit_hours=(D(hours), D(hours)),
        training_hours=(D(0), D(0)),
        has_requirements=True,
        competency_ids_by_framework={},
        fees=[Fee("Lab fee", D("150.00"), "USD")],
        disclosures=DISCLOSED,
        unit_authorized=False,
        transcript="on_transcript",
    )
    return replace(facts, **changes)


def noncredit(hours: str, **changes: object) -> ProposalFacts:
    base = credit(
        "0", credit_type="noncredit", training_hours=(D(hours), D(hours)), transcript="not_on_transcript"
    )
    return replace(base, **changes)


def result(facts: ProposalFacts, policy: PolicyData, code: str) -> rules.CheckResult:
    return {r.code: r for r in rules.run_policy_checks(facts, policy)}[code]


@pytest.mark.parametrize(("hours", "passes"), [("11", True), ("23.5", True), ("24", False), ("29", False)])
def test_suny_band_is_fewer_than_24_credit_hours(hours, passes):
    check = result(credit(hours), SUNY, "credit_band")
    assert check.passed is passes
    assert check.severity == Severity.BLOCKING
    if not passes:
        assert f"{hours} credit hours" in check.message
        assert "fewer than 24 credit hours" in check.message
        assert check.field == "requirements"


def test_suny_band_checks_both_ends_of_an_at_least_n_range():
    check = result(credit("11", credit_hours=(D(11), D(25))), SUNY, "credit_band")
    assert not check.passed
    assert "11 to 25 credit hours" in check.message


def test_credit_band_without_requirements_says_to_add_courses():
    check = result(credit("0", has_requirements=False), SUNY, "credit_band")
    assert not check.passed
    assert "add credit-bearing courses" in check.message


def test_suny_transcript_must_show_it():
    assert result(credit("11"), SUNY, "transcript").passed
    off = result(credit("11", transcript="not_on_transcript"), SUNY, "transcript")
    assert not off.passed
    assert off.field == "transcript"


def test_everything_disclosed_passes_every_suny_check():
    failed = [r for r in rules.run_policy_checks(credit("11"), SUNY) if not r.passed]
    assert failed == []


@pytest.mark.parametrize("missing", ["financial_aid", "transferability", "stackability"])
def test_a_missing_disclosure_blocks_and_is_named(missing):
    facts = credit("11", disclosures={k: v for k, v in DISCLOSED.items() if k != missing})
    check = result(facts, SUNY, "disclosures")
    assert check.blocks
    assert rules.REQUIRED_DISCLOSURES[missing] in check.message


def test_costs_must_be_stated_or_declared_none():
    assert "costs and fees" in result(credit("11", fees=[]), SUNY, "disclosures").message
    assert result(
        credit("11", fees=[], disclosures={**DISCLOSED, "no_fees": "yes"}), SUNY, "disclosures"
    ).passed


@pytest.mark.parametrize(
    ("competencies", "passes"), [({}, False), ({NACE: frozenset({7})}, True), ({2: frozenset({9})}, False)]
)
def test_binghamton_needs_one_nace_competency(competencies, passes):
    check = result(credit("9", competency_ids_by_framework=competencies), BINGHAMTON, "competencies")
    assert check.passed is passes
    if not passes:
        assert "at least 1" in check.message


def test_binghamton_noncredit_fees_need_the_budget_office_as_a_warning():
    check = result(noncredit("20"), BINGHAMTON, "budget_review")
    assert check.warns
    assert "budget office" in check.message
    assert result(noncredit("20", fees=[Fee("Free", D(0), "USD")]), BINGHAMTON, "budget_review").passed
    assert result(credit("9"), BINGHAMTON, "budget_review").passed


@pytest.mark.parametrize(("hours", "passes"), [("12", True), ("24", True), ("11.5", False)])
def test_nunm_trainings_need_12_hours(hours, passes):
    assert result(noncredit(hours, unit_authorized=True), NUNM, "training_hours").passed is passes


def test_nunm_stacking_unit_is_a_warning_for_non_multiples():
    assert result(noncredit("24", unit_authorized=True), NUNM, "stacking_unit").passed
    odd = result(noncredit("18", unit_authorized=True), NUNM, "stacking_unit")
    assert odd.warns
    assert "12-hour stacking unit" in odd.message


def test_nunm_units_must_be_authorized_to_issue():
    check = result(noncredit("12"), NUNM, "issuer")
    assert check.blocks
    assert "apply for authorization" in check.message
    assert result(noncredit("12", unit_authorized=True), NUNM, "issuer").passed


def test_nunm_refuses_credit_bearing_proposals():
    check = result(credit("9", unit_authorized=True), NUNM, "credit_type")
    assert check.blocks
    assert "does not allow credit-bearing" in check.message


def test_arizona_never_on_the_transcript_and_non_credit_only():
    assert result(noncredit("6"), ARIZONA, "transcript").passed
    assert not result(noncredit("6", transcript="on_transcript"), ARIZONA, "transcript").passed
    assert not result(credit("6", transcript="not_on_transcript"), ARIZONA, "credit_type").passed


def test_graduate_level_requires_a_bachelors_degree_in_eligibility():
    assert not result(credit("9", level="graduate"), SUNY, "level").passed
    assert result(credit("9", level="graduate", eligibility="A bachelor's degree."), SUNY, "level").passed


def test_a_duplicate_title_blocks_and_duplicate_requirements_warn():
    assert result(credit("9", duplicate_titles=["MNT"]), SUNY, "duplicates").blocks
    same = result(credit("9", duplicate_requirements=["Nano basics"]), SUNY, "duplicates")
    assert same.warns
    assert "Nano basics" in same.message


def test_submission_needs_no_blocking_failure_and_a_reason_per_warning():
    results = rules.run_policy_checks(noncredit("18", unit_authorized=True), NUNM)
    ok, problems = rules.can_submit(results, {})
    assert not ok
    assert any("give a reason" in p for p in problems)
    ok, problems = rules.can_submit(
        results, {"stacking_unit": "An 18-hour lab series, agreed with the office."}
    )
    assert (ok, problems) == (True, [])
    blocked = rules.run_policy_checks(noncredit("6"), NUNM)
    ok, problems = rules.can_submit(blocked, {"stacking_unit": "x"})
    assert not ok
    assert any("Minimum training hours" in p for p in problems)
