"""Administration pages of an institution: overview, units, people and roles, review bodies, policy.

Views are thin: they ask ``permissions`` who may see the page, call one service, and show its errors.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from microcred.catalog import selectors as catalog_selectors
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.institutions import access, permissions, rules, selectors, services
from microcred.institutions.forms import (
    InstitutionForm,
    MembershipForm,
    NewInstitutionForm,
    PolicyForm,
    ReviewBodyForm,
    UnitForm,
)
from microcred.institutions.models import Institution


def _institution(request: HttpRequest, slug: str, *, manage: bool = False) -> Institution:
    """The institution named in the URL, if the person may see (or, with ``manage``, change) its pages."""
    check = permissions.can_manage_institution if manage else permissions.can_view_institution_admin
    return access.institution_for(request, slug, check)


def _show_errors(form: forms.Form, error: InvalidInput) -> None:
    for where, problems in error.by_field().items():
        form.add_error(where if where in form.fields else None, problems)


def _context(request: HttpRequest, institution: Institution, section: str, **extra: Any) -> dict[str, Any]:
    return {
        "institution": institution,
        "section": section,
        "can_manage": permissions.can_manage_institution(signed_in_user(request), institution.pk),
        **extra,
    }


@login_required
@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    institutions = selectors.institutions_visible_to(user)
    if not institutions and not permissions.is_site_operator(user):
        raise PermissionDenied("no staff role at any institution")
    return render(
        request,
        "institutions/list.html",
        {"institutions": institutions, "can_create": permissions.can_create_institution(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def institution_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not permissions.can_create_institution(user):
        raise PermissionDenied("only the site operator adds institutions")
    form = NewInstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.create_institution(actor=user, **form.cleaned_data)
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"{institution.name} has been created. Next: its policy and people.")
            return redirect("institutions:overview", institution.slug)
    return render(request, "institutions/create.html", {"form": form})


@login_required
@require_GET
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug)
    policy = selectors.policy_of(institution)
    data = selectors.policy_data(policy)
    return render(
        request,
        "institutions/overview.html",
        _context(
            request,
            institution,
            "overview",
            units=selectors.unit_tree(institution),
            stages=selectors.stages_of(policy),
            credit_band=rules.credit_band_text(data),
            policy=policy,
            people_count=selectors.memberships_of(institution).count(),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    initial = {f: getattr(institution, f) for f in InstitutionForm.base_fields}
    form = InstitutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_institution(
                actor=signed_in_user(request), institution=institution, **form.cleaned_data
            )
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "The institution's details have been saved.")
            return redirect("institutions:overview", institution.slug)
    return render(request, "institutions/edit.html", _context(request, institution, "overview", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def units(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug)
    form = UnitForm(request.POST or None, units=selectors.units_of(institution))
    if request.method == "POST":
        _institution(request, slug, manage=True)
        if form.is_valid():
            try:
                unit = services.create_unit(
                    actor=signed_in_user(request), institution=institution, **form.cleaned_data
                )
            except InvalidInput as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, f"{unit.name} has been added.")
                return redirect("institutions:units", institution.slug)
    policy = selectors.policy_of(institution)
    return render(
        request,
        "institutions/units.html",
        _context(
            request,
            institution,
            "units",
            rows=selectors.unit_tree(institution),
            form=form,
            require_authorization=policy.require_issuer_authorization,
        ),
    )


def _unit(institution: Institution, unit_id: int) -> Any:
    unit = selectors.unit_in(institution, unit_id)
    if unit is None:
        raise Http404("no such unit")
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    unit = _unit(institution, unit_id)
    initial = {"name": unit.name, "kind": unit.kind, "code": unit.code, "parent": unit.parent_id}
    form = UnitForm(
        request.POST or None, initial=initial, units=selectors.units_of(institution).exclude(pk=unit.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(actor=signed_in_user(request), unit=unit, **form.cleaned_data)
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"{unit.name} has been saved.")
            return redirect("institutions:units", institution.slug)
    return render(
        request, "institutions/unit_edit.html", _context(request, institution, "units", form=form, unit=unit)
    )


@login_required
@require_POST
def unit_delete(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    unit = _unit(institution, unit_id)
    try:
        services.delete_unit(actor=signed_in_user(request), unit=unit)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{unit.name} has been deleted.")
    return redirect("institutions:units", institution.slug)


@login_required
@require_POST
def unit_authorize(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    unit = _unit(institution, unit_id)
    authorized = request.POST.get("authorized") == "1"
    services.set_issuer_authorization(actor=signed_in_user(request), unit=unit, authorized=authorized)
    messages.success(
        request, f"{unit.name} {'may now issue' if authorized else 'may no longer issue'} micro-credentials."
    )
    return redirect("institutions:units", institution.slug)


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug)
    form = MembershipForm(
        request.POST or None,
        units=selectors.units_of(institution),
        review_bodies=selectors.review_bodies_of(institution),
    )
    if request.method == "POST":
        _institution(request, slug, manage=True)
        if form.is_valid():
            try:
                membership = services.grant_membership(
                    actor=signed_in_user(request),
                    institution=institution,
                    **form.cleaned_data,
                )
            except InvalidInput as exc:
                _show_errors(form, exc)
            else:
                messages.success(
                    request, f"{membership.user.email} is now {membership.get_role_display().lower()}."
                )
                return redirect("institutions:people", institution.slug)
    return render(
        request,
        "institutions/people.html",
        _context(
            request, institution, "people", memberships=selectors.memberships_of(institution), form=form
        ),
    )


@login_required
@require_POST
def membership_revoke(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    membership = selectors.membership_in(institution, membership_id)
    if membership is None:
        raise Http404("no such role")
    try:
        services.revoke_membership(actor=signed_in_user(request), membership=membership)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{membership.user.email} no longer holds that role.")
    return redirect("institutions:people", institution.slug)


@login_required
@require_http_methods(["GET", "POST"])
def review_bodies(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug)
    form = ReviewBodyForm(request.POST or None, units=selectors.units_of(institution))
    if request.method == "POST":
        _institution(request, slug, manage=True)
        if form.is_valid():
            try:
                body = services.create_review_body(
                    actor=signed_in_user(request),
                    institution=institution,
                    **form.cleaned_data,
                )
            except InvalidInput as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, f"{body.name} has been added.")
                return redirect("institutions:review-bodies", institution.slug)
    return render(
        request,
        "institutions/review_bodies.html",
        _context(
            request, institution, "review-bodies", bodies=selectors.review_bodies_of(institution), form=form
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_body_edit(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    body = selectors.review_body_in(institution, body_id)
    if body is None:
        raise Http404("no such review body")
    initial = {"name": body.name, "kind": body.kind, "unit": body.unit_id}
    form = ReviewBodyForm(request.POST or None, initial=initial, units=selectors.units_of(institution))
    if request.method == "POST":
        if "delete" in request.POST:
            try:
                services.delete_review_body(actor=signed_in_user(request), body=body)
            except InvalidInput as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"{body.name} has been deleted.")
                return redirect("institutions:review-bodies", institution.slug)
        elif form.is_valid():
            try:
                services.update_review_body(actor=signed_in_user(request), body=body, **form.cleaned_data)
            except InvalidInput as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, f"{body.name} has been saved.")
                return redirect("institutions:review-bodies", institution.slug)
    return render(
        request,
        "institutions/review_body_edit.html",
        _context(request, institution, "review-bodies", form=form, body=body),
    )


@login_required
@require_GET
def policy(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug)
    current = selectors.policy_of(institution)
    data = selectors.policy_data(current)
    return render(
        request,
        "institutions/policy.html",
        _context(
            request,
            institution,
            "policy",
            policy=current,
            credit_band=rules.credit_band_text(data),
            frameworks=catalog_selectors.frameworks_by_ids(list(data.required_framework_ids)),
            stages=selectors.stages_of(current),
            minor_stages=selectors.approval_stages(institution.pk, minor=True),
        ),
    )


def _policy_form(institution: Institution, data: Any = None, initial: Any = None) -> PolicyForm:
    return PolicyForm(
        data,
        initial=initial,
        frameworks=catalog_selectors.frameworks_for(institution.pk),
        review_bodies=selectors.review_bodies_of(institution),
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    current = selectors.policy_data(selectors.policy_of(institution))
    form = _policy_form(institution, request.POST or None, initial=PolicyForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(
                actor=signed_in_user(request),
                institution=institution,
                data=form.policy_data(),
                reason=form.cleaned_data["reason"],
            )
        except InvalidInput as exc:
            form.add_problems(exc)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, "The policy has been saved; the change is in its history.")
            return redirect("institutions:policy", institution.slug)
    return render(
        request, "institutions/policy_edit.html", _context(request, institution, "policy", form=form)
    )


@login_required
@require_POST
def policy_check(request: HttpRequest, slug: str) -> HttpResponse:
    """htmx: validate the policy form as it is being edited and show the problems, saving nothing."""
    institution = _institution(request, slug, manage=True)
    form = _policy_form(institution, request.POST)
    problems: list[str] = []
    if form.is_valid():
        problems = [
            form.labelled(p) for p in services.check_policy(institution=institution, data=form.policy_data())
        ]
        summary = rules.credit_band_text(form.policy_data())
    else:
        problems = [
            f"{form.fields[f].label if f in form.fields else f}: {' '.join(str(m) for m in e)}"
            for f, e in form.errors.items()
        ]
        summary = ""
    return render(request, "institutions/_policy_check.html", {"problems": problems, "summary": summary})


@login_required
@require_GET
def policy_history(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug)
    changes = [
        {
            "change": change,
            "fields": [
                (PolicyForm.setting_label(name), rules.shown_value(old), rules.shown_value(new))
                for name, old, new in rules.describe_changes(change.old, change.new)
            ],
        }
        for change in selectors.policy_history(selectors.policy_of(institution))
    ]
    return render(
        request, "institutions/policy_history.html", _context(request, institution, "policy", changes=changes)
    )
