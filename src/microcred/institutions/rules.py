"""Pure policy rules: validating a policy and describing how it changed. No database here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from microcred.core.errors import Problem

TRANSCRIPT_CHOICES = ("must", "may", "never")
CREDIT_TYPE_CHOICES = ("both", "credit", "noncredit")
MAX_CREDIT_HOURS = Decimal("200")
MAX_TRAINING_HOURS = Decimal("2000")


@dataclass(frozen=True)
class PolicyData:
    """A policy as plain values: what an administrator submits and what the history keeps."""

    credit_types: str = "both"
    credit_hours_min: Decimal | None = None
    credit_hours_min_inclusive: bool = True
    credit_hours_max: Decimal | None = None
    credit_hours_max_inclusive: bool = True
    min_training_hours: Decimal | None = None
    required_framework_ids: tuple[int, ...] = ()
    min_competencies: int = 0
    transcript: str = "may"
    stacking_unit_hours: Decimal | None = None
    require_issuer_authorization: bool = False
    noncredit_fees_need_budget_review: bool = False
    stage_review_body_ids: tuple[int, ...] = field(default=())
    # The stages a minor change passes (a subset of the chain, in its order); empty: the whole chain.
    minor_stage_review_body_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class PolicyContext:
    """What the rules need to know about the institution: its frameworks and review bodies."""

    framework_sizes: Mapping[int, int]  # framework id -> number of competencies, for frameworks it may use
    review_body_ids: frozenset[int]


def validate_policy(data: PolicyData, context: PolicyContext) -> list[Problem]:
    """Every problem with ``data``, each naming the field to fix. An empty list means the policy is valid."""
    problems: list[Problem] = []
    problems += _check_credit_band(data)
    if data.min_training_hours is not None and not Decimal(0) < data.min_training_hours <= MAX_TRAINING_HOURS:
        problems.append(
            Problem("min_training_hours", f"must be more than 0 and at most {MAX_TRAINING_HOURS}")
        )
    if (
        data.stacking_unit_hours is not None
        and not Decimal(0) < data.stacking_unit_hours <= MAX_TRAINING_HOURS
    ):
        problems.append(
            Problem("stacking_unit_hours", f"must be more than 0 and at most {MAX_TRAINING_HOURS}")
        )
    if data.transcript not in TRANSCRIPT_CHOICES:
        problems.append(Problem("transcript", f"must be one of {', '.join(TRANSCRIPT_CHOICES)}"))
    if data.credit_types not in CREDIT_TYPE_CHOICES:
        problems.append(Problem("credit_types", f"must be one of {', '.join(CREDIT_TYPE_CHOICES)}"))
    if data.credit_types == "noncredit" and data.transcript == "must":
        problems.append(
            Problem("transcript", "non-credit micro-credentials cannot be required on the transcript")
        )
    problems += _check_competencies(data, context)
    problems += _check_stages(data, context)
    return problems


def _check_credit_band(data: PolicyData) -> list[Problem]:
    problems: list[Problem] = []
    low, high = data.credit_hours_min, data.credit_hours_max
    for name, value in (("credit_hours_min", low), ("credit_hours_max", high)):
        if value is not None and not Decimal(0) <= value <= MAX_CREDIT_HOURS:
            problems.append(Problem(name, f"must be between 0 and {MAX_CREDIT_HOURS}"))
    if high is not None and high == 0 and not data.credit_hours_max_inclusive:
        problems.append(Problem("credit_hours_max", "fewer than 0 credit hours is impossible"))
    elif low is not None and high is not None:
        if low > high:
            problems.append(
                Problem("credit_hours_max", f"the maximum ({_n(high)}) is below the minimum ({_n(low)})")
            )
        elif low == high and not (data.credit_hours_min_inclusive and data.credit_hours_max_inclusive):
            problems.append(
                Problem("credit_hours_max", f"no credit-hour value fits: the band is empty at {_n(low)}")
            )
    if data.credit_types == "noncredit" and (low is not None or high is not None):
        problems.append(
            Problem("credit_hours_min", "a non-credit-only policy has no credit-hour band; clear it")
        )
    return problems


def _check_competencies(data: PolicyData, context: PolicyContext) -> list[Problem]:
    problems: list[Problem] = []
    unknown = [fid for fid in data.required_framework_ids if fid not in context.framework_sizes]
    if unknown:
        problems.append(
            Problem("required_frameworks", "a chosen framework is not available to this institution")
        )
    if data.min_competencies < 0:
        problems.append(Problem("min_competencies", "cannot be negative"))
    elif data.min_competencies > 0:
        if not data.required_framework_ids:
            problems.append(
                Problem(
                    "required_frameworks", "choose the framework(s) the minimum number of competencies counts"
                )
            )
        else:
            available = sum(context.framework_sizes.get(fid, 0) for fid in data.required_framework_ids)
            if data.min_competencies > available:
                problems.append(
                    Problem(
                        "min_competencies",
                        f"asks for {data.min_competencies} competencies but the chosen frameworks hold only "
                        f"{available}",
                    )
                )
    return problems


def _check_stages(data: PolicyData, context: PolicyContext) -> list[Problem]:
    problems: list[Problem] = []
    if not data.stage_review_body_ids:
        problems.append(Problem("stages", "the approval chain needs at least one stage"))
    for position, body_id in enumerate(data.stage_review_body_ids, start=1):
        if body_id not in context.review_body_ids:
            problems.append(
                Problem("stages", f"stage {position}: that review body is not part of this institution")
            )
    seen: set[int] = set()
    for position, body_id in enumerate(data.stage_review_body_ids, start=1):
        if body_id in seen:
            problems.append(
                Problem("stages", f"stage {position}: the same review body appears twice in the chain")
            )
        seen.add(body_id)
    if set(data.minor_stage_review_body_ids) - set(data.stage_review_body_ids):
        problems.append(Problem("stages", "minor changes can only pass stages of the approval chain"))
    return problems


def credit_band_text(data: PolicyData) -> str:
    """The credit-hour band in words, e.g. 'fewer than 24 credit hours' or 'from 6 to 12 credit hours'."""
    low, high = data.credit_hours_min, data.credit_hours_max
    if low is None and high is None:
        return "no credit-hour limits"
    if low is None:
        assert high is not None
        return f"{'at most' if data.credit_hours_max_inclusive else 'fewer than'} {_n(high)} credit hours"
    if high is None:
        return f"{'at least' if data.credit_hours_min_inclusive else 'more than'} {_n(low)} credit hours"
    if data.credit_hours_min_inclusive and data.credit_hours_max_inclusive:
        return f"from {_n(low)} to {_n(high)} credit hours"
    left = "at least" if data.credit_hours_min_inclusive else "more than"
    right = "at most" if data.credit_hours_max_inclusive else "fewer than"
    return f"{left} {_n(low)} and {right} {_n(high)} credit hours"


def _n(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def snapshot(data: PolicyData, names: Mapping[str, Mapping[int, str]]) -> dict[str, Any]:
    """A JSON-safe record of the policy for its history; ids are shown with their names."""
    record: dict[str, Any] = {}
    for key, value in asdict(data).items():
        if isinstance(value, Decimal):
            record[key] = _n(value)
        elif key == "required_framework_ids":
            record["required_frameworks"] = [names["frameworks"].get(i, f"#{i}") for i in value]
        elif key == "stage_review_body_ids":
            record["stages"] = [names["review_bodies"].get(i, f"#{i}") for i in value]
        elif key == "minor_stage_review_body_ids":
            record["minor_change_stages"] = [names["review_bodies"].get(i, f"#{i}") for i in value]
        else:
            record[key] = list(value) if isinstance(value, tuple) else value
    return record


def describe_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """The fields whose value differs between two snapshots, as (field, old value, new value).

    Fields come in the order of ``PolicyData``, whatever order the stored JSON kept (PostgreSQL's jsonb sorts
    keys its own way); fields it does not know come last, alphabetically.
    """
    keys = sorted({*(old or {}), *new}, key=lambda k: (SNAPSHOT_ORDER.get(k, len(SNAPSHOT_ORDER)), k))
    if old is None:  # the first record: every setting as it started
        return [(key, None, new[key]) for key in keys]
    return [(key, old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key)]


def shown_value(value: Any) -> str:
    """A snapshot value in words for people reading the history: lists joined, yes/no, a dash for nothing."""
    if value is None:
        return "\u2014"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "none"
    return str(value)


SNAPSHOT_ORDER = {
    key: i for i, key in enumerate(snapshot(PolicyData(), {"frameworks": {}, "review_bodies": {}}))
}
