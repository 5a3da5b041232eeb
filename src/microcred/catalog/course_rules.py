"""Pure rules for the course list: checking a course (one form or one CSV row) and planning an import.

No database here. A course is matched to an existing one by its code, ignoring case, as the form does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from microcred.core.csvfile import CsvRow
from microcred.core.errors import Problem

COURSE_COLUMNS_REQUIRED = ("code", "title")
COURSE_COLUMNS_OPTIONAL = ("kind", "level", "credit_hours", "contact_hours", "unit", "description")
COURSE_COLUMNS = COURSE_COLUMNS_REQUIRED + COURSE_COLUMNS_OPTIONAL
KINDS = ("course", "laboratory", "workshop", "seminar", "assessment", "activity")
LEVELS = ("undergraduate", "graduate", "professional")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,29}$")
MAX_TITLE = 200
MAX_CREDIT_HOURS = Decimal(30)
MAX_CONTACT_HOURS = Decimal(2000)


@dataclass(frozen=True)
class CourseRow:
    line: int
    code: str
    title: str
    kind: str
    level: str
    credit_hours: Decimal | None
    contact_hours: Decimal | None
    unit: str  # the unit's name as the institution spells it, or ""
    description: str
    action: str = ""  # "create", "update" or "unchanged"

    def values(self) -> tuple[object, ...]:
        """What an import compares with the existing course of the same code (the code's case counts)."""
        return (
            self.code,
            self.title,
            self.kind,
            self.level,
            self.credit_hours,
            self.contact_hours,
            self.unit,
            self.description,
        )


def _hours(name: str, raw: str, limit: Decimal, found: list[tuple[str, str]]) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        found.append((name, f"{name} {raw!r} is not a number"))
        return None
    # checked in this order so that quantize never sees a huge or non-finite value
    if not value.is_finite() or value < 0 or value > limit or value != value.quantize(Decimal("0.01")):
        found.append((name, f"{name} {raw!r} must be between 0 and {limit} with at most 2 decimals"))
        return None
    return value + 0  # normalizes -0 to 0


def check_course(
    values: Mapping[str, str], unit_names: set[str], *, line: int = 0
) -> tuple[CourseRow | None, list[tuple[str, str]]]:
    """Check one course's values (strings, as in a CSV row); return it cleaned, or (field, message) problems.

    Empty kind and level mean course and undergraduate; a unit is matched by name ignoring case.
    """
    found: list[tuple[str, str]] = []
    get = values.get
    code, title = get("code", "").strip(), get("title", "").strip()
    kind = (get("kind", "").strip() or "course").lower()
    level = (get("level", "").strip() or "undergraduate").lower()
    if not code:
        found.append(("code", "the code is empty"))
    elif not CODE_PATTERN.match(code):
        found.append(("code", f"code {code!r}: up to 30 letters, digits, spaces and . _ : / - (not first)"))
    if not title:
        found.append(("title", "the title is empty"))
    elif len(title) > MAX_TITLE:
        found.append(("title", f"the title is longer than {MAX_TITLE} characters"))
    if kind not in KINDS:
        found.append(("kind", f"kind {kind!r} is not one of {', '.join(KINDS)}"))
    if level not in LEVELS:
        found.append(("level", f"level {level!r} is not one of {', '.join(LEVELS)}"))
    before = len(found)
    credit = _hours("credit_hours", get("credit_hours", "").strip(), MAX_CREDIT_HOURS, found)
    contact = _hours("contact_hours", get("contact_hours", "").strip(), MAX_CONTACT_HOURS, found)
    if len(found) == before and credit is None and contact is None:
        found.append(("credit_hours", "give credit_hours, contact_hours or both"))
    unit = get("unit", "").strip()
    if unit:
        by_lower = {name.lower(): name for name in unit_names}
        if unit.lower() in by_lower:
            unit = by_lower[unit.lower()]
        else:
            found.append(("unit", f"unit {unit!r} is not a unit of this institution"))
    if found:
        return None, found
    row = CourseRow(line, code, title, kind, level, credit, contact, unit, get("description", "").strip())
    return row, []


def plan_course_import(
    rows: Sequence[CsvRow], existing: Mapping[str, tuple[object, ...]], unit_names: set[str]
) -> tuple[list[CourseRow], list[Problem]]:
    """Decide what each row does (create, update by code, nothing) and find every problem, by line.

    ``existing`` maps each existing course's code to its ``CourseRow.values()``.
    """
    plan: list[CourseRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    existing_by_key = {code.upper(): values for code, values in existing.items()}
    for row in rows:
        where = f"line {row.line}"
        course, found = check_course(row.values, unit_names, line=row.line)
        key = row.values.get("code", "").strip().upper()
        if key and key in seen:
            found.append(
                ("code", f"code {row.values['code'].strip()!r} appears again (first on line {seen[key]})")
            )
        elif key:
            seen[key] = row.line
        if found or course is None:
            problems += [Problem(where, message) for _field, message in found]
            continue
        before = existing_by_key.get(key)
        action = "create" if before is None else ("unchanged" if before == course.values() else "update")
        plan.append(replace(course, action=action))
    return plan, problems
