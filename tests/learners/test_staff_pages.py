"""Staff pages about learners: the list with search and "Add learner", one learner's record, progress,
enrollment (with an override reason), results recorded by hand (with an evidence file) and awards by hand."""

# ruff: noqa: F811
from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microcred.awards.models import Award
from microcred.learners import services as learner_services
from microcred.learners.models import Completion, Enrollment, Learner
from tests.awards.conftest import stack  # noqa: F401
from tests.factories import InstitutionFactory, LearnerFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 4)
SIGN_IN = reverse("accounts:sign-in")
SEE = ["admin", "registrar", "operator", "unit_lead"]
MANAGE = ["admin", "registrar", "operator"]
NOBODY = ["reviewer", "budget", "learner", "outsider", "other_admin"]


@pytest.fixture
def who(people, client_as):
    """``who(role)``: a client signed in as that role; ``other_admin`` administers another institution."""
    other_admin = MembershipFactory(
        institution=InstitutionFactory(slug="elsewhere"), role="institution_admin"
    )

    def make(role):
        return client_as(other_admin.user if role == "other_admin" else role)

    return make


def list_url(institution):
    return reverse("learners-staff:list", args=[institution.slug])


def detail_url(learner, name="detail"):
    return reverse(f"learners-staff:{name}", args=[learner.institution.slug, learner.uuid])


def complete(stack, code, *, result="passed"):
    return learner_services.record_completion(
        learner=stack.learner,
        data=learner_services.CompletionInput(course=stack.courses[code], completed_on=DAY, result=result),
    )


def enroll(stack, version):
    return learner_services.enroll_learner(learner=stack.learner, micro_credential=version.micro_credential)


def texts(response):
    return [str(m) for m in response.context["messages"]]


def follow(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response.url)


# Who may see what ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", SEE + NOBODY)
def test_the_list_and_the_learner_page_per_role(who, role, stack):
    client = who(role)
    expected = 200 if role in SEE else 403
    assert client.get(list_url(stack.learner.institution)).status_code == expected
    assert client.get(detail_url(stack.learner)).status_code == expected


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("list", "post"),
        ("edit", "post"),
        ("enroll", "post"),
        ("record-completion", "post"),
        ("award", "post"),
    ],
)
@pytest.mark.parametrize("role", ["unit_lead", "reviewer", "budget", "learner", "outsider", "other_admin"])
def test_only_managers_change_anything(who, role, stack, name, method):
    if name == "list":
        url = list_url(stack.learner.institution)
        data = {
            "email": "new@example.edu",
            "full_name": "New Person",
            "category": "student",
            "level": "graduate",
        }
    else:
        url = detail_url(stack.learner, name)
        data = {"micro_credential": str(stack.robotics.micro_credential_id), "reason": "RPL"}
    response = getattr(who(role), method)(url, data)
    assert response.status_code == 403
    assert not Learner.objects.filter(user__email="new@example.edu").exists()
    assert not Award.objects.exists()
    assert not Enrollment.objects.exists()


def test_unit_leads_see_no_forms(who, stack):
    page = who("unit_lead").get(detail_url(stack.learner)).content.decode()
    assert "Record a result by hand" not in page
    assert "Award by hand" not in page
    assert "Add learner" not in who("unit_lead").get(list_url(stack.learner.institution)).content.decode()


def test_deleting_a_result_is_refused_to_unit_leads(who, stack):
    completion = complete(stack, "ROB 101").completion
    url = reverse(
        "learners-staff:delete-completion",
        args=[stack.learner.institution.slug, stack.learner.uuid, completion.uuid],
    )
    assert who("unit_lead").get(url).status_code == 403
    assert who("unit_lead").post(url).status_code == 403
    assert Completion.objects.filter(pk=completion.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, stack):
    response = client.get(detail_url(stack.learner))
    assert response.status_code == 302
    assert response.url.startswith(f"{SIGN_IN}?next=")


def test_unknown_institution_learner_and_result_are_404(client_as, stack, institution):
    client = client_as("admin")
    assert client.get(reverse("learners-staff:list", args=["nowhere"])).status_code == 404
    assert client.get(reverse("learners-staff:detail", args=[institution.slug, uuid4()])).status_code == 404
    other = LearnerFactory(institution=InstitutionFactory(slug="elsewhere"))
    assert (
        client.get(reverse("learners-staff:detail", args=[institution.slug, other.uuid])).status_code == 404
    )
    url = reverse("learners-staff:delete-completion", args=[institution.slug, stack.learner.uuid, uuid4()])
    assert client.get(url).status_code == 404


