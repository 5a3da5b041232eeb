"""The bulk write path: all or nothing, exactly the awards of the single path, never twice, and no
query per row."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core import mail

from microcred.awards import bulk as award_bulk
from microcred.awards.models import Award, AwardEvent
from microcred.core.errors import InvalidInput
from microcred.learners import bulk
from microcred.learners import services as learner_services
from microcred.learners.models import Completion, Enrollment
from tests.awards import conftest as award_fixtures
from tests.factories import CourseFactory, LearnerFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 4)
stack = award_fixtures.stack  # Robotics + Machine Learning -> Artificial Intelligence, learner Ada


def rows_for(learner, stack, codes, *, result="passed", grade="A"):
    return [
        bulk.CompletionRow(
            learner_id=learner.pk,
            course_id=stack.courses[code].pk,
            completed_on=DAY,
            result=result,
            grade=grade,
            where=f"line {n + 2}",
        )
        for n, code in enumerate(codes)
    ]


def save(institution, rows, by=None):
    return bulk.save_completion_rows(
        institution_id=institution.pk, rows=rows, source="csv", by_id=by.pk if by else None
    )


def enroll(learner, *versions):
    for version in versions:
        learner_services.enroll_learner(learner=learner, micro_credential=version.micro_credential)


def summary(learner):
    awards = Award.objects.filter(learner=learner)
    return (
        sorted(a.version.title for a in awards),
        sorted(
            (e.micro_credential.slug, e.status, e.source)
            for e in Enrollment.objects.filter(learner=learner).select_related("micro_credential")
        ),
        sorted((a.version.title, a.method, a.state, len(a.basis["awards"])) for a in awards),
    )


@pytest.mark.parametrize(
    ("codes", "enrolled"),
    [
        (["ROB 101", "ROB 201", "CS 302"], ["robotics", "ml"]),  # both parts, then the stack in cascade
        (["ROB 101", "ROB 201"], ["robotics"]),
        (["ROB 101", "CS 301"], ["robotics", "ml"]),  # one part only
        (["ROB 101", "ROB 201", "CS 301"], []),  # not enrolled: nothing
        (["ROB 101", "ROB 201", "CS 301", "CS 302"], ["ml"]),
    ],
)
def test_the_bulk_path_awards_exactly_what_the_single_path_does(stack, institution, codes, enrolled):
    """The same badges, states, enrollments and stacking. (What an award cites can differ when several
    results arrive together for an "at least N of" group: the single path awarded at the first pass, the
    batch cites every pass it has, as the single path does when the results precede the enrollment.)"""
    twin = LearnerFactory(institution=institution)
    versions = [getattr(stack, name) for name in enrolled]
    enroll(stack.learner, *versions)
    enroll(twin, *versions)
    for code in codes:
        learner_services.record_completion(
            learner=stack.learner,
            data=learner_services.CompletionInput(course=stack.courses[code], completed_on=DAY, grade="A"),
        )
    outcome = save(institution, rows_for(twin, stack, codes))
    assert outcome.created == len(codes)
    assert summary(twin) == summary(stack.learner)
    assert len(outcome.award_ids) == Award.objects.filter(learner=twin).count()
    assert AwardEvent.objects.filter(award__learner=twin, kind="awarded").count() == len(outcome.award_ids)


def test_saving_the_same_rows_again_changes_nothing_and_awards_nothing_more(stack, institution):
    enroll(stack.learner, stack.robotics)
    rows = rows_for(stack.learner, stack, ["ROB 101", "ROB 201"])
    first = save(institution, rows)
    assert (first.created, first.updated, first.unchanged, len(first.award_ids)) == (2, 0, 0, 1)
    again = save(institution, rows)
    assert (again.created, again.updated, again.unchanged, again.award_ids) == (0, 0, 2, [])
    changed = save(institution, rows_for(stack.learner, stack, ["ROB 201"], grade="B"))
    assert (changed.created, changed.updated, changed.unchanged, changed.award_ids) == (0, 1, 0, [])
    assert Completion.objects.get(learner=stack.learner, course=stack.courses["ROB 201"]).grade == "B"
    assert Award.objects.filter(learner=stack.learner).count() == 1


def test_a_wrong_row_saves_nothing(stack, institution, other_institution):
    enroll(stack.learner, stack.robotics)
    foreign = CourseFactory(institution=other_institution)
    rows = [
        *rows_for(stack.learner, stack, ["ROB 101", "ROB 201"]),
        bulk.CompletionRow(
            learner_id=stack.learner.pk, course_id=foreign.pk, completed_on=DAY, where="line 4"
        ),
    ]
    with pytest.raises(InvalidInput) as error:
        save(institution, rows)
    assert [str(p) for p in error.value.problems] == ["line 4: course: no such course at this institution"]
    assert not Completion.objects.exists()
    assert not Award.objects.exists()


def test_duplicate_keys_and_foreign_learners_are_refused(stack, institution, other_institution):
    stranger = LearnerFactory(institution=other_institution)
    rows = [
        *rows_for(stack.learner, stack, ["ROB 101"]),
        *rows_for(stack.learner, stack, ["ROB 101"]),
        *rows_for(stranger, stack, ["ROB 201"]),
    ]
    with pytest.raises(InvalidInput) as error:
        save(institution, rows)
    assert {p.where for p in error.value.problems} == {"line 2: completed_on", "line 2: learner"}
    assert not Completion.objects.exists()


def test_an_import_mails_each_learner_once_listing_their_new_badges(
    stack, institution, django_capture_on_commit_callbacks
):
    enroll(stack.learner, stack.robotics, stack.ml)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = save(institution, rows_for(stack.learner, stack, ["ROB 101", "ROB 201", "CS 301"]))
    assert len(outcome.award_ids) == 3  # Robotics, Machine Learning, and the stack
    assert all(a.credential is not None and a.notified_at for a in Award.objects.all())
    (message,) = mail.outbox
    assert message.to == ["ada@example.edu"]
    assert message.subject == "You earned 3 badges from Binghamton-style University"
    for title in ("Robotics", "Machine Learning", "Artificial Intelligence"):
        assert title in message.body
    assert award_bulk.issue_credentials(outcome.award_ids) == []  # issued once only


def test_notifying_again_sends_nothing_and_revoked_awards_are_not_announced(
    stack, institution, django_capture_on_commit_callbacks
):
    enroll(stack.learner, stack.robotics)
    outcome = save(institution, rows_for(stack.learner, stack, ["ROB 101", "ROB 201"]))
    (award_id,) = outcome.award_ids
    award_bulk.issue_credentials(outcome.award_ids, notify=False)
    assert not mail.outbox
    assert Award.objects.get(pk=award_id).notified_at is None
    Award.objects.filter(pk=award_id).update(state=Award.State.REVOKED)
    assert award_bulk.notify_learners([award_id]) == 0
    Award.objects.filter(pk=award_id).update(state=Award.State.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        assert award_bulk.notify_learners([award_id]) == 1
    assert len(mail.outbox) == 1
    assert Award.objects.get(pk=award_id).notified_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert award_bulk.notify_learners([award_id]) == 0
    assert len(mail.outbox) == 1


def test_bulk_issuing_stores_exactly_what_it_signed(stack, institution):
    """Names with quotes, backslashes, tabs, new lines and non-ASCII letters survive the way the
    credentials are written (COPY text format on PostgreSQL) and the proof still verifies."""
    from microcred.openbadges.proofs.data_integrity import proofs_of
    from microcred.openbadges.proofs.eddsa_rdfc_2022 import verify_proof
    from microcred.signing import services as signing_services

    user = stack.learner.user
    user.display_name = 'Zoë "Z" O\'Brien \\ 名前\tand\nmore'
    user.save(update_fields=["display_name"])
    enroll(stack.learner, stack.robotics)
    outcome = save(institution, rows_for(stack.learner, stack, ["ROB 101", "ROB 201"]))
    award_bulk.issue_credentials(outcome.award_ids, notify=False)
    credential = Award.objects.get(pk=outcome.award_ids[0]).credential
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == user.display_name
    signer = signing_services.current_signing_key(institution=institution)
    (proof,) = proofs_of(credential)
    assert verify_proof(credential, proof, signer.key.public_key)


def test_bulk_enrollment_awards_what_is_already_earned(stack, institution):
    save(institution, rows_for(stack.learner, stack, ["ROB 101", "ROB 201", "CS 301"]))
    outcome = bulk.save_enrollment_rows(
        institution_id=institution.pk,
        rows=[
            bulk.EnrollmentRow(
                learner_id=stack.learner.pk, micro_credential_id=stack.robotics.micro_credential_id
            ),
            bulk.EnrollmentRow(learner_id=stack.learner.pk, micro_credential_id=stack.ml.micro_credential_id),
        ],
        by_id=None,
    )
    assert (outcome.created, len(outcome.award_ids)) == (2, 3)
    assert Award.objects.filter(learner=stack.learner, micro_credential=stack.ai.micro_credential).exists()


def test_two_thousand_results_take_a_bounded_number_of_queries(
    stack, institution, django_assert_max_num_queries
):
    """No query per row: 2,000 results of 400 learners, 400 awards, in a fixed number of queries."""
    extra = [CourseFactory(institution=institution) for _ in range(3)]
    learners = [LearnerFactory(institution=institution) for _ in range(400)]
    bulk.save_enrollment_rows(
        institution_id=institution.pk,
        rows=[
            bulk.EnrollmentRow(learner_id=learner.pk, micro_credential_id=stack.robotics.micro_credential_id)
            for learner in learners
        ],
        by_id=None,
    )
    courses = [stack.courses["ROB 101"], stack.courses["ROB 201"], *extra]
    rows = [
        bulk.CompletionRow(learner_id=learner.pk, course_id=course.pk, completed_on=DAY)
        for learner in learners
        for course in courses
    ]
    # A per-row path would need thousands; SQLite splits each bulk insert into statements of ~80 rows (its
    # 999-variable limit): about 25 for the results and 12 for the awards. PostgreSQL needs fewer.
    with django_assert_max_num_queries(80):
        outcome = save(institution, rows)
    assert outcome.created == 2000
    assert len(outcome.award_ids) == 400
    assert Enrollment.objects.filter(status="completed").count() == 400


def test_a_bulk_award_cites_its_results_and_signs_what_one_award_alone_signs(stack, institution):
    """The bulk path reads results and signs in its own way (uuids as text, facts without model
    instances); the award must cite the same results and its credential say exactly what the
    single-award path signs (all but the proof and the salted e-mail hash, new on every signing)."""
    from microcred.awards import services as award_services

    enroll(stack.learner, stack.robotics)
    outcome = save(institution, rows_for(stack.learner, stack, ["ROB 101", "ROB 201"]))
    (award,) = Award.objects.filter(pk__in=outcome.award_ids)
    passes = Completion.objects.filter(learner=stack.learner, result="passed")
    assert sorted(award.basis["completions"]) == sorted(str(c.uuid) for c in passes)
    award_bulk.issue_credentials(outcome.award_ids, notify=False)
    stored = Award.objects.select_related("issued").get(pk=award.pk).credential
    assert len(stored["credentialSubject"]["result"]) >= 1, "the cited results are in the credential"
    alone = award_services.sign_award(Award.objects.get(pk=award.pk))
    assert unsalted(stored) == unsalted(alone)


def test_awards_sharing_results_sign_each_their_own_evidence(stack, institution):
    """Bulk issuing builds an evidence object once for results with the same facts; a result with its own
    evidence link keeps it, and each credential says exactly what the single-award path signs."""
    from microcred.awards import services as award_services

    second = LearnerFactory(institution=institution)
    for learner in (stack.learner, second):
        enroll(learner, stack.robotics)
    rows = rows_for(stack.learner, stack, ["ROB 101", "ROB 201"]) + rows_for(second, stack, ["ROB 101"])
    rows.append(
        bulk.CompletionRow(
            learner_id=second.pk, course_id=stack.courses["ROB 201"].pk, completed_on=DAY, grade="A",
            evidence_url="https://portfolio.example/second/rob201", where="line 9",
        )
    )  # fmt: skip
    outcome = save(institution, rows)
    assert len(outcome.award_ids) == 2
    award_bulk.issue_credentials(outcome.award_ids, notify=False)
    evidence = {}
    for award in Award.objects.filter(pk__in=outcome.award_ids).select_related("issued"):
        stored = award.credential
        assert unsalted(stored) == unsalted(award_services.sign_award(Award.objects.get(pk=award.pk)))
        evidence[award.learner_id] = {e["name"]: e.get("id") for e in stored["evidence"]}
    assert evidence[stack.learner.pk] == {"ROB 101 Robot Kinematics": None, "ROB 201 Robot Control": None}
    assert evidence[second.pk] == {
        "ROB 101 Robot Kinematics": None,
        "ROB 201 Robot Control": "https://portfolio.example/second/rob201",
    }


def unsalted(credential: dict) -> dict:
    """The credential without what differs on every signing: the proof, and the e-mail's salted hash."""
    copy = json.loads(json.dumps(credential))
    del copy["proof"]
    for identifier in copy["credentialSubject"].get("identifier", []):
        identifier.pop("salt", None)
        identifier.pop("identityHash", None)
    return copy


