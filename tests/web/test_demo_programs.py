"""``microcred demo``, issue 4: the seeds' courses and micro-credentials, each at its own stage of review.

The demo is loaded once for the module (it takes a few seconds); each test rolls back its own changes.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from microcred.catalog.models import Course
from microcred.governance import selectors, services
from microcred.governance.models import Proposal
from microcred.institutions.models import Membership


@pytest.fixture(scope="module")
def demo_once(module_db):
    call_command("demo", "--allow-production", stdout=io.StringIO())


@pytest.fixture
def demo(db, demo_once):
    return None


def _credential(slug: str, title: str):
    proposal = (
        Proposal.objects.select_related("version__micro_credential__unit")
        .filter(institution__slug=slug, version__title=title)
        .order_by("-pk")
        .first()
    )
    assert proposal is not None, title
    return proposal


def _requirement_items(version) -> list[dict]:
    return version.requirements["items"]


def test_community_college_has_the_mnt_and_vacuum_courses(demo):
    titles = set(Course.objects.filter(institution__slug="evcc-demo").values_list("title", flat=True))
    assert {
        "Environmental Health and Safety", "Characterization", "Fabrication",
        "Low Vacuum", "High Vacuum", "Leak Detection",
    } <= titles  # fmt: skip


def test_the_mnt_micro_credential_is_published_with_every_suny_disclosure(demo):
    proposal = _credential("evcc-demo", "Micro and Nanotechnology (MNT)")
    version = proposal.version
    assert (proposal.state, version.status) == ("published", "published")
    courses = Course.objects.filter(pk__in=[i["course_id"] for i in _requirement_items(version)])
    assert sorted(c.title for c in courses) == [
        "Characterization",
        "Environmental Health and Safety",
        "Fabrication",
    ]
    assert version.credit_type == "credit"
    assert version.credit_hours_min == Decimal(11)
    assert version.transcript == "on_transcript"
    for disclosure in (version.fees, version.financial_aid, version.transferability, version.stackability):
        assert disclosure
    assert version.stacks_toward[0]["name"] == "AAS in Engineering Technology"
    actions = list(proposal.events.values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "approve", "approve", "publish"]


def test_the_vacuum_technology_micro_credential_waits_at_stage_2(demo):
    proposal = _credential("evcc-demo", "Vacuum Technology")
    assert (proposal.state, proposal.stage, proposal.version.status) == ("in_review", 2, "in_review")
    assert len(_requirement_items(proposal.version)) == 3
    curriculum = Membership.objects.get(
        institution__slug="evcc-demo", role="reviewer", review_body__name="College Curriculum Committee"
    ).user
    assert selectors.review_queue(curriculum, proposal.institution_id) == [proposal]


def test_robotics_and_machine_learning_stack_into_artificial_intelligence(demo):
    robotics = _credential("sdu-demo", "Robotics")
    learning = _credential("sdu-demo", "Machine Learning")
    ai = _credential("sdu-demo", "Artificial Intelligence")
    assert robotics.state == learning.state == "published"
    for proposal in (robotics, learning):
        assert proposal.version.credit_type == "noncredit"
        assert proposal.version.transcript == "not_on_transcript"
        assert proposal.version.training_hours_min > 0
    assert (ai.state, ai.version.status) == ("approved", "approved")  # waiting for the office to publish
    stacked = {i["micro_credential_id"] for i in _requirement_items(ai.version) if i["kind"] == "credential"}
    assert stacked == {robotics.version.micro_credential_id, learning.version.micro_credential_id}
    admin = Membership.objects.get(institution__slug="sdu-demo", role="institution_admin").user
    assert list(selectors.awaiting_publication(admin, ai.institution_id)) == [ai]


def test_health_university_has_a_published_12_hour_training_and_an_unauthorized_draft(demo):
    training = _credential("cunh-demo", "Culinary Nutrition Foundations")
    assert training.state == "published"
    assert training.version.credit_type == "noncredit"
    assert training.version.training_hours_min == Decimal(12)
    assert training.version.micro_credential.unit.issuer_authorized_at is not None
    draft = _credential("cunh-demo", "Herbal Medicine Making")
    assert draft.state == "draft"
    assert draft.version.micro_credential.unit.issuer_authorized_at is None
    assert draft.proposer.email == "lead-botanical@cunh-demo.example.edu"
    failed = [c for c in services.policy_checks(version=draft.version) if not c.passed]
    assert [c.code for c in failed] == ["issuer"]  # only the issuer check fails: it shows why


def test_research_university_has_changes_requested_with_a_field_comment_and_nace(demo):
    proposal = _credential("stu-demo", "Embedded Systems Prototyping")
    assert (proposal.state, proposal.version.status) == ("changes_requested", "draft")
    request = proposal.events.get(action="request_changes")
    assert request.review_body.name == "Micro-credential Review Committee"
    assert "market_need" in request.field_comments
    frameworks = set(proposal.version.competencies.values_list("framework__name", flat=True))
    assert frameworks == {"NACE Career Readiness Competencies"}


def test_each_micro_credential_is_at_a_different_stage_or_institution(demo):
    states = set(Proposal.objects.values_list("state", flat=True))
    assert states == {"draft", "in_review", "changes_requested", "approved", "published"}


@pytest.mark.parametrize(
    ("email", "link"),
    [
        ("curriculum-reviewer@evcc-demo.example.edu", "Review queue (1)"),
        ("dept-reviewer@evcc-demo.example.edu", "Review queue (0)"),
        ("admin@sdu-demo.example.edu", "Ready to publish (1)"),
        ("lead-botanical@cunh-demo.example.edu", "Apply to issue"),
        ("lead@stu-demo.example.edu", "My proposals"),
    ],
)
def test_the_demo_accounts_find_their_work_on_the_dashboard(demo, client, email, link):
    client.force_login(Membership.objects.filter(user__email=email).first().user)
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 200
    assert f">{link}</a>" in response.content.decode()


def test_the_published_demo_micro_credentials_are_in_the_public_catalog(demo, client):
    for slug, title in [
        ("evcc-demo", "Micro and Nanotechnology (MNT)"),
        ("sdu-demo", "Robotics"),
        ("sdu-demo", "Machine Learning"),
        ("cunh-demo", "Culinary Nutrition Foundations"),
    ]:
        credential = _credential(slug, title).version.micro_credential
        response = client.get(reverse("public:detail", args=[slug, credential.slug]))
        assert response.status_code == 200, title
        assert title in response.content.decode()
    ai = _credential("sdu-demo", "Artificial Intelligence").version.micro_credential
    assert client.get(reverse("public:detail", args=["sdu-demo", ai.slug])).status_code == 404
