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


def proven_owner_of_email(email: str) -> User | None:
    """The person whose primary address is ``email``, or who has verified it as another address.

    An address someone added but never confirmed proves nothing: it does not sign them in, and it does not
    make them the person an institution means when it names that address.
    """
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    address = (
        EmailAddress.objects.select_related("user").filter(email=email, verified_at__isnull=False).first()
    )
    return address.user if address else None


def email_addresses_of(user: User) -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=user).order_by("email")


def users_by_ids(ids: list[int]) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=ids)}
