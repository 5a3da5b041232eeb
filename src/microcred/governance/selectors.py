"""Read queries of governance: proposals, their timelines, reviewers' queues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from microcred.governance.models import IssuerAuthorizationRequest, Proposal, ReviewEvent
from microcred.institutions import permissions
from microcred.institutions import selectors as institution_selectors

if TYPE_CHECKING:
    from microcred.institutions.models import ApprovalStage, ReviewBody

OPEN_STATES = ("draft", "in_review", "changes_requested", "approved")


def proposal_by_id(proposal_id: int) -> Proposal | None:
    return (
        Proposal.objects.select_related("version__micro_credential", "institution", "proposer")
        .filter(pk=proposal_id)
        .first()
    )


def proposals_of(institution_id: int) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(institution_id=institution_id)
        .select_related("version__micro_credential", "proposer")
        .order_by("-created_at")
    )


def my_proposals(user: permissions.Person, institution_id: int) -> QuerySet[Proposal]:
    """Proposals the person made or that belong to units they lead."""
    units = permissions.led_unit_ids(user, institution_id)
    return proposals_of(institution_id).filter(
        Q(proposer_id=user.pk) | Q(version__micro_credential__unit_id__in=units)
    )


def review_queue(user: permissions.Person, institution_id: int) -> list[Proposal]:
    """Proposals waiting at a stage whose review body the person sits on (not their own), oldest first."""
    bodies = permissions.reviewer_body_ids(user, institution_id)
    waiting = proposals_of(institution_id).filter(state="in_review").exclude(proposer_id=user.pk)
    mine = [p for p in waiting if (body := current_review_body(p)) is not None and body.pk in bodies]
    return sorted(mine, key=lambda p: p.submitted_at or p.created_at)


def awaiting_publication(user: permissions.Person, institution_id: int) -> QuerySet[Proposal]:
    if not permissions.can_manage_institution(user, institution_id):
        return Proposal.objects.none()
    return proposals_of(institution_id).filter(state="approved").exclude(proposer_id=user.pk)


def timeline(proposal: Proposal) -> QuerySet[ReviewEvent]:
    return (
        ReviewEvent.objects.filter(proposal=proposal)
        .select_related("actor", "review_body")
        .order_by("created_at", "pk")
    )


def last_review_snapshot(proposal: Proposal) -> dict[str, object] | None:
    """The content as the reviewers last saw it (at the latest request for changes), for 'what changed'."""
    event = (
        ReviewEvent.objects.filter(proposal=proposal, action="request_changes")
        .order_by("-created_at", "-pk")
        .first()
    )
    return event.snapshot if event else None


def open_proposal_for(micro_credential_id: int) -> Proposal | None:
    return (
        Proposal.objects.filter(version__micro_credential_id=micro_credential_id, state__in=OPEN_STATES)
        .order_by("-created_at")
        .first()
    )


def authorization_requests(institution_id: int) -> QuerySet[IssuerAuthorizationRequest]:
    return (
        IssuerAuthorizationRequest.objects.filter(unit__institution_id=institution_id)
        .select_related("unit", "requested_by", "decided_by")
        .order_by("-created_at")
    )


def stages_for(proposal: Proposal) -> list[ApprovalStage]:
    """The approval chain this proposal passes: the shorter one for a minor change."""
    return institution_selectors.approval_stages(
        proposal.institution_id, minor=proposal.kind == Proposal.Kind.MINOR_CHANGE
    )


def current_review_body(proposal: Proposal) -> ReviewBody | None:
    """The review body deciding at the proposal's current stage (``None`` outside review)."""
    stages = stages_for(proposal)
    return stages[proposal.stage - 1].review_body if 0 < proposal.stage <= len(stages) else None


def proposals_of_micro_credential(micro_credential_id: int) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(version__micro_credential_id=micro_credential_id)
        .select_related("version", "proposer")
        .order_by("-created_at", "-pk")
    )


def authorization_request_by_id(request_id: int) -> IssuerAuthorizationRequest | None:
    return (
        IssuerAuthorizationRequest.objects.select_related("unit", "requested_by", "decided_by")
        .filter(pk=request_id)
        .first()
    )


def authorization_requests_of_units(unit_ids: set[int]) -> QuerySet[IssuerAuthorizationRequest]:
    return (
        IssuerAuthorizationRequest.objects.filter(unit_id__in=list(unit_ids))
        .select_related("unit", "requested_by", "decided_by")
        .order_by("-created_at", "-pk")
    )
