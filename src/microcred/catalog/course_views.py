"""The institution's courses and activities: list and search, add, edit, deactivate, import from CSV.

Every staff role may look; the office of micro-credentials and the registrar may change
(``permissions.can_manage_courses``). Courses are never deleted, only deactivated.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from microcred.catalog import course_rules, selectors, services
from microcred.catalog.course_forms import CourseFilterForm, CourseForm, CourseImportForm
from microcred.core.csvfile import MAX_CSV_BYTES
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.institutions import access, permissions
from microcred.institutions import selectors as institution_selectors

if TYPE_CHECKING:
    from microcred.catalog.models import Course
    from microcred.institutions.models import Institution

EXAMPLE_ROWS = [
    ["MNT 210", "Mechatronics I", "course", "undergraduate", "3", "45", "Electrical Engineering", ""],
    ["EET-LAB-2", "Circuits laboratory", "laboratory", "undergraduate", "1", "30", "", "Shared with MET"],
    ["WS-PLC", "PLC programming workshop", "workshop", "professional", "", "12", "", "Two Saturdays"],
    ["SEM-AI", "Ethics of AI seminar", "seminar", "graduate", "1", "", "", ""],
    ["ASMT-SOLDER", "IPC soldering practical", "assessment", "professional", "", "2", "", ""],
]


def _institution(request: HttpRequest, slug: str, *, manage: bool = False) -> Institution:
    check = permissions.can_manage_courses if manage else permissions.can_view_institution_admin
    return access.institution_for(request, slug, check)


def _course(institution: Institution, course_id: int) -> Course:
    course = selectors.course_in(institution.pk, course_id)
    if course is None:
        raise Http404("no such course")
    return course


def _units(institution: Institution) -> Any:
    return institution_selectors.units_of_institution_id(institution.pk)


def _context(request: HttpRequest, institution: Institution, **extra: Any) -> dict[str, Any]:
    return {
        "institution": institution,
        "section": "courses",
        "can_manage": permissions.can_manage_courses(signed_in_user(request), institution.pk),
        **extra,
    }


def _show_errors(form: CourseForm, exc: InvalidInput) -> None:
    for where, problems in exc.by_field().items():
        form.add_error(where if where in form.fields else None, problems)


@login_required
@require_GET
def courses(request: HttpRequest, slug: str) -> HttpResponse:
    """The list; an htmx request (the filters, as one types) gets only the table."""
    institution = _institution(request, slug)
    units = _units(institution)
    filters = CourseFilterForm(request.GET, units=units)
    found = selectors.find_courses(institution.pk, **filters.filters())
    context = _context(
        request,
        institution,
        courses=found,
        total=selectors.courses_of(institution.pk).count(),
        filters=filters,
        import_form=CourseImportForm(),
    )
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(request, "catalog/_course_table.html" if partial else "catalog/courses.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def course_add(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    form = CourseForm(request.POST or None, units=_units(institution))
    if request.method == "POST" and form.is_valid():
        try:
            course = services.save_course(
                actor=signed_in_user(request), institution_id=institution.pk, **form.service_values()
            )
        except InvalidInput as exc:
            _show_errors(form, exc)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, f"{course.code} {course.title} has been added.")
            if request.POST.get("another"):
                return redirect("catalog:course-add", institution.slug)
            return redirect("catalog:courses", institution.slug)
    return render(request, "catalog/course_form.html", _context(request, institution, form=form, course=None))


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, slug: str, course_id: int) -> HttpResponse:
    institution = _institution(request, slug, manage=True)
    course = _course(institution, course_id)
    form = CourseForm(request.POST or None, units=_units(institution), initial=CourseForm.initial_of(course))
    if request.method == "POST" and form.is_valid():
        try:
            course = services.save_course(
                actor=signed_in_user(request),
                institution_id=institution.pk,
                course=course,
                is_active=course.is_active,
                **form.service_values(),
            )
        except InvalidInput as exc:
            _show_errors(form, exc)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, f"{course.code} {course.title} has been saved.")
            return redirect("catalog:courses", institution.slug)
    return render(
        request,
        "catalog/course_form.html",
        _context(
            request,
            institution,
            form=form,
            course=course,
            used_by=selectors.versions_using_course(institution.pk, course.pk),
        ),
    )


@login_required
@require_POST
def course_active(request: HttpRequest, slug: str, course_id: int) -> HttpResponse:
    """Deactivate (``active=0``) or reactivate (``active=1``) a course."""
    institution = _institution(request, slug, manage=True)
    course = _course(institution, course_id)
    active = request.POST.get("active") == "1"
    try:
        services.set_course_active(actor=signed_in_user(request), course=course, active=active)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    if active:
        messages.success(request, f"{course.code} is active again and may be added to requirements.")
    else:
        messages.success(
            request,
            f"{course.code} has been deactivated: programs that use it keep it, new ones cannot add it.",
        )
    return redirect("catalog:courses", institution.slug)


@login_required
@require_POST
def course_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Two steps: an uploaded file is previewed; the confirmed preview (its text sent back) is imported."""
    institution = _institution(request, slug, manage=True)
    confirmed = request.POST.get("confirm") == "1"
    if confirmed:
        data = request.POST.get("csv_text", "").encode("utf-8")
    else:
        form = CourseImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "Choose a CSV file to import.")
            return redirect("catalog:courses", institution.slug)
        # Read one byte more than allowed, never a whole huge upload; the import reports the size.
        data = form.cleaned_data["file"].read(MAX_CSV_BYTES + 1)
    user = signed_in_user(request)
    try:
        if confirmed:
            result = services.import_courses(actor=user, institution_id=institution.pk, data=data)
        else:
            result = services.preview_course_import(actor=user, institution_id=institution.pk, data=data)
    except InvalidInput as exc:
        return render(
            request,
            "catalog/course_import_preview.html",
            _context(request, institution, problems=exc.problems),
            status=400,
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    if confirmed:
        messages.success(
            request,
            f"Imported: {result.created} added, {result.updated} updated, {result.unchanged} unchanged.",
        )
        return redirect("catalog:courses", institution.slug)
    return render(
        request,
        "catalog/course_import_preview.html",
        _context(request, institution, result=result, csv_text=data.decode("utf-8-sig")),
    )


@login_required
@require_GET
def course_template(request: HttpRequest, slug: str) -> HttpResponse:
    """A CSV file to start from: the columns in order, with an example of each kind of activity."""
    institution = _institution(request, slug)
    # the first example names one of the institution's own units, so that the file imports as it is
    unit = next((u.name for u in _units(institution)), "")
    rows = [[*EXAMPLE_ROWS[0][:6], unit, EXAMPLE_ROWS[0][7]], *EXAMPLE_ROWS[1:]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(course_rules.COURSE_COLUMNS)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="courses-template.csv"'
    return response
