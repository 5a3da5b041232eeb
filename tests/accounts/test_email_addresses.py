"""A person's e-mail addresses: add (with a verification link), verify, make primary, remove; the profile."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microcred.accounts import services
from microcred.accounts.models import EmailAddress, User
from microcred.core.errors import InvalidInput, NotAllowed
from tests.factories import EmailAddressFactory, UserFactory


@pytest.fixture
def person(db):
    return UserFactory(email="ada@example.edu", full_name="Ada Lovelace")


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def add_address(client: Client, email: str, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:add-email"), {"email": email}, follow=True)


def verification_path(message) -> str:
    return re.search(r"http://testserver(/accounts/emails/verify/\S+/)", message.body).group(1)


def test_adding_an_address_sends_a_verification_link(signed_in, person, django_capture_on_commit_callbacks):
    response = add_address(signed_in, "Ada@Home.Example.org", django_capture_on_commit_callbacks)
    assert "We sent a confirmation link to ada@home.example.org." in messages_of(response)
    address = EmailAddress.objects.get(email="ada@home.example.org")
    assert address.user == person
    assert not address.is_verified
    (message,) = mail.outbox
    assert message.to == ["ada@home.example.org"]
    assert message.subject == "Confirm your e-mail address for Microcred"
    assert "waiting for confirmation" in response.content.decode()


def test_opening_the_link_shows_a_button_and_only_the_post_verifies(
    signed_in, person, django_capture_on_commit_callbacks
):
    add_address(signed_in, "ada@home.example.org", django_capture_on_commit_callbacks)
    path = verification_path(mail.outbox[0])
    page = signed_in.get(path)  # what a mail scanner following the link does
    assert page.status_code == 200
    assert b"Confirm this address" in page.content
    assert not EmailAddress.objects.get(email="ada@home.example.org").is_verified
    response = signed_in.post(path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "ada@home.example.org is confirmed. You can sign in with it." in messages_of(response)
    assert EmailAddress.objects.get(email="ada@home.example.org").is_verified


def test_the_link_also_works_for_someone_not_signed_in(person):
    address = EmailAddressFactory(user=person, email="ada@home.example.org")
    with mock.patch("microcred.accounts.services.send_email_on_commit") as send:
        services.send_verification(address=address)
    link = send.call_args.kwargs["context"]["link"]
    response = Client().post(link.removeprefix("http://testserver"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:sign-in")
    address.refresh_from_db()
    assert address.is_verified


def link_for(address: EmailAddress) -> str:
    with mock.patch("microcred.accounts.services.send_email_on_commit") as send:
        services.send_verification(address=address)
    return send.call_args.kwargs["context"]["link"].removeprefix("http://testserver")


def test_an_expired_link_says_so(signed_in, person):
    address = EmailAddressFactory(user=person, email="ada@home.example.org")
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("time.time", return_value=four_days_ago):
        path = link_for(address)
    response = signed_in.post(path)
    assert response.status_code == 400
    assert b"This link has expired; ask for a new one from your e-mail settings." in response.content
    address.refresh_from_db()
    assert not address.is_verified


@pytest.mark.parametrize("token", ["not-a-token", "eyJpZCI6MX0:1tXyZ:forged"])
def test_a_bad_link_says_so(signed_in, token):
    response = signed_in.post(reverse("accounts:verify-email", args=[token]))
    assert response.status_code == 400
    assert b"This link is not valid." in response.content


def test_a_link_for_an_address_removed_since_says_so(signed_in, person):
    address = EmailAddressFactory(user=person, email="ada@home.example.org")
    path = link_for(address)
    address.delete()
    response = signed_in.post(path)
    assert response.status_code == 400
    assert b"This address is no longer on any account." in response.content


def test_the_link_can_be_sent_again(signed_in, person, django_capture_on_commit_callbacks):
    address = EmailAddressFactory(user=person, email="ada@home.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("accounts:resend-verification", args=[address.pk]))
    assert [m.to for m in mail.outbox] == [["ada@home.example.org"]]


def test_no_link_is_sent_again_for_a_verified_address(signed_in, person, django_capture_on_commit_callbacks):
    address = EmailAddressFactory(user=person, verified_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("accounts:resend-verification", args=[address.pk]))
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("ADA@example.edu", "you already have this address"),
        ("taken@example.edu", "already belongs to someone"),
        ("Taken.Second@example.org", "already belongs to someone"),
    ],
)
def test_an_address_in_use_cannot_be_added_whatever_its_case(
    signed_in, person, django_capture_on_commit_callbacks, email, message
):
    other = UserFactory(email="taken@example.edu")
    EmailAddressFactory(user=other, email="taken.second@example.org", verified_at=timezone.now())
    before = EmailAddress.objects.count()
    response = add_address(signed_in, email, django_capture_on_commit_callbacks)
    assert any(message in m for m in messages_of(response))
    assert EmailAddress.objects.count() == before
    assert mail.outbox == []


def test_a_malformed_address_is_refused(signed_in, django_capture_on_commit_callbacks):
    response = add_address(signed_in, "not an address", django_capture_on_commit_callbacks)
    assert any("valid e-mail address" in m for m in messages_of(response))


def test_the_database_also_refuses_the_same_address_in_another_case(person):
    with pytest.raises(IntegrityError):
        User.objects.create(email="ADA@EXAMPLE.EDU", full_name="Copy")


def test_creating_a_person_refuses_an_address_in_another_case(person):
    with pytest.raises(InvalidInput):
        services.create_person(email="Ada@Example.edu", full_name="Copy")


def test_a_verified_address_becomes_primary(signed_in, person):
    address = EmailAddressFactory(user=person, email="ada@home.example.org", verified_at=timezone.now())
    response = signed_in.post(reverse("accounts:make-primary", args=[address.pk]), follow=True)
    assert "Your primary address has changed." in messages_of(response)
    person.refresh_from_db()
    assert person.email == "ada@home.example.org"
    signed_out = Client()
    signed_out.post(
        reverse("accounts:sign-in"),
        {"username": "ada@home.example.org", "password": "correct horse battery staple"},
    )
    assert signed_out.session["_auth_user_id"] == str(person.pk)


def test_an_unverified_address_cannot_become_primary(signed_in, person):
    address = EmailAddressFactory(user=person, email="ada@home.example.org")
    response = signed_in.post(reverse("accounts:make-primary", args=[address.pk]), follow=True)
    assert any("verify this address before making it primary" in m for m in messages_of(response))
    person.refresh_from_db()
    assert person.email == "ada@example.edu"


def test_a_second_address_is_removed(signed_in, person):
    address = EmailAddressFactory(user=person)
    response = signed_in.post(reverse("accounts:remove-email", args=[address.pk]), follow=True)
    assert "The address has been removed." in messages_of(response)
    assert not EmailAddress.objects.filter(pk=address.pk).exists()


def test_the_primary_address_cannot_be_removed(signed_in, person):
    primary = EmailAddress.objects.get(user=person, email=person.email)
    response = signed_in.post(reverse("accounts:remove-email", args=[primary.pk]), follow=True)
    assert any("the primary address cannot be removed" in m for m in messages_of(response))
    assert EmailAddress.objects.filter(pk=primary.pk).exists()


def test_the_services_refuse_another_persons_address(person):
    theirs = EmailAddressFactory(verified_at=timezone.now())
    with pytest.raises(NotAllowed):
        services.make_primary_email(user=person, address=theirs)
    with pytest.raises(NotAllowed):
        services.remove_email_address(user=person, address=theirs)
    assert EmailAddress.objects.filter(pk=theirs.pk).exists()


def test_the_profile_shows_each_address_and_saves_the_name(signed_in, person):
    EmailAddressFactory(user=person, email="ada@home.example.org")
    page = signed_in.get(reverse("accounts:profile")).content.decode()
    assert "ada@example.edu" in page
    assert "ada@home.example.org" in page
    response = signed_in.post(
        reverse("accounts:profile"), {"full_name": " Augusta Ada King ", "display_name": "Ada"}, follow=True
    )
    assert "Your profile has been saved." in messages_of(response)
    person.refresh_from_db()
    assert (person.full_name, person.display_name, person.shown_name) == ("Augusta Ada King", "Ada", "Ada")


def test_the_profile_needs_a_name(signed_in, person):
    response = signed_in.post(reverse("accounts:profile"), {"full_name": "  ", "display_name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    person.refresh_from_db()
    assert person.full_name == "Ada Lovelace"


def test_no_mail_is_sent_inside_mail_suppressed(people, django_capture_on_commit_callbacks):
    from microcred.accounts import services as account_services

    with django_capture_on_commit_callbacks(execute=True):
        with account_services.mail_suppressed():
            account_services.add_email_address(user=people["learner"], email="quiet@example.org")
        account_services.add_email_address(user=people["learner"], email="loud@example.org")
    assert [m.to for m in mail.outbox] == [["loud@example.org"]]
