"""Staff pages about an institution's learners: the list, one learner's record, progress and results.

The registrar and the office (``permissions.can_manage_learners``) add learners, enroll them, record
results and award by hand; unit leads may look (``can_view_learners``). Every change goes through
``learners.services`` or ``awards.services``; a refused change is shown next to its form.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from microcred.awards import selectors as award_selectors
from microcred.awards import services as award_services
from microcred.catalog import selectors as catalog_selectors
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.institutions import access, permissions
from microcred.learners import selectors, services
from microcred.learners.staff_forms import (
    CompletionForm,
    EnrollForm,
    LearnerEditForm,
    LearnerForm,
    LearnerSearchForm,
    ManualAwardForm,
)

if TYPE_CHECKING:
    from microcred.catalog.models import MicroCredentialVersion
    from microcred.institutions.models import Institution
    from microcred.learners.models import Completion, Learner


def _import_links(institution: Institution) -> dict[str, str]:
    """The CSV import pages (another module), by name, once their URLs are mounted."""
    links = {}
    for name in ("import-completions", "import-enrollments"):
        with contextlib.suppress(NoReverseMatch):
            links[name] = reverse(f"learners-staff:{name}", args=[institution.slug])
    return links


def _institution(request: HttpRequest, slug: str, *, manage: bool = False) -> Institution:
    check = permissions.can_manage_learners if manage else permissions.can_view_learners
    return access.institution_for(
        request, slug, check, "no role at this institution gives access to learners"
    )


def _learner(institution: Institution, learner_uuid: UUID) -> Learner:
    learner = selectors.learner_in(institution.pk, learner_uuid)
    if learner is None:
        raise Http404("no such learner")
    return learner


def _versions(institution: Institution) -> dict[int, MicroCredentialVersion]:
    """The institution's published micro-credentials, by micro-credential id."""
    return {
        v.micro_credential_id: v
        for v in catalog_selectors.published_versions_in(institution.pk).select_related("micro_credential")
    }


def _show_errors(form: Form, exc: InvalidInput) -> None:
    for where, problems in exc.by_field().items():
        form.add_error(where if where in form.fields else None, problems)


def _context(request: HttpRequest, institution: Institution, **extra: Any) -> dict[str, Any]:
    return {
        "institution": institution,
        "section": "learners",
        "can_manage": permissions.can_manage_learners(signed_in_user(request), institution.pk),
        **extra,
    }


# The list --------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def learner_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Search the learners; a POST adds one (inviting a person who has no account yet)."""
    institution = _institution(request, slug, manage=request.method == "POST")
    form = LearnerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                learner, created = services.register_learner(
                    institution=institution, invited_by=signed_in_user(request), **form.cleaned_data
                )
            except InvalidInput as exc:
                _show_errors(form, exc)
            else:
                if created:
                    messages.success(request, f"{learner.user.full_name} has been added as a learner.")
                else:
                    messages.success(request, f"{learner.user.full_name} was already a learner here.")
                return redirect("learners-staff:detail", institution.slug, learner.uuid)
        status = 400
    search = LearnerSearchForm(request.GET)
    query = search.query()
    found = selectors.learners_of(institution.pk, query=query).annotate(
        enrollment_count=Count("enrollments", distinct=True)
    )
    learners = list(found[:200])
    award_counts = _award_counts(institution, [learner.pk for learner in learners])
    rows = [(learner, award_counts.get(learner.pk, 0)) for learner in learners]
    return render(
        request,
        "learners/staff_list.html",
        _context(
            request,
            institution,
            rows=rows,
            matched=found.count(),
            total=selectors.learners_of(institution.pk).count(),
            import_links=_import_links(institution),
            query=query,
            search=search,
            form=form,
        ),
        status=status,
    )


def _award_counts(institution: Institution, learner_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    if not learner_ids:
        return counts
    for learner_id in (
        award_selectors.awards_in(institution.pk)
        .filter(learner_id__in=learner_ids)
        .values_list("learner_id", flat=True)
    ):
        counts[learner_id] = counts.get(learner_id, 0) + 1
    return counts


# One learner -----------------------------------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    institution: Institution,
    learner: Learner,
    *,
    status: int = 200,
    **forms: Form,
) -> HttpResponse:
    """The learner's page; ``forms`` replace the empty forms (a bound form with its errors)."""
    versions = _versions(institution)
    courses = catalog_selectors.courses_of(institution.pk, active_only=True).order_by("code")
    awards = list(award_selectors.awards_of_learner(learner.pk))
    progress = award_selectors.progress_of(learner)
    enrollments = {e.micro_credential_id: e for e in selectors.enrollments_of(learner)}
    progress_rows = [(p, enrollments.get(p.version.micro_credential_id)) for p in progress]
    shown = {p.version.micro_credential_id for p in progress}
    context = _context(
        request,
        institution,
        learner=learner,
        progress_rows=progress_rows,
        other_enrollments=[e for cid, e in enrollments.items() if cid not in shown],
        completions=selectors.completions_of(learner),
        awards=awards,
        edit_form=forms.get("edit_form") or LearnerEditForm(initial=LearnerEditForm.initial_of(learner)),
        enroll_form=forms.get("enroll_form") or EnrollForm(versions=versions.values()),
        completion_form=forms.get("completion_form") or CompletionForm(courses=courses),
        award_form=forms.get("award_form") or ManualAwardForm(versions=versions.values()),
    )
    return render(request, "learners/staff_detail.html", context, status=status)


