"""Write use-cases for learners: records, enrollment and completions.

Every use-case that can earn a badge (enrolling, recording a result) ends by asking the awards app to
evaluate the learner **inside the same transaction**, with the learner's row locked: the award exists the
moment the completion does, and two completions arriving together cannot award twice.
(The awards app reads learners' data, so this app imports its services inside the functions.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from microcred.accounts import selectors as account_selectors
from microcred.accounts import services as account_services
from microcred.awards import rules as award_rules
from microcred.catalog import selectors as catalog_selectors
from microcred.core.errors import InvalidInput, NotAllowed, Problem
from microcred.learners.models import Completion, Enrollment, Learner

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.awards.models import Award
    from microcred.catalog.models import Course, MicroCredential
    from microcred.institutions.models import Institution

CATEGORIES = {c.value for c in Learner.Category}
LEVELS = {c.value for c in Learner.Level}
RESULTS = {c.value for c in Completion.Result}


def lock_learner(learner_id: int) -> Learner:
    """Lock the learner's row until the transaction ends (serializes awarding for one learner).

    ``FOR NO KEY UPDATE``, like every lock of the awarding path: it excludes the other awarding transactions
    but not the key-share locks other transactions take when they insert rows pointing at the learner (or
    at an institution, a status list, an award). A plain ``FOR UPDATE`` blocks those too, and two learners'
    awards signing while a third completion arrives deadlocked on PostgreSQL (found by the concurrency test).
    """
    return Learner.objects.select_for_update(no_key=True).get(pk=learner_id)


@transaction.atomic
def ensure_learner(
    *,
    institution: Institution,
    user: User,
    institutional_id: str = "",
    category: str = Learner.Category.STUDENT,
    level: str = Learner.Level.UNDERGRADUATE,
    organization: str = "",
) -> Learner:
    """The person's learner record at the institution, created on first need."""
    learner = Learner.objects.filter(institution=institution, user=user).first()
    if learner is not None:
        return learner
    _check_learner_fields(institutional_id=institutional_id, category=category, level=level)
    if (
        institutional_id
        and Learner.objects.filter(institution=institution, institutional_id=institutional_id).exists()
    ):
        raise InvalidInput(
            f"institutional id {institutional_id} belongs to another learner", "institutional_id"
        )
    return Learner.objects.create(
        institution=institution,
        user=user,
        institutional_id=institutional_id.strip(),
        category=category,
        level=level,
        organization=organization.strip(),
    )


def _check_learner_fields(*, institutional_id: str, category: str, level: str) -> None:
    problems = []
    if category not in CATEGORIES:
        problems.append(Problem("category", f"{category!r} is not one of {', '.join(sorted(CATEGORIES))}"))
    if level not in LEVELS:
        problems.append(Problem("level", f"{level!r} is not one of {', '.join(sorted(LEVELS))}"))
    if len(institutional_id) > 60:
        problems.append(Problem("institutional_id", "at most 60 characters"))
    if problems:
        raise InvalidInput(problems)


@transaction.atomic
def register_learner(
    *,
    institution: Institution,
    email: str,
    full_name: str,
    institutional_id: str = "",
    category: str = Learner.Category.STUDENT,
    level: str = Learner.Level.UNDERGRADUATE,
    organization: str = "",
    invited_by: User | None = None,
) -> tuple[Learner, bool]:
    """Find or create the person who owns ``email`` (inviting a new one) and their learner record.

    Returns the learner and whether the learner record was created.
    """
    _check_learner_fields(institutional_id=institutional_id, category=category, level=level)
    user = account_selectors.proven_owner_of_email(email) or account_selectors.find_user_by_email(email)
    if user is None:
        if invited_by is not None:
            user, _ = account_services.invite_person(
                email=email, full_name=full_name, invited_by=invited_by, institution_name=institution.name
            )
        else:
            user = account_services.create_person(email=email, full_name=full_name)
    existing = Learner.objects.filter(institution=institution, user=user).first()
    if existing is not None:
        return existing, False
    learner = ensure_learner(
        institution=institution,
        user=user,
        institutional_id=institutional_id,
        category=category,
        level=level,
        organization=organization,
    )
    return learner, True


