"""The bulk write path for results and enrollments: CSV imports, the API and the benchmark all use it.

One transaction per call, all or nothing: the learners' rows are locked (in id order, in chunks, so two
imports touching the same learners queue instead of deadlocking), existing rows are read in one query per
chunk, new ones are written by ``core.fastinsert`` (PostgreSQL: ``COPY``) and changed ones with
``bulk_update``, and then the awards app awards, in the same transaction, everything the batch earned
(``awards.bulk.award_earned``). Nothing here runs a query per row, and the garbage collector is paused
while it runs (``core.gcpause``). For a single result from a form, ``learners.services.record_completion``
stays the path; both award exactly the same badges.

Rows arrive checked (``learners.imports`` and the API check them and name the column or field of every
problem); what this module checks again is what the database would otherwise refuse or what could have
changed since the check (learners and courses of another institution, duplicate keys, eligibility).
(The awards app reads learners' data through this module, so this module imports it inside functions.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from django.db import connection, transaction
from django.db.models import CharField, F
from django.db.models.functions import Cast
from django.utils import timezone

from microcred.awards import rules as award_rules
from microcred.catalog import selectors as catalog_selectors
from microcred.core.errors import InvalidInput, Problem
from microcred.core.fastinsert import insert_rows
from microcred.core.gcpause import collector_paused
from microcred.core.lookups import Array  # importing registers __in_array
from microcred.learners.models import Completion, Enrollment, Learner

if TYPE_CHECKING:
    from microcred.awards.selectors import RuleBook
    from microcred.catalog.models import Course, MicroCredentialVersion

#: Ids per ``IN (...)`` query and rows per ``bulk_create`` batch.
CHUNK = 2000
#: Ids per ``__in_array`` read (one parameter however many).
READ_CHUNK = 10_000
#: Rows per ``bulk_update`` batch (each is one UPDATE with a CASE per field).
UPDATE_CHUNK = 500

RESULTS = {c.value for c in Completion.Result}
VALUE_FIELDS = ("result", "grade", "hours", "evidence_url", "evidence_narrative")

T = TypeVar("T")


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class CompletionRow:
    """One checked result to save; ``where`` names it in errors ("line 4", "items[3]")."""

    learner_id: int
    course_id: int
    completed_on: date
    result: str = Completion.Result.PASSED
    grade: str = ""
    hours: Decimal | None = None
    evidence_url: str = ""
    evidence_narrative: str = ""
    where: str = ""

    @property
    def key(self) -> tuple[int, int, date]:
        return (self.learner_id, self.course_id, self.completed_on)

    def values(self) -> dict[str, object]:
        return {
            "result": self.result,
            "grade": self.grade.strip(),
            "hours": self.hours,
            "evidence_url": self.evidence_url.strip(),
            "evidence_narrative": self.evidence_narrative.strip(),
        }


@dataclass(frozen=True)
class EnrollmentRow:
    """One checked enrollment to make (by staff: ``override_reason`` enrolls past overridable checks)."""

    learner_id: int
    micro_credential_id: int
    override_reason: str = ""
    where: str = ""


@dataclass
class BulkOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    award_ids: list[int] = field(default_factory=list)
    award_uuids: list[str] = field(default_factory=list)


def _at(where: str, column: str) -> str:
    return f"{where}: {column}" if where else column


# Reads in bulk (also used by the awards app) ---------------------------------------------------------------


def lock_learners(institution_id: int, learner_ids: Iterable[int]) -> set[int]:
    """Lock the rows of these learners of the institution (id order, in chunks); return the ids found."""
    ids = sorted(set(learner_ids))
    found: set[int] = set()
    for chunk in chunked(ids, READ_CHUNK):
        found.update(
            Learner.objects.select_for_update(no_key=True)
            .filter(institution_id=institution_id, pk__in_array=Array(chunk))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return found


#: Up to this many distinct days, ``existing_completions`` also filters on the day.
MAX_DAYS_FILTERED = 1_000


def existing_completions(
    learner_ids: Iterable[int], course_ids: Iterable[int], days: Iterable[date] | None = None
) -> dict[tuple[int, int, date], Completion]:
    """The results of these learners in these courses (on these days), by (learner, course, day).

    One query per chunk of learners. Giving ``days`` keeps the answer to the rows a file can match: an
    import of one term's results then does not read every earlier term's results of the same learners.
    """
    ids = sorted(set(learner_ids))
    courses = sorted(set(course_ids))
    wanted_days = sorted(set(days)) if days is not None else []
    found: dict[tuple[int, int, date], Completion] = {}
    for chunk in chunked(ids, READ_CHUNK):
        query = Completion.objects.filter(
            learner_id__in_array=Array(chunk), course_id__in_array=Array(courses)
        ).order_by()
        if wanted_days and len(wanted_days) <= MAX_DAYS_FILTERED:
            query = query.filter(completed_on__in_array=Array(wanted_days))
        for completion in query:
            found[(completion.learner_id, completion.course_id, completion.completed_on)] = completion
    return found


def action_for(row: CompletionRow, existing: Completion | None) -> str:
    """What saving ``row`` does: "new", "update" or "unchanged" (the same test as a single record)."""
    if existing is None:
        return "new"
    if any(getattr(existing, name) != value for name, value in row.values().items()):
        return "update"
    return "unchanged"


def results_of_learners(
    learner_ids: Sequence[int], *, passed_only: bool = False
) -> dict[int, list[award_rules.Result]]:
    """Every result of these learners as the requirement engine's facts, by learner (``passed_only``: the
    passes alone, all that deciding an award needs)."""
    out: dict[int, list[award_rules.Result]] = defaultdict(list)
    # PostgreSQL writes the uuid as text itself, in str(UUID)'s form (SQLite stores it without dashes).
    as_text = connection.vendor == "postgresql"
    ref_column = Cast("uuid", output_field=CharField()) if as_text else F("uuid")
    result_type = award_rules.Result
    for chunk in chunked(sorted(set(learner_ids)), READ_CHUNK):
        query = Completion.objects.filter(learner_id__in_array=Array(chunk))
        if passed_only:
            query = query.filter(result=Completion.Result.PASSED)
        rows = query.order_by().values_list(
            "learner_id", ref_column, "course_id", "result", "completed_on", "hours", "grade"
        )
        for learner_id, ref, course_id, result, completed_on, hours, grade in rows:
            # positional: this runs for every result of every learner in an import
            out[learner_id].append(
                result_type(ref if as_text else str(ref), course_id, result, completed_on, hours, grade)
            )
    return out


_WITHDRAWN = str(Enrollment.Status.WITHDRAWN)  # a plain str: comparing with the enum member is slower


@dataclass(frozen=True)
class EnrollmentFact:
    pk: int
    micro_credential_id: int
    version: MicroCredentialVersion
    status: str

    @property
    def withdrawn(self) -> bool:
        return self.status == _WITHDRAWN


def enrollments_of_learners(
    learner_ids: Sequence[int], *, book_versions: Mapping[int, MicroCredentialVersion]
) -> dict[int, list[EnrollmentFact]]:
    """Every enrollment of these learners (withdrawn too), with its version, by learner.

    Versions that are published (``book_versions``, by micro-credential) are taken from there; older ones
    are read in one more query.
    """
    by_id = {v.pk: v for v in book_versions.values()}
    rows: list[tuple[int, int, int, int, str]] = []
    for chunk in chunked(sorted(set(learner_ids)), READ_CHUNK):
        rows += (
            Enrollment.objects.filter(learner_id__in_array=Array(chunk))
            .order_by()
            .values_list("pk", "learner_id", "micro_credential_id", "version_id", "status")
        )
    older = sorted(pk for pk, *_, version_id, _ in rows if version_id not in by_id)
    for chunk in chunked(older):
        for enrollment in Enrollment.objects.filter(pk__in=chunk).select_related("version"):
            by_id.setdefault(enrollment.version_id, enrollment.version)
    out: dict[int, list[EnrollmentFact]] = defaultdict(list)
    for pk, learner_id, credential_id, version_id, status in rows:
        out[learner_id].append(EnrollmentFact(pk, credential_id, by_id[version_id], status))
    return out


@dataclass(slots=True)
class CitedCompletion:
    """A completion as a credential cites it (read without building model instances: issuing a large
    import reads hundreds of thousands)."""

    pk: int
    uuid: UUID
    learner_id: int
    course: Course
    completed_on: date
    result: str
    grade: str
    hours: Decimal | None
    evidence_url: str
    evidence_file: str  # the stored file's name, "" when none
    evidence_narrative: str


def cited_completions(uuids: Collection[str], *, learner_ids: Iterable[int]) -> dict[str, CitedCompletion]:
    """The completions with these uuids (as text), by uuid, each with its course (the few courses read once).

    They are read as all the results of ``learner_ids`` (the learners whose credentials cite them), through
    the learner index, and then kept by uuid: an issuing task's few thousand scattered uuids cost PostgreSQL
    an index probe each, and 2,000 or more are planned as a scan of the whole table; a learner's results
    sit together in the (learner, course, day) index. Four times faster for a task of 2,000 awards.
    """
    wanted = set(uuids)
    # PostgreSQL writes the uuid as text itself, in str(UUID)'s form (SQLite stores it without dashes).
    as_text = connection.vendor == "postgresql"
    ref_column = Cast("uuid", output_field=CharField()) if as_text else F("uuid")
    rows: list[tuple[Any, ...]] = []
    for chunk in chunked(sorted(set(learner_ids)), READ_CHUNK):
        for row in (
            Completion.objects.filter(learner_id__in_array=Array(chunk)).order_by().values_list(
                "pk", ref_column, "learner_id", "course_id", "completed_on", "result", "grade", "hours",
                "evidence_url", "evidence_file", "evidence_narrative",
            )
        ):  # fmt: skip
            ref = row[1] if as_text else str(row[1])
            if ref in wanted:
                rows.append((ref, *row))
    courses = {c.pk: c for c in catalog_selectors.courses_by_ids({row[4] for row in rows})}
    found: dict[str, CitedCompletion] = {}
    for ref, pk, _, learner_id, course_id, *values in rows:
        found[ref] = CitedCompletion(pk, UUID(ref), learner_id, courses[course_id], *values)
    return found


def mark_enrollments_completed(
    awarded: Sequence[tuple[int, int, int]], *, enrollments: Mapping[tuple[int, int], int]
) -> None:
    """For awards made in bulk, as (learner, micro-credential, version): complete the learners'
    enrollments, creating the missing ones (a stack earned without enrolling) as "stacking".

    ``enrollments``: the learners' enrollments by (learner, micro-credential), as the caller read them in
    this transaction with the learners locked (not read again)."""
    wanted = {(learner_id, credential_id): version_id for learner_id, credential_id, version_id in awarded}
    existing = {key: pk for key, pk in enrollments.items() if key in wanted}
    for chunk in chunked(sorted(existing.values()), READ_CHUNK):
        Enrollment.objects.filter(pk__in_array=Array(chunk)).update(status=Enrollment.Status.COMPLETED)
    insert_rows(
        Enrollment,
        (
            {
                "learner_id": learner_id,
                "micro_credential_id": credential_id,
                "version_id": version_id,
                "source": Enrollment.Source.STACKING,
                "status": Enrollment.Status.COMPLETED,
            }
            for (learner_id, credential_id), version_id in wanted.items()
            if (learner_id, credential_id) not in existing
        ),
    )


# Results ---------------------------------------------------------------------------------------------------


def _check_completion_rows(institution_id: int, rows: Sequence[CompletionRow], found: set[int]) -> None:
    course_ids = set(catalog_selectors.courses_of(institution_id).values_list("pk", flat=True))
    problems: list[Problem] = []
    first: dict[tuple[int, int, date], str] = {}
    today = timezone.localdate()
    for row in rows:
        if row.learner_id not in found:
            problems.append(Problem(_at(row.where, "learner"), "no such learner at this institution"))
        if row.course_id not in course_ids:
            problems.append(Problem(_at(row.where, "course"), "no such course at this institution"))
        if row.result not in RESULTS:
            problems.append(
                Problem(
                    _at(row.where, "result"), f"{row.result!r} is not one of {', '.join(sorted(RESULTS))}"
                )
            )
        if row.completed_on > today:
            problems.append(Problem(_at(row.where, "completed_on"), f"{row.completed_on} is in the future"))
        if row.key in first:
            problems.append(
                Problem(
                    _at(row.where, "completed_on"), f"the same learner, course and date as {first[row.key]}"
                )
            )
        first.setdefault(row.key, row.where or "another row")
    if problems:
        raise InvalidInput(problems)


@dataclass(frozen=True)
class CheckedLearners:
    """Learners locked in the current transaction and the existing results read after locking them."""

    learner_ids: set[int]
    existing: Mapping[tuple[int, int, date], Completion]


@collector_paused()
@transaction.atomic
def save_completion_rows(
    *,
    institution_id: int,
    rows: Sequence[CompletionRow],
    source: str,
    by_id: int | None,
    book: RuleBook | None = None,
    checked: CheckedLearners | None = None,
) -> BulkOutcome:
    """Save many results and award what they earn, in one transaction: every row, or none.

    ``checked``: the caller already locked the rows' learners in this transaction and read their existing
    results (``learners.imports`` does, to say what each row does); they are not locked and read again.

    A row whose (learner, course, day) exists updates that result when a value differs and is left
    alone otherwise (re-importing a file changes nothing). New or changed passes make the learners'
    enrollments that use the course candidates for an award, exactly as ``record_completion`` does.
    """
    from microcred.awards import bulk as award_bulk

    if checked is None:
        found = lock_learners(institution_id, (r.learner_id for r in rows))
        existing = None
    else:
        found, existing = checked.learner_ids, checked.existing
    _check_completion_rows(institution_id, rows, found)
    if existing is None:
        existing = existing_completions(
            (r.learner_id for r in rows), (r.course_id for r in rows), (r.completed_on for r in rows)
        )
    now = timezone.now()
    outcome = BulkOutcome()
    new: list[dict[str, Any]] = []
    changed: list[Completion] = []
    passed: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        completion = existing.get(row.key)
        action = action_for(row, completion)
        if action == "unchanged":
            outcome.unchanged += 1
            continue
        if completion is None:
            new.append(
                {
                    "learner_id": row.learner_id,
                    "course_id": row.course_id,
                    "completed_on": row.completed_on,
                    "source": source,
                    "recorded_by_id": by_id,
                    "recorded_at": now,
                    **row.values(),
                }
            )
        else:
            for name, value in row.values().items():
                setattr(completion, name, value)
            completion.recorded_by_id = by_id
            completion.recorded_at = now
            changed.append(completion)
        if row.result == Completion.Result.PASSED:
            passed[row.learner_id].add(row.course_id)
    insert_rows(Completion, new)
    Completion.objects.bulk_update(
        changed, [*VALUE_FIELDS, "recorded_by", "recorded_at"], batch_size=UPDATE_CHUNK
    )
    outcome.created, outcome.updated = len(new), len(changed)
    awards = award_bulk.award_earned(institution_id=institution_id, course_ids_by_learner=passed, book=book)
    outcome.award_ids = [a.pk for a in awards]
    outcome.award_uuids = [str(a.uuid) for a in awards]
    return outcome


# Enrollments -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrollmentCheck:
    """What enrolling a learner would do: nothing (already enrolled), enroll, or re-enroll; and the
    eligibility problems (the "already enrolled" one left out: that row is simply unchanged)."""

    action: str  # "new", "update" (enrolled again after withdrawing) or "unchanged"
    problems: list[award_rules.Problem]
    version: MicroCredentialVersion | None

    def blocking(self, override_reason: str) -> list[award_rules.Problem]:
        """Problems that stop staff: every one not overridable, and overridable ones without a reason."""
        return [p for p in self.problems if not (p.overridable and override_reason.strip())]


def check_enrollments(
    institution_id: int, pairs: Iterable[tuple[int, int]], *, book: RuleBook
) -> dict[tuple[int, int], EnrollmentCheck]:
    """Eligibility of many (learner, micro-credential) pairs, read in a few queries per chunk."""
    from microcred.awards import bulk as award_bulk

    wanted = sorted(set(pairs))
    learner_ids = sorted({learner_id for learner_id, _ in wanted})
    levels: dict[int, str] = {}
    for chunk in chunked(learner_ids, READ_CHUNK):
        levels.update(
            Learner.objects.filter(institution_id=institution_id, pk__in_array=Array(chunk)).values_list(
                "pk", "level"
            )
        )
    states = award_bulk.load_states(learner_ids, book=book)
    enrollments = enrollments_of_learners(learner_ids, book_versions=book.versions)
    today = timezone.localdate()
    out = {}
    for learner_id, credential_id in wanted:
        version = book.versions.get(credential_id)
        current = next(
            (e for e in enrollments.get(learner_id, []) if e.micro_credential_id == credential_id), None
        )
        if current is not None and not current.withdrawn:
            out[(learner_id, credential_id)] = EnrollmentCheck("unchanged", [], version)
            continue
        state = states.get(learner_id)
        facts = award_rules.EnrollmentFacts(
            version_status=version.status if version else "none",
            terminates_on=version.terminates_on if version else None,
            credential_level=version.level if version else "",
            learner_level=levels.get(learner_id, ""),
            already_enrolled=False,
            already_holds=state is not None and credential_id in state.held,
            prerequisites=version.prerequisites if version else "",
        )
        problems = award_rules.enrollment_problems(facts, today=today)
        out[(learner_id, credential_id)] = EnrollmentCheck(
            "new" if current is None else "update", problems, version
        )
    return out


@collector_paused()
@transaction.atomic
def save_enrollment_rows(
    *,
    institution_id: int,
    rows: Sequence[EnrollmentRow],
    source: str = Enrollment.Source.CSV,
    by_id: int | None,
    book: RuleBook | None = None,
) -> BulkOutcome:
    """Enroll many learners (staff: past overridable checks when a row gives its reason), then award what
    the new enrollments already earned; every row or none. Rows already enrolled are left unchanged."""
    from microcred.awards import bulk as award_bulk
    from microcred.awards import selectors as award_selectors

    book = book or award_selectors.rule_book(institution_id)
    found = lock_learners(institution_id, (r.learner_id for r in rows))
    checks = check_enrollments(
        institution_id, ((r.learner_id, r.micro_credential_id) for r in rows), book=book
    )
    problems: list[Problem] = []
    first: dict[tuple[int, int], str] = {}
    for row in rows:
        key = (row.learner_id, row.micro_credential_id)
        if row.learner_id not in found:
            problems.append(Problem(_at(row.where, "learner"), "no such learner at this institution"))
        elif key in first:
            problems.append(
                Problem(
                    _at(row.where, "micro_credential"),
                    f"the same learner and micro-credential as {first[key]}",
                )
            )
        else:
            problems += [
                Problem(_at(row.where, "micro_credential"), p.message)
                for p in checks[key].blocking(row.override_reason)
            ]
        first.setdefault(key, row.where or "another row")
    if problems:
        raise InvalidInput(problems)
    existing = enrollments_of_learners(sorted(found), book_versions=book.versions)
    now = timezone.now()
    outcome = BulkOutcome()
    new: list[Enrollment] = []
    again: list[Enrollment] = []
    enrolled: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        check = checks[(row.learner_id, row.micro_credential_id)]
        if check.action == "unchanged" or check.version is None:
            outcome.unchanged += 1
            continue
        reason = row.override_reason.strip()
        if check.action == "new":
            new.append(
                Enrollment(
                    learner_id=row.learner_id,
                    micro_credential_id=row.micro_credential_id,
                    version=check.version,
                    source=source,
                    enrolled_by_id=by_id,
                    reason=reason if check.problems else "",
                    enrolled_at=now,
                )
            )
        else:
            previous = next(
                e for e in existing[row.learner_id] if e.micro_credential_id == row.micro_credential_id
            )
            again.append(
                Enrollment(
                    pk=previous.pk,
                    status=Enrollment.Status.ACTIVE,
                    version=check.version,
                    source=source,
                    enrolled_by_id=by_id,
                    reason=reason,
                    enrolled_at=now,
                )
            )
        enrolled[row.learner_id].add(row.micro_credential_id)
    Enrollment.objects.bulk_create(new, batch_size=CHUNK)
    Enrollment.objects.bulk_update(
        again,
        ["status", "version", "source", "enrolled_by", "reason", "enrolled_at"],
        batch_size=UPDATE_CHUNK,
    )
    outcome.created, outcome.updated = len(new), len(again)
    awards = award_bulk.award_earned(
        institution_id=institution_id, micro_credential_ids_by_learner=enrolled, book=book
    )
    outcome.award_ids = [a.pk for a in awards]
    outcome.award_uuids = [str(a.uuid) for a in awards]
    return outcome
