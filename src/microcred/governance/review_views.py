"""Review pages: queues, a proposal's page with its timeline and changes, decisions, publishing.

Also a micro-credential's versions (propose a change or a termination) and issuer authorization. Views are
thin: they ask ``permissions`` who may see the page, call one service and show its errors on the form.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from microcred.catalog import requirements
from microcred.catalog import selectors as catalog_selectors
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.governance import diff, selectors, services
from microcred.governance.models import Proposal
from microcred.governance.review_forms import (
    AuthorizationDecisionForm,
    AuthorizationRequestForm,
    DecisionForm,
    FieldCommentFormSet,
    TerminationForm,
    field_comments_of,
)
from microcred.institutions import access, permissions
from microcred.institutions import selectors as institution_selectors

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.catalog.models import MicroCredential, MicroCredentialVersion
    from microcred.governance.models import IssuerAuthorizationRequest

WITHDRAWABLE = {"draft", "in_review", "changes_requested"}
ACTION_WORDS = {
    "create": "Started",
    "submit": "Submitted for review",
    "resubmit": "Resubmitted after changes",
    "approve": "Approved",
    "request_changes": "Changes requested",
    "reject": "Rejected",
    "withdraw": "Withdrawn",
    "publish": "Published",
}


def _show_errors(form: forms.Form, error: InvalidInput) -> None:
    for where, problems in error.by_field().items():
        form.add_error(where if where in form.fields else None, problems)


def _may_propose_for(user: User, credential: MicroCredential) -> bool:
    return permissions.can_propose(
        user, credential.institution_id, institution_selectors.unit_with_ancestor_ids(credential.unit_id)
    )


# ---- a proposal's page ---------------------------------------------------------------------------------


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    """The proposal in the URL, if the person is staff of its institution."""
    proposal = selectors.proposal_by_id(proposal_id)
    if proposal is None:
        raise Http404("no such proposal")
    if not permissions.can_view_proposals(signed_in_user(request), proposal.institution_id):
        raise PermissionDenied("only the institution's staff see its proposals")
    return proposal


def _hours(low: Decimal | None, high: Decimal | None) -> str:
    low, high = low or Decimal(0), high or Decimal(0)
    return f"{low.normalize():f}" if low == high else f"{low.normalize():f} to {high.normalize():f}"


def _names(institution_id: int, contents: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """Names of the courses, stacked micro-credentials and competencies that the contents mention."""
    course_ids: set[int] = set()
    credential_ids: set[int] = set()
    competency_ids: set[int] = set()
    for content in contents:
        try:
            tree = requirements.parse_tree(content.get("requirements"))
        except ValueError:  # a malformed old snapshot still shows, with ids instead of names
            tree = requirements.Group()
        course_ids |= requirements.course_ids(tree)
        credential_ids |= requirements.credential_ids(tree)
        competency_ids |= {int(pk) for pk in content.get("competency_ids") or []}
    names: dict[tuple[str, int], str] = {}
    for course in catalog_selectors.courses_of(institution_id).filter(pk__in=course_ids):
        hours = []
        if course.credit_hours is not None:
            hours.append(f"{course.credit_hours.normalize():f} credit hours")
        if course.contact_hours is not None:
            hours.append(f"{course.contact_hours.normalize():f} contact hours")
        extra = f" ({', '.join(hours)})" if hours else ""
        names[("course", course.pk)] = f"{course.code} {course.title}{extra}"
    for mc_id, version in catalog_selectors.published_versions_of(credential_ids).items():
        names[("credential", mc_id)] = f"{version.title} (micro-credential)"
    for competency in catalog_selectors.competencies_by_ids(competency_ids):
        names[("competency", competency.pk)] = f"{competency.code} {competency.name} ({competency.framework})"
    return names


def _content_rows(
    content: dict[str, Any], names: dict[tuple[str, int], str], comments: dict[str, list[Any]]
) -> list[dict[str, Any]]:
    """Every content field as a row: label, value (text, list items or requirement lines), comments."""
    rows = []
    for field, label in diff.FIELD_LABELS.items():
        value = content.get(field)
        row: dict[str, Any] = {"field": field, "label": label, "comments": comments.get(field, [])}
        row["lines"] = diff.requirement_lines(value, names) if field == "requirements" else None
        row["values"] = None if field == "requirements" else diff.list_items(field, value, names)
        row["text"] = diff.value_text(field, value) if row["lines"] is None and row["values"] is None else ""
        rows.append(row)
    return rows


def _proposal_context(
    request: HttpRequest,
    proposal: Proposal,
    decision_form: DecisionForm | None = None,
    comment_formset: Any = None,
) -> dict[str, Any]:
    user = signed_in_user(request)
    version: MicroCredentialVersion = proposal.version
    credential = version.micro_credential
    content = catalog_selectors.version_content(version).model_dump(mode="json")
    events = list(selectors.timeline(proposal))
    field_comments: dict[str, list[Any]] = defaultdict(list)
    for event in events:
        for field, text in (event.field_comments or {}).items():
            field_comments[field].append({"event": event, "text": text})
    termination = proposal.kind == Proposal.Kind.TERMINATION
    snapshot = selectors.last_review_snapshot(proposal)
    since_review = (
        snapshot if proposal.state in {"in_review", "changes_requested"} and not termination else None
    )
    published = catalog_selectors.published_versions_of([credential.pk]).get(credential.pk)
    published_content = None
    changing = proposal.kind in {Proposal.Kind.CHANGE, Proposal.Kind.MINOR_CHANGE}
    if changing and published is not None and published.pk != version.pk:
        published_content = catalog_selectors.version_content(published).model_dump(mode="json")
    names = _names(
        proposal.institution_id,
        [content, *(c for c in (since_review, published_content) if c is not None)],
    )
    checks = [] if termination else services.policy_checks(version=version)
    titles = {check.code: check.title for check in checks}
    body = selectors.current_review_body(proposal)
    is_proposer = proposal.proposer_id == user.pk
    may_propose = _may_propose_for(user, credential)
    can_decide = (
        proposal.state == "in_review"
        and body is not None
        and permissions.can_review_for(user, proposal.institution_id, body.pk, proposal.proposer_id)
    )
    return {
        "proposal": proposal,
        "version": version,
        "credential": credential,
        "institution": proposal.institution,
        "termination": termination,
        "rows": _content_rows(content, names, field_comments),
        "hours": {
            "credit": _hours(version.credit_hours_min, version.credit_hours_max),
            "training": _hours(version.training_hours_min, version.training_hours_max),
        },
        "checks": [{"check": check, "link": None} for check in checks],  # as drafting's _checks.html
        "warning_reasons": [
            {"title": titles.get(code, code), "reason": reason}
            for code, reason in (proposal.warning_reasons or {}).items()
        ],
        "events": [
            {
                "event": event,
                "action": ACTION_WORDS.get(event.action, event.action),
                "field_comments": [
                    {"field": field, "label": diff.label_of(field), "text": text}
                    for field, text in (event.field_comments or {}).items()
                ],
            }
            for event in events
        ],
        "changes_since_review": diff.diff_content(since_review, content, names=names)
        if since_review is not None
        else None,
        "published": published,
        "changes_from_published": diff.diff_content(published_content, content, names=names)
        if published_content is not None
        else None,
        "review_body": body,
        "can_decide": can_decide,
        "decision_form": decision_form or DecisionForm(),
        "comment_formset": comment_formset or FieldCommentFormSet(prefix="fc"),
        "can_publish": proposal.state == "approved"
        and permissions.can_publish(user, proposal.institution_id, proposal.proposer_id),
        "can_withdraw": proposal.state in WITHDRAWABLE and (is_proposer or (may_propose and not termination)),
        "can_submit_termination": termination and proposal.state == "draft" and (is_proposer or may_propose),
        "can_propose_next": may_propose
        and published is not None
        and published.pk == version.pk
        and not termination,
        "is_proposer": is_proposer,
    }


@login_required
@require_GET
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    return render(request, "governance/proposal_detail.html", _proposal_context(request, proposal))


@login_required
@require_POST
def proposal_decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    form = DecisionForm(request.POST)
    formset = FieldCommentFormSet(request.POST, prefix="fc")
    if form.is_valid() and formset.is_valid():
        try:
            services.decide(
                actor=signed_in_user(request),
                proposal=proposal,
                action=form.cleaned_data["action"],
                comment=form.cleaned_data["comment"],
                field_comments=field_comments_of(formset),
            )
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            words = {"approve": "approved", "request_changes": "returned for changes", "reject": "rejected"}
            messages.success(request, f"Your decision is recorded: {words[form.cleaned_data['action']]}.")
            return redirect("governance:proposal", proposal.pk)
    context = _proposal_context(request, proposal, form, formset)
    if not context["can_decide"]:
        raise PermissionDenied("you may not decide at this stage")
    return render(request, "governance/proposal_detail.html", context)


def _transition(request: HttpRequest, proposal_id: int, act: Any, done: str) -> HttpResponse:
    """Run one transition service on the proposal and come back to its page with what happened."""
    proposal = _proposal(request, proposal_id)
    try:
        act(actor=signed_in_user(request), proposal=proposal)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("governance:proposal", proposal.pk)


@login_required
@require_POST
def proposal_publish(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _transition(request, proposal_id, services.publish_proposal, "Published: it is now in effect.")


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _transition(request, proposal_id, services.withdraw_proposal, "The proposal has been withdrawn.")


def _submit_termination(*, actor: User, proposal: Proposal) -> Proposal:
    if proposal.kind != Proposal.Kind.TERMINATION:
        raise InvalidInput("submit this proposal from its edit page")
    return services.submit_proposal(actor=actor, proposal=proposal, warning_reasons={})


@login_required
@require_POST
def proposal_submit_termination(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _transition(request, proposal_id, _submit_termination, "The termination has been sent for review.")


# ---- queues and lists ----------------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """What waits for the person: proposals at their stages, and (for the office) approved ones to publish."""
    user = signed_in_user(request)
    institutions = list(institution_selectors.institutions_visible_to(user))
    if not institutions:
        raise PermissionDenied("no staff role at any institution")
    sections = []
    for institution in institutions:
        reviews = bool(permissions.reviewer_body_ids(user, institution.pk))
        manages = permissions.can_manage_institution(user, institution.pk)
        if reviews or manages:
            sections.append(
                {
                    "institution": institution,
                    "reviews": reviews,
                    "queue": selectors.review_queue(user, institution.pk) if reviews else [],
                    "manages": manages,
                    "ready": list(selectors.awaiting_publication(user, institution.pk)),
                }
            )
    return render(
        request, "governance/review_queue.html", {"sections": sections, "institutions": institutions}
    )


@login_required
@require_GET
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every proposal of the institution, filtered by state."""
    institution = access.institution_for(
        request, slug, permissions.can_view_proposals, "only the institution's staff see its proposals"
    )
    state = request.GET.get("state", "")
    proposals = selectors.proposals_of(institution.pk)
    if state in Proposal.State.values:
        proposals = proposals.filter(state=state)
    else:
        state = ""
    return render(
        request,
        "governance/review_list.html",
        {
            "institution": institution,
            "proposals": proposals,
            "state": state,
            "states": Proposal.State.choices,
        },
    )


