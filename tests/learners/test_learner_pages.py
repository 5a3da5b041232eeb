"""The learner's own pages: enrolling from the catalog, my micro-credentials, progress and withdrawal."""

# The imported ``stack`` fixture is used as a parameter:
# ruff: noqa: F811
from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from microcred.awards.models import Award
from microcred.learners import services as learner_services
from microcred.learners.models import Enrollment, Learner
from tests.awards.conftest import stack  # noqa: F401
from tests.factories import LearnerFactory, PublishedVersionFactory, requirement_tree

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 4)
SIGN_IN = reverse("accounts:sign-in")


def complete(stack, code, *, result="passed", grade="A"):
    return learner_services.record_completion(
        learner=stack.learner,
        data=learner_services.CompletionInput(
            course=stack.courses[code], completed_on=DAY, result=result, grade=grade
        ),
    )


def enroll(stack, version):
    return learner_services.enroll_learner(
        learner=stack.learner, micro_credential=version.micro_credential
    ).enrollment


def enroll_url(version):
    return reverse("learners:enroll", args=[version.uuid])


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Who may see what -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["learners:home"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(f"{SIGN_IN}?next=")


def test_anonymous_enrollment_is_sent_to_sign_in(client, stack):
    for response in (client.get(enroll_url(stack.robotics)), client.post(enroll_url(stack.robotics))):
        assert response.status_code == 302
        assert response.url.startswith(f"{SIGN_IN}?next=")
    assert not Enrollment.objects.exists()


def test_the_progress_page_is_only_for_the_learner_themself(stack, client_as, institution):
    enrollment = enroll(stack, stack.robotics)
    url = reverse("learners:progress", args=[enrollment.uuid])
    assert client_as(stack.learner.user).get(url).status_code == 200
    other = LearnerFactory(institution=institution)
    assert client_as(other.user).get(url).status_code == 404
    assert client_as("registrar").get(url).status_code == 404  # staff use the management pages
    assert client_as("admin").get(url).status_code == 404
    response = client_as("anonymous").get(url)
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_only_the_learner_may_withdraw(stack, client_as, institution):
    enrollment = enroll(stack, stack.robotics)
    url = reverse("learners:withdraw", args=[enrollment.uuid])
    other = LearnerFactory(institution=institution)
    assert client_as(other.user).post(url).status_code == 404
    assert client_as("registrar").post(url).status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == "active"
    response = client_as(stack.learner.user).post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("learners:home")
    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"
    assert "You have withdrawn from Robotics." in texts(response)
    assert "enroll again" in response.content.decode()


# Enrollment -------------------------------------------------------------------------------------------------


def test_the_confirmation_page_shows_costs_prerequisites_and_level(stack, client_as):
    version = stack.robotics
    version.fees = [{"label": "Tuition", "amount": "450.00", "currency": "USD"}]
    version.prerequisites = "Calculus I"
    version.save()
    response = client_as(stack.learner.user).get(enroll_url(version))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enroll in Robotics" in html
    assert "Tuition: 450.00 USD" in html
    assert "Total: 450.00 USD" in html
    assert "Calculus I" in html
    assert "Undergraduate" in html
    assert "I meet the prerequisites: Calculus I" in html
    assert not Enrollment.objects.exists()


def test_a_first_enrollment_asks_who_the_person_is_then_creates_the_learner_record(
    stack, client_as, people, institution
):
    person = people["learner"]  # a student of the institution, no learner record yet
    client = client_as(person)
    # The catalog's button posts nothing: the person first sees the confirmation page.
    response = client.post(enroll_url(stack.robotics))
    assert response.status_code == 200
    assert response.context["form"].fields["category"].initial == "student"
    assert not Learner.objects.filter(user=person).exists()
    response = client.post(
        enroll_url(stack.robotics),
        {"confirm": "1", "category": "student", "level": "undergraduate"},
        follow=True,
    )
    learner = Learner.objects.get(user=person, institution=institution)
    assert (learner.category, learner.level) == ("student", "undergraduate")
    enrollment = Enrollment.objects.get(learner=learner)
    assert (enrollment.source, enrollment.status, enrollment.enrolled_by) == ("self", "active", person)
    assert response.redirect_chain[-1][0] == reverse("learners:progress", args=[enrollment.uuid])
    assert "You are enrolled in Robotics." in texts(response)


def test_people_without_a_student_role_default_to_non_degree(stack, client_as):
    response = client_as("outsider").get(enroll_url(stack.robotics))
    assert response.context["form"].fields["category"].initial == "non_degree"


def test_a_known_learner_enrolls_in_one_click_when_there_are_no_prerequisites(stack, client_as):
    response = client_as(stack.learner.user).post(enroll_url(stack.robotics))
    enrollment = Enrollment.objects.get(learner=stack.learner)
    assert response.status_code == 302
    assert response.url == reverse("learners:progress", args=[enrollment.uuid])


def test_prerequisites_must_be_confirmed(stack, client_as):
    stack.robotics.prerequisites = "Calculus I"
    stack.robotics.save()
    client = client_as(stack.learner.user)
    response = client.post(enroll_url(stack.robotics))  # from the catalog: confirm first
    assert response.status_code == 200
    assert "I meet the prerequisites: Calculus I" in response.content.decode()
    response = client.post(enroll_url(stack.robotics), {"confirm": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm_prerequisites"] == [
        "Confirm that the prerequisites are met."
    ]
    assert not Enrollment.objects.exists()
    response = client.post(enroll_url(stack.robotics), {"confirm": "1", "confirm_prerequisites": "on"})
    assert response.status_code == 302
    assert Enrollment.objects.filter(learner=stack.learner, status="active").count() == 1


def test_a_graduate_micro_credential_is_refused_to_an_undergraduate(
    stack, client_as, institution, department
):
    graduate = PublishedVersionFactory(
        micro_credential__institution=institution,
        micro_credential__unit=department,
        title="Advanced Control",
        level="graduate",
        requirements=requirement_tree(stack.courses["ROB 201"].pk),
    )
    client = client_as(stack.learner.user)
    response = client.get(enroll_url(graduate))
    html = response.content.decode()
    assert "You cannot enroll now" in html
    assert "it needs graduate standing" in html
    response = client.post(enroll_url(graduate), {"confirm": "1"})
    assert response.status_code == 200
    assert "This is a graduate-level micro-credential; it needs graduate standing." in str(
        response.context["form"].non_field_errors()
    )
    assert not Enrollment.objects.exists()


def test_a_refused_first_enrollment_leaves_no_learner_record(
    stack, client_as, people, institution, department
):
    graduate = PublishedVersionFactory(
        micro_credential__institution=institution,
        micro_credential__unit=department,
        level="graduate",
        requirements=requirement_tree(stack.courses["ROB 201"].pk),
    )
    response = client_as("outsider").post(
        enroll_url(graduate), {"confirm": "1", "category": "non_degree", "level": "undergraduate"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["level"] == [
        "This is a graduate-level micro-credential; it needs graduate standing."
    ]
    assert not Learner.objects.filter(user=people["outsider"]).exists()


def test_a_closed_micro_credential_says_so(stack, client_as):
    stack.robotics.terminates_on = date(2020, 1, 31)
    stack.robotics.save()
    response = client_as(stack.learner.user).get(enroll_url(stack.robotics))
    assert "This micro-credential closed to new learners on January 31, 2020." in response.content.decode()
    assert '<button type="submit">Enroll</button>' not in response.content.decode()


def test_already_enrolled_goes_to_the_progress_page(stack, client_as):
    enrollment = enroll(stack, stack.robotics)
    response = client_as(stack.learner.user).post(enroll_url(stack.robotics), follow=True)
    assert response.redirect_chain[-1][0] == reverse("learners:progress", args=[enrollment.uuid])
    assert "You are already enrolled in Robotics." in texts(response)
    assert Enrollment.objects.count() == 1


def test_draft_versions_are_not_found(stack, client_as, institution):
    draft = PublishedVersionFactory(
        micro_credential__institution=institution, status="draft", published_at=None
    )
    assert client_as(stack.learner.user).get(enroll_url(draft)).status_code == 404


def test_enrolling_when_the_requirements_are_already_met_awards_at_once(
    stack, client_as, django_capture_on_commit_callbacks
):
    complete(stack, "ROB 101")
    complete(stack, "ROB 201")
    assert not Award.objects.exists()  # results alone award nothing until the learner enrolls
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(stack.learner.user).post(enroll_url(stack.robotics), follow=True)
    award = Award.objects.get(learner=stack.learner)
    assert award.micro_credential_id == stack.robotics.micro_credential_id
    assert "You already meet every requirement: the badge has been awarded and is in your wallet." in texts(
        response
    )
    html = response.content.decode()
    assert reverse("wallet:detail", args=[award.uuid]) in html
    assert "What is left" not in html
    award.refresh_from_db()
    assert award.credential is not None  # signed on commit


# My learning and progress -----------------------------------------------------------------------------------


def test_my_learning_shows_a_card_per_enrollment(stack, client_as, django_capture_on_commit_callbacks):
    enroll(stack, stack.robotics)
    enroll(stack, stack.ml)
    complete(stack, "ROB 101")
    with django_capture_on_commit_callbacks(execute=True):
        complete(stack, "CS 302")  # earns Machine Learning
    response = client_as(stack.learner.user).get(reverse("learners:home"))
    assert response.status_code == 200
    cards = {c["version"].title: c for c in response.context["cards"]}
    assert set(cards) == {"Robotics", "Machine Learning"}
    assert (cards["Robotics"]["done"], cards["Robotics"]["needed"]) == (1, 2)
    assert cards["Robotics"]["award"] is None
    html = response.content.decode()
    assert "1 of 2 done" in html
    assert "Complete ROB 201 Robot Control" in html
    award = cards["Machine Learning"]["award"]
    assert award is not None
    assert reverse("wallet:detail", args=[award.uuid]) in html


def test_my_learning_is_empty_for_someone_new(client_as):
    response = client_as("outsider").get(reverse("learners:home"))
    assert response.status_code == 200
    assert "You are not enrolled in any micro-credential." in response.content.decode()


def test_the_progress_page_draws_the_tree_and_says_what_is_left(stack, client_as):
    enrollment = enroll(stack, stack.robotics)
    complete(stack, "ROB 101", grade="B+")
    complete(stack, "ROB 201", result="failed", grade="F")
    response = client_as(stack.learner.user).get(reverse("learners:progress", args=[enrollment.uuid]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What is left" in html
    assert "Pass ROB 201 Robot Control (the latest result was not a pass)" in html
    assert "All of</strong>" in html
    assert "(1 of 2 done)" in html
    assert '<span class="req-state done">Done' in html
    assert 'ROB 101 Robot Kinematics <span class="help">(passed May 4, 2026, grade B+)</span>' in html
    assert '<span class="req-state failed">Not passed' in html
    assert "(not passed May 4, 2026, grade F)" in html
    # results on record
    assert "Results on record" in html
    assert {c.course.code for c in response.context["results"]} == {
        "ROB 101",
        "ROB 201",
    }
    assert "Withdraw from Robotics" in html


def test_an_at_least_group_names_the_choice_and_shows_todo_items(stack, client_as):
    enrollment = enroll(stack, stack.ml)
    learner_services.record_completion(
        learner=stack.learner,
        data=learner_services.CompletionInput(
            course=stack.courses["CS 301"], completed_on=DAY, result="in_progress"
        ),
    )
    response = client_as(stack.learner.user).get(reverse("learners:progress", args=[enrollment.uuid]))
    html = response.content.decode()
    assert "At least 1 of</strong>" in html
    assert "Complete 1 more of: CS 301 Machine Learning, CS 302 Deep Learning" in html
    assert '<span class="req-state in_progress">In progress' in html
    assert '<span class="req-state todo">To do' in html
    assert "No results recorded yet" not in html


def test_a_stack_shows_the_micro_credentials_it_needs(stack, client_as):
    enrollment = enroll(stack, stack.ai)
    response = client_as(stack.learner.user).get(reverse("learners:progress", args=[enrollment.uuid]))
    html = response.content.decode()
    assert "Earn the micro-credential Robotics" in html
    assert "The micro-credential Machine Learning" in html
    assert "No results recorded yet" in html


def test_the_catalog_page_offers_to_enroll(stack, client_as, institution):
    detail = reverse("public:detail", args=[institution.slug, "robotics"])
    target = enroll_url(stack.robotics)
    html = client_as("anonymous").get(detail).content.decode()
    assert f'href="{SIGN_IN}?next={target}">Sign in to enroll</a>' in html
    html = client_as(stack.learner.user).get(detail).content.decode()
    assert f'<form method="post" action="{target}" class="inline">' in html
    assert '<button type="submit">Enroll</button>' in html


# The learner's own DID ----------------------------------------------------------------------------------


def test_the_learner_names_their_did_and_new_badges_use_it(
    stack, client_as, django_capture_on_commit_callbacks
):
    client = client_as(stack.learner.user)
    home = client.get(reverse("learners:home")).content.decode()
    assert "How your badges name you" in home
    url = reverse("learners:did", args=[stack.learner.uuid])
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    response = client.post(url, {f"{stack.learner.uuid}-did": did}, follow=True)
    assert did in response.content.decode()
    stack.learner.refresh_from_db()
    assert stack.learner.did == did
    with django_capture_on_commit_callbacks(execute=True):
        learner_services.enroll_learner(
            learner=stack.learner, micro_credential=stack.robotics.micro_credential
        )
        for code in ("ROB 101", "ROB 201"):
            learner_services.record_completion(
                learner=stack.learner,
                data=learner_services.CompletionInput(
                    course=stack.courses[code], completed_on=date(2026, 5, 4)
                ),
            )
    award = Award.objects.get(learner=stack.learner)
    assert award.credential["credentialSubject"]["id"] == did


def test_a_did_must_look_like_one_and_only_its_learner_may_set_it(stack, client_as, people):
    url = reverse("learners:did", args=[stack.learner.uuid])
    response = client_as(stack.learner.user).post(
        url, {f"{stack.learner.uuid}-did": "my-wallet"}, follow=True
    )
    assert "a DID starts with did:" in response.content.decode()
    assert client_as("registrar").post(url, {f"{stack.learner.uuid}-did": "did:key:z6Mk"}).status_code == 404
    stack.learner.refresh_from_db()
    assert stack.learner.did == ""
