"""Sign-in by e-mail: the primary address, or any other address the person has verified."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from microcred.accounts.models import User, normalize_email
from microcred.accounts.selectors import proven_owner_of_email


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
        user = proven_owner_of_email(email)
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not reveal addresses
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