# ---- a micro-credential's versions: propose a change or a termination -----------------------------------


def _credential(request: HttpRequest, micro_credential_id: int) -> MicroCredential:
    credential = catalog_selectors.micro_credential_by_id(micro_credential_id)
    if credential is None:
        raise Http404("no such micro-credential")
    if not permissions.can_view_proposals(signed_in_user(request), credential.institution_id):
        raise PermissionDenied("only the institution's staff see this page")
    return credential


def _published(credential: MicroCredential) -> MicroCredentialVersion:
    published = catalog_selectors.published_versions_of([credential.pk]).get(credential.pk)
    if published is None:
        raise Http404("this micro-credential has no published version")
    return published


@login_required
@require_GET
def micro_credential(request: HttpRequest, micro_credential_id: int) -> HttpResponse:
    credential = _credential(request, micro_credential_id)
    proposals_by_version: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in selectors.proposals_of_micro_credential(credential.pk):
        proposals_by_version[proposal.version_id].append(proposal)
    all_versions = list(catalog_selectors.versions_of(credential))
    versions = [{"version": v, "proposals": proposals_by_version.get(v.pk, [])} for v in all_versions]
    published = catalog_selectors.published_versions_of([credential.pk]).get(credential.pk)
    return render(
        request,
        "governance/review_credential.html",
        {
            "credential": credential,
            "title": all_versions[0].title if all_versions else str(credential),
            "versions": versions,
            "published": published,
            "open_proposal": selectors.open_proposal_for(credential.pk),
            "can_propose": published is not None and _may_propose_for(signed_in_user(request), credential),
        },
    )


