"""The governance path through services: draft, policy checks, submit, stages, changes, publish, version 2."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from microcred.catalog import services as catalog_services
from microcred.catalog.models import Course, MicroCredentialVersion
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.governance import selectors, services
from microcred.governance.models import ReviewEvent
from microcred.institutions import rules as policy_rules
from microcred.institutions import services as institution_services
from microcred.institutions.models import ReviewBody
from tests.factories import MembershipFactory


@pytest.fixture
def chain(institution, people, committee):
    """A SUNY-style policy (fewer than 24 credit hours) with the committee, then the office, as stages."""
    office = ReviewBody.objects.get(institution=institution, kind="office")
    MembershipFactory(institution=institution, role="reviewer", review_body=office, user=people["admin"])
    institution_services.update_policy(
        actor=people["operator"],
        institution=institution,
        data=policy_rules.PolicyData(
            credit_hours_max=Decimal(24), credit_hours_max_inclusive=False, transcript="must",
            stage_review_body_ids=(committee.pk, office.pk),
        ),
    )  # fmt: skip
    return committee, office


@pytest.fixture
def courses(institution, department):
    return [
        Course.objects.create(
            institution=institution, unit=department, code=f"MNT {n}", title=t, credit_hours=h
        )
        for n, (t, h) in enumerate(
            [
                ("Environmental Health and Safety", 3),
                ("Characterization", 4),
                ("Fabrication", 4),
                ("Thesis", 18),
            ]
        )
    ]


def complete_content(courses, count=3):
    return {
        "summary": "Clean-room skills.",
        "requirements": {
            "kind": "group",
            "rule": "all",
            "items": [{"kind": "course", "course_id": c.pk} for c in courses[:count]],
        },
        "transcript": "on_transcript",
        "fees": [{"label": "Lab fee", "amount": "150.00", "currency": "USD"}],
        "financial_aid": "Federal aid applies to the courses.",
        "transferability": "Transfers as three courses.",
        "stackability": "Counts toward the AAS in Engineering Technology.",
    }  # fmt: skip


def test_a_proposal_goes_from_draft_to_the_catalog_and_then_to_version_2(
    people, institution, department, chain, courses, django_capture_on_commit_callbacks
):
    lead, reviewer, admin = people["unit_lead"], people["reviewer"], people["admin"]
    proposal = services.start_proposal(
        actor=lead, institution_id=institution.pk, unit_id=department.pk, title="MNT Micro-credential"
    )
    # Too many credit hours: 3 + 4 + 4 + 18 = 29, the policy allows fewer than 24.
    too_long = services.save_draft(actor=lead, proposal=proposal, changes=complete_content(courses, count=4))
    checks = {c.code: c for c in services.policy_checks(version=too_long)}
    assert not checks["credit_band"].passed
    assert "29 credit hours" in checks["credit_band"].message
    with pytest.raises(InvalidInput, match="credit hours"):
        services.submit_proposal(actor=lead, proposal=proposal, warning_reasons={})
    # Fixed: three courses, 11 credit hours.
    version = services.save_draft(actor=lead, proposal=proposal, changes=complete_content(courses))
    assert version.credit_hours_min == Decimal(11)
    assert all(c.passed for c in services.policy_checks(version=version)), services.policy_checks(
        version=version
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(actor=lead, proposal=proposal, warning_reasons={})
    proposal.refresh_from_db()
    assert (proposal.state, proposal.stage) == ("in_review", 1)
    assert reviewer.email in mail.outbox[-1].to
    # The proposer cannot decide; the office cannot act at the committee's stage.
    with pytest.raises(NotAllowed):
        services.decide(actor=admin, proposal=proposal, action="approve")
    services.decide(
        actor=reviewer, proposal=proposal, action="request_changes", field_comments={"summary": "Say more."}
    )
    proposal.refresh_from_db()
    assert proposal.state == "changes_requested"
    services.save_draft(
        actor=lead, proposal=proposal, changes={"summary": "Clean-room skills for technicians."}
    )
    assert selectors.last_review_snapshot(proposal)["summary"] == "Clean-room skills."
    services.submit_proposal(actor=lead, proposal=proposal, warning_reasons={})
    services.decide(actor=reviewer, proposal=proposal, action="approve")
    services.decide(actor=admin, proposal=proposal, action="approve")
    proposal.refresh_from_db()
    assert proposal.state == "approved"
    services.publish_proposal(actor=admin, proposal=proposal)
    version.refresh_from_db()
    assert version.status == "published"
    actions = list(ReviewEvent.objects.filter(proposal=proposal).values_list("action", flat=True))
    assert actions == ["create", "submit", "request_changes", "resubmit", "approve", "approve", "publish"]
    # A published version never changes; a change proposal makes version 2.
    with pytest.raises(InvalidInput):
        catalog_services.update_draft(actor=lead, version=version, changes={"summary": "x"})
    change = services.propose_change(actor=lead, published=version)
    assert change.version.number == 2
    assert change.version.status == MicroCredentialVersion.Status.DRAFT
    assert change.version.credit_hours_min == Decimal(11)


def test_a_minor_change_passes_only_the_stages_the_policy_marks_for_it(
    people, institution, department, chain, courses
):
    committee, office = chain
    institution_services.update_policy(
        actor=people["operator"],
        institution=institution,
        data=policy_rules.PolicyData(
            credit_hours_max=Decimal(24), credit_hours_max_inclusive=False, transcript="must",
            stage_review_body_ids=(committee.pk, office.pk), minor_stage_review_body_ids=(office.pk,),
        ),
    )  # fmt: skip
    lead, reviewer, admin = people["unit_lead"], people["reviewer"], people["admin"]
    proposal = services.start_proposal(
        actor=lead, institution_id=institution.pk, unit_id=department.pk, title="MNT"
    )
    services.save_draft(actor=lead, proposal=proposal, changes=complete_content(courses))
    services.submit_proposal(actor=lead, proposal=proposal, warning_reasons={})
    services.decide(actor=reviewer, proposal=proposal, action="approve")
    services.decide(actor=admin, proposal=proposal, action="approve")
    services.publish_proposal(actor=admin, proposal=proposal)
    published = MicroCredentialVersion.objects.get(pk=proposal.version.pk)

    minor = services.propose_change(actor=lead, published=published, minor=True)
    services.save_draft(actor=lead, proposal=minor, changes={"summary": "Clean-room skills, updated."})
    services.submit_proposal(actor=lead, proposal=minor, warning_reasons={})
    minor.refresh_from_db()
    assert (minor.state, minor.stage) == ("in_review", 1)
    assert selectors.current_review_body(minor) == office
    assert selectors.review_queue(reviewer, institution.pk) == []  # the committee does not see minor changes
    services.decide(actor=admin, proposal=minor, action="approve")
    minor.refresh_from_db()
    assert minor.state == "approved"


def test_the_policy_refuses_minor_change_stages_outside_the_chain(institution, chain):
    committee, office = chain
    data = policy_rules.PolicyData(
        stage_review_body_ids=(office.pk,), minor_stage_review_body_ids=(committee.pk,)
    )
    context = policy_rules.PolicyContext(
        framework_sizes={}, review_body_ids=frozenset({committee.pk, office.pk})
    )
    problems = policy_rules.validate_policy(data, context)
    assert [p.message for p in problems] == ["minor changes can only pass stages of the approval chain"]
