"""Importing results and enrollments from CSV (and the API's lists of results): check, preview, import.

Two steps, like the course import: a file is first *previewed* (every row with what importing it would do:
new, update, unchanged, or error naming the column; new learners; eligibility problems; the badges the
import would award, evaluated with the requirement engine on the would-be facts without writing); the
confirmed file is then imported through ``learners.bulk`` in one transaction: every row, or none when any
row is wrong. Importing the same file again changes nothing: a result is keyed by (learner, course, day).

A row names its learner by ``learner_email`` or ``institutional_id`` (both: they must agree). A learner not
found is created when the row gives ``learner_email`` and ``full_name`` (or the address already belongs to
someone): the preview says "new learner".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from microcred.accounts import selectors as account_selectors
from microcred.awards import bulk as award_bulk
from microcred.awards import rules as award_rules
from microcred.awards import selectors as award_selectors
from microcred.catalog import selectors as catalog_selectors
from microcred.core.csvfile import CsvRow, read_csv
from microcred.core.errors import InvalidInput, NotAllowed, Problem
from microcred.core.gcpause import collector_paused
from microcred.core.lookups import Array  # importing registers __in_array
from microcred.institutions import permissions
from microcred.institutions import selectors as institution_selectors
from microcred.learners import bulk
from microcred.learners import services as learner_services
from microcred.learners.models import Completion, Enrollment, Learner

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.awards.selectors import RuleBook
    from microcred.catalog.models import MicroCredentialVersion

COMPLETION_REQUIRED = ("course_code", "completed_on")
COMPLETION_OPTIONAL = (
    "learner_email", "institutional_id", "full_name",
    "result", "grade", "hours", "evidence_url", "evidence_narrative",
)  # fmt: skip
COMPLETION_COLUMNS = (
    "learner_email", "institutional_id", "full_name", "course_code", "completed_on",
    "result", "grade", "hours", "evidence_url", "evidence_narrative",
)  # fmt: skip
ENROLLMENT_REQUIRED = ("micro_credential",)
ENROLLMENT_OPTIONAL = (
    "learner_email",
    "institutional_id",
    "full_name",
    "category",
    "level",
    "override_reason",
)
ENROLLMENT_COLUMNS = (
    "learner_email", "institutional_id", "full_name", "category", "level", "micro_credential",
    "override_reason",
)  # fmt: skip

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_HOURS = Decimal(10000)
RESULTS = tuple(c.value for c in Completion.Result)
_url = URLValidator(schemes=["http", "https"])


# What a preview says ---------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    """One row and what importing it does. ``problems`` name their column (``where``)."""

    line: int
    values: dict[str, str]
    learner: str = ""  # how the row names its learner, for people
    new_learner: bool = False
    action: str = ""  # "new", "update", "unchanged" or "error"
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # eligibility checks staff enroll past, with the reason
    awards: list[str] = field(default_factory=list)  # titles this row's learner would be awarded
    learner_id: int | None = None
    learner_key: str = ""  # the learner's id, or "new:<email>"
    target_id: int | None = None  # the course or micro-credential
    completed_on: date | None = None
    hours: Decimal | None = None
    completion: bulk.CompletionRow | None = None  # a known learner's checked result, as it will be saved
    existing: Completion | None = None  # the stored result it matches (same learner, course and day)

    @property
    def is_error(self) -> bool:
        return bool(self.problems)


@dataclass
class ImportPreview:
    rows: list[PreviewRow]
    kind: str  # "completions" or "enrollments"

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count("new")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def new_learners(self) -> int:
        return len({r.learner_key for r in self.rows if r.new_learner and not r.is_error})

    @property
    def awards(self) -> list[tuple[str, str]]:
        """(learner, title) of every badge the import would award."""
        return [(r.learner, title) for r in self.rows for title in r.awards]

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def problems(self, where: str = "line {line}, {column}") -> list[Problem]:
        return [
            Problem(where.format(line=r.line, index=r.line, column=p.where), p.message)
            for r in self.rows
            for p in r.problems
        ]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    new_learners: int
    award_uuids: list[str]
    award_ids: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, outcome: bulk.BulkOutcome, new_learners: int) -> ImportResult:
        """What a bulk save did, with the learners the import created."""
        return cls(
            outcome.created,
            outcome.updated,
            outcome.unchanged,
            new_learners,
            outcome.award_uuids,
            outcome.award_ids,
        )


def _require(actor: User, institution_id: int) -> None:
    if not permissions.can_manage_learners(actor, institution_id):
        raise NotAllowed("only the office of micro-credentials and the registrar import learners' records")


# Learners --------------------------------------------------------------------------------------------------


def _resolve_learners(institution_id: int, rows: list[PreviewRow], *, create_fields: Sequence[str]) -> None:
    """Find each row's learner (a few queries for the whole file) or plan a new one; note problems."""
    emails = sorted({r.values.get("learner_email", "").strip().lower() for r in rows} - {""})
    ids = sorted({r.values.get("institutional_id", "").strip() for r in rows} - {""})
    by_email: dict[str, tuple[int, str]] = {}
    by_iid: dict[str, int] = {}
    for chunk in bulk.chunked(emails, bulk.READ_CHUNK):
        for pk, email, iid in Learner.objects.filter(
            institution_id=institution_id, user__email__in_array=Array(chunk)
        ).values_list("pk", "user__email", "institutional_id"):
            by_email[email] = (pk, iid)
    for chunk in bulk.chunked(ids, bulk.READ_CHUNK):
        by_iid.update(
            (iid, pk)
            for pk, iid in Learner.objects.filter(
                institution_id=institution_id, institutional_id__in_array=Array(chunk)
            ).values_list("pk", "institutional_id")
        )
    # An address that is not a learner's primary one: maybe another address of a learner, or a person
    # without a learner record here yet (one look-up per such address, not per row).
    people: dict[str, bool] = {}
    for email in emails:
        if email in by_email:
            continue
        user = account_selectors.find_user_by_email(email)
        people[email] = user is not None
        if user is not None:
            found = Learner.objects.filter(institution_id=institution_id, user=user).values_list(
                "pk", "institutional_id"
            )
            for pk, iid in found:
                by_email[email] = (pk, iid)
    for row in rows:
        email = row.values.get("learner_email", "").strip().lower()
        iid = row.values.get("institutional_id", "").strip()
        row.learner = email or iid
        if not email and not iid:
            row.problems.append(Problem("learner_email", "give learner_email or institutional_id"))
            continue
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.problems.append(Problem("learner_email", f"{email!r} is not an e-mail address"))
                continue
        known = by_email.get(email) if email else None
        by_id = by_iid.get(iid) if iid else None
        if known is not None:
            pk, known_iid = known
            if iid and (by_id not in (None, pk) or (by_id is None and known_iid and known_iid != iid)):
                row.problems.append(
                    Problem("institutional_id", f"{iid} is not the institutional id of {email}")
                )
                continue
            row.learner_id, row.learner_key = pk, str(pk)
        elif by_id is not None:
            row.learner_id, row.learner_key = by_id, str(by_id)
        elif email and (row.values.get("full_name", "").strip() or people.get(email)):
            row.new_learner, row.learner_key = True, f"new:{email}"
            _check_new_learner(row, create_fields)
        else:
            column = "learner_email" if email else "institutional_id"
            row.problems.append(
                Problem(
                    column,
                    f"no learner {row.learner} at this institution; "
                    "give learner_email and full_name to create one",
                )
            )


