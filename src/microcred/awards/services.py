"""Write use-cases of awards: award when earned (and in cascade up the stacks), award by hand, issue the
signed credential, and the lifecycle: make public or private, suspend, reinstate, revoke, renew, remind.

Awarding happens inside the caller's transaction (the one that saved the completion or enrollment), with
the learner's row locked by the caller; a partial unique index allows one current award per learner and
micro-credential, so the same badge cannot be awarded twice even by two processes. Signing and mail run
after commit, as tasks (``awards.tasks``): immediately in the embedded setup, on workers in production.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from django.db import transaction
from django.utils import timezone

from microcred.accounts import services as account_services
from microcred.awards import credential as credential_builder
from microcred.awards import rules, selectors
from microcred.awards.models import STATUS_LIST_LENGTH, Award, AwardEvent, IssuedCredential, StatusList
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.learners import selectors as learner_selectors
from microcred.learners import services as learner_services
from microcred.openbadges.issue import sign_credential
from microcred.openbadges.status import BitstringStatusList, status_list_credential

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.catalog.models import MicroCredential, MicroCredentialVersion
    from microcred.learners.models import Learner

#: How long before expiry the holder is reminded to renew.
REMINDER_DAYS = 30


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months (the 31st becomes the month's last day)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _event(award: Award, kind: str, *, actor: User | None = None, note: str = "") -> None:
    AwardEvent.objects.create(award=award, kind=kind, actor=actor, note=note)


# Status list indexes ---------------------------------------------------------------------------------------


def allocate_status_indexes(*, institution_id: int, count: int) -> list[tuple[StatusList, int]]:
    """Reserve ``count`` indexes in the institution's status lists (locking the list rows; new lists as
    they fill). Indexes are handed out in order; their bits are only set when a badge is revoked."""
    out: list[tuple[StatusList, int]] = []
    while len(out) < count:
        status_list = (
            StatusList.objects.select_for_update(no_key=True)
            .filter(institution_id=institution_id, next_index__lt=STATUS_LIST_LENGTH)
            .order_by("number")
            .first()
        )
        if status_list is None:
            last = StatusList.objects.filter(institution_id=institution_id).order_by("-number").first()
            status_list = StatusList.objects.create(
                institution_id=institution_id, number=(last.number + 1) if last else 1
            )
            status_list = StatusList.objects.select_for_update(no_key=True).get(pk=status_list.pk)
        take = min(count - len(out), status_list.length - status_list.next_index)
        start = status_list.next_index
        out.extend((status_list, i) for i in range(start, start + take))
        status_list.next_index = start + take
        status_list.save(update_fields=["next_index"])
    return out


# Awarding --------------------------------------------------------------------------------------------------


def _new_award(
    *,
    learner: Learner,
    version: MicroCredentialVersion,
    method: str,
    basis: dict[str, list[str]],
    credits: Decimal | None,
    hours: Decimal | None,
    by: User | None = None,
    reason: str = "",
    supersedes: Award | None = None,
    now: datetime | None = None,
    award_uuid: UUID | None = None,
) -> Award:
    now = now or timezone.now()
    ((status_list, index),) = allocate_status_indexes(institution_id=learner.institution_id, count=1)
    months = version.validity_months
    award = Award.objects.create(
        uuid=award_uuid or uuid4(),
        learner=learner,
        institution_id=learner.institution_id,
        micro_credential_id=version.micro_credential_id,
        version=version,
        method=method,
        reason=reason,
        awarded_by=by,
        awarded_at=now,
        valid_from=now,
        valid_until=add_months(now, months) if months else None,
        basis=basis,
        credits_earned=credits,
        hours_earned=hours,
        status_list=status_list,
        status_index=index,
        supersedes=supersedes,
    )
    _event(award, "awarded", actor=by, note=reason or dict(Award.Method.choices)[method])
    learner_services.mark_enrollment_completed(
        learner_id=learner.pk,
        micro_credential_id=version.micro_credential_id,
        version_id=version.pk,
        source="staff" if method == Award.Method.MANUAL else "stacking",
    )
    transaction.on_commit(lambda: _enqueue_issue(award.pk))
    return award


def _enqueue_issue(award_id: int) -> None:
    from microcred.awards import tasks

    tasks.issue_award_credential.enqueue(award_id=award_id)


def award_if_earned(
    *,
    learner: Learner,
    course_ids: set[int] | None = None,
    micro_credential_ids: set[int] | None = None,
    stacks_above: set[int] | None = None,
    book: selectors.RuleBook | None = None,
) -> list[Award]:
    """Award every micro-credential the learner has now earned, then the stacks those complete.

    Call inside a transaction with the learner's row locked (``learners.services`` does). Candidates are
    the learner's enrollments (limited to those using ``course_ids`` or named in ``micro_credential_ids``);
    each new award then makes the larger micro-credentials it counts toward candidates too, enrolled or
    not: earning the parts of a stack earns the stack. ``stacks_above`` adds the stacks above
    micro-credentials awarded by other means (by hand).
    """
    from microcred.awards import bulk

    book = book or selectors.rule_book(learner.institution_id)
    state = bulk.load_states([learner.pk], book=book)[learner.pk]
    planned = bulk.plan_awards(
        state,
        book=book,
        course_ids=course_ids,
        micro_credential_ids=micro_credential_ids,
        stacks_above=stacks_above,
    )
    return [
        _new_award(
            learner=learner,
            version=plan.version,
            method=Award.Method.AUTOMATIC,
            basis=plan.basis,
            credits=plan.credits,
            hours=plan.hours,
            award_uuid=plan.uuid,
        )
        for plan in planned
    ]


@transaction.atomic
def award_manually(*, learner: Learner, micro_credential: MicroCredential, reason: str, by: User) -> Award:
    """Staff award a micro-credential by hand (recognition of prior learning, an exception), with a reason."""
    if micro_credential.institution_id != learner.institution_id:
        raise NotAllowed("the micro-credential belongs to another institution")
    if not reason.strip():
        raise InvalidInput("give the reason for awarding by hand", "reason")
    learner = learner_services.lock_learner(learner.pk)
    if selectors.current_award(learner.pk, micro_credential.pk) is not None:
        raise InvalidInput("the learner already holds this micro-credential", "micro_credential")
    book = selectors.rule_book(learner.institution_id)
    version = book.versions.get(micro_credential.pk)
    if version is None:
        raise InvalidInput("only a published micro-credential can be awarded", "micro_credential")
    evaluation = rules.evaluate(book.tree_of(version), selectors.facts_of(learner), book.labels)
    from microcred.awards import bulk

    credits, hours = bulk.totals(version, evaluation, book) if evaluation.satisfied else (None, None)
    award = _new_award(
        learner=learner,
        version=version,
        method=Award.Method.MANUAL,
        basis={
            "completions": [r.ref for r in evaluation.results_used],
            "awards": [h.ref for h in evaluation.awards_used],
        },
        credits=credits,
        hours=hours,
        by=by,
        reason=reason.strip(),
    )
    award_if_earned(
        learner=learner, micro_credential_ids=set(), stacks_above={micro_credential.pk}, book=book
    )
    return award


# Issuing ---------------------------------------------------------------------------------------------------


def sign_award(award: Award) -> dict[str, object]:
    """Build and sign the award's OB 3.0 credential with the institution's current key (no saving)."""
    from microcred.signing import services as signing_services

    signer = signing_services.current_signing_key(institution=award.institution)
    completions = learner_selectors.completions_by_uuids(list(award.basis.get("completions", [])))
    unsigned = credential_builder.build_credential(
        credential_builder.AwardFacts.of(award), issuer_did=signer.issuer_did, completions=completions
    )
    return sign_credential(
        unsigned, key=signer.key, verification_method=signer.verification_method, created=award.awarded_at
    )


@transaction.atomic
def issue_credential(*, award_id: int, notify: bool = True) -> Award:
    """Sign and store the award's credential (once), then e-mail the learner a link."""
    award = Award.objects.select_for_update(no_key=True).get(pk=award_id)
    award = selectors.award_by_id(award.pk)  # type: ignore[assignment]
    if award.credential is not None:
        return award
    # also cached on the award
    IssuedCredential.objects.create(award=award, text=IssuedCredential.encode(sign_award(award)))
    _event(award, "issued")
    if notify and award.state == Award.State.ACTIVE and award.notified_at is None:
        account_services.send_email_on_commit(
            to=[award.learner.user.email],
            subject=f"You earned {award.version.title}",
            template="awards/email/awarded.txt",
            context={
                "award": award,
                "name": award.learner.user.display_name or award.learner.user.full_name,
                "title": award.version.title,
                "institution": award.institution.name,
                "wallet_link": credential_builder.absolute(f"/wallet/{award.uuid}/"),
            },
        )
        award.notified_at = timezone.now()
        award.save(update_fields=["notified_at"])
    return award


