"""Read queries about awards, their status lists, and the rule book the requirement engine runs on."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Q, QuerySet
from pydantic import ValidationError

from microcred.awards import rules
from microcred.awards.models import Award, AwardEvent, StatusList
from microcred.catalog import requirements
from microcred.catalog import selectors as catalog_selectors

if TYPE_CHECKING:
    from microcred.catalog.models import MicroCredentialVersion
    from microcred.learners.models import Learner

CURRENT = [Award.State.ACTIVE, Award.State.SUSPENDED]


def current_award(learner_id: int, micro_credential_id: int) -> Award | None:
    """The learner's active or suspended award of the micro-credential."""
    return Award.objects.filter(
        learner_id=learner_id, micro_credential_id=micro_credential_id, state__in=CURRENT
    ).first()


def award_by_uuid(award_uuid: UUID | str) -> Award | None:
    try:
        UUID(str(award_uuid))
    except ValueError:
        return None
    return (
        Award.objects.filter(uuid=award_uuid)
        .select_related(
            "learner__user", "institution", "micro_credential", "version", "status_list", "issued"
        )
        .first()
    )


def award_by_id(award_id: int) -> Award | None:
    return (
        Award.objects.filter(pk=award_id)
        .select_related(
            "learner__user", "institution", "micro_credential", "version", "status_list", "issued"
        )
        .first()
    )


def awards_of_learner(learner_id: int) -> QuerySet[Award]:
    return Award.objects.filter(learner_id=learner_id).select_related(
        "version", "micro_credential", "institution", "learner__user"
    )


def awards_of_user(user_id: int) -> QuerySet[Award]:
    """Every award of one person, at every institution where they learn (their wallet)."""
    return Award.objects.filter(learner__user_id=user_id).select_related(
        "version", "micro_credential", "institution", "learner__user"
    )


def awards_in(institution_id: int, *, state: str = "", query: str = "") -> QuerySet[Award]:
    awards = Award.objects.filter(institution_id=institution_id).select_related(
        "version", "micro_credential", "learner__user"
    )
    if state:
        awards = awards.filter(state=state)
    for word in query.split():
        awards = awards.filter(
            Q(learner__user__full_name__icontains=word)
            | Q(learner__user__email__icontains=word)
            | Q(learner__institutional_id__icontains=word)
            | Q(version__title__icontains=word)
        )
    return awards


def events_of(award: Award) -> QuerySet[AwardEvent]:
    return AwardEvent.objects.filter(award=award).select_related("actor")


def status_list_by_uuid(list_uuid: UUID | str) -> StatusList | None:
    try:
        UUID(str(list_uuid))
    except ValueError:
        return None
    return StatusList.objects.filter(uuid=list_uuid).select_related("institution").first()


def status_bits(status_list: StatusList, purpose: str) -> list[int]:
    """Indexes whose bit is set in the list for ``purpose`` (revocation or suspension)."""
    state = Award.State.REVOKED if purpose == "revocation" else Award.State.SUSPENDED
    return list(
        Award.objects.filter(status_list=status_list, state=state).values_list("status_index", flat=True)
    )


def awards_expiring_between(start: datetime, end: datetime) -> QuerySet[Award]:
    """Active awards whose validity ends in [start, end) and whose holder was not reminded yet."""
    return Award.objects.filter(
        state=Award.State.ACTIVE,
        valid_until__gte=start,
        valid_until__lt=end,
        expiry_reminder_sent_at__isnull=True,
    ).select_related("learner__user", "version", "institution")


# The rule book: what the requirement engine needs about an institution's micro-credentials -----------------


def parse_tree(version: MicroCredentialVersion) -> requirements.Group:
    try:
        return requirements.parse_tree(version.requirements)
    except ValidationError:  # a published tree was validated when it was published
        return requirements.Group()


@dataclass
class RuleBook:
    """An institution's published micro-credentials with parsed trees, indexed for the engine.

    Built once per use-case (or once per import batch) so that evaluating many learners costs no queries.
    """

    institution_id: int
    versions: dict[int, MicroCredentialVersion] = field(default_factory=dict)  # by micro-credential id
    trees: dict[int, requirements.Group] = field(default_factory=dict)  # by version id
    by_course: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    larger: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[tuple[str, int], str] = field(default_factory=dict)
    course_credit_hours: dict[int, Decimal | None] = field(default_factory=dict)
    course_contact_hours: dict[int, Decimal | None] = field(default_factory=dict)

    def tree_of(self, version: MicroCredentialVersion) -> requirements.Group:
        if version.pk not in self.trees:
            self.trees[version.pk] = parse_tree(version)
        return self.trees[version.pk]

    def credentials_using(self, course_ids: set[int]) -> set[int]:
        found: set[int] = set()
        for course_id in course_ids:
            found |= self.by_course.get(course_id, set())
        return found

    def stacks_of(self, micro_credential_ids: set[int]) -> set[int]:
        found: set[int] = set()
        for credential_id in micro_credential_ids:
            found |= self.larger.get(credential_id, set())
        return found


def rule_book(institution_id: int) -> RuleBook:
    book = RuleBook(institution_id)
    for version in catalog_selectors.published_versions_in(institution_id).select_related("micro_credential"):
        book.versions[version.micro_credential_id] = version
        tree = book.tree_of(version)
        for course_id in requirements.course_ids(tree):
            book.by_course[course_id].add(version.micro_credential_id)
        for stacked_id in requirements.credential_ids(tree):
            book.larger[stacked_id].add(version.micro_credential_id)
        book.labels[("credential", version.micro_credential_id)] = version.title
    for course in catalog_selectors.courses_of(institution_id):
        book.labels[("course", course.pk)] = f"{course.code} {course.title}"
        book.course_credit_hours[course.pk] = course.credit_hours
        book.course_contact_hours[course.pk] = course.contact_hours
    return book


def facts_of(learner: Learner) -> rules.Facts:
    """The learner's results and current awards, as the engine's facts."""
    from microcred.learners import selectors as learner_selectors

    results = [
        rules.Result(
            ref=str(c.uuid),
            course_id=c.course_id,
            result=c.result,  # type: ignore[arg-type]
            completed_on=c.completed_on,
            hours=c.hours,
            grade=c.grade,
        )
        for c in learner_selectors.completions_of(learner)
    ]
    held = [
        rules.Held(ref=str(a.uuid), micro_credential_id=a.micro_credential_id)
        for a in Award.objects.filter(learner=learner, state=Award.State.ACTIVE).only(
            "uuid", "micro_credential_id"
        )
    ]
    return rules.Facts(results=results, held=held)


@dataclass(frozen=True)
class Progress:
    """A learner's progress toward one micro-credential: the engine's answer plus what they hold."""

    version: MicroCredentialVersion
    evaluation: rules.Evaluation
    award: Award | None


def progress_of(learner: Learner, micro_credential_ids: list[int] | None = None) -> list[Progress]:
    """Progress toward each micro-credential the learner is enrolled in (or the ones named)."""
    from microcred.learners import selectors as learner_selectors

    book = rule_book(learner.institution_id)
    facts = facts_of(learner)
    enrollments = {e.micro_credential_id: e for e in learner_selectors.enrollments_of(learner)}
    ids = micro_credential_ids if micro_credential_ids is not None else list(enrollments)
    out = []
    for credential_id in ids:
        enrollment = enrollments.get(credential_id)
        version = enrollment.version if enrollment is not None else book.versions.get(credential_id)
        if version is None:
            continue
        evaluation = rules.evaluate(book.tree_of(version), facts, book.labels)
        out.append(Progress(version, evaluation, current_award(learner.pk, credential_id)))
    return out