@login_required
@require_GET
def learner_detail(request: HttpRequest, slug: str, learner_uuid: UUID) -> HttpResponse:
    institution = _institution(request, slug)
    return _detail(request, institution, _learner(institution, learner_uuid))


@login_required
@require_POST
def learner_edit(request: HttpRequest, slug: str, learner_uuid: UUID) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    learner = _learner(institution, learner_uuid)
    form = LearnerEditForm(request.POST)
    if form.is_valid():
        try:
            services.update_learner(learner=learner, **form.cleaned_data)
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "The learner's record has been saved.")
            return redirect("learners-staff:detail", institution.slug, learner.uuid)
    learner = _learner(institution, learner_uuid)  # unchanged: the failed update may have set attributes
    return _detail(request, institution, learner, status=400, edit_form=form)


@login_required
@require_POST
def learner_enroll(request: HttpRequest, slug: str, learner_uuid: UUID) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    learner = _learner(institution, learner_uuid)
    versions = _versions(institution)
    form = EnrollForm(request.POST, versions=versions.values())
    if form.is_valid():
        version = versions[int(form.cleaned_data["micro_credential"])]
        try:
            outcome = services.enroll_learner(
                learner=learner,
                micro_credential=version.micro_credential,
                source="staff",
                by=signed_in_user(request),
                confirmed_prerequisites=form.cleaned_data["confirmed_prerequisites"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except InvalidInput as exc:
            for problem in exc.problems:
                form.add_error(None, problem.message)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            text = f"Enrolled in {version.title}."
            if outcome.awards:
                titles = ", ".join(a.version.title for a in outcome.awards)
                text += f" Already earned, awarded: {titles}."
            messages.success(request, text)
            return redirect("learners-staff:detail", institution.slug, learner.uuid)
    return _detail(request, institution, learner, status=400, enroll_form=form)


@login_required
@require_POST
def completion_record(request: HttpRequest, slug: str, learner_uuid: UUID) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    learner = _learner(institution, learner_uuid)
    courses = catalog_selectors.courses_of(institution.pk, active_only=True).order_by("code")
    form = CompletionForm(request.POST, request.FILES, courses=courses)
    if form.is_valid():
        data = form.cleaned_data
        course = catalog_selectors.course_in(institution.pk, int(data["course"]))
        if course is None:  # pragma: no cover - the choices are the institution's courses
            raise Http404("no such course")
        try:
            outcome = services.record_completion(
                learner=learner,
                data=services.CompletionInput(
                    course=course,
                    completed_on=data["completed_on"],
                    result=data["result"],
                    grade=data["grade"],
                    hours=data["hours"],
                    evidence_url=data["evidence_url"],
                    evidence_narrative=data["evidence_narrative"],
                ),
                source="manual",
                by=signed_in_user(request),
                evidence_file=data["evidence_file"] or None,
            )
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            if not outcome.changed:
                text = f"{course.code} on {data['completed_on']:%Y-%m-%d} was already recorded as it is."
            else:
                text = f"Recorded {course.code} {course.title} ({outcome.completion.get_result_display()})."
            if outcome.awards:
                titles = ", ".join(a.version.title for a in outcome.awards)
                text += f" Awarded: {titles}."
            messages.success(request, text)
            return redirect("learners-staff:detail", institution.slug, learner.uuid)
    return _detail(request, institution, learner, status=400, completion_form=form)


def _completion(learner: Learner, completion_uuid: UUID) -> Completion:
    completion = selectors.completion_in(learner, completion_uuid)
    if completion is None:
        raise Http404("no such result")
    return completion


@login_required
@require_http_methods(["GET", "POST"])
def completion_delete(
    request: HttpRequest, slug: str, learner_uuid: UUID, completion_uuid: UUID
) -> HttpResponse:
    """A confirmation page; the confirmed POST deletes the result (awards it earned stay)."""
    institution = _institution(request, slug, manage=True)
    learner = _learner(institution, learner_uuid)
    completion = _completion(learner, completion_uuid)
    if request.method == "POST":
        services.delete_completion(completion=completion)
        messages.success(
            request,
            f"The result in {completion.course.code} of {completion.completed_on:%Y-%m-%d} was deleted.",
        )
        return redirect("learners-staff:detail", institution.slug, learner.uuid)
    used_by = [
        a
        for a in award_selectors.awards_of_learner(learner.pk)
        if str(completion.uuid) in a.basis.get("completions", [])
    ]
    return render(
        request,
        "learners/staff_completion_delete.html",
        _context(request, institution, learner=learner, completion=completion, used_by=used_by),
    )


@login_required
@require_POST
def learner_award(request: HttpRequest, slug: str, learner_uuid: UUID) -> HttpResponse:
    """Award a micro-credential by hand, with a reason."""
    institution = _institution(request, slug, manage=True)
    learner = _learner(institution, learner_uuid)
    versions = _versions(institution)
    form = ManualAwardForm(request.POST, versions=versions.values())
    if form.is_valid():
        version = versions[int(form.cleaned_data["micro_credential"])]
        try:
            award = award_services.award_manually(
                learner=learner,
                micro_credential=version.micro_credential,
                reason=form.cleaned_data["reason"],
                by=signed_in_user(request),
            )
        except InvalidInput as exc:
            _show_errors(form, exc)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, f"{version.title} has been awarded by hand.")
            return redirect("awards-staff:detail", institution.slug, award.uuid)
    return _detail(request, institution, learner, status=400, award_form=form)
