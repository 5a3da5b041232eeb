"""``microcred demo``, issue 5: learners at every point of the path, and their awards in every status.

At the Sonoran Desert University: Maya Chen holds Robotics, Machine Learning and the stack they make
(Intelligent Robotics), all public and issued; Leo Park is halfway through Robotics; Sam Ortiz has enrolled
in nothing; Riley Brooks's Robotics badge is revoked and Omar Haddad's Machine Learning badge has expired.
The demo is loaded once for the module; each test rolls back its own changes.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from microcred.awards import selectors as award_selectors
from microcred.awards.models import Award
from microcred.learners.models import Completion, Enrollment, Learner
from microcred.web.demo_data import DEMO_PASSWORD, NONCREDIT_UNIVERSITY

SLUG = "sdu-demo"


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--allow-production", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(module_db):
    return run_demo()


@pytest.fixture
def demo(db, demo_output):
    return demo_output


def learner(mailbox: str) -> Learner:
    return Learner.objects.select_related("user").get(
        institution__slug=SLUG, user__email=f"{mailbox}@{NONCREDIT_UNIVERSITY.domain}"
    )


def awards_of(mailbox: str) -> dict[str, Award]:
    return {
        award.version.title: award
        for award in Award.objects.filter(learner=learner(mailbox)).select_related("version")
    }


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Learner, Enrollment, Completion, Award))


def test_maya_holds_robotics_machine_learning_and_the_stack_public_and_issued(demo):
    awards = awards_of("maya.chen")
    assert set(awards) == {"Robotics", "Machine Learning", "Intelligent Robotics"}
    for title, award in awards.items():
        assert award.status == "valid", title
        assert award.is_public, title
        assert award.credential is not None, title
        assert award.issued_at is not None, title
        assert award.method == "automatic", title
    stack = awards["Intelligent Robotics"]
    assert sorted(stack.basis["awards"]) == sorted(
        [str(awards["Robotics"].uuid), str(awards["Machine Learning"].uuid)]
    )
    assert stack.credential["credentialSubject"]["achievement"]["name"] == "Intelligent Robotics"
    # The stack was awarded in cascade: she enrolled in the two parts only.
    enrollments = Enrollment.objects.filter(learner=learner("maya.chen"))
    sources = dict(enrollments.values_list("micro_credential__slug", "source"))
    assert sources["intelligent-robotics"] == "stacking"


def test_maya_has_passed_the_ai_capstone_with_evidence(demo):
    completions = Completion.objects.filter(learner=learner("maya.chen")).select_related("course")
    by_code = {c.course.code: c for c in completions}
    assert len(by_code) == 7
    assert all(c.result == "passed" for c in by_code.values())
    assert by_code["RAS A110"].evidence_url.startswith("https://")
    assert by_code["AI A200"].evidence_narrative


def test_maya_can_open_her_public_badge_page_and_credential_json(demo, client):
    award = awards_of("maya.chen")["Intelligent Robotics"]
    response = client.get(f"/badges/{award.uuid}/")
    assert response.status_code == 200
    assert "Maya Chen" in response.content.decode()
    assert client.get(f"/credentials/{award.uuid}").status_code == 200


def test_leo_progress_says_exactly_what_is_missing(demo):
    leo = learner("leo.park")
    assert not Award.objects.filter(learner=leo).exists()
    (progress,) = award_selectors.progress_of(leo)
    assert progress.version.title == "Robotics"
    assert not progress.evaluation.satisfied
    assert progress.evaluation.missing == (
        "Pass RAS L102 Robot Programming Lab (the latest result was not a pass)",
        "Complete RAS A110 Robotics Build Challenge",
    )


def test_sam_is_a_learner_enrolled_in_nothing(demo):
    sam = learner("sam.ortiz")
    assert not Enrollment.objects.filter(learner=sam).exists()
    assert not Completion.objects.filter(learner=sam).exists()


def test_riley_robotics_badge_is_revoked_with_its_reason(demo, client):
    award = awards_of("riley.brooks")["Robotics"]
    assert award.status == "revoked"
    assert "academic integrity" in award.revocation_reason
    assert award.credential is not None  # it was issued before it was revoked
    assert award.is_public
    assert "revoked" in client.get(f"/badges/{award.uuid}/").content.decode().lower()


def test_omar_machine_learning_badge_has_expired(demo, client):
    award = awards_of("omar.haddad")["Machine Learning"]
    assert award.state == "active"
    assert award.status == "expired"
    assert award.valid_until is not None
    assert award.credential is not None
    assert award.credential["validUntil"].startswith(f"{award.valid_until:%Y-%m-%d}")
    assert "expired" in client.get(f"/badges/{award.uuid}/").content.decode().lower()


def test_the_demo_learners_share_the_demo_password_and_are_listed(demo):
    for mailbox in ("maya.chen", "leo.park", "sam.ortiz", "riley.brooks", "omar.haddad"):
        assert learner(mailbox).user.check_password(DEMO_PASSWORD), mailbox
        assert f"{mailbox}@{NONCREDIT_UNIVERSITY.domain}" in demo


def test_the_results_were_recorded_by_the_demo_registrar(demo):
    recorded_by = {c.recorded_by.email for c in Completion.objects.filter(learner__institution__slug=SLUG)}
    assert recorded_by == {f"registrar@{NONCREDIT_UNIVERSITY.domain}"}


def test_loading_sends_no_mail(demo):
    assert mail.outbox == []


def test_loading_twice_changes_nothing(demo):
    before = counts()
    output = run_demo()
    assert "nothing changed" in output
    assert counts() == before


def test_the_expiry_reminder_command_reminds_a_demo_holder_once(demo, django_capture_on_commit_callbacks):
    award = awards_of("maya.chen")["Robotics"]
    award.valid_until = timezone.now() + timedelta(days=10)
    award.save(update_fields=["valid_until"])
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_expiry_reminders", stdout=out)
    assert out.getvalue().strip() == "Expiry reminders sent: 1."
    assert [m.to for m in mail.outbox] == [["maya.chen@sdu-demo.example.edu"]]
    again = io.StringIO()
    call_command("send_expiry_reminders", stdout=again)
    assert again.getvalue().strip() == "Expiry reminders sent: 0."
