"""Pure rules for the course list: checking the rows of a course import. No database here."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from microcred.core.csvfile import CsvRow
from microcred.core.errors import Problem

COURSE_COLUMNS_REQUIRED = ("code", "title")
COURSE_COLUMNS_OPTIONAL = ("kind", "level", "credit_hours", "contact_hours", "unit", "description")
KINDS = ("course", "laboratory", "workshop", "seminar", "assessment", "activity")
LEVELS = ("undergraduate", "graduate", "professional")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,29}$")


@dataclass(frozen=True)
class CourseRow:
    line: int
    code: str
    title: str
    kind: str
    level: str
    credit_hours: Decimal | None
    contact_hours: Decimal | None
    unit: str
    description: str
    action: str  # "create", "update" or "unchanged"

    def values(self) -> tuple[object, ...]:
        return (
            self.title,
            self.kind,
            self.level,
            self.credit_hours,
            self.contact_hours,
            self.unit,
            self.description,
        )


def _hours(where: str, name: str, raw: str, problems: list[Problem], limit: Decimal) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        problems.append(Problem(where, f"{name} {raw!r} is not a number"))
        return None
    if not value.is_finite() or value < 0 or value > limit or value != value.quantize(Decimal("0.01")):
        problems.append(
            Problem(where, f"{name} {raw!r} must be between 0 and {limit} with at most 2 decimals")
        )
        return None
    return value


def plan_course_import(
    rows: Sequence[CsvRow], existing: Mapping[str, tuple[object, ...]], unit_names: set[str]
) -> tuple[list[CourseRow], list[Problem]]:
    """Decide what each row does (create, update by code, nothing) and find every problem, by line."""
    plan: list[CourseRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in rows:
        where = f"line {row.line}"
        found: list[Problem] = []
        get = row.values.get
        code, title = get("code", ""), get("title", "")
        kind, level = (get("kind") or "course").lower(), (get("level") or "undergraduate").lower()
        unit = get("unit", "")
        if not code:
            found.append(Problem(where, "the code is empty"))
        elif not CODE_PATTERN.match(code):
            found.append(Problem(where, f"code {code!r}: up to 30 letters, digits, spaces and . _ : / -"))
        elif code.upper() in seen:
            found.append(Problem(where, f"code {code!r} appears again (first on line {seen[code.upper()]})"))
        if not title:
            found.append(Problem(where, "the title is empty"))
        elif len(title) > 200:
            found.append(Problem(where, "the title is longer than 200 characters"))
        if kind not in KINDS:
            found.append(Problem(where, f"kind {kind!r} is not one of {', '.join(KINDS)}"))
        if level not in LEVELS:
            found.append(Problem(where, f"level {level!r} is not one of {', '.join(LEVELS)}"))
        credit = _hours(where, "credit_hours", get("credit_hours", ""), found, Decimal(30))
        contact = _hours(where, "contact_hours", get("contact_hours", ""), found, Decimal(2000))
        if unit and unit not in unit_names:
            found.append(Problem(where, f"unit {unit!r} is not a unit of this institution"))
        if credit is None and contact is None and not any("hours" in p.message for p in found):
            found.append(Problem(where, "give credit_hours, contact_hours or both"))
        if found:
            problems += found
            continue
        seen[code.upper()] = row.line
        course = CourseRow(
            row.line, code, title, kind, level, credit, contact, unit, get("description", ""), ""
        )
        before = existing.get(code)
        action = "create" if before is None else ("unchanged" if before == course.values() else "update")
        plan.append(CourseRow(**{**course.__dict__, "action": action}))
    return plan, problems
