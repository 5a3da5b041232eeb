"""Helpers for views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from microcred.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in person making the request (views behind ``login_required`` always have one)."""
    if not request.user.is_authenticated:
        raise PermissionDenied("sign in first")
    user: User = request.user  # an authenticated request.user is always our User model
    return user
