"""Write use-cases of governance: drafting, submitting, reviewing, publishing, changing and terminating.

Every transition checks who may act (``institutions.permissions``), asks the pure workflow whether the state
allows it, records a ``ReviewEvent`` (who, when, decision, comment, a snapshot of the content) and notifies
the people concerned once the transaction commits.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from microcred.accounts import services as accounts_services
from microcred.catalog import selectors as catalog_selectors
from microcred.catalog import services as catalog_services
from microcred.core.errors import InvalidInput, NotAllowed, Problem
from microcred.governance import rules, selectors, workflow
from microcred.governance.models import IssuerAuthorizationRequest, Proposal, ReviewEvent
from microcred.institutions import permissions
from microcred.institutions import selectors as institution_selectors
from microcred.institutions import services as institution_services

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.catalog.models import MicroCredentialVersion


def _require(allowed: bool, what: str) -> None:
    if not allowed:
        raise NotAllowed(f"you may not {what}")


def _may_propose(actor: User, institution_id: int, unit_id: int) -> bool:
    return permissions.can_propose(
        actor, institution_id, institution_selectors.unit_with_ancestor_ids(unit_id)
    )


def _record(proposal: Proposal, actor: User | None, action: str, **fields: Any) -> ReviewEvent:
    snapshot = catalog_selectors.version_content(proposal.version).model_dump(mode="json")
    return ReviewEvent.objects.create(
        proposal=proposal, actor=actor, action=action, snapshot=snapshot, **fields
    )


def _notify(to: list[str], subject: str, proposal: Proposal, message: str) -> None:
    if to:
        accounts_services.send_email_on_commit(
            to=to,
            subject=subject,
            template="governance/email/proposal.txt",
            context={"proposal_id": proposal.pk, "title": proposal.version.title, "message": message},
        )


@transaction.atomic
def start_proposal(*, actor: User, institution_id: int, unit_id: int, title: str) -> Proposal:
    """A unit lead starts a new micro-credential: its first version, as a draft proposal."""
    unit = institution_selectors.unit_by_id(unit_id)
    if unit is None or unit.institution_id != institution_id:
        raise InvalidInput("choose one of this institution's units", "unit")
    _require(_may_propose(actor, institution_id, unit_id), f"propose micro-credentials for {unit.name}")
    version = catalog_services.create_micro_credential(
        actor=actor, institution_id=institution_id, unit_id=unit_id, title=title
    )
    proposal = Proposal.objects.create(version=version, institution_id=institution_id, proposer=actor)
    _record(proposal, actor, "create")
    return proposal


@transaction.atomic
def propose_change(*, actor: User, published: MicroCredentialVersion, minor: bool = False) -> Proposal:
    """Start the next version of a published micro-credential; it passes the approval chain again.

    A ``minor`` change passes only the stages the policy marks for minor changes.
    """
    credential = published.micro_credential
    _require(_may_propose(actor, credential.institution_id, credential.unit_id), "propose changes to it")
    version = catalog_services.start_next_version(actor=actor, published=published)
    proposal = Proposal.objects.create(
        version=version,
        institution_id=credential.institution_id,
        proposer=actor,
        kind=Proposal.Kind.MINOR_CHANGE if minor else Proposal.Kind.CHANGE,
    )
    _record(proposal, actor, "create", comment=f"Change of version {published.number}")
    return proposal


@transaction.atomic
def propose_termination(
    *, actor: User, published: MicroCredentialVersion, terminates_on: date, teach_out_until: date, reason: str
) -> Proposal:
    """Propose to stop offering a micro-credential: enrolled learners may finish until the teach-out date."""
    credential = published.micro_credential
    _require(_may_propose(actor, credential.institution_id, credential.unit_id), "propose its termination")
    problems = []
    if published.status != "published":
        problems.append(Problem("version", "only a published micro-credential can be terminated"))
    if terminates_on < timezone.localdate():
        problems.append(Problem("terminates_on", "the termination date is in the past"))
    if teach_out_until < terminates_on:
        problems.append(
            Problem("teach_out_until", "the teach-out date cannot be before the termination date")
        )
    if not reason.strip():
        problems.append(Problem("reason", "say why the micro-credential ends"))
    if Proposal.objects.filter(
        version=published,
        kind=Proposal.Kind.TERMINATION,
        state__in=["draft", "in_review", "changes_requested", "approved"],
    ).exists():
        problems.append(Problem("version", "a termination of this micro-credential is already under way"))
    if problems:
        raise InvalidInput(problems)
    proposal = Proposal.objects.create(
        version=published, institution_id=credential.institution_id, proposer=actor,
        kind=Proposal.Kind.TERMINATION, terminates_on=terminates_on, teach_out_until=teach_out_until,
        termination_reason=reason.strip(),
    )  # fmt: skip
    _record(proposal, actor, "create", comment=reason.strip())
    return proposal


def _can_edit(actor: User, proposal: Proposal) -> bool:
    credential = proposal.version.micro_credential
    return proposal.kind != Proposal.Kind.TERMINATION and _may_propose(
        actor, credential.institution_id, credential.unit_id
    )


@transaction.atomic
def save_draft(*, actor: User, proposal: Proposal, changes: dict[str, object]) -> MicroCredentialVersion:
    """Save some of a draft's fields (the wizard autosaves as the proposer types)."""
    _require(_can_edit(actor, proposal), "edit this proposal")
    if proposal.state not in workflow.EDITABLE_STATES:
        raise InvalidInput(f"the proposal is {proposal.get_state_display().lower()}; it cannot be edited now")
    return catalog_services.update_draft(actor=actor, version=proposal.version, changes=changes)