def _check_new_learner(row: PreviewRow, create_fields: Sequence[str]) -> None:
    if len(row.values.get("institutional_id", "")) > 60:
        row.problems.append(Problem("institutional_id", "at most 60 characters"))
    if "category" in create_fields:
        category = row.values.get("category", "").strip().lower() or Learner.Category.STUDENT
        if category not in learner_services.CATEGORIES:
            known = ", ".join(sorted(learner_services.CATEGORIES))
            row.problems.append(Problem("category", f"{category!r} is not one of {known}"))
    if "level" in create_fields:
        level = row.values.get("level", "").strip().lower() or Learner.Level.UNDERGRADUATE
        if level not in learner_services.LEVELS:
            known = ", ".join(sorted(learner_services.LEVELS))
            row.problems.append(Problem("level", f"{level!r} is not one of {known}"))


def _create_learners(institution_id: int, rows: list[PreviewRow], actor: User) -> None:
    """Create (and invite) each new learner once, and point their rows at the record."""
    institution = institution_selectors.institution_by_id(institution_id)
    if institution is None:
        raise InvalidInput("no such institution")
    created: dict[str, int] = {}
    for row in rows:
        if not row.new_learner:
            continue
        if row.learner_key not in created:
            learner, _ = learner_services.register_learner(
                institution=institution,
                email=row.values["learner_email"],
                full_name=row.values.get("full_name", ""),
                institutional_id=row.values.get("institutional_id", ""),
                category=row.values.get("category", "").strip().lower() or Learner.Category.STUDENT,
                level=row.values.get("level", "").strip().lower() or Learner.Level.UNDERGRADUATE,
                invited_by=actor,
            )
            created[row.learner_key] = learner.pk
        row.learner_id = created[row.learner_key]


