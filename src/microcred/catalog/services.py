"""Write use-cases of the catalog: competency frameworks and their competencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from microcred.catalog import rules
from microcred.catalog.models import Competency, CompetencyFramework
from microcred.core.csvfile import CsvRow, read_csv
from microcred.core.errors import InvalidInput, NotAllowed, Problem
from microcred.institutions import permissions

if TYPE_CHECKING:
    from microcred.accounts.models import User


def _require_edit(actor: User, framework: CompetencyFramework) -> None:
    if framework.institution_id is None:
        if not permissions.is_site_operator(actor):
            raise NotAllowed("shared frameworks are kept by the site operator")
    elif not permissions.can_manage_frameworks(actor, framework.institution_id):
        raise NotAllowed("you may not change this institution's frameworks")


@transaction.atomic
def create_framework(
    *,
    actor: User,
    institution_id: int,
    name: str,
    kind: str,
    publisher: str = "",
    url: str = "",
    description: str = "",
) -> CompetencyFramework:
    if not permissions.can_manage_frameworks(actor, institution_id):
        raise NotAllowed("you may not change this institution's frameworks")
    name = name.strip()
    if not name:
        raise InvalidInput("a name is required", "name")
    if kind not in CompetencyFramework.Kind.values:
        raise InvalidInput(f"unknown kind {kind!r}", "kind")
    if CompetencyFramework.objects.filter(institution_id=institution_id, name__iexact=name).exists():
        raise InvalidInput(f"a framework named {name!r} exists already", "name")
    return CompetencyFramework.objects.create(
        institution_id=institution_id,
        name=name,
        kind=kind,
        publisher=publisher.strip(),
        url=url.strip(),
        description=description.strip(),
    )


@transaction.atomic
def add_competency(
    *, actor: User, framework: CompetencyFramework, code: str, name: str, description: str = "", url: str = ""
) -> Competency:
    """Add one competency; the same checks as a CSV import of one row."""
    _require_edit(actor, framework)
    existing = {c.code: rules.Existing(c.name, c.description, c.url) for c in framework.competencies.all()}
    values = {
        "code": code.strip(),
        "name": name.strip(),
        "description": description.strip(),
        "url": url.strip(),
    }
    plan, problems = rules.plan_competency_import([CsvRow(1, values)], existing)
    if problems:
        raise InvalidInput([Problem("competency", p.message) for p in problems])
    if plan[0].action != "create":
        raise InvalidInput(f"the code {values['code']!r} is already used in this framework", "code")
    row = plan[0]
    return Competency.objects.create(
        framework=framework, code=row.code, name=row.name, description=row.description, url=row.url
    )


@transaction.atomic
def delete_competency(*, actor: User, competency: Competency) -> None:
    _require_edit(actor, competency.framework)
    competency.delete()


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rows: list[rules.CompetencyRow]


def preview_competency_import(*, actor: User, framework: CompetencyFramework, data: bytes) -> ImportResult:
    """Check a CSV upload (columns code, name, description, url) and say what importing it would do.

    Raises ``InvalidInput`` listing every wrong row; nothing is written.
    """
    _require_edit(actor, framework)
    rows = read_csv(
        data, required=rules.COMPETENCY_COLUMNS_REQUIRED, optional=rules.COMPETENCY_COLUMNS_OPTIONAL
    )
    existing = {c.code: rules.Existing(c.name, c.description, c.url) for c in framework.competencies.all()}
    plan, problems = rules.plan_competency_import(rows, existing)
    if problems:
        raise InvalidInput(problems)
    count = {
        action: sum(1 for r in plan if r.action == action) for action in ("create", "update", "unchanged")
    }
    return ImportResult(count["create"], count["update"], count["unchanged"], plan)


@transaction.atomic
def import_competencies(*, actor: User, framework: CompetencyFramework, data: bytes) -> ImportResult:
    """Create or update competencies from a CSV upload: every row, or none when any row is wrong."""
    framework = CompetencyFramework.objects.select_for_update().get(pk=framework.pk)
    result = preview_competency_import(actor=actor, framework=framework, data=data)
    by_code = {c.code: c for c in framework.competencies.all()}
    to_create = []
    for row in result.rows:
        if row.action == "create":
            to_create.append(
                Competency(
                    framework=framework,
                    code=row.code,
                    name=row.name,
                    description=row.description,
                    url=row.url,
                )
            )
        elif row.action == "update":
            competency = by_code[row.code]
            competency.name, competency.description, competency.url = row.name, row.description, row.url
            competency.save(update_fields=["name", "description", "url"])
    Competency.objects.bulk_create(to_create)
    return result