def facts_of(version: MicroCredentialVersion) -> rules.ProposalFacts:
    """What the policy checks need, read from the database."""
    credential = version.micro_credential
    by_framework: defaultdict[int, set[int]] = defaultdict(set)
    for competency_id, framework_id in version.competencies.values_list("pk", "framework_id"):
        by_framework[framework_id].add(competency_id)
    unit = institution_selectors.unit_by_id(credential.unit_id)
    return rules.ProposalFacts(
        title=version.title,
        credit_type=version.credit_type,
        credit_hours=(version.credit_hours_min, version.credit_hours_max),
        training_hours=(version.training_hours_min, version.training_hours_max),
        has_requirements=bool(version.requirements and version.requirements.get("items")),
        competency_ids_by_framework={k: frozenset(v) for k, v in by_framework.items()},
        fees=[rules.Fee(f["label"], Decimal(str(f["amount"])), f["currency"]) for f in version.fees],
        disclosures={
            "financial_aid": version.financial_aid,
            "transferability": version.transferability,
            "stackability": version.stackability or ", ".join(s["name"] for s in version.stacks_toward),
            "open_electives": version.open_electives,
            "no_fees": "yes" if version.no_fees else "",
        },
        unit_authorized=bool(unit and unit.issuer_authorized_at),
        transcript=version.transcript,
        duplicate_titles=catalog_selectors.micro_credentials_titled(
            credential.institution_id, version.title, credential.pk
        ),
        duplicate_requirements=catalog_selectors.micro_credentials_with_requirements(
            credential.institution_id, version.requirements, credential.pk
        ),
        level=version.level,
        eligibility=version.eligibility,
    )


def policy_checks(*, version: MicroCredentialVersion) -> list[rules.CheckResult]:
    """Every policy check of the version against its institution's current policy."""
    policy = institution_selectors.policy_data_of(version.micro_credential.institution_id)
    return rules.run_policy_checks(facts_of(version), policy)


def _stage_count(proposal: Proposal) -> int:
    return len(selectors.stages_for(proposal))


def _position(proposal: Proposal) -> workflow.Position:
    return workflow.Position(workflow.State(proposal.state), proposal.stage, proposal.returned_from)


def _move(proposal: Proposal, action: workflow.Action) -> workflow.Position:
    try:
        position = workflow.apply(_position(proposal), action, _stage_count(proposal))
    except workflow.TransitionError as exc:
        raise InvalidInput(str(exc), "state") from None
    proposal.state, proposal.stage, proposal.returned_from = (
        position.state,
        position.stage,
        position.returned_from,
    )
    return position


