"""The institution a URL names, and whether the person asking may use the page: the one preamble of every
institution page (404 for an unknown institution, 403 when no role of the person allows the page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from microcred.core.http import signed_in_user
from microcred.institutions import permissions, selectors

if TYPE_CHECKING:
    from microcred.institutions.models import Institution

Check = Callable[[permissions.Person, int], bool]


def institution_or_404(slug: str) -> Institution:
    """The institution with this slug (public pages: no permission involved)."""
    institution = selectors.institution_by_slug(slug)
    if institution is None:
        raise Http404("no such institution")
    return institution


NO_ACCESS = "no role at this institution gives access"


def institution_for(request: HttpRequest, slug: str, allowed: Check, refusal: str = NO_ACCESS) -> Institution:
    """The institution with this slug if ``allowed(person, its id)``, else 404 or 403 (``refusal``)."""
    institution = institution_or_404(slug)
    if not allowed(signed_in_user(request), institution.pk):
        raise PermissionDenied(refusal)
    return institution
