"""Every page of accounts/urls.py per role: anyone may reach sign-in and reset; one's own profile needs
signing in; nobody reaches another person's addresses (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from microcred.accounts.models import EmailAddress
from tests.factories import EmailAddressFactory

ROLES = [
    "admin",
    "unit_lead",
    "reviewer",
    "budget",
    "registrar",
    "learner",
    "outsider",
    "operator",
    "other_admin",
    "anonymous",
]
SIGNED_IN = [role for role in ROLES if role != "anonymous"]

# page -> (url, status when signed in, status when anonymous); 302 anonymous means "sent to sign in"
PAGES = {
    "sign-in": (reverse("accounts:sign-in"), 302, 200),
    "password-reset": (reverse("accounts:password-reset"), 200, 200),
    "password-reset-done": (reverse("accounts:password-reset-done"), 200, 200),
    "password-reset-confirm": (reverse("accounts:password-reset-confirm", args=["MQ", "made-up"]), 200, 200),
    "password-reset-complete": (reverse("accounts:password-reset-complete"), 200, 200),
    "password-change": (reverse("accounts:password-change"), 200, 302),
    "profile": (reverse("accounts:profile"), 200, 302),
    "verify-email": (reverse("accounts:verify-email", args=["some-token"]), 200, 200),
    "sign-out (GET)": (reverse("accounts:sign-out"), 405, 405),
    "add-email (GET)": (reverse("accounts:add-email"), 405, 302),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", PAGES)
def test_who_may_open_each_account_page(visit, page_name, role):
    path, signed_in_status, anonymous_status = PAGES[page_name]
    response = visit(role).get(path)
    expected = anonymous_status if role == "anonymous" else signed_in_status
    assert response.status_code == expected
    if expected == 302 and role == "anonymous":
        assert response.url.startswith(reverse("accounts:sign-in") + "?next=")
    if page_name == "sign-in" and role != "anonymous":
        assert response.url == reverse("web:dashboard")


@pytest.fixture
def someone_elses_address(site):
    return EmailAddressFactory(user=site.people["admin"], email="admin.home@example.org", verified_at=None)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
@pytest.mark.parametrize(
    "action", ["accounts:resend-verification", "accounts:make-primary", "accounts:remove-email"]
)
def test_nobody_reaches_another_persons_address(visit, site, someone_elses_address, action, role):
    someone_elses_address.verified_at = timezone.now()
    someone_elses_address.save()
    response = visit(role).post(reverse(action, args=[someone_elses_address.pk]))
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:sign-in"))
    else:
        assert response.status_code == 404
    admin = site.people["admin"]
    admin.refresh_from_db()
    assert admin.email != "admin.home@example.org"
    assert EmailAddress.objects.filter(pk=someone_elses_address.pk).exists()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_everyone_signed_in_manages_their_own_addresses(visit, site, role):
    client = visit(role)
    client.post(reverse("accounts:add-email"), {"email": f"{role}@home.example.org"})
    address = EmailAddress.objects.get(email=f"{role}@home.example.org")
    assert address.user == site.people[role]
    response = client.post(reverse("accounts:remove-email", args=[address.pk]))
    assert response.status_code == 302
    assert not EmailAddress.objects.filter(pk=address.pk).exists()


@pytest.mark.parametrize("role", ["learner", "anonymous"])
def test_a_missing_address_is_not_found(visit, role):
    response = visit(role).post(reverse("accounts:remove-email", args=[999_999]))
    assert response.status_code == (302 if role == "anonymous" else 404)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_profile_shows_only_ones_own_addresses(visit, site, someone_elses_address, role):
    page = visit(role).get(reverse("accounts:profile")).content.decode()
    assert site.people[role].email in page
    assert ("admin.home@example.org" in page) is (role == "admin")
