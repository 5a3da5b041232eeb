"""Pure governance rules: policy checks of a proposal and the review workflow's transitions.

No database here: services gather the facts (``ProposalFacts``, the policy as ``PolicyData``) and these
functions decide. Every check reports whether it passed and, when it did not, what to fix and where.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from microcred.institutions.rules import PolicyData, credit_band_text


class Severity(StrEnum):
    BLOCKING = "blocking"  # submission is impossible until fixed
    WARNING = "warning"  # submission needs a written reason


@dataclass(frozen=True)
class CheckResult:
    code: str
    title: str
    passed: bool
    severity: Severity
    message: str  # why it passed, or what to fix
    field: str = ""  # where to fix it (a field of the proposal form)

    @property
    def blocks(self) -> bool:
        return not self.passed and self.severity == Severity.BLOCKING

    @property
    def warns(self) -> bool:
        return not self.passed and self.severity == Severity.WARNING


@dataclass(frozen=True)
class Fee:
    label: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class ProposalFacts:
    """What the policy checks need to know about a proposal."""

    title: str
    credit_type: str  # "credit" or "noncredit"
    credit_hours: tuple[Decimal, Decimal]  # fewest and most credit hours the requirements allow
    training_hours: tuple[Decimal, Decimal]  # the same for contact/training hours
    has_requirements: bool
    competency_ids_by_framework: Mapping[int, frozenset[int]]
    fees: Sequence[Fee]
    disclosures: Mapping[str, str]  # financial_aid, transferability, stackability, open_electives -> text
    unit_authorized: bool
    transcript: str  # what the proposal says: "on_transcript" / "not_on_transcript"
    duplicate_titles: Sequence[str] = field(default=())  # titles of other credentials with the same name
    duplicate_requirements: Sequence[str] = field(
        default=()
    )  # titles of others with the same requirement set
    level: str = "undergraduate"
    eligibility: str = ""


REQUIRED_DISCLOSURES = {
    "financial_aid": "financial aid",
    "transferability": "transferability",
    "stackability": "applicability and stackability toward degrees and certificates",
}


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _range(low: Decimal, high: Decimal, unit: str) -> str:
    return f"{_n(low)} {unit}" if low == high else f"{_n(low)} to {_n(high)} {unit}"


def _in_band(value: Decimal, policy: PolicyData) -> bool:
    low, high = policy.credit_hours_min, policy.credit_hours_max
    if low is not None and (value < low or (value == low and not policy.credit_hours_min_inclusive)):
        return False
    return not (
        high is not None and (value > high or (value == high and not policy.credit_hours_max_inclusive))
    )


def check_credit_type(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Credit or non-credit"
    allowed = {"both": {"credit", "noncredit"}, "credit": {"credit"}, "noncredit": {"noncredit"}}[
        policy.credit_types
    ]
    if facts.credit_type in allowed:
        return CheckResult("credit_type", title, True, Severity.BLOCKING, f"{facts.credit_type} is allowed")
    word = "credit-bearing" if facts.credit_type == "credit" else "non-credit"
    return CheckResult(
        "credit_type",
        title,
        False,
        Severity.BLOCKING,
        f"the policy does not allow {word} micro-credentials; change 'credit or non-credit'",
        "credit_type",
    )


def check_credit_band(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Credit hours within the policy's band"
    if facts.credit_type != "credit":
        return CheckResult(
            "credit_band", title, True, Severity.BLOCKING, "not credit-bearing: no band applies"
        )
    low, high = facts.credit_hours
    band = credit_band_text(policy)
    if not facts.has_requirements or high == 0:
        return CheckResult(
            "credit_band",
            title,
            False,
            Severity.BLOCKING,
            f"add credit-bearing courses to the requirements; the policy asks for {band}",
            "requirements",
        )
    if _in_band(low, policy) and _in_band(high, policy):
        return CheckResult(
            "credit_band", title, True, Severity.BLOCKING, f"{_range(low, high, 'credit hours')} fits {band}"
        )
    return CheckResult(
        "credit_band",
        title,
        False,
        Severity.BLOCKING,
        f"the requirements add up to {_range(low, high, 'credit hours')}, but the policy asks for {band}; "
        "change the courses in the requirements",
        "requirements",
    )


def check_training_hours(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Minimum training hours"
    if facts.credit_type != "noncredit" or policy.min_training_hours is None:
        return CheckResult("training_hours", title, True, Severity.BLOCKING, "no minimum applies")
    low, high = facts.training_hours
    if low >= policy.min_training_hours:
        return CheckResult(
            "training_hours",
            title,
            True,
            Severity.BLOCKING,
            f"{_range(low, high, 'hours')} meets the minimum of {_n(policy.min_training_hours)} hours",
        )
    return CheckResult(
        "training_hours",
        title,
        False,
        Severity.BLOCKING,
        f"the requirements can be met with {_n(low)} training hours; the policy asks for at least "
        f"{_n(policy.min_training_hours)}; add activities or hours",
        "requirements",
    )


def check_stacking_unit(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Training hours in stacking units"
    unit = policy.stacking_unit_hours
    if facts.credit_type != "noncredit" or unit is None:
        return CheckResult("stacking_unit", title, True, Severity.WARNING, "no stacking unit applies")
    low, _high = facts.training_hours
    if low > 0 and low % unit == 0:
        return CheckResult(
            "stacking_unit", title, True, Severity.WARNING, f"{_n(low)} hours is a multiple of {_n(unit)}"
        )
    return CheckResult(
        "stacking_unit",
        title,
        False,
        Severity.WARNING,
        f"{_n(low)} hours is not a multiple of the {_n(unit)}-hour stacking unit; stacking works best in "
        "whole units",
        "requirements",
    )


def check_competencies(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Competency alignment"
    required = set(policy.required_framework_ids)
    if not required or policy.min_competencies == 0:
        count = sum(len(ids) for ids in facts.competency_ids_by_framework.values())
        return CheckResult("competencies", title, True, Severity.BLOCKING, f"{count} aligned; none required")
    count = sum(len(ids) for fid, ids in facts.competency_ids_by_framework.items() if fid in required)
    if count >= policy.min_competencies:
        return CheckResult(
            "competencies",
            title,
            True,
            Severity.BLOCKING,
            f"{count} competencies from the required frameworks (at least {policy.min_competencies} needed)",
        )
    return CheckResult(
        "competencies",
        title,
        False,
        Severity.BLOCKING,
        f"align at least {policy.min_competencies} competencies from the required frameworks; {count} chosen",
        "competencies",
    )


def check_disclosures(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Cost, aid, transfer and stacking disclosures"
    missing = [
        label for key, label in REQUIRED_DISCLOSURES.items() if not facts.disclosures.get(key, "").strip()
    ]
    if not facts.fees and not facts.disclosures.get("no_fees"):
        missing.insert(0, "costs and fees (or say there are none)")
    if not missing:
        return CheckResult("disclosures", title, True, Severity.BLOCKING, "every disclosure is stated")
    return CheckResult(
        "disclosures", title, False, Severity.BLOCKING, f"state {', '.join(missing)}", "disclosures"
    )


def check_budget_review(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Fees of a non-credit offering"
    charged = [f for f in facts.fees if f.amount > 0]
    if facts.credit_type == "noncredit" and charged and policy.noncredit_fees_need_budget_review:
        return CheckResult(
            "budget_review",
            title,
            False,
            Severity.WARNING,
            "this non-credit offering charges fees: consult the budget office and say so in the reason",
            "disclosures",
        )
    return CheckResult("budget_review", title, True, Severity.WARNING, "no budget office review needed")


def check_issuer(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Unit authorized to issue"
    if not policy.require_issuer_authorization or facts.unit_authorized:
        message = "the unit is authorized" if facts.unit_authorized else "no authorization required"
        return CheckResult("issuer", title, True, Severity.BLOCKING, message)
    return CheckResult(
        "issuer",
        title,
        False,
        Severity.BLOCKING,
        "the unit is not authorized to issue micro-credentials; apply for authorization from the unit page",
        "unit",
    )


def check_transcript(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Transcript display"
    if policy.transcript == "must" and facts.transcript != "on_transcript":
        return CheckResult(
            "transcript",
            title,
            False,
            Severity.BLOCKING,
            "the policy says it must appear on the transcript",
            "transcript",
        )
    if policy.transcript == "never" and facts.transcript == "on_transcript":
        return CheckResult(
            "transcript",
            title,
            False,
            Severity.BLOCKING,
            "the policy says it never appears on the transcript",
            "transcript",
        )
    return CheckResult(
        "transcript", title, True, Severity.BLOCKING, f"follows the policy ({policy.transcript})"
    )


def check_duplicates(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Not a duplicate"
    if facts.duplicate_titles:
        return CheckResult(
            "duplicates",
            title,
            False,
            Severity.BLOCKING,
            f"another micro-credential is already called {facts.duplicate_titles[0]!r}; choose another title",
            "title",
        )
    if facts.duplicate_requirements:
        return CheckResult(
            "duplicates",
            title,
            False,
            Severity.WARNING,
            f"{facts.duplicate_requirements[0]!r} has the same requirements; explain how this one differs",
            "requirements",
        )
    return CheckResult("duplicates", title, True, Severity.BLOCKING, "no other micro-credential matches")


def check_level(facts: ProposalFacts, policy: PolicyData) -> CheckResult:
    title = "Level and eligibility"
    if facts.level == "graduate" and "bachelor" not in facts.eligibility.lower():
        return CheckResult(
            "level",
            title,
            False,
            Severity.BLOCKING,
            "a graduate-level micro-credential requires a bachelor's degree: say so in eligibility",
            "eligibility",
        )
    return CheckResult("level", title, True, Severity.BLOCKING, f"{facts.level} level")


CHECKS = (
    check_credit_type, check_credit_band, check_training_hours, check_stacking_unit, check_competencies,
    check_disclosures, check_budget_review, check_issuer, check_transcript, check_duplicates, check_level,
)  # fmt: skip


def run_policy_checks(facts: ProposalFacts, policy: PolicyData) -> list[CheckResult]:
    """Every policy check, in a stable order, each saying whether it passed and why."""
    return [check(facts, policy) for check in CHECKS]


def can_submit(results: Sequence[CheckResult], reasons: Mapping[str, str]) -> tuple[bool, list[str]]:
    """Submission needs no blocking failure and a written reason for each failed warning."""
    problems = [f"{r.title}: {r.message}" for r in results if r.blocks]
    problems += [
        f"{r.title}: give a reason for going ahead ({r.message})"
        for r in results
        if r.warns and not reasons.get(r.code, "").strip()
    ]
    return not problems, problems
