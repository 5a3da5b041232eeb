"""Staff pages about awards: the list with filters, one award's page and its lifecycle forms."""

# ruff: noqa: F811
from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from django.urls import reverse

from microcred.awards import services as award_services
from microcred.awards.models import Award
from microcred.learners import services as learner_services
from tests.awards.conftest import stack  # noqa: F401
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    LearnerFactory,
    MembershipFactory,
    PublishedVersionFactory,
    requirement_tree,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 4)
SEE = ["admin", "registrar", "operator", "unit_lead"]
NOBODY = ["reviewer", "budget", "learner", "outsider", "other_admin"]
ACTIONS = {
    "revoke": {"reason": "Academic misconduct", "confirm": "on"},
    "suspend": {"reason": "Under investigation"},
    "reinstate": {"note": "Cleared"},
    "renew": {"reason": "Recertified"},
}


@pytest.fixture
def who(people, client_as):
    other_admin = MembershipFactory(
        institution=InstitutionFactory(slug="elsewhere"), role="institution_admin"
    )
    return lambda role: client_as(other_admin.user if role == "other_admin" else role)


@pytest.fixture
def award(stack, people):
    return award_services.award_manually(
        learner=stack.learner,
        micro_credential=stack.robotics.micro_credential,
        reason="Prior learning",
        by=people["admin"],
    )


def url(award, name="detail"):
    return reverse(f"awards-staff:{name}", args=[award.institution.slug, award.uuid])


def list_url(institution):
    return reverse("awards-staff:list", args=[institution.slug])


def texts(response):
    return [str(m) for m in response.context["messages"]]


# Who may see what ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", SEE + NOBODY)
def test_the_list_and_the_award_page_per_role(who, role, award):
    expected = 200 if role in SEE else 403
    assert who(role).get(list_url(award.institution)).status_code == expected
    assert who(role).get(url(award)).status_code == expected


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ["unit_lead", *NOBODY])
def test_only_managers_change_the_status(who, role, award, action):
    if action == "reinstate":
        award_services.suspend_award(award=award, reason="hold", by=award.awarded_by)
    state = Award.objects.get(pk=award.pk).state
    assert who(role).post(url(award, action), ACTIONS[action]).status_code == 403
    assert Award.objects.get(pk=award.pk).state == state
    assert Award.objects.count() == 1


def test_unit_leads_see_no_lifecycle_forms(who, award):
    page = who("unit_lead").get(url(award)).content.decode()
    assert "Revoke" not in page
    assert "Suspend" not in page


def test_unknown_institution_and_award_are_404(client_as, award, institution):
    client = client_as("admin")
    assert client.get(reverse("awards-staff:list", args=["nowhere"])).status_code == 404
    assert client.get(reverse("awards-staff:detail", args=["nowhere", award.uuid])).status_code == 404
    assert client.get(reverse("awards-staff:detail", args=[institution.slug, uuid4()])).status_code == 404
    assert client.post(reverse("awards-staff:revoke", args=[institution.slug, uuid4()])).status_code == 404


def test_an_award_of_another_institution_is_404_under_this_slug(client_as, institution, people):
    other = InstitutionFactory(slug="elsewhere")
    course = CourseFactory(institution=other)
    version = PublishedVersionFactory(
        micro_credential__institution=other, requirements=requirement_tree(course.pk)
    )
    learner = LearnerFactory(institution=other)
    foreign = award_services.award_manually(
        learner=learner, micro_credential=version.micro_credential, reason="RPL", by=people["operator"]
    )
    client = client_as("admin")
    assert (
        client.get(reverse("awards-staff:detail", args=[institution.slug, foreign.uuid])).status_code == 404
    )
    for action, data in ACTIONS.items():
        response = client.post(reverse(f"awards-staff:{action}", args=[institution.slug, foreign.uuid]), data)
        assert response.status_code == 404
    assert Award.objects.get(pk=foreign.pk).state == "active"


# The list ------------------------------------------------------------------------------------