# Lifecycle -------------------------------------------------------------------------------------------------


@transaction.atomic
def set_award_visibility(*, award: Award, public: bool, by: User) -> Award:
    """The learner decides whether the award's page and credential JSON are public."""
    if award.learner.user_id != by.pk:
        raise NotAllowed("only the learner decides who may see their award")
    if award.is_public != public:
        award.is_public = public
        award.save(update_fields=["is_public"])
        _event(award, "made public" if public else "made private", actor=by)
    return award


def _locked(award: Award) -> Award:
    return (
        Award.objects.select_for_update(no_key=True, of=("self",))
        .select_related("status_list")
        .get(pk=award.pk)
    )


@transaction.atomic
def revoke_award(*, award: Award, reason: str, by: User) -> Award:
    """Revoke for good: the status list's revocation bit is set and re-signed."""
    if not reason.strip():
        raise InvalidInput("give the reason for revoking", "reason")
    award = _locked(award)
    if award.state == Award.State.REVOKED:
        raise InvalidInput("the award is already revoked")
    if award.state == Award.State.SUPERSEDED:
        raise InvalidInput("the award was replaced by a renewal; revoke the current one")
    award.state = Award.State.REVOKED
    award.revoked_at = timezone.now()
    award.revocation_reason = reason.strip()
    award.changed_by = by
    award.save(update_fields=["state", "revoked_at", "revocation_reason", "changed_by"])
    _event(award, "revoked", actor=by, note=award.revocation_reason)
    refresh_status_list(status_list=award.status_list)
    return award


