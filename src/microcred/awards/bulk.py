"""Awarding and issuing for many learners at once (CSV imports, the API, the benchmark).

The same decisions as :func:`awards.services.award_if_earned`, made for a batch: one :class:`RuleBook` for
the whole batch, each learner's facts loaded in a few queries per chunk of learners (never per learner),
awards, events and completed enrollments written by ``core.fastinsert`` (PostgreSQL: ``COPY``), status-list
indexes reserved in one call. Call :func:`award_earned` inside the caller's transaction with the learners'
rows locked (``learners.bulk`` does). Signing happens after commit, in tasks of ``ISSUE_CHUNK`` awards
(:func:`issue_credentials`: one signer per institution, the signed credentials inserted as
``IssuedCredential`` rows), and then each learner gets one e-mail listing all their new badges (a task on
the mail queue).

:func:`plan_awards` is the cascade itself, pure (no database): the learner's candidates, decided with
:func:`awards.rules.satisfied` and explained with :func:`awards.rules.evaluate`; each award makes the larger
micro-credentials it counts toward candidates too.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils import timezone

from microcred.accounts import services as account_services
from microcred.awards import credential as credential_builder
from microcred.awards import rules, selectors
from microcred.awards.models import Award, AwardEvent, IssuedCredential
from microcred.awards.services import add_months, allocate_status_indexes
from microcred.catalog import selectors as catalog_selectors
from microcred.core.fastinsert import insert_rows
from microcred.core.gcpause import collector_paused
from microcred.core.lookups import Array  # importing registers __in_array
from microcred.learners import bulk as learner_bulk
from microcred.openbadges.issue import sign_credential

if TYPE_CHECKING:
    from microcred.catalog.models import MicroCredentialVersion
    from microcred.institutions.models import Institution
    from microcred.signing.services import Signer

#: Learners per chunk of ``IN (...)`` queries, rows per ``bulk_create`` batch.
CHUNK = 2000
#: Awards signed per transaction (and per task) when issuing: each task pays for its issuer key and each
#: of its versions' Achievements once (~10 ms each); new awards are scheduled grouped by version, so a
#: task of 2,000 has one or two.
ISSUE_CHUNK = 2000

T = TypeVar("T")


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# What the planner knows about one learner ------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerState:
    """One learner's facts, as the cascade needs them.

    ``facts.held`` lists active awards (they count toward stacks); ``held`` also has the suspended ones (a
    suspended badge is not awarded again). ``enrolled`` excludes withdrawn enrollments; ``versions`` maps
    every enrollment (withdrawn too) to the version the learner enrolled under.
    """

    learner_id: int
    facts: rules.Facts = field(default_factory=rules.Facts)
    held: frozenset[int] = frozenset()
    enrolled: frozenset[int] = frozenset()
    versions: Mapping[int, MicroCredentialVersion] = field(default_factory=dict)
    enrollment_ids: Mapping[int, int] = field(default_factory=dict)  # micro-credential → enrollment

    def with_results(self, results: Iterable[rules.Result]) -> LearnerState:
        """The state with ``results`` recorded (replacing results of the same course and day)."""
        new = {(r.course_id, r.completed_on): r for r in results}
        kept = [r for r in self.facts.results if (r.course_id, r.completed_on) not in new]
        return replace(self, facts=replace(self.facts, results=(*kept, *new.values())))

    def with_enrollment(self, version: MicroCredentialVersion) -> LearnerState:
        """The state as it would be once enrolled in ``version``'s micro-credential."""
        credential_id = version.micro_credential_id
        return replace(
            self,
            enrolled=self.enrolled | {credential_id},
            versions={**self.versions, credential_id: version},
        )


_ACTIVE = str(Award.State.ACTIVE)  # a plain str: comparing with the enum member costs more, per award


