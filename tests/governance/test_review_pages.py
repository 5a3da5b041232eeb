"""The review pages: a proposal's page, decisions with field comments, publishing, versions and terminations.

Who may do what: the proposer never decides on their own proposal; a reviewer acts only at their stage; the
office publishes; learners and other institutions' administrators get 403 everywhere.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from microcred.catalog import badges
from microcred.catalog import services as catalog_services
from microcred.catalog.content import BadgeDesign
from microcred.catalog.models import Course, MicroCredentialVersion
from microcred.governance import services
from microcred.governance.models import Proposal, ReviewEvent
from microcred.institutions import rules as policy_rules
from microcred.institutions import services as institution_services
from microcred.institutions.models import ReviewBody
from tests.factories import InstitutionFactory, MembershipFactory, UserFactory


@pytest.fixture
def chain(institution, people, committee):
    """Stage 1: the curriculum committee; stage 2: the office, where the admin and ``office_reviewer`` sit."""
    office = ReviewBody.objects.get(institution=institution, kind="office")
    MembershipFactory(institution=institution, role="reviewer", review_body=office, user=people["admin"])
    people["office_reviewer"] = MembershipFactory(
        institution=institution,
        role="reviewer",
        review_body=office,
        user=UserFactory(full_name="Olga Office"),
    ).user
    people["other_admin"] = MembershipFactory(
        institution=InstitutionFactory(name="Other University", slug="other"), role="institution_admin"
    ).user
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
            institution=institution, unit=department, code=f"MNT 10{n}", title=title, credit_hours=hours
        )
        for n, (title, hours) in enumerate([("Safety", 3), ("Characterization", 4), ("Fabrication", 4)])
    ]


def content(courses):
    return {
        "summary": "Clean-room skills.",
        "requirements": {
            "kind": "group", "rule": "all", "items": [{"kind": "course", "course_id": c.pk} for c in courses]
        },
        "transcript": "on_transcript",
        "fees": [{"label": "Lab fee", "amount": "150.00", "currency": "USD"}],
        "financial_aid": "Federal aid applies to the courses.",
        "transferability": "Transfers as three courses.",
        "stackability": "Counts toward the AAS in Engineering Technology.",
    }  # fmt: skip


@pytest.fixture
def submitted(people, institution, department, chain, courses):
    """A complete proposal by the unit lead, waiting at stage 1 (the committee)."""
    lead = people["unit_lead"]
    proposal = services.start_proposal(
        actor=lead, institution_id=institution.pk, unit_id=department.pk, title="MNT Micro-credential"
    )
    version = services.save_draft(actor=lead, proposal=proposal, changes=content(courses))
    catalog_services.set_badge_image(
        version=version, name="badge.svg", data=badges.design_svg(BadgeDesign(label="MNT"), version.title)
    )
    return services.submit_proposal(actor=lead, proposal=proposal, warning_reasons={})


def decision(action, comment="", **field_comments):
    data = {
        "action": action, "comment": comment,
        "fc-TOTAL_FORMS": "3", "fc-INITIAL_FORMS": "0", "fc-MIN_NUM_FORMS": "0", "fc-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for n, (field, text) in enumerate(field_comments.items()):
        data[f"fc-{n}-field"], data[f"fc-{n}-comment"] = field, text
    return data


def page(proposal):
    return reverse("governance:proposal", args=[proposal.pk])


def act(name, proposal):
    return reverse(f"governance:proposal-{name}", args=[proposal.pk])


def state_of(proposal):
    proposal.refresh_from_db()
    return proposal.state, proposal.stage


def publish_through_chain(people, proposal):
    services.decide(actor=people["reviewer"], proposal=proposal, action="approve")
    services.decide(actor=people["office_reviewer"], proposal=proposal, action="approve")
    return services.publish_proposal(actor=people["admin"], proposal=proposal)


def test_the_proposal_page_shows_the_content_checks_and_who_may_act(submitted, client_as, courses):
    body = client_as("reviewer").get(page(submitted)).content.decode()
    for text in ["MNT Micro-credential", "Clean-room skills.", "MNT 100 Safety (3 credit hours)", "All of",
                 "Lab fee: 150.00 USD", "Credit hours", "11", "Policy checks", "Passed",
                 "Curriculum Committee", "Record decision", "Submitted for review"]:  # fmt: skip
        assert text in body, text
    assert f'src="{reverse("governance:badge-image", args=[submitted.pk])}' in body
    lead_page = client_as("unit_lead").get(page(submitted)).content.decode()
    assert "Record decision" not in lead_page
    assert "Withdraw" in lead_page
    # Stage 2's people see the page but not the decision form while it is at stage 1.
    assert "Record decision" not in client_as("admin").get(page(submitted)).content.decode()
    assert client_as("budget").get(page(submitted)).status_code == 200


def test_the_warning_reasons_given_at_submission_are_shown(people, institution, department, chain, client_as):
    lead = people["unit_lead"]
    proposal = services.start_proposal(
        actor=lead, institution_id=institution.pk, unit_id=department.pk, title="No requirements yet"
    )
    titles = {c.code: c.title for c in services.policy_checks(version=proposal.version)}
    # As submit_proposal keeps them (a warning's code -> the proposer's reason).
    proposal.warning_reasons = {"credit_band": "Approved by the dean as an exception."}
    proposal.save()
    body = client_as("reviewer").get(page(proposal)).content.decode()
    assert "Reasons given for warnings at submission" in body
    assert escape(titles["credit_band"]) in body
    assert "Approved by the dean as an exception." in body


def test_the_proposer_never_decides_and_a_reviewer_acts_only_at_their_stage(
    people, institution, department, chain, courses, client_as, committee
):
    # A committee member who also leads the department proposes: they cannot approve their own proposal.
    member = people["reviewer"]
    MembershipFactory(institution=institution, role="unit_lead", unit=department, user=member)
    proposal = services.start_proposal(
        actor=member, institution_id=institution.pk, unit_id=department.pk, title="Own proposal"
    )
    services.save_draft(actor=member, proposal=proposal, changes=content(courses))
    services.submit_proposal(actor=member, proposal=proposal, warning_reasons={})
    own = client_as("reviewer")
    assert "Record decision" not in own.get(page(proposal)).content.decode()
    assert own.post(act("decide", proposal), decision("approve")).status_code == 403
    # Stage 2 (the office) while it is at stage 1: 403, nothing recorded.
    assert (
        client_as(people["office_reviewer"]).post(act("decide", proposal), decision("approve")).status_code
        == 403
    )
    assert client_as("admin").post(act("decide", proposal), decision("approve")).status_code == 403
    assert state_of(proposal) == ("in_review", 1)
    assert not ReviewEvent.objects.filter(proposal=proposal, action="approve").exists()


def test_request_changes_with_field_comments_then_resubmission_shows_what_changed(
    people, submitted, client_as, courses
):
    reviewer = client_as("reviewer")
    # Without a comment: the error is on the form and nothing changes.
    response = reviewer.post(act("decide", submitted), decision("request_changes"))
    assert response.status_code == 200
    assert "say what should change" in response.content.decode()
    assert state_of(submitted) == ("in_review", 1)
    # Bad field-comment rows are refused too.
    response = reviewer.post(act("decide", submitted), decision("request_changes", "x", **{"": "orphan"}))
    assert "choose the field this comment is about" in response.content.decode()
    response = reviewer.post(
        act("decide", submitted),
        decision("request_changes", "Please expand.", summary="Say who it is for.", fees="Name the lab fee."),
    )
    assert response.status_code == 302
    assert state_of(submitted) == ("changes_requested", 0)
    event = ReviewEvent.objects.get(proposal=submitted, action="request_changes")
    assert event.field_comments == {"summary": "Say who it is for.", "fees": "Name the lab fee."}
    assert (event.actor, event.comment, event.stage) == (people["reviewer"], "Please expand.", 1)
    body = client_as("unit_lead").get(page(submitted)).content.decode()
    assert body.count("Say who it is for.") == 2  # in the timeline and next to the field
    assert "Changes requested" in body
    assert "Please expand." in body
    assert "Nothing has changed since the reviewers asked for changes." in body
    # The proposer revises and resubmits: the reviewers see old → new.
    lead = people["unit_lead"]
    services.save_draft(
        actor=lead,
        proposal=submitted,
        changes={"summary": "Clean-room skills for technicians.", "objectives": ["Gown up"]},
    )
    services.submit_proposal(actor=lead, proposal=submitted, warning_reasons={})
    assert state_of(submitted) == ("in_review", 1)
    body = reviewer.get(page(submitted)).content.decode()
    assert "What changed since the last review" in body
    assert "Clean-room skills." in body
    assert "→ Clean-room skills for technicians." in body
    assert "+ Gown up" in body
    assert "Resubmitted after changes" in body


def test_the_whole_chain_through_pages_and_the_office_publishes(
    people, submitted, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("reviewer").post(act("decide", submitted), decision("approve", "Fine by us."))
    assert response.status_code == 302
    assert state_of(submitted) == ("in_review", 2)
    assert people["office_reviewer"].email in mail.outbox[-1].to
    # The committee cannot act again at stage 2.
    assert client_as("reviewer").post(act("decide", submitted), decision("approve")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        client_as(people["office_reviewer"]).post(act("decide", submitted), decision("approve"))
    assert state_of(submitted)[0] == "approved"
    assert people["admin"].email in mail.outbox[-1].to
    # The e-mail links to the proposal's page.
    assert page(submitted) in mail.outbox[-1].body
    # Only the office publishes.
    assert client_as("reviewer").post(act("publish", submitted)).status_code == 403
    assert client_as(people["office_reviewer"]).post(act("publish", submitted)).status_code == 403
    assert "Publish" in client_as("admin").get(page(submitted)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("admin").post(act("publish", submitted))
    assert response.status_code == 302
    assert state_of(submitted)[0] == "published"
    submitted.version.refresh_from_db()
    assert submitted.version.status == "published"
    assert mail.outbox[-1].to == [people["unit_lead"].email]
    assert f"/governance/proposals/{submitted.pk}/" in mail.outbox[-1].body
    body = client_as("admin").get(page(submitted)).content.decode()
    for who, what in [
        (people["unit_lead"], "Started"),
        (people["unit_lead"], "Submitted for review"),
        (people["reviewer"], "Approved"),
        (people["office_reviewer"], "Approved"),
        (people["admin"], "Published"),
    ]:
        assert what in body
        assert who.shown_name in body
    assert "Fine by us." in body


def test_reject_and_withdraw(people, submitted, client_as, institution, department, courses):
    # A reviewer cannot withdraw someone else's proposal.
    assert client_as("reviewer").post(act("withdraw", submitted)).status_code == 403
    response = client_as("reviewer").post(act("decide", submitted), decision("reject", "Out of scope."))
    assert response.status_code == 302
    assert state_of(submitted)[0] == "rejected"
    submitted.version.refresh_from_db()
    assert submitted.version.status == "rejected"
    # A decided proposal has no form; posting again shows the error instead of acting.
    assert client_as("reviewer").post(act("decide", submitted), decision("approve")).status_code == 403
    lead = people["unit_lead"]
    other = services.start_proposal(
        actor=lead, institution_id=institution.pk, unit_id=department.pk, title="Second one"
    )
    response = client_as("unit_lead").post(act("withdraw", other), follow=True)
    assert "has been withdrawn" in response.content.decode()
    assert state_of(other)[0] == "withdrawn"
    response = client_as("unit_lead").post(act("withdraw", other), follow=True)
    assert "cannot withdraw" in response.content.decode()


def test_queues_and_the_institution_list(people, submitted, client_as, institution):
    queue = reverse("governance:review-queue")
    assert "MNT Micro-credential" in client_as("reviewer").get(queue).content.decode()
    admin_queue = client_as("admin").get(queue).content.decode()
    assert "Ready to publish" in admin_queue
    assert "MNT Micro-credential" not in admin_queue
    services.decide(actor=people["reviewer"], proposal=submitted, action="approve")
    services.decide(actor=people["office_reviewer"], proposal=submitted, action="approve")
    assert "MNT Micro-credential" in client_as("admin").get(queue).content.decode()
    assert "MNT Micro-credential" not in client_as("reviewer").get(queue).content.decode()
    listing = reverse("governance:proposal-list", args=[institution.slug])
    assert "MNT Micro-credential" in client_as("budget").get(listing, {"state": "approved"}).content.decode()
    assert "MNT Micro-credential" not in client_as("budget").get(listing, {"state": "draft"}).content.decode()
    assert "MNT Micro-credential" in client_as("budget").get(listing, {"state": "nonsense"}).content.decode()


def test_a_change_proposal_makes_version_2_and_publishing_it_supersedes_version_1(
    people, submitted, client_as, django_capture_on_commit_callbacks
):
    publish_through_chain(people, submitted)
    credential = submitted.version.micro_credential
    v1_page = client_as("unit_lead").get(page(submitted)).content.decode()
    assert "Propose a change" in v1_page
    assert "Propose termination" in v1_page
    assert "Propose a change" not in client_as("reviewer").get(page(submitted)).content.decode()
    # A reviewer may not start a change.
    change_url = reverse("governance:propose-change", args=[credential.pk])
    assert client_as("reviewer").post(change_url).status_code == 403
    response = client_as("unit_lead").post(change_url)
    assert response.status_code == 302
    change = Proposal.objects.get(kind="change")
    assert change.version.number == 2
    assert f"/governance/proposals/{change.pk}/" in response.url  # its edit page, or its page
    # A second change while one is under way is refused with a message.
    response = client_as("unit_lead").post(change_url, follow=True)
    assert "already under way" in response.content.decode()
    lead = people["unit_lead"]
    services.save_draft(actor=lead, proposal=change, changes={"summary": "Now with cleanroom gowning."})
    body = client_as("unit_lead").get(page(change)).content.decode()
    assert "Changes from the published version 1" in body
    assert "Now with cleanroom gowning." in body
    services.submit_proposal(actor=lead, proposal=change, warning_reasons={})
    services.decide(actor=people["reviewer"], proposal=change, action="approve")
    services.decide(actor=people["office_reviewer"], proposal=change, action="approve")
    assert client_as("admin").post(act("publish", change)).status_code == 302
    statuses = dict(credential.versions.values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "published"}
    versions_page = client_as("registrar").get(reverse("governance:micro-credential", args=[credential.pk]))
    text = versions_page.content.decode()
    assert "Superseded" in text
    assert "Published" in text
    assert "Propose a change" not in text  # the registrar does not propose


def test_termination_is_proposed_reviewed_and_sets_the_dates_when_published(people, submitted, client_as):
    publish_through_chain(people, submitted)
    credential = submitted.version.micro_credential
    url = reverse("governance:propose-termination", args=[credential.pk])
    assert client_as("reviewer").get(url).status_code == 403
    assert client_as("unit_lead").get(url).status_code == 200
    today = timezone.localdate()
    response = client_as("unit_lead").post(
        url, {"terminates_on": today + timedelta(days=30), "teach_out_until": today, "reason": "Low."}
    )
    assert response.status_code == 200
    assert "cannot be before the termination date" in response.content.decode()
    response = client_as("unit_lead").post(url, {"terminates_on": "soon", "teach_out_until": today})
    assert "Enter a valid date" in response.content.decode()
    assert "This field is required" in response.content.decode()
    assert not Proposal.objects.filter(kind="termination").exists()
    ends, teach_out = today + timedelta(days=30), today + timedelta(days=365)
    response = client_as("unit_lead").post(
        url, {"terminates_on": ends, "teach_out_until": teach_out, "reason": "Low enrollment."}
    )
    termination = Proposal.objects.get(kind="termination")
    assert response.url == page(termination)
    body = client_as("unit_lead").get(page(termination)).content.decode()
    assert "Submit for review" in body
    assert "Low enrollment." in body
    assert client_as("reviewer").post(act("submit-termination", termination)).status_code == 403
    assert client_as("unit_lead").post(act("submit-termination", termination)).status_code == 302
    assert state_of(termination) == ("in_review", 1)
    # B's content submit does not apply to other kinds.
    response = client_as("unit_lead").post(act("submit-termination", submitted), follow=True)
    assert "edit page" in response.content.decode()
    client_as("reviewer").post(act("decide", termination), decision("approve"))
    client_as(people["office_reviewer"]).post(act("decide", termination), decision("approve"))
    assert "Put the termination into effect" in client_as("admin").get(page(termination)).content.decode()
    client_as("admin").post(act("publish", termination))
    version = MicroCredentialVersion.objects.get(pk=submitted.version.pk)
    assert (version.status, version.terminates_on, version.teach_out_until) == ("published", ends, teach_out)
    assert (
        f"terminates {ends:%Y-%m-%d}"
        in client_as("admin")
        .get(reverse("governance:micro-credential", args=[credential.pk]))
        .content.decode()
    )


def test_learners_and_other_institutions_get_403_everywhere(people, submitted, client_as, institution):
    credential = submitted.version.micro_credential
    gets = [
        page(submitted),
        reverse("governance:proposal-list", args=[institution.slug]),
        reverse("governance:micro-credential", args=[credential.pk]),
        reverse("governance:propose-termination", args=[credential.pk]),
    ]
    posts = [act(name, submitted) for name in ("decide", "publish", "withdraw", "submit-termination")]
    posts.append(reverse("governance:propose-change", args=[credential.pk]))
    for who in ("learner", "outsider", people["other_admin"]):
        client = client_as(who)
        for url in gets:
            assert client.get(url).status_code == 403, (who, url)
        for url in posts:
            assert client.post(url, decision("approve")).status_code == 403, (who, url)
    # A learner has no queue; another institution's admin has their own, without this proposal.
    assert client_as("learner").get(reverse("governance:review-queue")).status_code == 403
    other_queue = client_as(people["other_admin"]).get(reverse("governance:review-queue")).content.decode()
    assert "Other University" in other_queue
    assert "MNT Micro-credential" not in other_queue
    anonymous = client_as("anonymous")
    for url in [*gets, reverse("governance:review-queue")]:
        assert anonymous.get(url).status_code == 302
    assert client_as("admin").get(reverse("governance:proposal", args=[999999])).status_code == 404
    assert state_of(submitted) == ("in_review", 1)
