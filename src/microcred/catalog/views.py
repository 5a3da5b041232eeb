"""Competency frameworks of an institution: list, add, competencies, CSV import with a preview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from microcred.catalog import selectors, services
from microcred.catalog.forms import CompetencyForm, CompetencyImportForm, FrameworkForm
from microcred.catalog.models import CompetencyFramework
from microcred.core.csvfile import MAX_CSV_BYTES
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.institutions import access, permissions

if TYPE_CHECKING:
    from microcred.institutions.models import Institution


def _institution(request: HttpRequest, slug: str, *, manage: bool = False) -> Institution:
    check = permissions.can_manage_frameworks if manage else permissions.can_view_institution_admin
    return access.institution_for(request, slug, check)


def _framework(institution: Institution, framework_id: int) -> CompetencyFramework:
    framework = selectors.framework_for(institution.pk, framework_id)
    if framework is None:
        raise Http404("no such framework")
    return framework


def _can_edit(request: HttpRequest, institution: Institution, framework: CompetencyFramework) -> bool:
    user = signed_in_user(request)
    if framework.institution_id is None:
        return permissions.is_site_operator(user)
    return permissions.can_manage_frameworks(user, institution.pk)


def _context(request: HttpRequest, institution: Institution, **extra: Any) -> dict[str, Any]:
    user = signed_in_user(request)
    return {
        "institution": institution,
        "section": "frameworks",
        "can_manage": permissions.can_manage_frameworks(user, institution.pk),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def frameworks(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug)
    form = FrameworkForm(request.POST or None)
    if request.method == "POST":
        _institution(request, slug, manage=True)
        if form.is_valid():
            try:
                framework = services.create_framework(
                    actor=signed_in_user(request),
                    institution_id=institution.pk,
                    **form.cleaned_data,
                )
            except InvalidInput as exc:
                for where, problems in exc.by_field().items():
                    form.add_error(where if where in form.fields else None, problems)
            else:
                messages.success(request, f"{framework.name} has been added. Add its competencies next.")
                return redirect("catalog:framework", institution.slug, framework.pk)
    return render(
        request,
        "catalog/frameworks.html",
        _context(request, institution, frameworks=selectors.frameworks_for(institution.pk), form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework(request: HttpRequest, slug: str, framework_id: int) -> HttpResponse:
    institution = _institution(request, slug)
    item = _framework(institution, framework_id)
    form = CompetencyForm(request.POST or None)
    if request.method == "POST":
        if not _can_edit(request, institution, item):
            raise PermissionDenied("you may not change this framework")
        if form.is_valid():
            try:
                competency = services.add_competency(
                    actor=signed_in_user(request), framework=item, **form.cleaned_data
                )
            except InvalidInput as exc:
                for where, problems in exc.by_field().items():
                    form.add_error(where if where in form.fields else None, problems)
            else:
                messages.success(request, f"{competency.name} has been added.")
                return redirect("catalog:framework", institution.slug, item.pk)
    return render(
        request,
        "catalog/framework.html",
        _context(
            request,
            institution,
            framework=item,
            competencies=selectors.competencies_of(item),
            form=form,
            can_edit=_can_edit(request, institution, item),
            import_form=CompetencyImportForm(),
        ),
    )


@login_required
@require_POST
def competency_delete(request: HttpRequest, slug: str, framework_id: int, competency_id: int) -> HttpResponse:
    institution = _institution(request, slug)
    item = _framework(institution, framework_id)
    competency = selectors.competencies_of(item).filter(pk=competency_id).first()
    if competency is None:
        raise Http404("no such competency")
    try:
        services.delete_competency(actor=signed_in_user(request), competency=competency)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, f"{competency.name} has been removed.")
    return redirect("catalog:framework", institution.slug, item.pk)


@login_required
@require_POST
def competency_import(request: HttpRequest, slug: str, framework_id: int) -> HttpResponse:
    """Two steps: an uploaded file is previewed; the confirmed preview (its text sent back) is imported."""
    institution = _institution(request, slug)
    item = _framework(institution, framework_id)
    if not _can_edit(request, institution, item):
        raise PermissionDenied("you may not change this framework")
    confirmed = request.POST.get("confirm") == "1"
    if confirmed:
        data = request.POST.get("csv_text", "").encode("utf-8")
    else:
        form = CompetencyImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "Choose a CSV file to import.")
            return redirect("catalog:framework", institution.slug, item.pk)
        upload = form.cleaned_data["file"]
        # Read one byte more than allowed, never a whole huge upload; the import reports the size.
        data = upload.read(MAX_CSV_BYTES + 1)
    try:
        if confirmed:
            result = services.import_competencies(actor=signed_in_user(request), framework=item, data=data)
        else:
            result = services.preview_competency_import(
                actor=signed_in_user(request), framework=item, data=data
            )
    except InvalidInput as exc:
        return render(
            request,
            "catalog/import_preview.html",
            _context(request, institution, framework=item, problems=exc.problems),
            status=400,
        )
    if confirmed:
        messages.success(
            request,
            f"Imported: {result.created} added, {result.updated} updated, {result.unchanged} unchanged.",
        )
        return redirect("catalog:framework", institution.slug, item.pk)
    return render(
        request,
        "catalog/import_preview.html",
        _context(request, institution, framework=item, result=result, csv_text=data.decode("utf-8-sig")),
    )