def load_states(
    learner_ids: Iterable[int], *, book: selectors.RuleBook, passed_only: bool = False
) -> dict[int, LearnerState]:
    """The states of many learners: per chunk one query each for results, enrollments and awards
    (``passed_only``: only passed results, enough to decide awards but not to show progress)."""
    ids = sorted(set(learner_ids))
    results = learner_bulk.results_of_learners(ids, passed_only=passed_only)
    enrollments = learner_bulk.enrollments_of_learners(ids, book_versions=book.versions)
    active: dict[int, list[rules.Held]] = defaultdict(list)
    held: dict[int, set[int]] = defaultdict(set)
    for chunk in chunked(ids, learner_bulk.READ_CHUNK):
        rows = (
            Award.objects.filter(learner_id__in_array=Array(chunk), state__in=selectors.CURRENT)
            .order_by()
            .values_list("learner_id", "micro_credential_id", "uuid", "state")
        )
        for learner_id, credential_id, award_uuid, state in rows:
            held[learner_id].add(credential_id)
            if state == _ACTIVE:
                active[learner_id].append(rules.Held(ref=str(award_uuid), micro_credential_id=credential_id))
    states = {}
    for learner_id in ids:  # one pass over each learner's enrollments (this runs for every learner)
        versions: dict[int, MicroCredentialVersion] = {}
        enrollment_ids: dict[int, int] = {}
        enrolled: list[int] = []
        for e in enrollments.get(learner_id, ()):
            versions[e.micro_credential_id] = e.version
            enrollment_ids[e.micro_credential_id] = e.pk
            if not e.withdrawn:
                enrolled.append(e.micro_credential_id)
        states[learner_id] = LearnerState(
            learner_id,
            rules.Facts(tuple(results.get(learner_id, ())), tuple(active.get(learner_id, ()))),
            frozenset(held.get(learner_id, ())),
            frozenset(enrolled),
            versions,
            enrollment_ids,
        )
    return states


# The cascade (pure) ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedAward:
    """An award the learner has earned: which version, why (the evaluation), and its totals."""

    uuid: uuid.UUID
    version: MicroCredentialVersion
    evaluation: rules.Evaluation
    credits: Decimal | None
    hours: Decimal | None

    @property
    def basis(self) -> dict[str, list[str]]:
        return {
            "completions": [r.ref for r in self.evaluation.results_used],
            "awards": [h.ref for h in self.evaluation.awards_used],
        }


def totals(
    version: MicroCredentialVersion, evaluation: rules.Evaluation, book: selectors.RuleBook
) -> tuple[Decimal | None, Decimal | None]:
    """Credits (credit-bearing versions only) and hours earned by the results that counted."""
    results = evaluation.results_used
    if version.credit_type == "credit":
        credits = sum((book.course_credit_hours.get(r.course_id) or Decimal(0) for r in results), Decimal(0))
    else:
        credits = Decimal(0)
    hours = rules.total_hours(results, book.course_contact_hours)
    return (credits or None), (hours or None)


def plan_awards(
    state: LearnerState,
    *,
    book: selectors.RuleBook,
    course_ids: set[int] | None = None,
    micro_credential_ids: set[int] | None = None,
    stacks_above: set[int] | None = None,
) -> list[PlannedAward]:
    """What ``award_if_earned`` would award the learner, in order, without touching the database.

    Candidates are the learner's enrollments, limited to those using ``course_ids`` and/or named in
    ``micro_credential_ids`` (either limit given: the union of both; neither: every enrollment); each
    planned award makes the stacks it counts toward candidates, enrolled or not. ``stacks_above`` adds the
    stacks above micro-credentials awarded by other means (by hand).
    """
    candidates = set(state.enrolled)
    if course_ids is not None or micro_credential_ids is not None:
        wanted = book.credentials_using(course_ids or set()) | (micro_credential_ids or set())
        candidates &= wanted
    if stacks_above:
        candidates |= book.stacks_of(stacks_above)
    facts = state.facts
    held = set(state.held)
    planned: list[PlannedAward] = []
    seen: set[int] = set()
    passed: set[int] | None = None
    counted = {h.micro_credential_id for h in facts.held}
    while candidates:
        credential_id = min(candidates)  # a stable order: the same plan on every run
        candidates.discard(credential_id)
        if credential_id in held or credential_id in seen:
            continue
        seen.add(credential_id)
        version = state.versions.get(credential_id) or book.versions.get(credential_id)
        if version is None:
            continue
        tree = book.tree_of(version)
        if passed is None:
            passed = {r.course_id for r in facts.results if r.result == "passed"}
        if not rules.satisfied(tree, passed, counted):  # the verdict alone; most candidates stop here
            continue
        evaluation = rules.evaluate(tree, facts, book.labels)
        if not evaluation.satisfied:  # never, with the same rules; tests compare the two on random trees
            continue
        credits, hours = totals(version, evaluation, book)
        award = PlannedAward(uuid.uuid4(), version, evaluation, credits, hours)
        planned.append(award)
        held.add(credential_id)
        facts = rules.Facts(
            results=facts.results,
            held=(*facts.held, rules.Held(ref=str(award.uuid), micro_credential_id=credential_id)),
        )
        counted.add(credential_id)
        candidates |= book.stacks_of({credential_id}) - held
    return planned


