"""Write use-cases of the catalog: competency frameworks and their competencies."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from pydantic import ValidationError

from microcred.catalog import badges, course_rules, requirements, rules, selectors
from microcred.catalog.content import CONTENT_FIELDS, VersionContent
from microcred.catalog.models import (
    Competency,
    CompetencyFramework,
    Course,
    MicroCredential,
    MicroCredentialVersion,
)
from microcred.core.csvfile import CsvRow, read_csv
from microcred.core.errors import InvalidInput, NotAllowed, Problem
from microcred.institutions import permissions
from microcred.institutions import selectors as institution_selectors

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


# Courses and activities -------------------------------------------------------------------------------------


def _require_courses(actor: User, institution_id: int) -> None:
    if not permissions.can_manage_courses(actor, institution_id):
        raise NotAllowed("only the office of micro-credentials and the registrar keep the course list")


def _unit_ids_by_name(institution_id: int) -> dict[str, int]:
    return {u.name: u.pk for u in institution_selectors.units_of_institution_id(institution_id)}


def _course_plan(institution_id: int, data: bytes) -> list[course_rules.CourseRow]:
    rows = read_csv(
        data, required=course_rules.COURSE_COLUMNS_REQUIRED, optional=course_rules.COURSE_COLUMNS_OPTIONAL
    )
    units = _unit_ids_by_name(institution_id)
    names = {v: k for k, v in units.items()}
    existing = {
        c.code: (
            c.code,
            c.title,
            c.kind,
            c.level,
            c.credit_hours,
            c.contact_hours,
            names.get(c.unit_id or 0, ""),
            c.description,
        )
        for c in Course.objects.filter(institution_id=institution_id)
    }
    plan, problems = course_rules.plan_course_import(rows, existing, set(units))
    if problems:
        raise InvalidInput(problems)
    return plan


@dataclass(frozen=True)
class CourseImportResult:
    created: int
    updated: int
    unchanged: int
    rows: list[course_rules.CourseRow]


def preview_course_import(*, actor: User, institution_id: int, data: bytes) -> CourseImportResult:
    """Check a CSV of courses and say what importing it would do; raises ``InvalidInput`` by line."""
    _require_courses(actor, institution_id)
    plan = _course_plan(institution_id, data)
    count = {a: sum(1 for r in plan if r.action == a) for a in ("create", "update", "unchanged")}
    return CourseImportResult(count["create"], count["update"], count["unchanged"], plan)


@transaction.atomic
def import_courses(*, actor: User, institution_id: int, data: bytes) -> CourseImportResult:
    """Create or update courses by code from a CSV upload: every row, or none when any row is wrong.

    A course is matched by its code ignoring case; whether it is active is left as it is.
    """
    _require_courses(actor, institution_id)
    # lock the existing courses first, so that the plan is made from what will be updated
    by_code = {
        c.code.upper(): c for c in Course.objects.select_for_update().filter(institution_id=institution_id)
    }
    result = preview_course_import(actor=actor, institution_id=institution_id, data=data)
    units = _unit_ids_by_name(institution_id)
    new = []
    for row in result.rows:
        values = {
            "code": row.code, "title": row.title, "kind": row.kind, "level": row.level,
            "credit_hours": row.credit_hours, "contact_hours": row.contact_hours,
            "unit_id": units.get(row.unit), "description": row.description,
        }  # fmt: skip
        if row.action == "create":
            new.append(Course(institution_id=institution_id, **values))
        elif row.action == "update":
            Course.objects.filter(pk=by_code[row.code.upper()].pk).update(**values)
    try:
        with transaction.atomic():
            Course.objects.bulk_create(new)
    except IntegrityError as exc:  # someone added one of these codes at the same moment
        raise InvalidInput(
            "a course with one of these codes was just added; preview the file again", "file"
        ) from exc
    return result


@transaction.atomic
def save_course(
    *,
    actor: User,
    institution_id: int,
    course: Course | None = None,
    code: str,
    title: str,
    kind: str,
    level: str,
    credit_hours: Decimal | None,
    contact_hours: Decimal | None,
    unit_id: int | None = None,
    description: str = "",
    is_active: bool = True,
) -> Course:
    """Add a course (``course`` None) or change one; the same checks as one row of an import.

    Problems are named by field (code, title, kind, level, credit_hours, contact_hours, unit).
    """
    _require_courses(actor, institution_id)
    if course is not None and course.institution_id != institution_id:
        raise NotAllowed("the course belongs to another institution")
    unit_names = {v: k for k, v in _unit_ids_by_name(institution_id).items()}
    if unit_id is not None and unit_id not in unit_names:
        raise InvalidInput("the unit is not part of this institution", "unit")
    values = {
        "code": code, "title": title, "kind": kind, "level": level,
        "credit_hours": "" if credit_hours is None else str(credit_hours),
        "contact_hours": "" if contact_hours is None else str(contact_hours),
        "unit": unit_names.get(unit_id or 0, ""), "description": description,
    }  # fmt: skip
    row, problems = course_rules.check_course(values, set(unit_names.values()))
    if row is None:
        raise InvalidInput([Problem(field, message) for field, message in problems])
    clash = Course.objects.filter(institution_id=institution_id, code__iexact=row.code)
    if course is not None:
        clash = clash.exclude(pk=course.pk)
    if clash.exists():
        raise InvalidInput(f"the code {row.code!r} is already used by another course", "code")
    target = course or Course(institution_id=institution_id)
    target.code, target.title, target.kind, target.level = row.code, row.title, row.kind, row.level
    target.credit_hours, target.contact_hours, target.unit_id = row.credit_hours, row.contact_hours, unit_id
    target.description, target.is_active = row.description, is_active
    target.save()
    return target


@transaction.atomic
def set_course_active(*, actor: User, course: Course, active: bool) -> Course:
    """Deactivate a course (kept for the programs that use it, offered to no new one) or reactivate it.

    Courses are never deleted: published micro-credentials and awards keep pointing at them.
    """
    _require_courses(actor, course.institution_id)
    Course.objects.filter(pk=course.pk).update(is_active=active)
    course.is_active = active
    return course


# Micro-credentials and their versions -------------------------------------------------------------------
# Governance decides *when* a version may change state; these functions keep the content consistent.


def _unique_slug(institution_id: int, title: str) -> str:
    base = slugify(title)[:70] or "micro-credential"
    slug, n = base, 1
    while MicroCredential.objects.filter(institution_id=institution_id, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_micro_credential(
    *, actor: User, institution_id: int, unit_id: int, title: str
) -> MicroCredentialVersion:
    """A new micro-credential with its first, draft, version (permission is checked by governance)."""
    title = title.strip()
    if not title:
        raise InvalidInput("a title is required", "title")
    credential = MicroCredential.objects.create(
        institution_id=institution_id,
        unit_id=unit_id,
        slug=_unique_slug(institution_id, title),
        created_by=actor,
    )
    return MicroCredentialVersion.objects.create(
        micro_credential=credential, number=1, title=title, created_by=actor
    )


def _hours_of(version: MicroCredentialVersion, tree: requirements.Group) -> None:
    """Recompute the credit and training hours from the requirement tree (never typed in by hand)."""
    courses = {c.pk: c for c in Course.objects.filter(pk__in=requirements.course_ids(tree))}
    stacked = selectors.published_versions_of(requirements.credential_ids(tree))
    credit: dict[tuple[str, int], Decimal] = {}
    training: dict[tuple[str, int], Decimal] = {}
    for pk, course in courses.items():
        credit[("course", pk)] = course.credit_hours or Decimal(0)
        training[("course", pk)] = course.contact_hours or Decimal(0)
    for mc_id, other in stacked.items():
        credit[("credential", mc_id)] = other.credit_hours_min
        training[("credential", mc_id)] = other.training_hours_min
    version.credit_hours_min = requirements.minimum_hours(tree, credit)
    version.credit_hours_max = requirements.maximum_hours(tree, credit)
    version.training_hours_min = requirements.minimum_hours(tree, training)
    version.training_hours_max = requirements.maximum_hours(tree, training)


def check_requirements(
    *, institution_id: int, tree: requirements.Group, micro_credential_id: int
) -> list[Problem]:
    """Problems of a requirement tree: unknown courses, unpublished stacks, a credential requiring itself."""
    problems = []
    known = set(
        Course.objects.filter(
            institution_id=institution_id, pk__in=requirements.course_ids(tree)
        ).values_list("pk", flat=True)
    )
    if missing := requirements.course_ids(tree) - known:
        problems.append(
            Problem("requirements", f"{len(missing)} course(s) are not in this institution's list")
        )
    stacked = requirements.credential_ids(tree)
    if micro_credential_id in stacked:
        problems.append(Problem("requirements", "a micro-credential cannot require itself"))
    if unpublished := stacked - set(selectors.published_versions_of(stacked)):
        problems.append(
            Problem("requirements", f"{len(unpublished)} stacked micro-credential(s) are not published")
        )
    return problems


@transaction.atomic
def update_draft(
    *, actor: User, version: MicroCredentialVersion, changes: dict[str, object]
) -> MicroCredentialVersion:
    """Save part or all of a draft's content (autosave sends a few fields at a time).

    Only a draft can change; governance decides who may edit. Hours follow from the requirements.
    """
    version = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != MicroCredentialVersion.Status.DRAFT:
        raise InvalidInput(
            f"version {version.number} is {version.get_status_display().lower()} and cannot change"
        )
    current = selectors.version_content(version).model_dump(mode="python")
    try:
        content = VersionContent.model_validate({**current, **changes})
    except ValidationError as exc:
        raise InvalidInput(
            [Problem(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors(include_url=False)]
        ) from None
    try:
        tree = requirements.parse_tree(content.requirements)
    except ValidationError as exc:
        raise InvalidInput(
            [Problem("requirements", e["msg"]) for e in exc.errors(include_url=False)]
        ) from None
    institution_id = version.micro_credential.institution_id
    problems = check_requirements(
        institution_id=institution_id, tree=tree, micro_credential_id=version.micro_credential_id
    )
    allowed = set(
        Competency.objects.filter(
            Q(framework__institution_id=institution_id) | Q(framework__institution__isnull=True),
            pk__in=content.competency_ids,
        ).values_list("pk", flat=True)
    )
    if set(content.competency_ids) - allowed:
        problems.append(Problem("competencies", "a chosen competency is not available to this institution"))
    if not content.title:
        problems.append(Problem("title", "a title is required"))
    if problems:
        raise InvalidInput(problems)
    for name in CONTENT_FIELDS:
        value = getattr(content, name)
        if name in {"fees", "stacks_toward"}:
            value = [item.model_dump(mode="json") for item in value]
        setattr(version, name, value)
    version.badge_design = content.badge_design.model_dump() if content.badge_design else {}
    version.requirements = tree.model_dump(mode="json") if tree.items else {}
    _hours_of(version, tree)
    version.updated_at = timezone.now()
    version.save()
    version.competencies.set(content.competency_ids)
    return version


@transaction.atomic
def set_badge_image(*, version: MicroCredentialVersion, name: str, data: bytes) -> MicroCredentialVersion:
    """Store an uploaded or generated badge image (PNG or SVG, checked by ``badges.check_image``)."""
    if version.status != MicroCredentialVersion.Status.DRAFT:
        raise InvalidInput("only a draft's badge can change", "badge_image")
    kind = badges.check_image(data)
    version.badge_image.save(f"{version.uuid}.{kind}", ContentFile(data), save=False)
    version.save(update_fields=["badge_image"])
    return version


@transaction.atomic
def start_next_version(*, actor: User, published: MicroCredentialVersion) -> MicroCredentialVersion:
    """A draft copy of the published version, numbered next: how every change begins."""
    if published.status != MicroCredentialVersion.Status.PUBLISHED:
        raise InvalidInput("changes start from the published version")
    credential = MicroCredential.objects.select_for_update().get(pk=published.micro_credential_id)
    if credential.versions.filter(status__in=["draft", "in_review", "approved"]).exists():
        raise InvalidInput("a change of this micro-credential is already under way")
    number = (credential.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    copy = MicroCredentialVersion.objects.get(pk=published.pk)
    copy.pk = None
    copy.uuid = uuid.uuid4()
    copy.number, copy.status, copy.published_at = number, MicroCredentialVersion.Status.DRAFT, None
    copy.terminates_on = copy.teach_out_until = None
    copy.created_by, copy.created_at, copy.updated_at = actor, timezone.now(), timezone.now()
    copy.save()
    copy.competencies.set(published.competencies.all())
    return copy


@transaction.atomic
def set_version_status(*, version: MicroCredentialVersion, status: str) -> MicroCredentialVersion:
    """Move a version along its lifecycle (called by governance once a decision is recorded).

    Publishing supersedes the previously published version of the same micro-credential.
    """
    if status not in MicroCredentialVersion.Status.values:
        raise InvalidInput(f"unknown status {status!r}")
    version = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
    if status == MicroCredentialVersion.Status.PUBLISHED:
        MicroCredentialVersion.objects.filter(
            micro_credential_id=version.micro_credential_id, status=MicroCredentialVersion.Status.PUBLISHED
        ).exclude(pk=version.pk).update(status=MicroCredentialVersion.Status.SUPERSEDED)
        version.published_at = timezone.now()
    version.status = status
    version.save(update_fields=["status", "published_at"])
    return version


@transaction.atomic
def schedule_termination(
    *, version: MicroCredentialVersion, terminates_on: date, teach_out_until: date
) -> MicroCredentialVersion:
    """Record an approved termination: no new enrollments from ``terminates_on``; finish until teach-out."""
    if version.status != MicroCredentialVersion.Status.PUBLISHED:
        raise InvalidInput("only a published micro-credential can be terminated")
    if teach_out_until < terminates_on:
        raise InvalidInput("the teach-out date cannot be before the termination date", "teach_out_until")
    version.terminates_on, version.teach_out_until = terminates_on, teach_out_until
    version.save(update_fields=["terminates_on", "teach_out_until"])
    return version
