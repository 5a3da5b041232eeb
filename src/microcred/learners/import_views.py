"""Staff pages to import results and enrollments from CSV: upload, preview row by row, confirm.

Two steps, as for courses: the uploaded file is previewed (nothing written); the confirmed preview (its
text sent back) is imported, every row or none. ``permissions.can_manage_learners`` guards every page.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from microcred.core.csvfile import MAX_CSV_BYTES
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.institutions import access, permissions
from microcred.learners import imports
from microcred.learners.import_forms import CompletionImportForm, EnrollmentImportForm

if TYPE_CHECKING:
    from microcred.institutions.models import Institution

#: Rows shown in a preview (rows with errors are always shown first).
PREVIEW_ROWS = 500

COMPLETION_EXAMPLES = [
    ["ada@example.edu", "B00012345", "Ada Lovelace", "MNT 210", "2026-05-04", "passed", "A", "45",
     "https://portfolio.example.edu/ada/mnt210", "Capstone project: vacuum chamber leak test"],
    ["", "B00012346", "", "MNT 210", "2026-05-04", "failed", "D", "", "", ""],
    ["grace@example.edu", "", "", "EET-LAB-2", "2026-04-28", "in_progress", "", "12", "", ""],
]  # fmt: skip
ENROLLMENT_EXAMPLES = [
    ["ada@example.edu", "B00012345", "Ada Lovelace", "student", "undergraduate", "vacuum-technology", ""],
    ["", "B00012346", "", "", "", "vacuum-technology", "Prerequisites checked by the program director"],
    ["grace@example.edu", "", "Grace Hopper", "alumni", "graduate", "robotics", ""],
]


def _institution(request: HttpRequest, slug: str) -> Institution:
    return access.institution_for(
        request,
        slug,
        permissions.can_manage_learners,
        "only the office of micro-credentials and the registrar import records",
    )


def _import(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    institution = _institution(request, slug)
    user = signed_in_user(request)
    form_class = CompletionImportForm if kind == "completions" else EnrollmentImportForm
    preview_of = (
        imports.preview_completion_import if kind == "completions" else imports.preview_enrollment_import
    )
    import_of = imports.import_completions if kind == "completions" else imports.import_enrollments
    context: dict[str, Any] = {"institution": institution, "section": "learners", "kind": kind}
    template = f"learners/import_{kind}.html"
    if request.method == "GET":
        return render(request, template, {**context, "form": form_class()})
    confirmed = request.POST.get("confirm") == "1"
    if confirmed:
        data = request.POST.get("csv_text", "").encode("utf-8")
    else:
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, template, {**context, "form": form}, status=400)
        # Read one byte more than allowed, never a whole huge upload; the import reports the size.
        data = form.cleaned_data["file"].read(MAX_CSV_BYTES + 1)
    try:
        if confirmed:
            result = import_of(actor=user, institution_id=institution.pk, data=data)
        else:
            preview = preview_of(actor=user, institution_id=institution.pk, data=data)
    except InvalidInput as exc:
        return render(
            request, "learners/import_preview.html", {**context, "problems": exc.problems}, status=400
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    if confirmed:
        messages.success(
            request,
            f"Imported: {result.created} added, {result.updated} updated, {result.unchanged} unchanged; "
            f"{result.new_learners} new learners; {len(result.award_uuids)} badges awarded.",
        )
        return redirect(f"learners-staff:import-{kind}", institution.slug)
    shown = sorted(preview.rows, key=lambda r: not r.is_error)[:PREVIEW_ROWS]
    return render(
        request,
        "learners/import_preview.html",
        {
            **context,
            "preview": preview,
            "shown": sorted(shown, key=lambda r: r.line),
            "csv_text": data.decode("utf-8-sig"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_completions(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a CSV of results, preview what it does row by row, confirm."""
    return _import(request, slug, "completions")


@login_required
@require_http_methods(["GET", "POST"])
def import_enrollments(request: HttpRequest, slug: str) -> HttpResponse:
    """Bulk enrollment: upload a CSV of learners and micro-credentials, preview, confirm."""
    return _import(request, slug, "enrollments")


def _csv(name: str, columns: tuple[str, ...], rows: list[list[str]]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def completions_template(request: HttpRequest, slug: str) -> HttpResponse:
    """A CSV file to start from: the columns in order and an example of each kind of row."""
    _institution(request, slug)
    return _csv("completions-template.csv", imports.COMPLETION_COLUMNS, COMPLETION_EXAMPLES)


@login_required
@require_GET
def enrollments_template(request: HttpRequest, slug: str) -> HttpResponse:
    _institution(request, slug)
    return _csv("enrollments-template.csv", imports.ENROLLMENT_COLUMNS, ENROLLMENT_EXAMPLES)
