"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from microcred import __version__
from microcred.institutions import permissions


def microcred(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)  # absent when a page renders before authentication ran
    return {
        "microcred_version": __version__,
        "public_url": settings.PUBLIC_URL,
        # Only people with a staff role (or the site operator) get the administration link.
        "show_admin_nav": user is not None
        and (permissions.is_site_operator(user) or bool(permissions.staff_institution_ids(user))),
    }