# The list ------------------------------------------------------------------------------------


def test_the_list_searches_and_counts_enrollments_and_awards(client_as, stack, institution, people):
    enroll(stack, stack.robotics)
    complete(stack, "ROB 101")
    complete(stack, "ROB 201")  # awards Robotics
    LearnerFactory(institution=institution, user__full_name="Grace Hopper", institutional_id="G-1")
    client = client_as("registrar")
    response = client.get(list_url(institution), {"q": "ada"})
    assert response.status_code == 200
    ((learner, awards),) = response.context["rows"]
    assert learner == stack.learner
    assert learner.enrollment_count == 1
    assert awards == 1
    assert client.get(list_url(institution), {"q": "G-1"}).context["rows"][0][0].institutional_id == "G-1"
    assert len(client.get(list_url(institution)).context["rows"]) == 2


def test_adding_a_new_person_invites_them(client_as, institution, django_capture_on_commit_callbacks):
    client = client_as("registrar")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            list_url(institution),
            {
                "email": "new@example.edu",
                "full_name": "New Person",
                "institutional_id": "B-77",
                "category": "partner_employee",
                "level": "professional",
                "organization": "Acme",
            },
        )
    learner = Learner.objects.get(user__email="new@example.edu")
    assert response.url == detail_url(learner)
    assert (learner.institutional_id, learner.category, learner.organization) == (
        "B-77",
        "partner_employee",
        "Acme",
    )
    assert [m.to for m in mail.outbox] == [["new@example.edu"]]


def test_adding_refuses_a_taken_institutional_id(client_as, institution, stack):
    response = client_as("admin").post(
        list_url(institution),
        {
            "email": "new@example.edu",
            "full_name": "New Person",
            "institutional_id": stack.learner.institutional_id,
            "category": "student",
            "level": "undergraduate",
        },
    )
    assert response.status_code == 400
    assert "belongs to another learner" in str(response.context["form"].errors["institutional_id"])
    assert not Learner.objects.filter(user__email="new@example.edu").exists()


# One learner ------------------------------------------------------------------------------------


def test_the_page_says_what_is_missing(client_as, stack):
    enroll(stack, stack.robotics)
    complete(stack, "ROB 101")
    page = client_as("unit_lead").get(detail_url(stack.learner)).content.decode()
    assert "Robotics" in page
    assert "1 of 2 requirements done" in page
    assert "ROB 201 Robot Control" in page


def test_editing_the_record(client_as, stack):
    client = client_as("registrar")
    data = {
        "institutional_id": "X-9",
        "category": "alumni",
        "level": "graduate",
        "organization": "",
        "did": "",
    }
    follow(client, client.post(detail_url(stack.learner, "edit"), data))
    stack.learner.refresh_from_db()
    assert (stack.learner.institutional_id, stack.learner.level) == ("X-9", "graduate")
    response = client.post(detail_url(stack.learner, "edit"), {**data, "did": "not-a-did"})
    assert response.status_code == 400
    assert "a DID starts with did:" in str(response.context["edit_form"].errors["did"])
    stack.learner.refresh_from_db()
    assert stack.learner.did == ""


def test_enrolling_without_a_problem(client_as, stack, people):
    client = client_as("registrar")
    page = follow(
        client,
        client.post(
            detail_url(stack.learner, "enroll"), {"micro_credential": stack.robotics.micro_credential_id}
        ),
    )
    assert "Enrolled in Robotics." in texts(page)
    enrollment = Enrollment.objects.get(learner=stack.learner)
    assert (enrollment.source, enrollment.enrolled_by, enrollment.reason) == (
        "staff",
        people["registrar"],
        "",
    )


def test_enrolling_past_an_overridable_check_needs_a_reason(client_as, stack):
    stack.robotics.level = "graduate"  # the learner is an undergraduate
    stack.robotics.save()
    client = client_as("admin")
    url = detail_url(stack.learner, "enroll")
    response = client.post(url, {"micro_credential": stack.robotics.micro_credential_id})
    assert response.status_code == 400
    assert "it needs graduate standing" in str(response.context["enroll_form"].non_field_errors())
    assert not Enrollment.objects.exists()
    follow(
        client,
        client.post(
            url,
            {"micro_credential": stack.robotics.micro_credential_id, "override_reason": "Dean's approval"},
        ),
    )
    assert Enrollment.objects.get(learner=stack.learner).reason == "Dean's approval"


