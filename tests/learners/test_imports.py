"""CSV imports of results and enrollments: preview row by row, confirm, all or nothing, idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from microcred.awards.models import Award
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.learners import imports
from microcred.learners import services as learner_services
from microcred.learners.models import Completion, Enrollment, Learner
from tests.awards import conftest as award_fixtures

pytestmark = [pytest.mark.django_db]
stack = award_fixtures.stack
DAY = date(2026, 5, 4)

HEADER = "learner_email,institutional_id,full_name,course_code,completed_on,result,grade\n"


def csv(*lines):
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


def preview(people, data):
    registrar = people["registrar"]
    (institution_id,) = {m.institution_id for m in registrar.memberships.all()}
    return imports.preview_completion_import(actor=registrar, institution_id=institution_id, data=data)


@pytest.fixture
def enrolled(stack):
    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.ml.micro_credential)
    return stack


def test_preview_then_confirm_awards_the_badges_and_the_stack_and_mails_once(
    enrolled, people, institution, client_as, django_capture_on_commit_callbacks
):
    data = csv(
        "ada@example.edu,,,ROB 101,2026-05-01,passed,A",
        f",{enrolled.learner.institutional_id},,rob 201,2026-05-02,,B",
        "ada@example.edu,,,CS 301,2026-05-03,passed,A",
        "new@example.edu,N1,New Person,CS 302,2026-05-03,failed,",
    )
    client = client_as("registrar")
    url = f"/manage/{institution.slug}/learners/import-completions/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("results.csv", data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "new learner" in page
    assert "Robotics, Machine Learning, Artificial Intelligence" in page
    assert not Completion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "1", "csv_text": data.decode()})
    assert response.status_code == 302
    assert Completion.objects.count() == 4
    assert Learner.objects.filter(institutional_id="N1", user__email="new@example.edu").exists()
    assert Award.objects.filter(learner=enrolled.learner).count() == 3
    subjects = sorted(m.subject for m in mail.outbox)
    assert "You earned 3 badges from Binghamton-style University" in subjects
    again = preview(people, data)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 4, 0)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (
            "nobody@example.edu,,,ROB 101,2026-05-01,passed,A",
            "learner_email",
            "no learner nobody@example.edu",
        ),
        (",X999,,ROB 101,2026-05-01,passed,A", "institutional_id", "no learner X999"),
        ("ada@example.edu,,,NOPE 1,2026-05-01,passed,A", "course_code", "no course 'NOPE 1'"),
        ("ada@example.edu,,,ROB 101,05/01/2026,passed,A", "completed_on", "not a date written YYYY-MM-DD"),
        ("ada@example.edu,,,ROB 101,2999-01-01,passed,A", "completed_on", "in the future"),
        ("ada@example.edu,,,ROB 101,2026-05-01,done,A", "result", "'done' is not one of"),
        (",,,ROB 101,2026-05-01,passed,A", "learner_email", "give learner_email or institutional_id"),
    ],
)
def test_each_wrong_row_is_named_by_its_column_and_nothing_is_imported(
    enrolled, people, institution, line, column, message
):
    data = csv("ada@example.edu,,,ROB 101,2026-04-01,passed,A", line)
    result = preview(people, data)
    first, wrong = result.rows
    assert first.action == "new"
    assert wrong.action == "error"
    assert [p.where for p in wrong.problems] == [column]
    assert message in wrong.problems[0].message
    with pytest.raises(InvalidInput) as error:
        imports.import_completions(actor=people["registrar"], institution_id=institution.pk, data=data)
    assert error.value.problems[0].where == f"line 3, {column}"
    assert not Completion.objects.exists()


def test_duplicate_keys_name_both_lines(enrolled, people):
    result = preview(
        people,
        csv(
            "ada@example.edu,,,ROB 101,2026-05-01,passed,A",
            f",{enrolled.learner.institutional_id},,ROB 101,2026-05-01,passed,B",
        ),
    )
    assert result.rows[1].problems[0].message == (
        "lines 2 and 3 are the same learner, course and completed_on"
    )


def test_a_changed_grade_is_an_update(enrolled, people, institution):
    imports.import_completions(
        actor=people["registrar"],
        institution_id=institution.pk,
        data=csv("ada@example.edu,,,ROB 101,2026-05-01,,A"),
    )
    result = preview(people, csv("ada@example.edu,,,ROB 101,2026-05-01,,B"))
    assert [r.action for r in result.rows] == ["update"]


def test_only_the_registrar_and_the_office_import(enrolled, people, institution, client_as):
    with pytest.raises(NotAllowed):
        preview({"registrar": people["unit_lead"]}, csv("ada@example.edu,,,ROB 101,2026-05-01,,A"))
    for role, status in [("unit_lead", 403), ("learner", 403), ("outsider", 403), ("admin", 200)]:
        response = client_as(role).get(f"/manage/{institution.slug}/learners/import-enrollments/")
        assert response.status_code == status
    template = client_as("registrar").get(f"/manage/{institution.slug}/learners/completions-template.csv")
    assert template.content.decode().startswith(
        "learner_email,institutional_id,full_name,course_code,completed_on"
    )


def preview_enrollments(people, institution, data):
    return imports.preview_enrollment_import(
        actor=people["registrar"], institution_id=institution.pk, data=data
    )


ENROLL_HEADER = "learner_email,institutional_id,full_name,level,micro_credential,override_reason\n"


def test_enrollment_import_checks_eligibility_and_overrides_with_a_reason(stack, people, institution):
    stack.robotics.level = "graduate"
    stack.robotics.save()
    rows = [
        "ada@example.edu,,,,robotics,",
        "ada@example.edu,,,,machine-learning,",
        "grad@example.edu,,Grad Student,graduate,robotics,",
        "ada@example.edu,,,,no-such-thing,",
    ]
    data = (ENROLL_HEADER + "\n".join(rows) + "\n").encode()
    result = imports.preview_enrollment_import(
        actor=people["registrar"], institution_id=institution.pk, data=data
    )
    assert [r.action for r in result.rows] == ["error", "new", "new", "error"]
    assert "Give override_reason" in result.rows[0].problems[0].message
    assert "no micro-credential 'no-such-thing'" in result.rows[3].problems[0].message
    rows[0] = "ada@example.edu,,,,robotics,Industry experience reviewed by the director"
    del rows[3]
    data = (ENROLL_HEADER + "\n".join(rows) + "\n").encode()
    result = imports.preview_enrollment_import(
        actor=people["registrar"], institution_id=institution.pk, data=data
    )
    assert result.ok
    assert "Enrolled anyway: Industry experience" in result.rows[0].notes[0]
    done = imports.import_enrollments(actor=people["registrar"], institution_id=institution.pk, data=data)
    assert (done.created, done.new_learners) == (3, 1)
    robotics = Enrollment.objects.get(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    assert (robotics.source, robotics.reason) == ("csv", "Industry experience reviewed by the director")
    again = imports.import_enrollments(actor=people["registrar"], institution_id=institution.pk, data=data)
    assert (again.created, again.unchanged) == (0, 3)


def test_enrollment_preview_says_which_badges_enrolling_would_award(stack, people, institution):
    learner_services.record_completion(
        learner=stack.learner,
        data=learner_services.CompletionInput(course=stack.courses["CS 301"], completed_on=DAY),
    )
    data = (ENROLL_HEADER + "ada@example.edu,,,,machine-learning,\n").encode()
    result = imports.preview_enrollment_import(
        actor=people["registrar"], institution_id=institution.pk, data=data
    )
    assert result.rows[0].awards == ["Machine Learning"]
    assert not Award.objects.exists()