@transaction.atomic
def update_learner(*, learner: Learner, **changes: Any) -> Learner:
    """Change the learner's institutional id, category, level, organization or DID."""
    allowed = {"institutional_id", "category", "level", "organization", "did"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"cannot change {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(learner, name, str(value).strip())
    _check_learner_fields(
        institutional_id=learner.institutional_id, category=learner.category, level=learner.level
    )
    if learner.did and not learner.did.startswith("did:"):
        raise InvalidInput("a DID starts with did: (for example did:key:z6Mk...)", "did")
    if (
        learner.institutional_id
        and Learner.objects.filter(
            institution_id=learner.institution_id, institutional_id=learner.institutional_id
        )
        .exclude(pk=learner.pk)
        .exists()
    ):
        raise InvalidInput(
            f"institutional id {learner.institutional_id} belongs to another learner", "institutional_id"
        )
    learner.save()
    return learner


# Enrollment ------------------------------------------------------------------------------------------------


def enrollment_problems(
    *, learner: Learner, micro_credential: MicroCredential, confirmed_prerequisites: bool = False
) -> list[award_rules.Problem]:
    """Why the learner may not enroll now (empty when they may)."""
    from microcred.awards import selectors as award_selectors

    version = catalog_selectors.published_versions_of([micro_credential.pk]).get(micro_credential.pk)
    facts = award_rules.EnrollmentFacts(
        version_status=version.status if version else "none",
        terminates_on=version.terminates_on if version else None,
        credential_level=version.level if version else "",
        learner_level=learner.level,
        already_enrolled=Enrollment.objects.filter(learner=learner, micro_credential=micro_credential)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .exists(),
        already_holds=award_selectors.current_award(learner.pk, micro_credential.pk) is not None,
        prerequisites=version.prerequisites if version else "",
        confirmed_prerequisites=confirmed_prerequisites,
    )
    return award_rules.enrollment_problems(facts, today=timezone.localdate())


@dataclass
class EnrollOutcome:
    enrollment: Enrollment
    awards: list[Award] = field(default_factory=list)


@transaction.atomic
def enroll_learner(
    *,
    learner: Learner,
    micro_credential: MicroCredential,
    source: str = Enrollment.Source.SELF,
    by: User | None = None,
    confirmed_prerequisites: bool = False,
    override_reason: str = "",
) -> EnrollOutcome:
    """Enroll the learner in the micro-credential's published version, then award it if already earned.

    Learners enroll themselves without admission; staff (``source`` staff/csv/api) may enroll past an
    overridable check (level, prerequisites) by giving ``override_reason``.
    """
    from microcred.awards import services as award_services

    if micro_credential.institution_id != learner.institution_id:
        raise NotAllowed("the micro-credential belongs to another institution")
    learner = lock_learner(learner.pk)
    problems = enrollment_problems(
        learner=learner, micro_credential=micro_credential, confirmed_prerequisites=confirmed_prerequisites
    )
    staff = source != Enrollment.Source.SELF
    blocking = [p for p in problems if not (p.overridable and staff and override_reason.strip())]
    if blocking:
        raise InvalidInput([Problem(p.code, p.message) for p in blocking])
    version = catalog_selectors.published_versions_of([micro_credential.pk])[micro_credential.pk]
    existing = Enrollment.objects.filter(learner=learner, micro_credential=micro_credential).first()
    if existing is not None:  # withdrawn earlier: enroll again under the current version
        existing.status = Enrollment.Status.ACTIVE
        existing.version = version
        existing.source = source
        existing.enrolled_by = by
        existing.reason = override_reason.strip() if problems else ""
        existing.enrolled_at = timezone.now()
        existing.save()
        enrollment = existing
    else:
        enrollment = Enrollment.objects.create(
            learner=learner,
            micro_credential=micro_credential,
            version=version,
            source=source,
            enrolled_by=by,
            reason=override_reason.strip() if problems else "",
        )
    awards = award_services.award_if_earned(learner=learner, micro_credential_ids={micro_credential.pk})
    return EnrollOutcome(enrollment, awards)


@transaction.atomic
def withdraw_enrollment(*, enrollment: Enrollment) -> Enrollment:
    if enrollment.status == Enrollment.Status.COMPLETED:
        raise InvalidInput("a completed enrollment cannot be withdrawn")
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.save(update_fields=["status"])
    return enrollment


def mark_enrollment_completed(
    *, learner_id: int, micro_credential_id: int, version_id: int, source: str = Enrollment.Source.STACKING
) -> None:
    """Called by the awards app when an award is made: the enrollment (created if missing) is completed."""
    updated = Enrollment.objects.filter(
        learner_id=learner_id, micro_credential_id=micro_credential_id
    ).update(status=Enrollment.Status.COMPLETED)
    if not updated:
        Enrollment.objects.create(
            learner_id=learner_id,
            micro_credential_id=micro_credential_id,
            version_id=version_id,
            source=source,
            status=Enrollment.Status.COMPLETED,
        )


# Completions -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionInput:
    """One result to record (from a form, a CSV row or the API)."""

    course: Course
    completed_on: date
    result: str = Completion.Result.PASSED
    grade: str = ""
    hours: Decimal | None = None
    evidence_url: str = ""
    evidence_narrative: str = ""


def check_completion(data: CompletionInput, *, institution_id: int, where: str = "") -> list[Problem]:
    """Problems with one result, each naming its field (prefixed with ``where``, e.g. "row 4: ")."""
    problems = []
    at = (lambda f: f"{where}{f}") if where else (lambda f: f)
    if data.course.institution_id != institution_id:
        problems.append(Problem(at("course"), "the course belongs to another institution"))
    if data.result not in RESULTS:
        problems.append(Problem(at("result"), f"{data.result!r} is not one of {', '.join(sorted(RESULTS))}"))
    if data.completed_on > timezone.localdate():
        problems.append(Problem(at("completed_on"), f"{data.completed_on} is in the future"))
    if data.hours is not None and (data.hours < 0 or data.hours > Decimal("10000")):
        problems.append(Problem(at("hours"), "hours must be between 0 and 10000"))
    if data.evidence_url and not data.evidence_url.startswith(("https://", "http://")):
        problems.append(Problem(at("evidence_url"), "evidence links must be http(s) URLs"))
    if len(data.grade) > 20:
        problems.append(Problem(at("grade"), "at most 20 characters"))
    return problems


def _save_completion(
    *, learner: Learner, data: CompletionInput, source: str, by: User | None, evidence_file: Any = None
) -> tuple[Completion, bool]:
    """Insert or update the learner's result in the course on that day; returns (completion, changed)."""
    values = {
        "result": data.result,
        "grade": data.grade.strip(),
        "hours": data.hours,
        "evidence_url": data.evidence_url.strip(),
        "evidence_narrative": data.evidence_narrative.strip(),
    }
    completion = Completion.objects.filter(
        learner=learner, course=data.course, completed_on=data.completed_on
    ).first()
    if completion is None:
        completion = Completion(
            learner=learner,
            course=data.course,
            completed_on=data.completed_on,
            source=source,
            recorded_by=by,
            **values,
        )
        changed = True
    else:
        changed = any(getattr(completion, k) != v for k, v in values.items()) or evidence_file is not None
        for k, v in values.items():
            setattr(completion, k, v)
        if changed:
            completion.recorded_by = by
            completion.recorded_at = timezone.now()
    if evidence_file is not None:
        completion.evidence_file = evidence_file
    if changed:
        completion.save()
    return completion, changed


@dataclass
class RecordOutcome:
    completion: Completion
    changed: bool
    awards: list[Award] = field(default_factory=list)


@transaction.atomic
def record_completion(
    *,
    learner: Learner,
    data: CompletionInput,
    source: str = Completion.Source.MANUAL,
    by: User | None = None,
    evidence_file: Any = None,
) -> RecordOutcome:
    """Record one result and award, in the same transaction, every micro-credential it completes."""
    from microcred.awards import services as award_services

    problems = check_completion(data, institution_id=learner.institution_id)
    if problems:
        raise InvalidInput(problems)
    learner = lock_learner(learner.pk)
    completion, changed = _save_completion(
        learner=learner, data=data, source=source, by=by, evidence_file=evidence_file
    )
    awards: list[Award] = []
    if changed and completion.result == Completion.Result.PASSED:
        awards = award_services.award_if_earned(learner=learner, course_ids={completion.course_id})
    return RecordOutcome(completion, changed, awards)


@transaction.atomic
def delete_completion(*, completion: Completion) -> None:
    """Remove a result entered by mistake (awards it earned stay; staff revoke them if needed)."""
    completion.delete()


def save_completions_bulk(
    *, learner: Learner, rows: list[CompletionInput], source: str, by: User | None
) -> tuple[list[Completion], set[int]]:
    """Save several results of one (already locked) learner; returns them and the course ids that changed.

    Used by imports inside their own transaction; they call the awards app once per learner afterwards.
    """
    saved: list[Completion] = []
    changed_courses: set[int] = set()
    for data in rows:
        completion, changed = _save_completion(learner=learner, data=data, source=source, by=by)
        saved.append(completion)
        if changed and completion.result == Completion.Result.PASSED:
            changed_courses.add(completion.course_id)
    return saved, changed_courses
