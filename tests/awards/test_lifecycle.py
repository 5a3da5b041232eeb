"""The lifecycle of an award: revoke, suspend and reinstate (the status list bits), renew, expiry, reminders,
and what a revoked award no longer counts toward."""

# ruff: noqa: F811
from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from microcred.awards import selectors as award_selectors
from microcred.awards import services as award_services
from microcred.awards.models import Award, AwardEvent, StatusList
from microcred.core.errors import InvalidInput
from microcred.learners import services as learner_services
from microcred.openbadges.status import BitstringStatusList
from tests.awards.conftest import stack  # noqa: F401

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 4)


@pytest.fixture
def admin(people):
    return people["admin"]


def earn(stack, version):
    """The learner earns ``version`` by passing its courses (Robotics: both, ML: one)."""
    learner_services.enroll_learner(learner=stack.learner, micro_credential=version.micro_credential)
    codes = {stack.robotics.pk: ["ROB 101", "ROB 201"], stack.ml.pk: ["CS 301"]}[version.pk]
    awards = []
    for code in codes:
        awards += learner_services.record_completion(
            learner=stack.learner,
            data=learner_services.CompletionInput(course=stack.courses[code], completed_on=DAY),
        ).awards
    return awards


@pytest.fixture
def award(stack, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (robotics,) = earn(stack, stack.robotics)
    return robotics


def bit(award, purpose):
    """The award's bit in the stored, signed status list credential for ``purpose``."""
    status_list = StatusList.objects.get(pk=award.status_list_id)
    document = award_services.status_list_document(status_list=status_list, purpose=purpose)
    subject = document["credentialSubject"]
    assert subject["statusPurpose"] == purpose
    assert "proof" in document
    return BitstringStatusList.decode(subject["encodedList"]).get(award.status_index)


def test_revoking_sets_the_state_and_the_revocation_bit(award, admin, django_capture_on_commit_callbacks):
    assert bit(award, "revocation") == 0
    with django_capture_on_commit_callbacks(execute=True):
        award_services.revoke_award(award=award, reason="Misconduct", by=admin)
    award.refresh_from_db()
    assert (award.state, award.status, award.revocation_reason) == ("revoked", "revoked", "Misconduct")
    assert award.revoked_at is not None
    assert bit(award, "revocation") == 1
    assert bit(award, "suspension") == 0
    assert AwardEvent.objects.filter(award=award, kind="revoked", actor=admin, note="Misconduct").exists()


def test_revoking_needs_a_reason_and_happens_once(award, admin):
    with pytest.raises(InvalidInput, match="give the reason"):
        award_services.revoke_award(award=award, reason="  ", by=admin)
    award_services.revoke_award(award=award, reason="Misconduct", by=admin)
    with pytest.raises(InvalidInput, match="already revoked"):
        award_services.revoke_award(award=award, reason="Again", by=admin)
    award.refresh_from_db()
    assert award.revocation_reason == "Misconduct"


def test_suspending_sets_the_suspension_bit_and_reinstating_clears_it(award, admin):
    award_services.suspend_award(award=award, reason="Under investigation", by=admin)
    award.refresh_from_db()
    assert (award.state, award.status) == ("suspended", "suspended")
    assert bit(award, "suspension") == 1
    assert bit(award, "revocation") == 0
    with pytest.raises(InvalidInput, match="only a valid award can be suspended"):
        award_services.suspend_award(award=award, reason="Again", by=admin)
    award_services.reinstate_award(award=award, by=admin, note="Cleared")
    award.refresh_from_db()
    assert (award.state, award.status, award.suspended_at) == ("active", "valid", None)
    assert bit(award, "suspension") == 0
    with pytest.raises(InvalidInput, match="only a suspended award can be reinstated"):
        award_services.reinstate_award(award=award, by=admin)
    kinds = list(AwardEvent.objects.filter(award=award).values_list("kind", flat=True))
    assert kinds[-2:] == ["suspended", "reinstated"]


def test_a_suspended_award_can_be_revoked(award, admin):
    award_services.suspend_award(award=award, reason="Under investigation", by=admin)
    award_services.revoke_award(award=award, reason="Confirmed", by=admin)
    award.refresh_from_db()
    assert award.state == "revoked"
    assert bit(award, "revocation") == 1
    assert bit(award, "suspension") == 0


def test_renewing_makes_a_new_award_that_supersedes_the_old(
    stack, award, admin, django_capture_on_commit_callbacks
):
    old_until = award.valid_until
    Award.objects.filter(pk=award.pk).update(is_public=True)
    award.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        renewed = award_services.renew_award(award=award, by=admin, reason="Recertification exam")
    award.refresh_from_db()
    assert (award.state, award.status) == ("superseded", "superseded")
    assert renewed.supersedes == award
    assert award.superseded_by == renewed
    assert (renewed.state, renewed.method, renewed.reason) == ("active", "renewal", "Recertification exam")
    assert renewed.is_public
    assert renewed.valid_from > award.valid_from
    assert renewed.valid_until is not None
    assert old_until is not None
    assert renewed.valid_until > old_until
    assert (renewed.valid_until - renewed.valid_from).days >= 365 * 2
    assert (renewed.status_list_id, renewed.status_index) != (award.status_list_id, award.status_index)
    assert award_selectors.current_award(stack.learner.pk, stack.robotics.micro_credential_id) == renewed
    with pytest.raises(InvalidInput, match="only a valid or expired award can be renewed"):
        award_services.renew_award(award=award, by=admin)
    with pytest.raises(InvalidInput, match="replaced by a renewal"):
        award_services.revoke_award(award=award, reason="x", by=admin)


def test_an_expired_award_reports_expired_and_can_be_renewed(award, admin):
    Award.objects.filter(pk=award.pk).update(valid_until=timezone.now() - timedelta(days=1))
    award.refresh_from_db()
    assert award.state == "active"
    assert award.status == "expired"
    renewed = award_services.renew_award(award=award, by=admin)
    assert renewed.status == "valid"
    assert renewed.reason == "Recertified"


def test_expiry_reminders_are_sent_once_per_award(stack, award, django_capture_on_commit_callbacks):
    now = timezone.now()
    Award.objects.filter(pk=award.pk).update(valid_until=now + timedelta(days=10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert award_services.send_expiry_reminders(now=now) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert award_services.send_expiry_reminders(now=now) == 0
    assert [m.subject.split(" expires on ")[0] for m in mail.outbox] == ["Robotics"]
    assert mail.outbox[0].to == ["ada@example.edu"]
    award.refresh_from_db()
    assert award.expiry_reminder_sent_at == now


def test_no_reminder_far_from_expiry_nor_for_a_revoked_award(
    award, admin, django_capture_on_commit_callbacks
):
    now = timezone.now()
    Award.objects.filter(pk=award.pk).update(valid_until=now + timedelta(days=90))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert award_services.send_expiry_reminders(now=now) == 0
        Award.objects.filter(pk=award.pk).update(valid_until=now + timedelta(days=10))
        award_services.revoke_award(award=award, reason="Misconduct", by=admin)
        assert award_services.send_expiry_reminders(now=now) == 0
    assert mail.outbox == []


def test_a_revoked_award_no_longer_counts_toward_stacks(stack, award, admin):
    facts = award_selectors.facts_of(stack.learner)
    assert facts.award_for(stack.robotics.micro_credential_id) is not None
    award_services.revoke_award(award=award, reason="Misconduct", by=admin)
    facts = award_selectors.facts_of(stack.learner)
    assert facts.award_for(stack.robotics.micro_credential_id) is None
    # earning Machine Learning now does not complete Artificial Intelligence
    awards = earn(stack, stack.ml)
    assert [a.version.title for a in awards] == ["Machine Learning"]
    (ai,) = award_selectors.progress_of(stack.learner, [stack.ai.micro_credential_id])
    assert not ai.evaluation.satisfied
    assert ai.award is None


def test_while_both_parts_are_held_the_stack_follows(stack, award):
    awards = earn(stack, stack.ml)
    assert [a.version.title for a in awards] == ["Machine Learning", "Artificial Intelligence"]