# Awarding --------------------------------------------------------------------------------------------------


def award_earned(
    *,
    institution_id: int,
    course_ids_by_learner: Mapping[int, set[int]] | None = None,
    micro_credential_ids_by_learner: Mapping[int, set[int]] | None = None,
    book: selectors.RuleBook | None = None,
    now: datetime | None = None,
) -> list[NewAward]:
    """Award every micro-credential the learners have now earned, and the stacks in cascade, in bulk.

    ``course_ids_by_learner``: the courses each learner has a new or changed pass in (as after
    ``record_completion``); ``micro_credential_ids_by_learner``: credentials each learner just enrolled in
    (as after ``enroll_learner``). Call inside a transaction with these learners' rows locked. The
    credentials are signed and the learners e-mailed after commit.
    """
    courses = course_ids_by_learner or {}
    credentials = micro_credential_ids_by_learner or {}
    learner_ids = sorted(set(courses) | set(credentials))
    if not learner_ids:
        return []
    book = book or selectors.rule_book(institution_id)
    states = load_states(learner_ids, book=book, passed_only=True)
    planned: list[tuple[int, PlannedAward]] = []
    for learner_id in learner_ids:
        plan = plan_awards(
            states[learner_id],
            book=book,
            course_ids=courses.get(learner_id, set()),
            micro_credential_ids=credentials.get(learner_id, set()),
        )
        planned.extend((learner_id, p) for p in plan)
    if not planned:
        return []
    enrollments = {
        (learner_id, p.version.micro_credential_id): enrollment_id
        for learner_id, p in planned
        if (enrollment_id := states[learner_id].enrollment_ids.get(p.version.micro_credential_id)) is not None
    }
    return _create_awards(institution_id, planned, enrollments=enrollments, now=now or timezone.now())


@dataclass(frozen=True)
class NewAward:
    """An award made in bulk: its id and uuid (the rows are written directly, not as model instances)."""

    pk: int
    uuid: uuid.UUID
    learner_id: int
    micro_credential_id: int
    version_id: int


def _create_awards(
    institution_id: int,
    planned: list[tuple[int, PlannedAward]],
    *,
    enrollments: Mapping[tuple[int, int], int],
    now: datetime,
) -> list[NewAward]:
    """Write the planned awards, their "awarded" events and completed enrollments (``enrollments``: the
    learners' existing ones by (learner, micro-credential)); signing is scheduled for after commit."""
    indexes = allocate_status_indexes(institution_id=institution_id, count=len(planned))
    rows: list[dict[str, Any]] = []
    for (learner_id, plan), (status_list, index) in zip(planned, indexes, strict=True):
        months = plan.version.validity_months
        rows.append(
            {
                "uuid": plan.uuid,
                "learner_id": learner_id,
                "institution_id": institution_id,
                "micro_credential_id": plan.version.micro_credential_id,
                "version_id": plan.version.pk,
                "method": Award.Method.AUTOMATIC,
                "awarded_at": now,
                "valid_from": now,
                "valid_until": add_months(now, months) if months else None,
                "basis": plan.basis,
                "credits_earned": plan.credits,
                "hours_earned": plan.hours,
                "status_list_id": status_list.pk,
                "status_index": index,
            }
        )
    insert_rows(Award, rows)
    ids: dict[uuid.UUID, int] = {}
    for chunk in chunked([row["uuid"] for row in rows], learner_bulk.READ_CHUNK):
        ids.update(Award.objects.filter(uuid__in_array=Array(chunk)).values_list("uuid", "pk"))
    awards = [
        NewAward(ids[r["uuid"]], r["uuid"], r["learner_id"], r["micro_credential_id"], r["version_id"])
        for r in rows
    ]
    note = dict(Award.Method.choices)[Award.Method.AUTOMATIC]
    insert_rows(AwardEvent, ({"award_id": a.pk, "kind": "awarded", "note": note, "at": now} for a in awards))
    learner_bulk.mark_enrollments_completed(
        [(a.learner_id, a.micro_credential_id, a.version_id) for a in awards], enrollments=enrollments
    )
    # Signed in chunks of one version where possible: each chunk builds its versions' Achievements.
    award_ids = [a.pk for a in sorted(awards, key=lambda a: (a.version_id, a.pk))]
    transaction.on_commit(lambda: enqueue_issuing(award_ids))
    return awards