def test_new_awards_are_scheduled_for_signing_grouped_by_version(
    stack, institution, monkeypatch, django_capture_on_commit_callbacks
):
    """Each signing task builds the Achievement of every version among its awards: the ids go to the
    tasks grouped by version (here 3 learners x robotics, machine learning and the stack above them,
    made learner by learner), so a task of 2,000 awards has one or two versions, not all of them."""
    scheduled: list[int] = []
    monkeypatch.setattr(award_bulk, "enqueue_issuing", scheduled.extend)
    learners = [stack.learner, *(LearnerFactory(institution=institution) for _ in range(2))]
    for learner in learners:
        enroll(learner, stack.robotics, stack.ml)
    rows = [
        row
        for learner in learners
        for row in rows_for(learner, stack, ["ROB 101", "ROB 201", "CS 301", "CS 302"])
    ]
    with django_capture_on_commit_callbacks(execute=True):
        outcome = save(institution, rows)
    assert len(outcome.award_ids) == 9
    assert sorted(scheduled) == sorted(outcome.award_ids)
    versions = dict(Award.objects.values_list("pk", "version_id"))
    order = [versions[pk] for pk in scheduled]
    assert order == sorted(order), "grouped by version"
    assert outcome.award_ids != scheduled, "made learner by learner, scheduled version by version"


def test_cited_completions_are_read_by_learner_and_kept_by_uuid(stack, institution):
    other = LearnerFactory(institution=institution)
    save(
        institution,
        rows_for(stack.learner, stack, ["ROB 101", "ROB 201"]) + rows_for(other, stack, ["ROB 101"]),
    )
    mine = list(Completion.objects.filter(learner=stack.learner).order_by("pk"))
    theirs = Completion.objects.get(learner=other)
    wanted = {str(mine[0].uuid), str(theirs.uuid)}
    found = bulk.cited_completions(wanted, learner_ids=[stack.learner.pk])
    # only the asked-for uuids among these learners' results: not the learner's other result, not the
    # other learner's (whose learner was not given)
    assert list(found) == [str(mine[0].uuid)]
    cited = found[str(mine[0].uuid)]
    assert (cited.pk, cited.uuid, cited.learner_id, cited.course) == (
        mine[0].pk,
        mine[0].uuid,
        stack.learner.pk,
        stack.courses["ROB 101"],
    )
    assert (cited.completed_on, cited.result, cited.grade, cited.evidence_file) == (DAY, "passed", "A", "")