def _edit_url(proposal: Proposal) -> str:
    """The drafting wizard's first step when it exists, else the proposal's page."""
    for name, args in (("governance:proposal-edit", [proposal.pk]), ("governance:edit", [proposal.pk, 1])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return reverse("governance:proposal", args=[proposal.pk])


@login_required
@require_POST
def propose_change(request: HttpRequest, micro_credential_id: int) -> HttpResponse:
    credential = _credential(request, micro_credential_id)
    published = _published(credential)
    try:
        proposal = services.propose_change(
            actor=signed_in_user(request), published=published, minor=request.POST.get("minor") == "1"
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except InvalidInput as exc:
        messages.error(request, str(exc))
        return redirect("governance:micro-credential", credential.pk)
    messages.success(request, f"Version {proposal.version.number} has been started as a draft.")
    return redirect(_edit_url(proposal))


@login_required
@require_http_methods(["GET", "POST"])
def propose_termination(request: HttpRequest, micro_credential_id: int) -> HttpResponse:
    credential = _credential(request, micro_credential_id)
    published = _published(credential)
    user = signed_in_user(request)
    if not _may_propose_for(user, credential):
        raise PermissionDenied("only the unit's lead or the office propose a termination")
    form = TerminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose_termination(actor=user, published=published, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "The termination is drafted. Submit it for review when ready.")
            return redirect("governance:proposal", proposal.pk)
    return render(
        request,
        "governance/review_termination.html",
        {"credential": credential, "published": published, "form": form},
    )


# ---- issuer authorization ------------------------------------------------------------------------------


@login_required
@require_GET
def authorization_home(request: HttpRequest) -> HttpResponse:
    """A unit lead's units with their right to issue and their applications; the office's links."""
    user = signed_in_user(request)
    institutions = list(institution_selectors.institutions_visible_to(user))
    unit_ids = {uid for i in institutions for uid in permissions.led_unit_ids(user, i.pk)}
    offices = [i for i in institutions if permissions.can_authorize_issuers(user, i.pk)]
    if not unit_ids and not offices:
        raise PermissionDenied("only unit leads and the office deal with issuer authorization")
    by_unit: dict[int, list[IssuerAuthorizationRequest]] = defaultdict(list)
    for application in selectors.authorization_requests_of_units(unit_ids):
        by_unit[application.unit_id].append(application)
    units = []
    for unit_id in sorted(unit_ids):
        unit = institution_selectors.unit_by_id(unit_id)
        if unit is None:  # pragma: no cover - a role always names an existing unit
            continue
        applications = by_unit.get(unit_id, [])
        units.append(
            {
                "unit": unit,
                "applications": applications,
                "can_apply": unit.issuer_authorized_at is None
                and not any(a.state == "pending" for a in applications),
            }
        )
    return render(request, "governance/authorization_home.html", {"units": units, "offices": offices})


@login_required
@require_http_methods(["GET", "POST"])
def authorization_apply(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = signed_in_user(request)
    unit = institution_selectors.unit_by_id(unit_id)
    if unit is None:
        raise Http404("no such unit")
    if not permissions.can_propose(
        user, unit.institution_id, institution_selectors.unit_with_ancestor_ids(unit.pk)
    ):
        raise PermissionDenied("only the unit's lead applies for it")
    form = AuthorizationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_issuer_authorization(
                actor=user, unit_id=unit.pk, statement=form.cleaned_data["statement"]
            )
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"The application of {unit.name} has been sent to the office.")
            return redirect("governance:authorization")
    return render(request, "governance/authorization_apply.html", {"unit": unit, "form": form})


@login_required
@require_GET
def authorization_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """The office's list of applications, those waiting for a decision first."""
    institution = access.institution_for(
        request, slug, permissions.can_authorize_issuers, "only the office decides on issuer authorization"
    )
    applications = list(selectors.authorization_requests(institution.pk))
    return render(
        request,
        "governance/authorization_requests.html",
        {
            "institution": institution,
            "pending": [a for a in applications if a.state == "pending"],
            "decided": [a for a in applications if a.state != "pending"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def authorization_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    user = signed_in_user(request)
    application = selectors.authorization_request_by_id(request_id)
    if application is None:
        raise Http404("no such application")
    institution_id = application.unit.institution_id
    if not permissions.can_authorize_issuers(user, institution_id):
        raise PermissionDenied("only the office decides on issuer authorization")
    form = AuthorizationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decided = services.decide_issuer_authorization(
                actor=user,
                request=application,
                grant=form.cleaned_data["decision"] == "grant",
                reason=form.cleaned_data["reason"],
            )
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"{decided.unit.name}: {decided.get_state_display().lower()}.")
            return redirect("governance:authorization-requests", decided.unit.institution.slug)
    return render(
        request,
        "governance/authorization_decide.html",
        {"application": application, "institution": application.unit.institution, "form": form},
    )


urlpatterns: list[URLPattern] = [
    path("proposals/<int:proposal_id>/", proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/decide/", proposal_decide, name="proposal-decide"),
    path("proposals/<int:proposal_id>/publish/", proposal_publish, name="proposal-publish"),
    path("proposals/<int:proposal_id>/withdraw/", proposal_withdraw, name="proposal-withdraw"),
    path(
        "proposals/<int:proposal_id>/submit-termination/",
        proposal_submit_termination,
        name="proposal-submit-termination",
    ),
    path("review/", review_queue, name="review-queue"),
    path("review/<slug:slug>/proposals/", proposal_list, name="proposal-list"),
    path("credentials/<int:micro_credential_id>/", micro_credential, name="micro-credential"),
    path("credentials/<int:micro_credential_id>/change/", propose_change, name="propose-change"),
    path("credentials/<int:micro_credential_id>/terminate/", propose_termination, name="propose-termination"),
    path("authorization/", authorization_home, name="authorization"),
    path("authorization/units/<int:unit_id>/apply/", authorization_apply, name="authorization-apply"),
    path("authorization/requests/<int:request_id>/", authorization_decide, name="authorization-decide"),
    path("authorization/<slug:slug>/", authorization_requests, name="authorization-requests"),
]
