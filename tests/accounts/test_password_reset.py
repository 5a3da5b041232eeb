"""Choosing a new password through a link sent by e-mail, built from the public origin."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EmailAddressFactory, UserFactory

User = get_user_model()
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def person(db):
    user = UserFactory(email="grace@example.edu", full_name="Grace Hopper")
    EmailAddressFactory(user=user, email="grace@home.example.org", verified_at=timezone.now())
    EmailAddressFactory(user=user, email="grace@unconfirmed.example.org")
    return user


def ask_for_link(client: Client, email: str, **headers: str):
    return client.post(reverse("accounts:password-reset"), {"email": email}, headers=headers)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def choose_password(client: Client, link: str, password: str = NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    return client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_the_link_goes_to_the_address_and_lets_the_person_choose_a_password(client, person):
    response = ask_for_link(client, "grace@example.edu")
    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")
    (message,) = mail.outbox
    assert message.to == ["grace@example.edu"]
    assert message.subject == "Choose a new Microcred password"
    done = choose_password(client, link_in(message).removeprefix("http://testserver"))
    assert done.url == reverse("accounts:password-reset-complete")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_the_link_uses_the_public_origin_whatever_host_the_request_named(client, person, settings):
    settings.PUBLIC_URL = "https://badges.example.edu"
    ask_for_link(client, "grace@example.edu", host="localhost")
    link = link_in(mail.outbox[0])
    assert link.startswith("https://badges.example.edu/accounts/password/reset/")


def test_a_verified_second_address_gets_the_link_at_that_address(client, person):
    ask_for_link(client, "GRACE@home.example.org")
    (message,) = mail.outbox
    assert message.to == ["grace@home.example.org"]
    choose_password(client, link_in(message).removeprefix("http://testserver"))
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("email", ["grace@unconfirmed.example.org", "nobody@example.edu"])
def test_no_mail_for_an_unproven_or_unknown_address_and_the_page_does_not_tell(client, person, email):
    response = ask_for_link(client, email)
    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_no_mail_for_a_deactivated_person(client, person):
    person.is_active = False
    person.save()
    ask_for_link(client, "grace@example.edu")
    assert mail.outbox == []


def test_someone_invited_who_lost_the_invitation_can_ask_for_a_new_link(client, db):
    invited = User.objects.create_user("new@example.edu", full_name="Not Yet")  # no password chosen yet
    ask_for_link(client, "new@example.edu")
    (message,) = mail.outbox
    choose_password(client, link_in(message).removeprefix("http://testserver"))
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_a_link_works_once(client, person):
    ask_for_link(client, "grace@example.edu")
    link = link_in(mail.outbox[0]).removeprefix("http://testserver")
    choose_password(client, link)
    again = Client().get(link, follow=True)
    assert again.context["validlink"] is False
    assert b"Ask for a new one" in again.content


def test_a_made_up_link_is_refused(client, person):
    response = client.get(reverse("accounts:password-reset-confirm", args=["MQ", "bad-token"]))
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_the_new_password_must_be_strong_enough(client, person):
    ask_for_link(client, "grace@example.edu")
    response = choose_password(client, link_in(mail.outbox[0]).removeprefix("http://testserver"), "short")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    person.refresh_from_db()
    assert not person.check_password("short")


def test_a_signed_in_person_changes_their_password(client, person):
    client.force_login(person)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "Your password has been changed." in [str(m) for m in response.context["messages"]]
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_changing_the_password_needs_the_old_one(client, person):
    client.force_login(person)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