def _stage_body(proposal: Proposal, stage: int) -> Any:
    stages = selectors.stages_for(proposal)
    return stages[stage - 1].review_body if 0 < stage <= len(stages) else None


def _notify_stage(proposal: Proposal) -> None:
    body = _stage_body(proposal, proposal.stage)
    if body is not None:
        _notify(
            institution_selectors.reviewer_emails(body.pk),
            f"To review: {proposal.version.title}",
            proposal,
            f"A proposal waits for {body.name} (stage {proposal.stage}).",
        )


@transaction.atomic
def submit_proposal(*, actor: User, proposal: Proposal, warning_reasons: dict[str, str]) -> Proposal:
    """Send a draft (or, after changes, the revised draft) into review, running the policy checks again.

    Blocking failures stop it; each failed warning needs a written reason, kept with the proposal.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(proposal.proposer_id == actor.pk or _can_edit(actor, proposal), "submit this proposal")
    action = workflow.Action.RESUBMIT if proposal.state == "changes_requested" else workflow.Action.SUBMIT
    if proposal.kind != Proposal.Kind.TERMINATION:
        results = policy_checks(version=proposal.version)
        ok, problems = rules.can_submit(results, warning_reasons)
        if not ok:
            raise InvalidInput([Problem("policy", p) for p in problems])
        proposal.warning_reasons = {r.code: warning_reasons[r.code].strip() for r in results if r.warns}
    _move(proposal, action)
    proposal.submitted_at = timezone.now()
    proposal.save()
    if proposal.kind != Proposal.Kind.TERMINATION:
        catalog_services.set_version_status(version=proposal.version, status="in_review")
    _record(
        proposal, actor, action.value, stage=proposal.stage, review_body=_stage_body(proposal, proposal.stage)
    )
    _notify_stage(proposal)
    return proposal


@transaction.atomic
def decide(
    *,
    actor: User,
    proposal: Proposal,
    action: str,
    comment: str = "",
    field_comments: dict[str, str] | None = None,
) -> Proposal:
    """A reviewer of the current stage approves, requests changes (comments anchored to fields) or rejects."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if action not in {"approve", "request_changes", "reject"}:
        raise InvalidInput(f"unknown decision {action!r}", "action")
    if proposal.state != "in_review":
        raise InvalidInput(f"the proposal is {proposal.get_state_display().lower()}, not in review", "state")
    body = _stage_body(proposal, proposal.stage)
    _require(
        body is not None
        and permissions.can_review_for(actor, proposal.institution_id, body.pk, proposal.proposer_id),
        "decide at this stage",
    )
    field_comments = {k: v.strip() for k, v in (field_comments or {}).items() if v and v.strip()}
    if action in {"request_changes", "reject"} and not (comment.strip() or field_comments):
        raise InvalidInput("say what should change, or why it is rejected", "comment")
    stage = proposal.stage
    _move(proposal, workflow.Action(action))
    proposal.decided_at = timezone.now()
    proposal.save()
    _record(
        proposal,
        actor,
        action,
        stage=stage,
        review_body=body,
        comment=comment.strip(),
        field_comments=field_comments,
    )
    version = proposal.version
    if proposal.kind != Proposal.Kind.TERMINATION:
        if action == "request_changes":
            catalog_services.set_version_status(version=version, status="draft")
        elif action == "reject":
            catalog_services.set_version_status(version=version, status="rejected")
        elif proposal.state == "approved":
            catalog_services.set_version_status(version=version, status="approved")
    proposer = [proposal.proposer.email]
    if action == "approve" and proposal.state == "in_review":
        _notify_stage(proposal)
    elif action == "approve":
        _notify(
            institution_selectors.admin_emails(proposal.institution_id),
            f"Ready to publish: {version.title}",
            proposal,
            "Every stage has approved it; the office can publish it.",
        )
    else:
        word = "Changes requested" if action == "request_changes" else "Rejected"
        _notify(proposer, f"{word}: {version.title}", proposal, f"{body.name}: {comment.strip()}")
    return proposal