def test_the_list_filters_by_state_and_searches(client_as, stack, award, people):
    other = LearnerFactory(institution=stack.learner.institution, user__full_name="Grace Hopper")
    revoked = award_services.award_manually(
        learner=other, micro_credential=stack.ml.micro_credential, reason="RPL", by=people["admin"]
    )
    award_services.revoke_award(award=revoked, reason="mistake", by=people["admin"])
    client = client_as("registrar")
    institution = stack.learner.institution
    assert len(client.get(list_url(institution)).context["awards"]) == 2
    assert [a.pk for a in client.get(list_url(institution), {"state": "revoked"}).context["awards"]] == [
        revoked.pk
    ]
    assert [a.pk for a in client.get(list_url(institution), {"q": "ada robotics"}).context["awards"]] == [
        award.pk
    ]
    assert client.get(list_url(institution), {"state": "nonsense"}).status_code == 200


# One award ------------------------------------------------------------------------------------


def test_the_page_tells_everything_about_the_award(client_as, stack):
    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    for code in ("ROB 101", "ROB 201"):
        outcome = learner_services.record_completion(
            learner=stack.learner,
            data=learner_services.CompletionInput(course=stack.courses[code], completed_on=DAY, grade="A"),
        )
    (award,) = outcome.awards
    response = client_as("unit_lead").get(url(award))
    page = response.content.decode()
    assert "Ada Learner" in page
    assert "Robotics" in page
    assert "ROB 101 Robot Kinematics" in page
    assert "ROB 201 Robot Control" in page
    assert "awarded" in [e.kind for e in response.context["events"]]
    assert "/badges/" not in page  # private: no public page to link
    Award.objects.filter(pk=award.pk).update(is_public=True)
    page = client_as("unit_lead").get(url(award)).content.decode()
    assert reverse("publishing:award", args=[award.uuid]) in page


def test_revoking_needs_a_reason_and_a_confirmation(client_as, award):
    client = client_as("registrar")
    response = client.post(url(award, "revoke"), {"reason": "Misconduct"})
    assert response.status_code == 400
    assert "Tick the box to confirm" in str(response.context["revoke_form"].errors["confirm"])
    response = client.post(url(award, "revoke"), {"reason": " ", "confirm": "on"})
    assert response.status_code == 400
    assert "give the reason for revoking" in str(response.context["revoke_form"].errors["reason"])
    assert Award.objects.get(pk=award.pk).state == "active"
    response = client.post(url(award, "revoke"), ACTIONS["revoke"])
    assert response.url == url(award)
    award.refresh_from_db()
    assert (award.state, award.revocation_reason) == ("revoked", "Academic misconduct")
    response = client.post(url(award, "revoke"), ACTIONS["revoke"])
    assert response.status_code == 400
    assert "already revoked" in response.content.decode()


def test_suspending_and_reinstating(client_as, award):
    client = client_as("admin")
    response = client.post(url(award, "suspend"), {"reason": ""})
    assert response.status_code == 400
    assert "give the reason for suspending" in str(response.context["suspend_form"].errors["reason"])
    page = client.get(client.post(url(award, "suspend"), ACTIONS["suspend"]).url)
    assert "The award has been suspended until it is reinstated." in texts(page)
    assert Award.objects.get(pk=award.pk).state == "suspended"
    response = client.post(url(award, "suspend"), ACTIONS["suspend"])
    assert response.status_code == 400
    assert "only a valid award can be suspended" in response.content.decode()
    client.post(url(award, "reinstate"), ACTIONS["reinstate"])
    assert Award.objects.get(pk=award.pk).state == "active"
    response = client.post(url(award, "reinstate"), ACTIONS["reinstate"])
    assert response.status_code == 400
    assert "only a suspended award can be reinstated" in response.content.decode()


def test_renewing_goes_to_the_new_award(client_as, award):
    client = client_as("registrar")
    response = client.post(url(award, "renew"), {"reason": ""})
    renewed = Award.objects.get(supersedes=award)
    assert response.url == url(renewed)
    assert (renewed.method, renewed.reason) == ("renewal", "Recertified")
    assert Award.objects.get(pk=award.pk).state == "superseded"
    page = client.get(url(award)).content.decode()
    assert url(renewed) in page
    response = client.post(url(award, "renew"), {})
    assert response.status_code == 400
    assert "only a valid or expired award can be renewed" in response.content.decode()
