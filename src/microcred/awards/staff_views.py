"""Staff pages about an institution's awards: the list, one award's page and its lifecycle.

Staff who may see learners (``permissions.can_view_learners``) may look; revoking, suspending,
reinstating and renewing need ``permissions.can_change_award_status``. Each decision is a POST to its own
URL; a refusal of the service is shown next to the form that made it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from microcred.awards import selectors, services
from microcred.awards.staff_forms import AwardFilterForm, ReinstateForm, RenewForm, RevokeForm, SuspendForm
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.institutions import access, permissions
from microcred.learners import selectors as learner_selectors

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.awards.models import Award
    from microcred.institutions.models import Institution

LIST_LIMIT = 500


def _institution(request: HttpRequest, slug: str, *, change: bool = False) -> Institution:
    check = permissions.can_change_award_status if change else permissions.can_view_learners
    return access.institution_for(request, slug, check, f"{access.NO_ACCESS} to awards")


def _award(institution: Institution, award_uuid: UUID) -> Award:
    award = selectors.award_by_uuid(award_uuid)
    if award is None or award.institution_id != institution.pk:
        raise Http404("no such award")
    return award


def _context(request: HttpRequest, institution: Institution, **extra: Any) -> dict[str, Any]:
    return {
        "institution": institution,
        "section": "awards",
        "can_change": permissions.can_change_award_status(signed_in_user(request), institution.pk),
        **extra,
    }


@login_required
@require_GET
def award_list(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug)
    filters = AwardFilterForm(request.GET)
    found = selectors.awards_in(institution.pk, **filters.filters())
    awards = list(found[:LIST_LIMIT])
    return render(
        request,
        "awards/staff_list.html",
        _context(
            request,
            institution,
            filters=filters,
            awards=awards,
            matched=found.count(),
            total=selectors.awards_in(institution.pk).count(),
        ),
    )


def _superseded_by(award: Award) -> Award | None:
    try:
        return award.superseded_by
    except ObjectDoesNotExist:
        return None


def _detail(
    request: HttpRequest, institution: Institution, award: Award, *, status: int = 200, **forms: Form
) -> HttpResponse:
    basis_awards = [
        found for ref in award.basis.get("awards", []) if (found := selectors.award_by_uuid(ref)) is not None
    ]
    context = _context(
        request,
        institution,
        award=award,
        learner=award.learner,
        basis_completions=learner_selectors.completions_by_uuids(list(award.basis.get("completions", []))),
        basis_awards=basis_awards,
        events=selectors.events_of(award),
        superseded_by=_superseded_by(award),
        revoke_form=forms.get("revoke_form") or RevokeForm(),
        suspend_form=forms.get("suspend_form") or SuspendForm(),
        reinstate_form=forms.get("reinstate_form") or ReinstateForm(),
        renew_form=forms.get("renew_form") or RenewForm(),
    )
    return render(request, "awards/staff_detail.html", context, status=status)


@login_required
@require_GET
def award_detail(request: HttpRequest, slug: str, award_uuid: UUID) -> HttpResponse:
    institution = _institution(request, slug)
    return _detail(request, institution, _award(institution, award_uuid))


def _decide(
    request: HttpRequest,
    slug: str,
    award_uuid: UUID,
    *,
    form_class: type[Form],
    form_name: str,
    act: Callable[[Award, dict[str, Any], User], Award],
    done: str,
) -> HttpResponse:
    """One lifecycle decision: check, call the service, go to the (possibly new) award's page."""
    institution = _institution(request, slug, change=True)
    award = _award(institution, award_uuid)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            changed = act(award, form.cleaned_data, signed_in_user(request))
        except InvalidInput as exc:
            for problem in exc.problems:
                form.add_error(problem.where if problem.where in form.fields else None, problem.message)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, done)
            return redirect("awards-staff:detail", institution.slug, changed.uuid)
    return _detail(request, institution, _award(institution, award_uuid), status=400, **{form_name: form})


@login_required
@require_POST
def award_revoke(request: HttpRequest, slug: str, award_uuid: UUID) -> HttpResponse:
    return _decide(
        request,
        slug,
        award_uuid,
        form_class=RevokeForm,
        form_name="revoke_form",
        act=lambda award, data, by: services.revoke_award(award=award, reason=data["reason"], by=by),
        done="The award has been revoked; verifiers now see it as revoked.",
    )


@login_required
@require_POST
def award_suspend(request: HttpRequest, slug: str, award_uuid: UUID) -> HttpResponse:
    return _decide(
        request,
        slug,
        award_uuid,
        form_class=SuspendForm,
        form_name="suspend_form",
        act=lambda award, data, by: services.suspend_award(award=award, reason=data["reason"], by=by),
        done="The award has been suspended until it is reinstated.",
    )


@login_required
@require_POST
def award_reinstate(request: HttpRequest, slug: str, award_uuid: UUID) -> HttpResponse:
    return _decide(
        request,
        slug,
        award_uuid,
        form_class=ReinstateForm,
        form_name="reinstate_form",
        act=lambda award, data, by: services.reinstate_award(award=award, by=by, note=data["note"]),
        done="The award has been reinstated.",
    )


@login_required
@require_POST
def award_renew(request: HttpRequest, slug: str, award_uuid: UUID) -> HttpResponse:
    return _decide(
        request,
        slug,
        award_uuid,
        form_class=RenewForm,
        form_name="renew_form",
        act=lambda award, data, by: services.renew_award(award=award, by=by, reason=data["reason"]),
        done="The award has been renewed: this new award replaces the old one.",
    )