@transaction.atomic
def withdraw_proposal(*, actor: User, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(proposal.proposer_id == actor.pk or _can_edit(actor, proposal), "withdraw this proposal")
    _move(proposal, workflow.Action.WITHDRAW)
    proposal.save()
    if proposal.kind != Proposal.Kind.TERMINATION:
        catalog_services.set_version_status(version=proposal.version, status="withdrawn")
    _record(proposal, actor, "withdraw")
    return proposal


@transaction.atomic
def publish_proposal(*, actor: User, proposal: Proposal) -> Proposal:
    """The office's final act: publish the approved version (or put the approved termination into effect)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(
        permissions.can_publish(actor, proposal.institution_id, proposal.proposer_id), "publish this proposal"
    )
    _move(proposal, workflow.Action.PUBLISH)
    proposal.save()
    if proposal.kind == Proposal.Kind.TERMINATION:
        if proposal.terminates_on is None or proposal.teach_out_until is None:
            raise InvalidInput("a termination needs its dates", "terminates_on")
        catalog_services.schedule_termination(
            version=proposal.version,
            terminates_on=proposal.terminates_on,
            teach_out_until=proposal.teach_out_until,
        )
    else:
        catalog_services.set_version_status(version=proposal.version, status="published")
    _record(proposal, actor, "publish")
    _notify(
        [proposal.proposer.email],
        f"Published: {proposal.version.title}",
        proposal,
        "It is now in the catalog.",
    )
    return proposal


@transaction.atomic
def request_issuer_authorization(*, actor: User, unit_id: int, statement: str) -> IssuerAuthorizationRequest:
    """A unit lead applies for the unit's right to issue micro-credentials."""
    unit = institution_selectors.unit_by_id(unit_id)
    if unit is None:
        raise InvalidInput("no such unit", "unit")
    _require(_may_propose(actor, unit.institution_id, unit.pk), f"apply for {unit.name}")
    if unit.issuer_authorized_at is not None:
        raise InvalidInput(f"{unit.name} is already authorized to issue", "unit")
    if not statement.strip():
        raise InvalidInput(
            "explain how the unit's training meets the mission and academic rigor", "statement"
        )
    if IssuerAuthorizationRequest.objects.filter(unit=unit, state="pending").exists():
        raise InvalidInput("an application for this unit is already waiting for a decision", "unit")
    request = IssuerAuthorizationRequest.objects.create(
        unit=unit, requested_by=actor, statement=statement.strip()
    )
    accounts_services.send_email_on_commit(
        to=institution_selectors.admin_emails(unit.institution_id),
        subject=f"{unit.name} applies to issue micro-credentials",
        template="governance/email/authorization.txt",
        context={"unit": unit.name, "statement": request.statement, "decision": ""},
    )
    return request


@transaction.atomic
def decide_issuer_authorization(
    *, actor: User, request: IssuerAuthorizationRequest, grant: bool, reason: str = ""
) -> IssuerAuthorizationRequest:
    """The office grants or refuses a unit's application (a refusal says why)."""
    request = IssuerAuthorizationRequest.objects.select_for_update().select_related("unit").get(pk=request.pk)
    _require(permissions.can_authorize_issuers(actor, request.unit.institution_id), "authorize issuers")
    if request.state != "pending":
        raise InvalidInput("this application has already been decided", "state")
    if not grant and not reason.strip():
        raise InvalidInput("say why the application is refused", "reason")
    request.state = "granted" if grant else "refused"
    request.decided_by, request.decided_at, request.decision_reason = actor, timezone.now(), reason.strip()
    request.save()
    if grant:
        institution_services.set_issuer_authorization(actor=actor, unit=request.unit, authorized=True)
    accounts_services.send_email_on_commit(
        to=[request.requested_by.email],
        subject=f"{request.unit.name}: issuer authorization {request.state}",
        template="governance/email/authorization.txt",
        context={
            "unit": request.unit.name,
            "statement": "",
            "decision": request.state,
            "reason": request.decision_reason,
        },
    )
    return request
