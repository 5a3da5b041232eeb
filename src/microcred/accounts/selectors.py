"""Read queries about people."""

from __future__ import annotations

from django.db.models import QuerySet

from microcred.accounts.models import EmailAddress, User, normalize_email


def find_user_by_email(email: str) -> User | None:
    """The person who owns ``email`` as primary or as any (verified or not) extra address."""
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    address = EmailAddress.objects.select_related("user").filter(email=email).first()
    return address.user if address else None


def email_addresses_of(user: User) -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=user).order_by("email")


def users_by_ids(ids: list[int]) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=ids)}