def test_enrolling_twice_is_refused_next_to_the_form(client_as, stack):
    enroll(stack, stack.robotics)
    response = client_as("admin").post(
        detail_url(stack.learner, "enroll"),
        {"micro_credential": stack.robotics.micro_credential_id, "override_reason": "again"},
    )
    assert response.status_code == 400
    assert "Already enrolled" in str(response.context["enroll_form"].non_field_errors())


def test_recording_a_result_with_an_evidence_file_awards_the_badge(
    client_as, stack, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    enroll(stack, stack.robotics)
    complete(stack, "ROB 101")
    client = client_as("registrar")
    evidence = SimpleUploadedFile("project.pdf", b"%PDF-1.4 robot arm", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(stack.learner, "record-completion"),
            {
                "course": stack.courses["ROB 201"].pk,
                "completed_on": "2026-05-04",
                "result": "passed",
                "grade": "A-",
                "hours": "40",
                "evidence_url": "https://portfolio.example.edu/ada/arm",
                "evidence_file": evidence,
                "evidence_narrative": "Built a robot arm.",
            },
        )
    page = follow(client, response)
    assert "Recorded ROB 201 Robot Control (Passed). Awarded: Robotics." in texts(page)
    completion = Completion.objects.get(learner=stack.learner, course=stack.courses["ROB 201"])
    assert (completion.grade, completion.hours, completion.source) == ("A-", 40, "manual")
    assert completion.recorded_by == people["registrar"]
    with completion.evidence_file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 robot arm"
    award = Award.objects.get(learner=stack.learner)
    assert award.micro_credential_id == stack.robotics.micro_credential_id
    assert str(completion.uuid) in award.basis["completions"]
    assert reverse("awards-staff:detail", args=[stack.learner.institution.slug, award.uuid]) in (
        page.content.decode()
    )


def test_a_wrong_result_is_shown_next_to_its_field(client_as, stack):
    response = client_as("registrar").post(
        detail_url(stack.learner, "record-completion"),
        {"course": stack.courses["ROB 201"].pk, "completed_on": "2999-01-01", "result": "passed"},
    )
    assert response.status_code == 400
    assert "is in the future" in str(response.context["completion_form"].errors["completed_on"])
    assert not Completion.objects.exists()


def test_deleting_a_result_asks_first(client_as, stack):
    completion = complete(stack, "ROB 101").completion
    url = reverse(
        "learners-staff:delete-completion",
        args=[stack.learner.institution.slug, stack.learner.uuid, completion.uuid],
    )
    client = client_as("registrar")
    assert "Delete this result?" in client.get(url).content.decode()
    assert Completion.objects.filter(pk=completion.pk).exists()
    follow(client, client.post(url))
    assert not Completion.objects.filter(pk=completion.pk).exists()


def test_awarding_by_hand_needs_a_reason(client_as, stack, people):
    client = client_as("admin")
    url = detail_url(stack.learner, "award")
    response = client.post(url, {"micro_credential": stack.ml.micro_credential_id, "reason": "  "})
    assert response.status_code == 400
    assert "give the reason" in str(response.context["award_form"].errors["reason"])
    assert not Award.objects.exists()
    response = client.post(
        url, {"micro_credential": stack.ml.micro_credential_id, "reason": "Prior learning"}
    )
    award = Award.objects.get(learner=stack.learner)
    assert response.url == reverse("awards-staff:detail", args=[stack.learner.institution.slug, award.uuid])
    assert (award.method, award.reason, award.awarded_by) == ("manual", "Prior learning", people["admin"])
    response = client.post(url, {"micro_credential": stack.ml.micro_credential_id, "reason": "Again"})
    assert response.status_code == 400
    assert "already holds" in str(response.context["award_form"].errors["micro_credential"])


def test_the_import_pages_are_linked_for_managers(client_as, institution):
    page = client_as("registrar").get(list_url(institution))
    links = page.context["import_links"]
    assert set(links) == {"import-completions", "import-enrollments"}
    for name, link in links.items():
        assert link == reverse(f"learners-staff:{name}", args=[institution.slug])
        assert link in page.content.decode()
    lead_page = client_as("unit_lead").get(list_url(institution)).content.decode()
    assert links["import-completions"] not in lead_page