def enqueue_issuing(award_ids: Sequence[int]) -> None:
    """Sign and mail the new awards after the awarding transaction committed: one task per chunk
    (run at once by the embedded immediate backend; spread over ``db_worker`` processes in production)."""
    from microcred.awards import tasks

    for chunk in chunked(list(award_ids), ISSUE_CHUNK):
        tasks.issue_award_credentials.enqueue(award_ids=list(chunk))


# Issuing ---------------------------------------------------------------------------------------------------


@collector_paused()
def issue_credentials(award_ids: Sequence[int], *, notify: bool = True) -> list[int]:
    """Sign and store the credentials of these awards (those not issued yet) and e-mail each learner once.

    One signer per institution; the awards, their learners and the completions they cite are loaded in
    a few queries. Each learner gets one message listing all their badges issued here. Returns the ids of
    the awards issued now.
    """
    issued: list[int] = []
    parts = credential_builder.SharedParts()
    for chunk in chunked(list(award_ids), ISSUE_CHUNK):
        issued += _issue_chunk(list(chunk), notify=notify, parts=parts)
    return issued


@transaction.atomic
def _issue_chunk(award_ids: list[int], *, notify: bool, parts: credential_builder.SharedParts) -> list[int]:
    locked = list(
        Award.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in_array=Array(award_ids), issued__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not locked:
        return []
    awards = _issuing_facts(locked)
    cited = learner_bulk.cited_completions(
        {str(u) for _, _, refs, _ in awards for u in refs}, learner_ids={learner for *_, learner in awards}
    )
    signers: dict[int, Signer] = {}
    now = timezone.now()
    signed: list[tuple[int, dict[str, Any]]] = []
    for pk, facts, refs, _ in awards:
        signer = signers.get(facts.institution.pk)
        if signer is None:
            signer = signers[facts.institution.pk] = _signer(facts.institution)
        mine = sorted((cited[str(u)] for u in refs if str(u) in cited), key=lambda c: (c.completed_on, c.pk))
        unsigned = credential_builder.build_credential(
            facts, issuer_did=signer.issuer_did, completions=mine, parts=parts
        )
        credential = sign_credential(
            unsigned, key=signer.key, verification_method=signer.verification_method, created=facts.awarded_at
        )
        signed.append((pk, credential))
    _store_issued(signed, now)
    issued = [pk for pk, _ in signed]
    insert_rows(AwardEvent, ({"award_id": pk, "kind": "issued", "at": now} for pk in issued))
    if notify:
        transaction.on_commit(lambda: enqueue_notifying(issued))
    return issued


def enqueue_notifying(award_ids: Sequence[int]) -> None:
    """E-mail the learners of newly issued awards, as a task of its own on the mail queue ("email"):
    issuing only signs and stores, and a mail server that is slow or down never holds up the signing."""
    from microcred.awards import tasks

    tasks.notify_awarded.enqueue(award_ids=list(award_ids))


def notify_learners(award_ids: Sequence[int]) -> int:
    """E-mail each learner once about their awards among these that are issued, active and not yet
    notified (one message listing them all when there are several); returns how many awards that covers.
    Running it again for the same awards sends nothing."""
    notified = 0
    for chunk in chunked(sorted(set(award_ids)), ISSUE_CHUNK):
        notified += _notify_chunk(list(chunk))
    return notified


@transaction.atomic
def _notify_chunk(award_ids: list[int]) -> int:
    locked = list(
        Award.objects.select_for_update(no_key=True, of=("self",))
        .filter(
            pk__in_array=Array(award_ids),
            state=Award.State.ACTIVE,
            notified_at__isnull=True,
            issued__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not locked:
        return 0
    Award.objects.filter(pk__in_array=Array(locked)).update(notified_at=timezone.now())
    awards = list(
        Award.objects.filter(pk__in_array=Array(locked))
        .select_related("learner__user", "version", "institution")
        .order_by("pk")
    )
    _mail_learners(awards)
    return len(awards)


def _issuing_facts(award_ids: list[int]) -> list[tuple[int, credential_builder.AwardFacts, list[str], int]]:
    """(id, what the credential says, cited completion uuids, learner) of each award, in id order: one
    query for the awards with their learners, one for the chunk's few versions (model instances per award
    would cost more than signing them)."""
    rows = list(
        Award.objects.filter(pk__in_array=Array(award_ids))
        .order_by("pk")
        .values_list(
            "pk", "uuid", "version_id", "learner__user__display_name", "learner__user__full_name",
            "learner__did", "learner__user__email", "method", "reason", "credits_earned", "awarded_at",
            "valid_from", "valid_until", "status_list_id", "status_list__uuid", "status_index", "basis",
            "learner_id",
        )
    )  # fmt: skip
    versions = {
        v.pk: v
        for v in catalog_selectors.versions_by_ids({row[2] for row in rows}).select_related(
            "micro_credential__institution", "micro_credential__unit"
        )
    }
    out = []
    for (
        pk, ref, version_id, display_name, full_name, did, email, method, reason, credits, awarded_at,
        valid_from, valid_until, status_list_id, status_list_uuid, status_index, basis, learner_id,
    ) in rows:  # fmt: skip
        version = versions[version_id]
        facts = credential_builder.AwardFacts(
            uuid=ref,
            version=version,
            institution=version.micro_credential.institution,
            learner_name=display_name or full_name,
            learner_did=did,
            email=email,
            method=method,
            reason=reason,
            credits_earned=credits,
            awarded_at=awarded_at,
            valid_from=valid_from,
            valid_until=valid_until,
            status_list_id=status_list_id,
            status_list_uuid=status_list_uuid,
            status_index=status_index,
        )
        out.append((pk, facts, list(basis.get("completions", [])), learner_id))
    return out


def _store_issued(signed: list[tuple[int, dict[str, Any]]], now: datetime) -> None:
    """Save the signed credentials: rows inserted (PostgreSQL: ``COPY``), no award row rewritten."""
    encode = IssuedCredential.encode
    insert_rows(
        IssuedCredential, ({"award_id": pk, "text": encode(doc), "issued_at": now} for pk, doc in signed)
    )


def _signer(institution: Institution) -> Signer:
    from microcred.signing import services as signing_services

    return signing_services.current_signing_key(institution=institution)


def _mail_learners(awards: list[Award]) -> None:
    by_learner: dict[int, list[Award]] = defaultdict(list)
    for award in awards:
        by_learner[award.learner_id].append(award)
    for mine in by_learner.values():
        first = mine[0]
        user = first.learner.user
        context: dict[str, Any] = {
            "name": user.display_name or user.full_name,
            "institution": first.institution.name,
        }
        if len(mine) == 1:
            account_services.send_email_on_commit(
                to=[user.email],
                subject=f"You earned {first.version.title}",
                template="awards/email/awarded.txt",
                context={
                    **context,
                    "award": first,
                    "title": first.version.title,
                    "wallet_link": credential_builder.absolute(f"/wallet/{first.uuid}/"),
                },
            )
            continue
        account_services.send_email_on_commit(
            to=[user.email],
            subject=f"You earned {len(mine)} badges from {first.institution.name}",
            template="awards/email/awarded_many.txt",
            context={
                **context,
                "badges": [
                    {"title": a.version.title, "link": credential_builder.absolute(f"/wallet/{a.uuid}/")}
                    for a in mine
                ],
                "wallet_link": credential_builder.absolute("/wallet/"),
            },
        )