@transaction.atomic
def suspend_award(*, award: Award, reason: str, by: User) -> Award:
    if not reason.strip():
        raise InvalidInput("give the reason for suspending", "reason")
    award = _locked(award)
    if award.state != Award.State.ACTIVE:
        raise InvalidInput(
            f"only a valid award can be suspended (this one is {award.get_state_display().lower()})"
        )
    award.state = Award.State.SUSPENDED
    award.suspended_at = timezone.now()
    award.suspension_reason = reason.strip()
    award.changed_by = by
    award.save(update_fields=["state", "suspended_at", "suspension_reason", "changed_by"])
    _event(award, "suspended", actor=by, note=award.suspension_reason)
    refresh_status_list(status_list=award.status_list)
    return award


@transaction.atomic
def reinstate_award(*, award: Award, by: User, note: str = "") -> Award:
    award = _locked(award)
    if award.state != Award.State.SUSPENDED:
        raise InvalidInput("only a suspended award can be reinstated")
    award.state = Award.State.ACTIVE
    award.suspended_at = None
    award.changed_by = by
    award.save(update_fields=["state", "suspended_at", "changed_by"])
    _event(award, "reinstated", actor=by, note=note)
    refresh_status_list(status_list=award.status_list)
    return award


@transaction.atomic
def renew_award(*, award: Award, by: User, reason: str = "") -> Award:
    """Recertification: a new award (new validity period, new credential) supersedes the old one."""
    learner = learner_services.lock_learner(award.learner_id)
    award = _locked(award)
    if award.state not in (Award.State.ACTIVE,):
        raise InvalidInput(f"only a valid or expired award can be renewed (this one is {award.status})")
    book = selectors.rule_book(learner.institution_id)
    version = book.versions.get(award.micro_credential_id) or award.version
    award.state = Award.State.SUPERSEDED
    award.changed_by = by
    award.save(update_fields=["state", "changed_by"])
    _event(award, "superseded", actor=by, note=reason)
    renewed = _new_award(
        learner=learner,
        version=version,
        method=Award.Method.RENEWAL,
        basis=award.basis,
        credits=award.credits_earned,
        hours=award.hours_earned,
        by=by,
        reason=reason.strip() or "Recertified",
        supersedes=award,
    )
    renewed.is_public = award.is_public
    renewed.save(update_fields=["is_public"])
    return renewed