# Results ---------------------------------------------------------------------------------------------------


@dataclass
class CompletionValues:
    """One result's values, cleaned (``course_id``/``completed_on`` None when they are wrong)."""

    course_id: int | None = None
    completed_on: date | None = None
    result: str = Completion.Result.PASSED
    grade: str = ""
    hours: Decimal | None = None
    evidence_url: str = ""
    evidence_narrative: str = ""


def check_completion_values(
    values: Mapping[str, str], courses: Mapping[str, int], *, today: date
) -> tuple[CompletionValues, list[Problem]]:
    """Check one result's values (strings, as in a CSV row); return them cleaned and the problems by column.

    ``courses`` maps the institution's course codes (upper case) to ids.
    """
    problems: list[Problem] = []
    out = CompletionValues()
    code = values.get("course_code", "").strip()
    if not code:
        problems.append(Problem("course_code", "the course code is required"))
    elif code.upper() not in courses:
        problems.append(Problem("course_code", f"no course {code!r} at this institution"))
    else:
        out.course_id = courses[code.upper()]
    raw = values.get("completed_on", "").strip()
    try:
        if not DATE_PATTERN.match(raw):
            raise ValueError
        day = date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem("completed_on", f"{raw!r} is not a date written YYYY-MM-DD"))
    else:
        if day > today:
            problems.append(Problem("completed_on", f"{raw} is in the future"))
        out.completed_on = day
    result = values.get("result", "").strip().lower() or Completion.Result.PASSED
    if result not in RESULTS:
        problems.append(Problem("result", f"{result!r} is not one of {', '.join(RESULTS)}"))
    out.result = result
    grade = values.get("grade", "").strip()
    if len(grade) > 20:
        problems.append(Problem("grade", "at most 20 characters"))
    out.grade = grade
    hours_raw = values.get("hours", "").strip()
    if hours_raw:
        try:
            hours = Decimal(hours_raw)
            if (
                not hours.is_finite()
                or hours < 0
                or hours > MAX_HOURS
                or hours != hours.quantize(Decimal("0.01"))
            ):
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                Problem(
                    "hours",
                    f"{hours_raw!r} must be a number between 0 and {MAX_HOURS} with at most 2 decimals",
                )
            )
        else:
            out.hours = hours + 0
    url = values.get("evidence_url", "").strip()
    if url:
        try:
            if len(url) > 500:
                raise ValidationError("too long")
            _url(url)
        except ValidationError:
            problems.append(
                Problem("evidence_url", f"{url!r} is not an http(s) link of at most 500 characters")
            )
    out.evidence_url = url
    out.evidence_narrative = values.get("evidence_narrative", "").strip()
    return out, problems


def _completion_row(row: PreviewRow, values: CompletionValues, learner_id: int) -> bulk.CompletionRow | None:
    if values.course_id is None or values.completed_on is None:
        return None
    return bulk.CompletionRow(
        learner_id=learner_id,
        course_id=values.course_id,
        completed_on=values.completed_on,
        result=values.result,
        grade=values.grade,
        hours=values.hours,
        evidence_url=values.evidence_url,
        evidence_narrative=values.evidence_narrative,
        where=f"line {row.line}",
    )


