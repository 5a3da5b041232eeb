"""The home page, each person's dashboard and the friendly error pages."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from microcred.core.http import signed_in_user
from microcred.institutions import permissions
from microcred.institutions import selectors as institution_selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"institutions": institution_selectors.all_institutions()})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """One page per person, with a section for every role they hold, grouped by institution."""
    user = signed_in_user(request)
    by_institution: dict[int, dict[str, object]] = {}
    roles: defaultdict[int, list[object]] = defaultdict(list)
    for membership in institution_selectors.memberships_of_user(user.pk):
        by_institution.setdefault(membership.institution_id, {"institution": membership.institution})
        roles[membership.institution_id].append(membership)
    sections = []
    for institution_id, entry in by_institution.items():
        held = {m.role for m in roles[institution_id]}  # type: ignore[attr-defined]
        sections.append(
            {
                **entry,
                "memberships": roles[institution_id],
                "roles": held,
                "can_manage": permissions.can_manage_institution(user, institution_id),
                "is_staff": bool(held & permissions.STAFF_ROLES),
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


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: the database or a context processor may be what failed."""
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
