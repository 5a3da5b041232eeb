"""Drafting pages: start a proposal, the three-step wizard with autosave and live policy checks, submit.

Views are thin: they check who may act through ``institutions.permissions``, read the form, call one
service (``governance.services``) and show its problems on the fields they name.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pydantic import ValidationError

from microcred.catalog import badges
from microcred.catalog import selectors as catalog_selectors
from microcred.catalog import services as catalog_services
from microcred.catalog.content import BadgeDesign
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.governance import forms as proposal_forms
from microcred.governance import selectors, services, workflow
from microcred.governance.models import Proposal
from microcred.institutions import permissions
from microcred.institutions import rules as policy_rules
from microcred.institutions import selectors as institution_selectors

if TYPE_CHECKING:
    from microcred.catalog.models import MicroCredentialVersion
    from microcred.governance.rules import CheckResult
    from microcred.institutions.models import Institution

SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}


# Who may do what --------------------------------------------------------------------------------------------


def _may_propose_for(request: HttpRequest, institution_id: int, unit_id: int) -> bool:
    return permissions.can_propose(
        signed_in_user(request), institution_id, institution_selectors.unit_with_ancestor_ids(unit_id)
    )


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    """The proposal, if the person may draft it: others of the institution's staff get 403, the rest 404."""
    proposal = selectors.proposal_by_id(proposal_id)
    user = signed_in_user(request)
    if proposal is None or not permissions.can_view_proposals(user, proposal.institution_id):
        raise Http404("no such proposal")
    if not _may_propose_for(request, proposal.institution_id, proposal.version.micro_credential.unit_id):
        raise PermissionDenied("only the unit's leads and the office draft this proposal")
    return proposal


def _editable(proposal: Proposal) -> bool:
    return proposal.kind != Proposal.Kind.TERMINATION and proposal.state in workflow.EDITABLE_STATES


def _detail_url(proposal: Proposal) -> str:
    """The proposal's page (the review pages own it); my proposals until that page exists."""
    try:
        return reverse("governance:proposal", args=[proposal.pk])
    except NoReverseMatch:
        return reverse("governance:mine")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _proposable_units(request: HttpRequest, institution: Institution) -> list[tuple[int, str]]:
    """Units of the institution the person may propose for (a lead's unit and the units below it)."""
    units = list(institution_selectors.units_of(institution))
    parents = {u.pk: u.parent_id for u in units}
    user = signed_in_user(request)

    def ancestors(unit_id: int) -> set[int]:
        ids: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in ids:
            ids.add(current)
            current = parents.get(current)
        return ids

    return [(u.pk, u.name) for u in units if permissions.can_propose(user, institution.pk, ancestors(u.pk))]


# Starting and listing ---------------------------------------------------------------------------------------