def plan_completions(
    institution_id: int,
    records: Sequence[CsvRow],
    *,
    book: RuleBook | None = None,
    preview_awards: bool = True,
    locked: set[int] | None = None,
) -> tuple[list[PreviewRow], list[CompletionValues]]:
    """Check every record and say what saving it would do; returns the rows and each row's clean values.

    ``preview_awards`` also works out the badges each learner would earn (for the preview page; saving
    evaluates them anyway, so it skips this). ``locked`` (saving, inside its transaction): lock the rows'
    learners before reading their results, and add their ids to this set; the existing result each row
    matches is then kept on the row (``PreviewRow.existing``) for the save to use.
    """
    rows = [PreviewRow(r.line, dict(r.values)) for r in records]
    _resolve_learners(institution_id, rows, create_fields=())
    if locked is not None:
        locked |= bulk.lock_learners(institution_id, (r.learner_id for r in rows if r.learner_id is not None))
    courses = {c.code.upper(): c.pk for c in catalog_selectors.courses_of(institution_id).only("pk", "code")}
    today = timezone.localdate()
    clean: list[CompletionValues] = []
    first: dict[tuple[str, int, date], int] = {}
    for row in rows:
        values, problems = check_completion_values(row.values, courses, today=today)
        row.problems += problems
        clean.append(values)
        row.target_id = values.course_id
        if row.learner_key and values.course_id is not None and values.completed_on is not None:
            key = (row.learner_key, values.course_id, values.completed_on)
            if key in first:
                row.problems.append(
                    Problem(
                        "completed_on",
                        f"lines {first[key]} and {row.line} are the same learner, course and completed_on",
                    )
                )
            first.setdefault(key, row.line)
    for row, values in zip(rows, clean, strict=True):
        if row.learner_id is not None and not row.is_error:
            row.completion = _completion_row(row, values, row.learner_id)
    candidates = [r.completion for r in rows]
    existing = bulk.existing_completions(
        (c.learner_id for c in candidates if c),
        (c.course_id for c in candidates if c),
        (c.completed_on for c in candidates if c),
    )
    for row, candidate in zip(rows, candidates, strict=True):
        if row.is_error:
            row.action = "error"
        elif candidate is None:
            row.action = "new"  # a new learner's
        else:
            row.existing = existing.get(candidate.key)
            row.action = bulk.action_for(candidate, row.existing)
    if preview_awards:
        _preview_completion_awards(institution_id, rows, clean, book)
    return rows, clean


