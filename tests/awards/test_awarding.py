"""Awarding: a completion that meets the requirements creates the award in its own transaction, once;
the stacks it completes follow in cascade; the credential is signed and the learner is e-mailed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from microcred.awards import selectors as award_selectors
from microcred.awards import services as award_services
from microcred.awards.models import Award
from microcred.core.errors import InvalidInput
from microcred.learners import services as learner_services
from microcred.learners.models import Completion, Enrollment
from microcred.openbadges.models import identity_hash, parse_credential
from microcred.openbadges.schemas import validate_schema

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 4)


def complete(stack, code, *, result="passed", day=DAY, grade="A"):
    return learner_services.record_completion(
        learner=stack.learner,
        data=learner_services.CompletionInput(
            course=stack.courses[code], completed_on=day, result=result, grade=grade
        ),
    )


def enroll(stack, version):
    return learner_services.enroll_learner(learner=stack.learner, micro_credential=version.micro_credential)


def test_meeting_the_requirements_awards_in_the_same_transaction(stack, django_capture_on_commit_callbacks):
    enroll(stack, stack.robotics)
    first = complete(stack, "ROB 101")
    assert first.awards == []
    with django_capture_on_commit_callbacks(execute=True):
        outcome = complete(stack, "ROB 201")
    (award,) = outcome.awards
    assert award.micro_credential_id == stack.robotics.micro_credential_id
    assert award.state == "active"
    assert award.method == "automatic"
    assert award.credits_earned == 6
    assert award.valid_until is not None
    assert award.valid_until.year == award.awarded_at.year + 2
    assert sorted(award.basis["completions"]) == sorted(
        str(c.uuid) for c in Completion.objects.filter(learner=stack.learner)
    )
    assert Enrollment.objects.get(
        learner=stack.learner, micro_credential=stack.robotics.micro_credential
    ).status == ("completed")
    award.refresh_from_db()
    assert award.credential is not None
    assert award.issued_at is not None
    assert [m.subject for m in mail.outbox] == ["You earned Robotics"]
    assert f"/wallet/{award.uuid}/" in mail.outbox[0].body


def test_the_signed_credential_is_a_valid_open_badge(stack, django_capture_on_commit_callbacks):
    enroll(stack, stack.robotics)
    complete(stack, "ROB 101")
    with django_capture_on_commit_callbacks(execute=True):
        (award,) = complete(stack, "ROB 201", grade="B+").awards
    award.refresh_from_db()
    document = award.credential
    model = parse_credential(document)
    assert model.credential_subject.achievement.name == "Robotics"
    assert document["credentialStatus"]["statusListIndex"] == str(award.status_index)
    assert document["issuer"]["id"].startswith("did:web:testserver:issuers:")
    assert document["validUntil"]
    values = sorted(r["value"] for r in document["credentialSubject"]["result"])
    assert values == ["A", "B+"]
    assert {e["name"] for e in document["evidence"]} == {"ROB 101 Robot Kinematics", "ROB 201 Robot Control"}
    identifiers = document["credentialSubject"]["identifier"]
    assert {i["identityType"] for i in identifiers} == {"name", "emailAddress"}
    assert "ada@example.edu" not in str(document)  # the e-mail address only as a salted hash
    (email,) = [i for i in identifiers if i["identityType"] == "emailAddress"]
    assert email["identityHash"] == identity_hash("ada@example.edu", email["salt"])
    assert validate_schema(document) == []  # the OB 3.0 AchievementCredential JSON schema
    assert model.credential_subject.credits_earned == 6
    assert [e["genre"] for e in document["evidence"]] == ["Course", "Course"]


def test_a_failed_result_does_not_count(stack):
    enroll(stack, stack.robotics)
    complete(stack, "ROB 101")
    assert complete(stack, "ROB 201", result="failed").awards == []
    assert award_selectors.current_award(stack.learner.pk, stack.robotics.micro_credential_id) is None
    (progress,) = award_selectors.progress_of(stack.learner)
    assert progress.evaluation.missing == ("Pass ROB 201 Robot Control (the latest result was not a pass)",)


def test_not_enrolled_means_no_award_until_enrollment(stack, django_capture_on_commit_callbacks):
    complete(stack, "ROB 101")
    assert complete(stack, "ROB 201").awards == []
    with django_capture_on_commit_callbacks(execute=True):
        outcome = enroll(stack, stack.robotics)
    assert [a.micro_credential_id for a in outcome.awards] == [stack.robotics.micro_credential_id]


def test_the_stack_is_awarded_in_cascade_after_its_parts(stack, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enroll(stack, stack.robotics)
        enroll(stack, stack.ml)
        complete(stack, "ROB 101")
        complete(stack, "ROB 201")
        outcome = complete(stack, "CS 302")
    assert [a.version.title for a in outcome.awards] == ["Machine Learning", "Artificial Intelligence"]
    ai = outcome.awards[1]
    assert len(ai.basis["awards"]) == 2
    assert Enrollment.objects.get(
        learner=stack.learner, micro_credential=stack.ai.micro_credential
    ).source == ("stacking")
    assert sorted(m.subject for m in mail.outbox) == [
        "You earned Artificial Intelligence",
        "You earned Machine Learning",
        "You earned Robotics",
    ]


def test_recording_the_same_result_again_awards_nothing_more(stack):
    enroll(stack, stack.robotics)
    complete(stack, "ROB 101")
    complete(stack, "ROB 201")
    again = complete(stack, "ROB 201")
    assert again.changed is False
    assert again.awards == []
    assert Award.objects.filter(learner=stack.learner).count() == 1


def test_the_database_refuses_a_second_current_award(stack):
    enroll(stack, stack.robotics)
    complete(stack, "ROB 101")
    (award,) = complete(stack, "ROB 201").awards
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            learner=award.learner,
            institution=award.institution,
            micro_credential=award.micro_credential,
            version=award.version,
            status_list=award.status_list,
            status_index=award.status_index + 1,
        )


def test_manual_award_needs_a_reason_and_cascades(stack, people):
    with pytest.raises(InvalidInput, match="reason"):
        award_services.award_manually(
            learner=stack.learner,
            micro_credential=stack.robotics.micro_credential,
            reason=" ",
            by=people["registrar"],
        )
    enroll(stack, stack.ml)
    complete(stack, "CS 301")
    award = award_services.award_manually(
        learner=stack.learner,
        micro_credential=stack.robotics.micro_credential,
        reason="Prior learning: industry certification",
        by=people["registrar"],
    )
    assert award.method == "manual"
    assert award_selectors.current_award(stack.learner.pk, stack.ai.micro_credential_id) is not None


def test_future_dates_and_foreign_courses_are_refused(stack, other_institution):
    from tests.factories import CourseFactory

    with pytest.raises(InvalidInput) as error:
        learner_services.record_completion(
            learner=stack.learner,
            data=learner_services.CompletionInput(
                course=CourseFactory(institution=other_institution),
                completed_on=date.today() + timedelta(days=3),
                result="done",
            ),
        )
    assert set(error.value.by_field()) == {"course", "completed_on", "result"}
    assert not Completion.objects.exists()
