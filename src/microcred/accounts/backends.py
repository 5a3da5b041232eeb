"""Sign-in by e-mail: the primary address, or any other address the person has verified."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from microcred.accounts.models import EmailAddress, User, normalize_email


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = normalize_email(kwargs.get("email") or username or "")
        if not email or password is None:
            return None
        user = User.objects.filter(email=email).first()
        if user is None:
            address = (
                EmailAddress.objects.select_related("user")
                .filter(email=email, verified_at__isnull=False)
                .first()
            )
            user = address.user if address else None
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not reveal addresses
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
