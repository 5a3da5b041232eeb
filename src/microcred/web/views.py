"""The home page, each person's dashboard and the friendly error pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from microcred.core.http import signed_in_user
from microcred.governance import selectors as governance_selectors
from microcred.institutions import permissions
from microcred.institutions import selectors as institution_selectors

if TYPE_CHECKING:
    from microcred.institutions.models import Membership


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"institutions": institution_selectors.all_institutions()})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """One page per person, with a section for every role they hold, grouped by institution."""
    user = signed_in_user(request)
    by_institution: dict[int, dict[str, object]] = {}
    roles: defaultdict[int, list[Membership]] = defaultdict(list)
    for membership in institution_selectors.memberships_of_user(user.pk):
        by_institution.setdefault(membership.institution_id, {"institution": membership.institution})
        roles[membership.institution_id].append(membership)
    sections = []
    for institution_id, entry in by_institution.items():
        held = {m.role for m in roles[institution_id]}
        can_manage = permissions.can_manage_institution(user, institution_id)
        sections.append(
            {
                **entry,
                "memberships": roles[institution_id],
                "roles": held,
                "can_manage": can_manage,
                "is_staff": bool(held & permissions.STAFF_ROLES),
                # What waits for the person: counted on the links to the governance pages.
                "review_count": (
                    len(governance_selectors.review_queue(user, institution_id)) if "reviewer" in held else 0
                ),
                "ready_count": (
                    governance_selectors.awaiting_publication(user, institution_id).count()
                    if can_manage
                    else 0
                ),
                # Led units whose application to issue waits for the office (no second application then).
                "pending_unit_ids": _units_waiting_for_authorization(roles[institution_id]),
            }
        )
    operator_institutions = (
        institution_selectors.all_institutions() if permissions.is_site_operator(user) else []
    )
    return render(
        request,
        "web/dashboard.html",
        {"sections": sections, "operator_institutions": operator_institutions},
    )


def _units_waiting_for_authorization(memberships: Sequence[Membership]) -> set[int]:
    unauthorized = {
        m.unit.pk
        for m in memberships
        if m.role == "unit_lead" and m.unit is not None and m.unit.issuer_authorized_at is None
    }
    if not unauthorized:
        return set()
    return {
        application.unit_id
        for application in governance_selectors.authorization_requests_of_units(unauthorized)
        if application.state == "pending"
    }


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: the database or a context processor may be what failed."""
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
