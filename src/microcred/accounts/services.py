"""Write use-cases for people and their e-mail addresses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from microcred.accounts import tasks
from microcred.accounts.models import EmailAddress, User, normalize_email
from microcred.accounts.selectors import find_user_by_email, proven_owner_of_email
from microcred.core.errors import InvalidInput, NotAllowed

VERIFY_SALT = "microcred.accounts.verify-email"


def _checked_email(email: str, field: str = "email") -> str:
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(f"{email!r} is not an e-mail address", field) from None
    return email


_mail_suppressed: ContextVar[bool] = ContextVar("microcred_mail_suppressed", default=False)


@contextmanager
def mail_suppressed() -> Iterator[None]:
    """Within this block no notification mail is sent (e.g. while loading fictional demo people)."""
    token = _mail_suppressed.set(True)
    try:
        yield
    finally:
        _mail_suppressed.reset(token)


def send_email_on_commit(*, to: list[str], subject: str, template: str, context: dict[str, object]) -> None:
    """Render a plain-text mail and send it once the current transaction commits (through a task)."""
    if _mail_suppressed.get():
        return
    body = render_to_string(template, {"public_url": settings.PUBLIC_URL, **context})
    transaction.on_commit(lambda: tasks.send_email.enqueue(to=to, subject=subject, body=body))


@transaction.atomic
def create_person(*, email: str, full_name: str, password: str | None = None, verified: bool = False) -> User:
    """Create a person with ``email`` as their primary address (``verified`` when it is already proven)."""
    email = _checked_email(email)
    if not full_name.strip():
        raise InvalidInput("a name is required", "full_name")
    if find_user_by_email(email) is not None:
        raise InvalidInput(f"{email} already belongs to someone", "email")
    user = User.objects.create_user(email, password, full_name=full_name.strip())
    EmailAddress.objects.create(user=user, email=email, verified_at=timezone.now() if verified else None)
    return user


@transaction.atomic
def make_site_operator(*, user: User) -> User:
    """Let ``user`` run the deployment: create institutions and administer every one of them.

    Only command-line tools call this (``microcred demo``, an operator's own scripts); no page offers it.
    """
    if not user.is_superuser or not user.is_staff:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    return user


@transaction.atomic
def invite_person(
    *, email: str, full_name: str, invited_by: User, institution_name: str
) -> tuple[User, bool]:
    """Find the person who owns ``email`` or create them and mail a link to choose a password.

    Returns the person and whether they were created. Someone who added ``email`` to their account but never
    confirmed it is not that person: their claim is dropped and the real owner is invited.
    """
    existing = proven_owner_of_email(email)
    if existing is not None:
        return existing, False
    EmailAddress.objects.filter(email=normalize_email(email), verified_at__isnull=True).delete()
    user = create_person(email=email, full_name=full_name)
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = settings.PUBLIC_URL + reverse("accounts:password-reset-confirm", args=[uid, token])
    send_email_on_commit(
        to=[user.email],
        subject=f"You are invited to Microcred at {institution_name}",
        template="accounts/email/invitation.txt",
        context={"user": user, "invited_by": invited_by, "institution_name": institution_name, "link": link},
    )
    return user, True


def _verification_link(address: EmailAddress) -> str:
    token = signing.dumps({"id": address.pk, "email": address.email}, salt=VERIFY_SALT)
    return settings.PUBLIC_URL + reverse("accounts:verify-email", args=[token])


def send_verification(*, address: EmailAddress) -> None:
    """Mail a link that proves the person reads ``address``."""
    send_email_on_commit(
        to=[address.email],
        subject="Confirm your e-mail address for Microcred",
        template="accounts/email/verify.txt",
        context={"user": address.user, "link": _verification_link(address)},
    )


@transaction.atomic
def add_email_address(*, user: User, email: str) -> EmailAddress:
    """Add another address to ``user`` and send it a verification link."""
    email = _checked_email(email)
    owner = find_user_by_email(email)
    if owner is not None:
        raise InvalidInput(
            "you already have this address" if owner == user else f"{email} already belongs to someone",
            "email",
        )
    address = EmailAddress.objects.create(user=user, email=email)
    send_verification(address=address)
    return address


@transaction.atomic
def verify_email_address(*, token: str) -> EmailAddress:
    """Mark the address named by a signed link as verified."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.MICROCRED_EMAIL_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidInput(
            "this link has expired; ask for a new one from your e-mail settings", "link"
        ) from None
    except signing.BadSignature:
        raise InvalidInput("this link is not valid", "link") from None
    address = (
        EmailAddress.objects.select_for_update().filter(pk=data.get("id"), email=data.get("email")).first()
    )
    if address is None:
        raise InvalidInput("this address is no longer on any account", "link")
    if address.verified_at is None:
        address.verified_at = timezone.now()
        address.save(update_fields=["verified_at"])
    return address


@transaction.atomic
def make_primary_email(*, user: User, address: EmailAddress) -> None:
    """Use a verified address as the person's primary one."""
    if address.user_id != user.pk:
        raise NotAllowed("this address is not yours")
    if not address.is_verified:
        raise InvalidInput("verify this address before making it primary", "email")
    user.email = address.email
    user.save(update_fields=["email"])


@transaction.atomic
def remove_email_address(*, user: User, address: EmailAddress) -> None:
    if address.user_id != user.pk:
        raise NotAllowed("this address is not yours")
    if address.email == user.email:
        raise InvalidInput("the primary address cannot be removed; make another one primary first", "email")
    address.delete()


@transaction.atomic
def update_profile(*, user: User, full_name: str, display_name: str) -> User:
    if not full_name.strip():
        raise InvalidInput("a name is required", "full_name")
    user.full_name = full_name.strip()
    user.display_name = display_name.strip()
    user.save(update_fields=["full_name", "display_name"])
    return user
