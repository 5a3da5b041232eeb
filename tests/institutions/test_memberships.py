"""Giving people roles (someone new is invited by e-mail) and taking roles away (never the last admin)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from microcred.core.errors import InvalidInput, NotAllowed
from microcred.institutions import services
from microcred.institutions.models import Membership
from tests.factories import EmailAddressFactory, MembershipFactory, UserFactory

User = get_user_model()


def grant(client, institution, **fields):
    return client.post(reverse("institutions:people", args=[institution.slug]), fields)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_role_for_someone_already_here_sends_no_invitation(
    client_as, people, institution, django_capture_on_commit_callbacks
):
    person = UserFactory(email="dana@example.edu")
    with django_capture_on_commit_callbacks(execute=True):
        response = grant(client_as("admin"), institution, email="DANA@example.edu ", role="budget_office")
    assert response.status_code == 302
    membership = Membership.objects.get(user=person, role="budget_office")
    assert membership.granted_by == people["admin"]
    assert mail.outbox == []
    assert User.objects.filter(email__iexact="dana@example.edu").count() == 1


def test_a_role_for_someone_known_by_a_verified_second_address_goes_to_them(people, institution):
    person = UserFactory()
    EmailAddressFactory(user=person, email="dana.home@example.org", verified_at=timezone.now())
    membership = services.grant_membership(
        actor=people["admin"], institution=institution, email="dana.home@example.org", role="registrar"
    )
    assert membership.user == person


def test_a_new_person_is_invited_and_the_link_lets_them_choose_a_password(
    client_as, people, institution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = grant(
            client_as("admin"),
            institution,
            email="new.reviewer@example.edu",
            full_name="Nia Reviewer",
            role="registrar",
        )
    assert response.status_code == 302
    newcomer = User.objects.get(email="new.reviewer@example.edu")
    assert newcomer.full_name == "Nia Reviewer"
    assert not newcomer.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["new.reviewer@example.edu"]
    assert message.subject == f"You are invited to Microcred at {institution.name}"
    assert people["admin"].shown_name in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)

    visitor = client_as("anonymous")
    form_page = visitor.get(link, follow=True)
    assert form_page.context["validlink"] is True
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password-reset-complete")
    signed_in = visitor.post(
        reverse("accounts:sign-in"),
        {"username": "new.reviewer@example.edu", "password": "a long new passphrase"},
    )
    assert signed_in.status_code == 302
    assert visitor.get(reverse("institutions:overview", args=[institution.slug])).status_code == 200


def test_the_invitation_link_works_only_once(
    client_as, people, institution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant(client_as("admin"), institution, email="once@example.edu", role="learner")
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    visitor = client_as("anonymous")
    page = visitor.get(link, follow=True)
    visitor.post(
        page.redirect_chain[-1][0],
        {"new_password1": "first passphrase!", "new_password2": "first passphrase!"},
    )
    again = client_as("anonymous").get(link, follow=True)
    assert again.context["validlink"] is False
    assert b"already been used or has expired" in again.content


def test_the_name_of_someone_new_defaults_to_their_address(people, institution):
    membership = services.grant_membership(
        actor=people["admin"], institution=institution, email="kim@example.edu", role="learner"
    )
    assert membership.user.full_name == "kim"


def test_a_role_goes_to_the_real_owner_not_to_someone_who_claimed_the_address_unverified(people, institution):
    claimant = UserFactory()
    EmailAddressFactory(user=claimant, email="dean@example.edu")  # added, never confirmed
    membership = services.grant_membership(
        actor=people["admin"], institution=institution, email="dean@example.edu", role="institution_admin"
    )
    assert membership.user != claimant
    assert membership.user.email == "dean@example.edu"
    assert not claimant.email_addresses.filter(email="dean@example.edu").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"role": "reviewer"}, "review_body"),
        ({"role": "unit_lead"}, "unit"),
        ({"role": "registrar", "review_body": "committee"}, "review_body"),
    ],
)
def test_roles_need_their_unit_or_review_body(client_as, institution, department, committee, fields, field):
    data = {"email": "someone@example.edu", **fields}
    if data.get("review_body") == "committee":
        data["review_body"] = committee.pk
    response = grant(client_as("admin"), institution, **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.filter(email="someone@example.edu").exists()


def test_a_reviewer_sits_on_a_review_body_and_a_unit_lead_leads_a_unit(
    client_as, institution, department, committee
):
    admin = client_as("admin")
    grant(admin, institution, email="r@example.edu", role="reviewer", review_body=committee.pk)
    grant(admin, institution, email="u@example.edu", role="unit_lead", unit=department.pk)
    assert Membership.objects.get(user__email="r@example.edu").review_body == committee
    assert Membership.objects.get(user__email="u@example.edu").unit == department


def test_the_same_role_twice_is_refused(client_as, people, institution):
    response = grant(client_as("admin"), institution, email=people["registrar"].email, role="registrar")
    assert response.status_code == 200
    assert "already holds this role" in response.context["form"].errors["email"][0]
    assert Membership.objects.filter(user=people["registrar"], role="registrar").count() == 1


def test_the_same_person_may_hold_several_roles(people, institution):
    services.grant_membership(
        actor=people["admin"], institution=institution, email=people["learner"].email, role="registrar"
    )
    assert set(Membership.objects.filter(user=people["learner"]).values_list("role", flat=True)) == {
        "learner",
        "registrar",
    }


def test_the_service_refuses_a_unit_or_review_body_of_another_institution(
    people, institution, other_institution
):
    from tests.factories import ReviewBodyFactory, UnitFactory

    with pytest.raises(InvalidInput) as error:
        services.grant_membership(
            actor=people["admin"],
            institution=institution,
            email="x@example.edu",
            role="reviewer",
            unit=UnitFactory(institution=other_institution),
            review_body=ReviewBodyFactory(institution=other_institution),
        )
    assert set(error.value.by_field()) == {"unit", "review_body"}
    with pytest.raises(InvalidInput):
        services.grant_membership(
            actor=people["admin"], institution=institution, email="x@example.edu", role="dean"
        )


@pytest.mark.parametrize("role", ["unit_lead", "reviewer", "budget", "registrar", "learner", "outsider"])
def test_only_administrators_give_roles(people, institution, role):
    with pytest.raises(NotAllowed):
        services.grant_membership(
            actor=people[role], institution=institution, email="me@example.edu", role="institution_admin"
        )
    assert not User.objects.filter(email="me@example.edu").exists()


def test_an_admin_removes_a_role(client_as, people, institution):
    membership = Membership.objects.get(user=people["learner"])
    response = client_as("admin").post(
        reverse("institutions:membership-revoke", args=[institution.slug, membership.pk]), follow=True
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert f"{people['learner'].email} no longer holds that role." in messages_of(response)
    assert User.objects.filter(pk=people["learner"].pk).exists()  # the person stays; only the role goes


def test_the_last_administrator_cannot_be_removed(client_as, people, institution):
    membership = Membership.objects.get(user=people["admin"])
    response = client_as("operator").post(
        reverse("institutions:membership-revoke", args=[institution.slug, membership.pk]), follow=True
    )
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert any("last administrator" in m for m in messages_of(response))


def test_one_of_two_administrators_can_step_down(client_as, people, institution):
    MembershipFactory(institution=institution, role="institution_admin")
    membership = Membership.objects.get(user=people["admin"])
    client_as("admin").post(reverse("institutions:membership-revoke", args=[institution.slug, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client_as("admin").get(reverse("institutions:people", args=[institution.slug])).status_code == 403


def test_removing_a_role_takes_away_access_at_once(client_as, people, institution):
    reviewer = client_as("reviewer")
    assert reviewer.get(reverse("institutions:policy", args=[institution.slug])).status_code == 200
    services.revoke_membership(
        actor=people["admin"], membership=Membership.objects.get(user=people["reviewer"])
    )
    assert reviewer.get(reverse("institutions:policy", args=[institution.slug])).status_code == 403