def _preview_completion_awards(
    institution_id: int, rows: list[PreviewRow], clean: list[CompletionValues], book: RuleBook | None
) -> None:
    """Which badges the rows would award (nothing written): the engine on each learner's would-be facts."""
    if any(r.is_error for r in rows):
        return
    changes: dict[int, list[tuple[int, bulk.CompletionRow]]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.learner_id is not None and row.action in ("new", "update"):
            candidate = _completion_row(row, clean[index], row.learner_id)
            if candidate is not None:
                changes[row.learner_id].append((index, candidate))
    if not changes:
        return
    book = book or award_selectors.rule_book(institution_id)
    states = award_bulk.load_states(list(changes), book=book)
    for learner_id, mine in changes.items():
        results = [
            award_rules.Result(
                ref=f"line-{rows[i].line}",
                course_id=c.course_id,
                result=c.result,  # type: ignore[arg-type]  # checked against Completion.Result
                completed_on=c.completed_on,
                hours=c.hours,
                grade=c.grade,
            )
            for i, c in mine
        ]
        passed = {c.course_id for _, c in mine if c.result == Completion.Result.PASSED}
        plan = award_bulk.plan_awards(states[learner_id].with_results(results), book=book, course_ids=passed)
        rows[mine[-1][0]].awards = [p.version.title for p in plan]


@collector_paused()
def preview_completion_import(*, actor: User, institution_id: int, data: bytes) -> ImportPreview:
    """Check a CSV of results and say, row by row, what importing it would do (raises ``InvalidInput``
    only when the file itself cannot be read: encoding, header, size)."""
    _require(actor, institution_id)
    records = read_csv(data, required=COMPLETION_REQUIRED, optional=COMPLETION_OPTIONAL)
    rows, _ = plan_completions(institution_id, records)
    return ImportPreview(rows, "completions")


@collector_paused()
def save_completions(
    *,
    actor: User,
    institution_id: int,
    records: Sequence[CsvRow],
    source: str,
    where: str = "line {line}, {column}",
    on_checked: Callable[[], object] | None = None,
) -> ImportResult:
    """Save checked records (CSV rows or API items) in one transaction; ``InvalidInput`` when any is wrong.

    ``on_checked`` is called once every record has passed the checks, before anything is written (the
    benchmark splits its clock there)."""
    _require(actor, institution_id)
    with transaction.atomic():
        book = award_selectors.rule_book(institution_id)
        locked: set[int] = set()
        rows, clean = plan_completions(
            institution_id, records, book=book, preview_awards=False, locked=locked
        )
        preview = ImportPreview(rows, "completions")
        if not preview.ok:
            raise InvalidInput(preview.problems(where))
        if on_checked is not None:
            on_checked()
        _create_learners(institution_id, rows, actor)
        outcome = bulk.save_completion_rows(
            institution_id=institution_id,
            rows=_rows_to_save(rows, clean),
            source=source,
            by_id=actor.pk,
            book=book,
            checked=checked_learners(rows, locked),
        )
    return ImportResult.of(outcome, preview.new_learners)


def _rows_to_save(rows: list[PreviewRow], clean: list[CompletionValues]) -> list[bulk.CompletionRow]:
    """The checked results to save (a new learner's built now that the learner exists)."""
    out = []
    for row, values in zip(rows, clean, strict=True):
        completion = row.completion
        if completion is None and row.learner_id is not None:
            completion = _completion_row(row, values, row.learner_id)
        if completion is not None:
            out.append(completion)
    return out


def checked_learners(rows: list[PreviewRow], locked: set[int]) -> bulk.CheckedLearners:
    """What ``plan_completions(..., locked=...)`` locked and read, for ``save_completion_rows``: the locked
    learners, plus those just created in this transaction (no one else can see them yet)."""
    existing = {r.completion.key: r.existing for r in rows if r.completion is not None and r.existing}
    created = {r.learner_id for r in rows if r.new_learner and r.learner_id is not None}
    return bulk.CheckedLearners(learner_ids=locked | created, existing=existing)


@collector_paused()
def import_completions(*, actor: User, institution_id: int, data: bytes) -> ImportResult:
    """Import a CSV of results: every row, or none when any row is wrong (``InvalidInput`` by line)."""
    _require(actor, institution_id)
    records = read_csv(data, required=COMPLETION_REQUIRED, optional=COMPLETION_OPTIONAL)
    return save_completions(
        actor=actor, institution_id=institution_id, records=records, source=Completion.Source.CSV
    )


# Enrollments -----------------------------------------------------------------------------------------------


def _new_learner_check(row: PreviewRow, version: MicroCredentialVersion) -> list[award_rules.Problem]:
    facts = award_rules.EnrollmentFacts(
        version_status=version.status,
        terminates_on=version.terminates_on,
        credential_level=version.level,
        learner_level=row.values.get("level", "").strip().lower() or Learner.Level.UNDERGRADUATE,
        already_enrolled=False,
        already_holds=False,
        prerequisites=version.prerequisites,
    )
    return award_rules.enrollment_problems(facts, today=timezone.localdate())


def plan_enrollments(
    institution_id: int, records: Sequence[CsvRow], *, book: RuleBook | None = None
) -> list[PreviewRow]:
    """Check every enrollment row: learner, micro-credential, eligibility (staff may enroll past an
    overridable check by giving ``override_reason``), duplicates; and the badges enrolling would award."""
    book = book or award_selectors.rule_book(institution_id)
    rows = [PreviewRow(r.line, dict(r.values)) for r in records]
    _resolve_learners(institution_id, rows, create_fields=("category", "level"))
    by_slug = {v.micro_credential.slug: credential_id for credential_id, v in book.versions.items()}
    for row in rows:
        slug = row.values.get("micro_credential", "").strip()
        if not slug:
            row.problems.append(Problem("micro_credential", "the micro-credential's slug is required"))
        elif slug in by_slug:
            row.target_id = by_slug[slug]
        elif catalog_selectors.micro_credential_by_slug(institution_id, slug) is not None:
            row.problems.append(Problem("micro_credential", f"{slug} is not open for enrollment"))
        else:
            row.problems.append(
                Problem("micro_credential", f"no micro-credential {slug!r} at this institution")
            )
    checks = bulk.check_enrollments(
        institution_id,
        ((r.learner_id, r.target_id) for r in rows if r.learner_id and r.target_id and not r.is_error),
        book=book,
    )
    first: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.is_error or row.target_id is None:
            row.action = "error"
            continue
        key = (row.learner_key, row.target_id)
        if key in first:
            row.problems.append(
                Problem(
                    "micro_credential", f"lines {first[key]} and {row.line} enroll the same learner in it"
                )
            )
            row.action = "error"
            continue
        first[key] = row.line
        if row.learner_id is not None:
            check = checks[(row.learner_id, row.target_id)]
            action, problems = check.action, check.problems
        else:
            action, problems = "new", _new_learner_check(row, book.versions[row.target_id])
        reason = row.values.get("override_reason", "").strip()
        for problem in problems:
            if problem.overridable and reason:
                row.notes.append(f"{problem.message} Enrolled anyway: {reason}")
            elif problem.overridable:
                row.problems.append(
                    Problem("micro_credential", f"{problem.message} Give override_reason to enroll anyway.")
                )
            else:
                row.problems.append(Problem("micro_credential", problem.message))
        row.action = "error" if row.is_error else action
    _preview_enrollment_awards(rows, book)
    return rows


def _preview_enrollment_awards(rows: list[PreviewRow], book: RuleBook) -> None:
    if any(r.is_error for r in rows):
        return
    changes: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.learner_id is not None and row.target_id is not None and row.action in ("new", "update"):
            changes[row.learner_id].append(index)
    if not changes:
        return
    states = award_bulk.load_states(list(changes), book=book)
    for learner_id, indexes in changes.items():
        state = states[learner_id]
        wanted: set[int] = set()
        for index in indexes:
            credential_id = rows[index].target_id
            if credential_id is None:
                continue
            state = state.with_enrollment(book.versions[credential_id])
            wanted.add(credential_id)
        plan = award_bulk.plan_awards(state, book=book, micro_credential_ids=wanted)
        rows[indexes[-1]].awards = [p.version.title for p in plan]


@collector_paused()
def preview_enrollment_import(*, actor: User, institution_id: int, data: bytes) -> ImportPreview:
    """Check a CSV of enrollments and say, row by row, what importing it would do."""
    _require(actor, institution_id)
    records = read_csv(data, required=ENROLLMENT_REQUIRED, optional=ENROLLMENT_OPTIONAL)
    return ImportPreview(plan_enrollments(institution_id, records), "enrollments")


@collector_paused()
def import_enrollments(*, actor: User, institution_id: int, data: bytes) -> ImportResult:
    """Enroll learners from a CSV (bulk enrollment): every row, or none when any row is wrong."""
    _require(actor, institution_id)
    records = read_csv(data, required=ENROLLMENT_REQUIRED, optional=ENROLLMENT_OPTIONAL)
    with transaction.atomic():
        book = award_selectors.rule_book(institution_id)
        rows = plan_enrollments(institution_id, records, book=book)
        preview = ImportPreview(rows, "enrollments")
        if not preview.ok:
            raise InvalidInput(preview.problems())
        _create_learners(institution_id, rows, actor)
        outcome = bulk.save_enrollment_rows(
            institution_id=institution_id,
            rows=[
                bulk.EnrollmentRow(
                    learner_id=r.learner_id,
                    micro_credential_id=r.target_id,
                    override_reason=r.values.get("override_reason", ""),
                    where=f"line {r.line}",
                )
                for r in rows
                if r.learner_id is not None and r.target_id is not None
            ],
            source=Enrollment.Source.CSV,
            by_id=actor.pk,
            book=book,
        )
    return ImportResult.of(outcome, preview.new_learners)
