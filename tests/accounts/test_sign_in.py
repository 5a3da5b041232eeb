"""Signing in with any proven e-mail address, signing out with a POST, and how passwords are stored."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microcred.config import settings as production_settings
from tests.factories import PASSWORD, EmailAddressFactory, UserFactory


@pytest.fixture
def person(db):
    user = UserFactory(email="ada@example.edu", full_name="Ada Lovelace")
    EmailAddressFactory(user=user, email="ada@home.example.org", verified_at=timezone.now())
    EmailAddressFactory(user=user, email="ada@unconfirmed.example.org")
    return user


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    return client.post(reverse("accounts:sign-in"), {"username": email, "password": password, **extra})


def signed_in_as(client: Client):
    return client.session.get(SESSION_KEY)


@pytest.mark.parametrize(
    "email",
    ["ada@example.edu", "  ADA@Example.EDU ", "ada@home.example.org"],
    ids=["primary", "primary in other case", "verified second address"],
)
def test_sign_in_with_a_proven_address(client, person, email):
    response = sign_in(client, email)
    assert response.status_code == 302
    assert response.url == reverse("web:dashboard")
    assert signed_in_as(client) == str(person.pk)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("ada@unconfirmed.example.org", PASSWORD),
        ("ada@example.edu", "wrong password"),
        ("nobody@example.edu", PASSWORD),
        ("", PASSWORD),
    ],
    ids=["unverified second address", "wrong password", "unknown address", "no address"],
)
def test_sign_in_is_refused(client, person, email, password):
    response = sign_in(client, email, password)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_as(client) is None


def test_the_refusal_does_not_say_which_part_was_wrong(client, person):
    wrong_password = sign_in(client, "ada@example.edu", "wrong password").context["form"].non_field_errors()
    unknown = sign_in(client, "nobody@example.edu").context["form"].non_field_errors()
    assert wrong_password == unknown
    assert "correct" in wrong_password[0]


def test_a_deactivated_person_cannot_sign_in(client, person):
    person.is_active = False
    person.save()
    response = sign_in(client, "ada@example.edu")
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_sign_in_returns_to_the_page_asked_for(client, person):
    response = sign_in(client, "ada@example.edu", next="/accounts/profile/")
    assert response.url == "/accounts/profile/"


def test_sign_in_does_not_redirect_to_another_site(client, person):
    response = sign_in(client, "ada@example.edu", next="https://evil.example.com/")
    assert response.url == reverse("web:dashboard")


def test_someone_signed_in_is_sent_on_from_the_sign_in_page(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:sign-in"))
    assert response.status_code == 302
    assert response.url == reverse("web:dashboard")


def test_sign_out_needs_a_post(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:sign-out"))
    assert response.status_code == 405
    assert signed_in_as(client) == str(person.pk)
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert response.url == reverse("web:home")
    assert signed_in_as(client) is None


def test_every_page_offers_sign_out_as_a_form(client, person):
    client.force_login(person)
    html = client.get(reverse("web:home")).content.decode()
    assert f'<form method="post" action="{reverse("accounts:sign-out")}"' in html


def test_production_stores_passwords_with_argon2():
    assert production_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_an_argon2_hash_verifies(settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("Correct horse battery staple", encoded)


def test_passwords_are_never_stored_in_clear(person):
    assert PASSWORD not in person.password
    assert person.check_password(PASSWORD)


def test_production_asks_for_passwords_of_at_least_ten_characters():
    lengths = [
        v["OPTIONS"]["min_length"]
        for v in production_settings.AUTH_PASSWORD_VALIDATORS
        if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert lengths == [10]
