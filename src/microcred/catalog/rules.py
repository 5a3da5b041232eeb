"""Pure catalog rules: checking the rows of a competency import. No database here."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from microcred.core.csvfile import CsvRow
from microcred.core.errors import Problem

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,39}$")
COMPETENCY_COLUMNS_REQUIRED = ("code", "name")
COMPETENCY_COLUMNS_OPTIONAL = ("description", "url")


@dataclass(frozen=True)
class CompetencyRow:
    line: int
    code: str
    name: str
    description: str
    url: str
    action: str  # "create", "update" or "unchanged"


@dataclass(frozen=True)
class Existing:
    name: str
    description: str
    url: str


def plan_competency_import(
    rows: Sequence[CsvRow], existing: Mapping[str, Existing]
) -> tuple[list[CompetencyRow], list[Problem]]:
    """Decide what each row does (create, update by code, or nothing) and find every problem, by line."""
    plan: list[CompetencyRow] = []
    problems: list[Problem] = []
    seen_codes: dict[str, int] = {}
    names_after: dict[str, str] = {e.name.lower(): code for code, e in existing.items()}
    for row in rows:
        where = f"line {row.line}"
        code = row.values.get("code", "")
        name = row.values.get("name", "")
        description = row.values.get("description", "")
        url = row.values.get("url", "")
        row_problems: list[Problem] = []
        if not code:
            row_problems.append(Problem(where, "the code is empty"))
        elif not CODE_PATTERN.match(code):
            row_problems.append(
                Problem(
                    where,
                    f"code {code!r}: use up to 40 letters, digits and . _ : - (starting with a letter "
                    "or digit)",
                )
            )
        elif code in seen_codes:
            row_problems.append(
                Problem(where, f"code {code!r} appears again (first on line {seen_codes[code]})")
            )
        if not name:
            row_problems.append(Problem(where, "the name is empty"))
        elif len(name) > 200:
            row_problems.append(Problem(where, "the name is longer than 200 characters"))
        if url and (urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc):
            row_problems.append(Problem(where, f"url {url!r} is not an http(s) address"))
        if name and code:
            owner = names_after.get(name.lower())
            if owner is not None and owner != code:
                row_problems.append(Problem(where, f"the name {name!r} is already used by code {owner!r}"))
        if row_problems:
            problems += row_problems
            continue
        seen_codes[code] = row.line
        names_after[name.lower()] = code
        before = existing.get(code)
        if before is None:
            action = "create"
        elif (before.name, before.description, before.url) == (name, description, url):
            action = "unchanged"
        else:
            action = "update"
        plan.append(CompetencyRow(row.line, code, name, description, url, action))
    return plan, problems