@login_required
@require_GET
def my_proposals(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    sections = []
    for institution in institution_selectors.institutions_visible_to(user):
        proposals = list(selectors.my_proposals(user, institution.pk))
        can_start = bool(_proposable_units(request, institution))
        if proposals or can_start:
            rows = [{"proposal": p, "editable": _editable(p)} for p in proposals]
            sections.append({"institution": institution, "rows": rows, "can_start": can_start})
    if not sections and not permissions.staff_institution_ids(user):
        raise PermissionDenied("no staff role at any institution")
    return render(request, "governance/proposal_list.html", {"sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    institution = institution_selectors.institution_by_slug(slug)
    user = signed_in_user(request)
    if institution is None or not permissions.can_view_institution_admin(user, institution.pk):
        raise Http404("no such institution")
    units = _proposable_units(request, institution)
    if not units:
        raise PermissionDenied("you lead no unit that may propose micro-credentials")
    form = proposal_forms.StartForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.start_proposal(
                actor=user, institution_id=institution.pk, unit_id=form.cleaned_data["unit"],
                title=form.cleaned_data["title"],
            )  # fmt: skip
            if institution_selectors.policy_data_of(institution.pk).transcript == "must":
                # Preselected from the policy: it must appear on the transcript.
                services.save_draft(actor=user, proposal=proposal, changes={"transcript": "on_transcript"})
        except InvalidInput as exc:
            for where, problems in exc.by_field().items():
                form.add_error(where if where in form.fields else None, problems)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, "Your proposal has been started; it saves as you type.")
            return redirect("governance:edit", proposal.pk, 1)
    return render(request, "governance/proposal_start.html", {"institution": institution, "form": form})


# The three steps --------------------------------------------------------------------------------------------


def _competency_choices(institution_id: int, required: set[int]) -> list[Any]:
    groups = []
    for framework in catalog_selectors.frameworks_for(institution_id):
        label = framework.name + (" (required by the policy)" if framework.pk in required else "")
        options = [(str(c.pk), c.name) for c in catalog_selectors.competencies_of(framework)]
        if options:
            groups.append((label, options))
    return groups


def _anchor(proposal: Proposal, name: str) -> str:
    """Where to fix a failed check: the field on its step, or the unit's application to issue."""
    if name == "unit":
        try:
            return reverse("governance:authorization")
        except NoReverseMatch:
            return ""
    if name not in proposal_forms.FIELD_ANCHORS:
        return ""
    step, anchor = proposal_forms.FIELD_ANCHORS[name]
    return f"{reverse('governance:edit', args=[proposal.pk, step])}#{anchor}"


def _checks(proposal: Proposal, version: MicroCredentialVersion) -> list[dict[str, Any]]:
    results: list[CheckResult] = services.policy_checks(version=version)
    return [{"check": c, "link": "" if c.passed else _anchor(proposal, c.field)} for c in results]


def _hours(value_min: Decimal, value_max: Decimal) -> str:
    low, high = (format(v.normalize(), "f") for v in (value_min, value_max))
    return low if low == high else f"{low} to {high}"


def _editor_context(proposal: Proposal, version: MicroCredentialVersion) -> dict[str, Any]:
    institution_id = proposal.institution_id
    courses = {
        c.pk: f"{c.code} {c.title}"
        + (f" · {_hours(c.credit_hours, c.credit_hours)} credit hours" if c.credit_hours else "")
        + (f" · {_hours(c.contact_hours, c.contact_hours)} training hours" if c.contact_hours else "")
        for c in catalog_selectors.courses_of(institution_id)
    }
    active = set(catalog_selectors.courses_of(institution_id, active_only=True).values_list("pk", flat=True))
    credentials = {
        v.micro_credential_id: v.title
        for v in catalog_selectors.published_versions_in(institution_id)
        if v.micro_credential_id != version.micro_credential_id
    }
    return {
        "tree": proposal_forms.editor_nodes(version.requirements, courses, credentials),
        "course_options": [(pk, text) for pk, text in courses.items() if pk in active],
        "credential_options": list(credentials.items()),
        "credit_hours": _hours(version.credit_hours_min, version.credit_hours_max),
        "training_hours": _hours(version.training_hours_min, version.training_hours_max),
        "editable": _editable(proposal),
    }


def _step_context(
    request: HttpRequest,
    proposal: Proposal,
    step: int,
    form: proposal_forms.ProposalForm | None = None,
    **extra: Any,
) -> dict[str, Any]:
    version = proposal.version
    content = catalog_selectors.version_content(version)
    policy = institution_selectors.policy_data_of(proposal.institution_id)
    required = set(policy.required_framework_ids)
    if form is None:
        form = proposal_forms.ProposalForm(
            initial=proposal_forms.ProposalForm.initial_from(content),
            competency_choices=_competency_choices(proposal.institution_id, required),
        )
    if form.is_bound:
        fees = proposal_forms.rows_from(form.data, "fees")  # type: ignore[arg-type]
        stacks = proposal_forms.rows_from(form.data, "stacks_toward")  # type: ignore[arg-type]
        fees += proposal_forms.blank_rows("fees", len(fees))
        stacks += proposal_forms.blank_rows("stacks_toward", len(stacks))
    else:
        fees = proposal_forms.rows_for_display(content.model_dump(mode="json")["fees"], "fees")
        stacks = proposal_forms.rows_for_display(
            content.model_dump(mode="json")["stacks_toward"], "stacks_toward"
        )
    required_names = [f.name for f in catalog_selectors.frameworks_by_ids(sorted(required))]
    return {
        "proposal": proposal,
        "version": version,
        "institution": proposal.institution,
        "step": step,
        "steps": proposal_forms.STEPS,
        "form": form,
        "fees": fees,
        "stacks": stacks,
        "currencies": proposal_forms.currencies(),
        "stack_kinds": proposal_forms.stack_kinds(),
        "policy": policy,
        "credit_band": policy_rules.credit_band_text(policy),
        "required_frameworks": required_names,
        "checks": _checks(proposal, version),
        "badge_upload": proposal_forms.BadgeUploadForm(),
        "badge_design": proposal_forms.BadgeDesignForm(
            initial=proposal_forms.BadgeDesignForm.initial_from(content.badge_design)
        ),
        "badge_query": urlencode((content.badge_design or BadgeDesign()).model_dump()),
        **_editor_context(proposal, version),
        **extra,
    }


def _bound_form(request: HttpRequest, proposal: Proposal) -> proposal_forms.ProposalForm:
    policy = institution_selectors.policy_data_of(proposal.institution_id)
    return proposal_forms.ProposalForm(
        request.POST,
        competency_choices=_competency_choices(proposal.institution_id, set(policy.required_framework_ids)),
    )


def _save(request: HttpRequest, proposal: Proposal, changes: dict[str, object]) -> None:
    try:
        services.save_draft(actor=signed_in_user(request), proposal=proposal, changes=changes)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc


def _readonly(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    return render(
        request,
        "governance/proposal_readonly.html",
        {
            "proposal": proposal,
            "version": proposal.version,
            "content": catalog_selectors.version_content(proposal.version),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, proposal_id: int, step: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    if step not in proposal_forms.STEPS:
        raise Http404("no such step")
    if not _editable(proposal):
        return _readonly(request, proposal)
    if request.method == "POST":
        form = _bound_form(request, proposal)
        changes = proposal_forms.changes_from(request.POST, proposal_forms.STEP_FIELDS[step])
        try:
            _save(request, proposal, changes)
        except InvalidInput as exc:
            other = form.show_problems(exc)
            messages.error(request, "Nothing was saved: correct the fields marked below.")
            return render(
                request,
                "governance/proposal_edit.html",
                _step_context(request, proposal, step, form, other_problems=other),
            )
        messages.success(request, "Saved.")
        if "next" in request.POST and step + 1 in proposal_forms.STEPS:
            return redirect("governance:edit", proposal.pk, step + 1)
        if "next" in request.POST:
            return redirect("governance:submit", proposal.pk)
        return redirect("governance:edit", proposal.pk, step)
    return render(request, "governance/proposal_edit.html", _step_context(request, proposal, step))


@login_required
@require_POST
def autosave(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """htmx: save the one field that changed; answer "Saved" or its problem; the checks then refresh."""
    proposal = _proposal(request, proposal_id)
    name = request.POST.get("_field", "")
    if name not in proposal_forms.AUTOSAVE_FIELDS:
        return HttpResponseBadRequest("unknown field")
    try:
        _save(request, proposal, proposal_forms.changes_from(request.POST, [name]))
    except InvalidInput as exc:
        problems = [proposal_forms.describe(p) for p in exc.problems]
        return render(request, "governance/proposal_autosave.html", {"problems": problems})
    response = render(request, "governance/proposal_autosave.html", {"saved_at": timezone.now()})
    response["HX-Trigger"] = "checks-changed"
    return response


@login_required
@require_GET
def checks(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """htmx: the policy checks panel, as the draft stands now."""
    proposal = _proposal(request, proposal_id)
    return render(
        request,
        "governance/_checks.html",
        {"proposal": proposal, "checks": _checks(proposal, proposal.version)},
    )


@login_required
@require_POST
def requirements(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """One step of the requirement editor (add, remove, move, change a group's rule).

    With htmx only the editor is answered; without JavaScript the whole step is saved with the change.
    """
    proposal = _proposal(request, proposal_id)
    if not _editable(proposal):
        return _readonly(request, proposal)
    problems: list[str] = []
    try:
        tree = proposal_forms.edit_tree(
            proposal.version.requirements, request.POST.get("op", ""), request.POST.dict()
        )
    except InvalidInput as exc:
        problems, tree = [p.message for p in exc.problems], proposal.version.requirements
    if _is_htmx(request):
        if not problems:
            try:
                _save(request, proposal, {"requirements": tree})
            except InvalidInput as exc:
                problems = [proposal_forms.describe(p) for p in exc.problems]
        proposal = _proposal(request, proposal_id)
        response = render(
            request,
            "governance/proposal_requirements.html",
            {"proposal": proposal, "problems": problems, **_editor_context(proposal, proposal.version)},
        )
        response["HX-Trigger"] = "checks-changed"
        return response
    form = _bound_form(request, proposal)
    changes = proposal_forms.changes_from(request.POST, proposal_forms.STEP_FIELDS[1])
    if not problems:
        try:
            _save(request, proposal, {**changes, "requirements": tree})
        except InvalidInput as exc:
            problems = form.show_problems(exc)
    if problems or form.errors:
        messages.error(request, "Nothing was saved: correct the problems marked below.")
        return render(
            request,
            "governance/proposal_edit.html",
            _step_context(request, proposal, 1, form, requirement_problems=problems),
        )
    messages.success(request, "Saved, with the requirements changed.")
    return redirect(reverse("governance:edit", args=[proposal.pk, 1]) + "#requirements")


# The badge --------------------------------------------------------------------------------------------------


def _design_from(request: HttpRequest) -> BadgeDesign:
    values = {k: request.POST.get(k) or request.GET.get(k) for k in BadgeDesign.model_fields}
    return BadgeDesign.model_validate({k: v for k, v in values.items() if v is not None})


@login_required
@require_POST
def badge(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Store the badge image: an uploaded PNG or SVG, or the SVG drawn from the designer's choices."""
    proposal = _proposal(request, proposal_id)
    if not _editable(proposal):
        return _readonly(request, proposal)
    user = signed_in_user(request)
    step_url = reverse("governance:edit", args=[proposal.pk, 2]) + "#badge"
    try:
        if request.POST.get("action") == "design":
            try:
                design = _design_from(request)
            except ValidationError as exc:
                raise InvalidInput(
                    "; ".join(e["msg"] for e in exc.errors(include_url=False)), "badge"
                ) from None
            version = services.save_draft(
                actor=user, proposal=proposal, changes={"badge_design": design.model_dump()}
            )
            data, name = badges.design_svg(design, version.title), "badge.svg"
        else:
            upload = request.FILES.get("badge_image")
            if upload is None:
                raise InvalidInput("choose a PNG or SVG file", "badge_image")
            data, name = upload.read(badges.MAX_BADGE_BYTES + 1), upload.name or "badge"
        catalog_services.set_badge_image(version=proposal.version, name=name, data=data)
    except InvalidInput as exc:
        messages.error(request, "The badge was not changed: " + "; ".join(p.message for p in exc.problems))
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, "The badge image has been saved.")
    return redirect(step_url)


@login_required
@require_GET
def badge_preview(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """htmx: the designer's preview, an <img> of ``badge_svg`` with the choices as they are now."""
    proposal = _proposal(request, proposal_id)
    try:
        design = _design_from(request)
    except ValidationError:
        return render(request, "governance/proposal_badge_preview.html", {"problem": True})
    query = urlencode(design.model_dump())
    return render(
        request,
        "governance/proposal_badge_preview.html",
        {"proposal": proposal, "design": design.model_dump(), "query": query},
    )


@login_required
@require_GET
def badge_svg(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """The designer's SVG for the choices in the query (or the saved design)."""
    proposal = _proposal(request, proposal_id)
    if request.GET:
        try:
            design = _design_from(request)
        except ValidationError:
            return HttpResponseBadRequest("invalid design")
    else:
        design = catalog_selectors.version_content(proposal.version).badge_design or BadgeDesign()
    return HttpResponse(
        badges.design_svg(design, proposal.version.title), content_type="image/svg+xml", headers=SVG_HEADERS
    )


@login_required
@require_GET
def badge_image(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """The stored badge image (checked when stored: a PNG, or an SVG without script)."""
    proposal = selectors.proposal_by_id(proposal_id)
    user = signed_in_user(request)
    if proposal is None or not permissions.can_view_proposals(user, proposal.institution_id):
        raise Http404("no such proposal")
    image = proposal.version.badge_image
    if not image:
        raise Http404("no badge image yet")
    with image.open("rb") as handle:
        data = handle.read()
    if (image.name or "").endswith(".svg"):
        return HttpResponse(data, content_type="image/svg+xml", headers=SVG_HEADERS)
    return HttpResponse(data, content_type="image/png")


# Submitting -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Run the checks again; blocking failures stop it, each failed warning needs a written reason."""
    proposal = _proposal(request, proposal_id)
    if not _editable(proposal):
        return _readonly(request, proposal)
    results = _checks(proposal, proposal.version)
    reasons = {
        r["check"].code: request.POST.get(f"reason-{r['check'].code}", "")
        for r in results
        if r["check"].warns
    }
    problems: list[str] = []
    if request.method == "POST":
        try:
            services.submit_proposal(
                actor=signed_in_user(request), proposal=proposal, warning_reasons=reasons
            )
        except InvalidInput as exc:
            problems = [p.message for p in exc.problems]
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, "Your proposal has been submitted; the reviewers have been told.")
            return redirect(_detail_url(proposal))
    return render(
        request,
        "governance/proposal_submit.html",
        {
            "proposal": proposal,
            "version": proposal.version,
            "checks": results,
            "blocking": [r for r in results if r["check"].blocks],
            "warnings": [
                {**r, "reason": reasons.get(r["check"].code, "")} for r in results if r["check"].warns
            ],
            "problems": problems,
            "stages": institution_selectors.approval_stages(proposal.institution_id),
        },
    )


urlpatterns: list[URLPattern] = [
    path("proposals/", my_proposals, name="mine"),
    path("proposals/new/<slug:slug>/", start, name="start"),
    path("proposals/<int:proposal_id>/edit/<int:step>/", edit, name="edit"),
    path("proposals/<int:proposal_id>/autosave/", autosave, name="autosave"),
    path("proposals/<int:proposal_id>/checks/", checks, name="checks"),
    path("proposals/<int:proposal_id>/requirements/", requirements, name="requirements"),
    path("proposals/<int:proposal_id>/submit/", submit, name="submit"),
    path("proposals/<int:proposal_id>/badge/", badge, name="badge"),
    path("proposals/<int:proposal_id>/badge/preview/", badge_preview, name="badge-preview"),
    path("proposals/<int:proposal_id>/badge.svg", badge_svg, name="badge-svg"),
    path("proposals/<int:proposal_id>/badge-image/", badge_image, name="badge-image"),
]