def status_list_document(*, status_list: StatusList, purpose: str) -> dict[str, object]:
    """The signed BitstringStatusListCredential for ``purpose`` (built and stored when missing)."""
    field = "revocation_document" if purpose == "revocation" else "suspension_document"
    document = getattr(status_list, field)
    if document is None:
        refresh_status_list(status_list=status_list)
        status_list.refresh_from_db()
        document = getattr(status_list, field)
    return document  # type: ignore[no-any-return]


@transaction.atomic
def refresh_status_list(*, status_list: StatusList) -> StatusList:
    """Rebuild and re-sign both list credentials from the awards' states."""
    from microcred.signing import services as signing_services

    status_list = (
        StatusList.objects.select_for_update(no_key=True, of=("self",))
        .select_related("institution")
        .get(pk=status_list.pk)
    )
    signer = signing_services.current_signing_key(institution=status_list.institution)
    now = timezone.now()
    # Valid from a little before now: a verifier whose clock runs slightly behind ours (or that reads the list
    # within the same second it was signed, truncated to whole seconds) must not find it "not yet valid".
    valid_from = now - timedelta(minutes=5)
    for purpose, field in (("revocation", "revocation_document"), ("suspension", "suspension_document")):
        bits = BitstringStatusList(status_list.length)
        for index in selectors.status_bits(status_list, purpose):
            bits.set(index)
        unsigned = status_list_credential(
            list_id=credential_builder.status_list_url(status_list, purpose),
            issuer=signer.issuer_did,
            status_list=bits,
            purpose=purpose,
            valid_from=valid_from,
        )
        setattr(
            status_list,
            field,
            sign_credential(unsigned, key=signer.key, verification_method=signer.verification_method),
        )
    status_list.updated_at = now
    status_list.save(update_fields=["revocation_document", "suspension_document", "updated_at"])
    return status_list


def send_expiry_reminders(*, now: datetime | None = None, days: int = REMINDER_DAYS) -> int:
    """E-mail every holder whose award expires within ``days`` (once per award); returns how many."""
    now = now or timezone.now()
    sent = 0
    for award in selectors.awards_expiring_between(now, now + timedelta(days=days)):
        with transaction.atomic():
            locked = Award.objects.select_for_update(no_key=True).get(pk=award.pk)
            if locked.expiry_reminder_sent_at is not None:
                continue
            account_services.send_email_on_commit(
                to=[award.learner.user.email],
                subject=f"{award.version.title} expires on {award.valid_until:%B %d, %Y}",
                template="awards/email/expiry_reminder.txt",
                context={
                    "award": award,
                    "name": award.learner.user.display_name or award.learner.user.full_name,
                    "title": award.version.title,
                    "institution": award.institution.name,
                    "recertification": award.version.recertification,
                    "wallet_link": credential_builder.absolute(f"/wallet/{award.uuid}/"),
                },
            )
            locked.expiry_reminder_sent_at = now
            locked.save(update_fields=["expiry_reminder_sent_at"])
            _event(locked, "reminded", note=f"expires {award.valid_until:%Y-%m-%d}")
            sent += 1
    return sent
