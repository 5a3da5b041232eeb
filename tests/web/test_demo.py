"""``microcred demo``: four institutions shaped after the seeds, a person in every role, safe to run twice."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from microcred.accounts.models import EmailAddress
from microcred.catalog.models import (
    Competency,
    CompetencyFramework,
    Course,
    MicroCredential,
    MicroCredentialVersion,
)
from microcred.governance import services as governance_services
from microcred.governance.models import Proposal, ReviewEvent
from microcred.institutions.models import (
    ApprovalStage,
    Institution,
    Membership,
    OrgUnit,
    Policy,
    PolicyChange,
    ReviewBody,
)
from microcred.web.demo_data import DEMO_PASSWORD, INSTITUTIONS, OPERATOR_EMAIL

User = get_user_model()
ROLES = {"institution_admin", "unit_lead", "reviewer", "budget_office", "registrar", "learner"}
ALL_EMAILS = [OPERATOR_EMAIL] + [spec.email(person) for spec in INSTITUTIONS for person in spec.people]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def demo(db, debug):
    return run_demo()


def policy_of(slug: str) -> Policy:
    return Policy.objects.get(institution__slug=slug)


def chain_of(slug: str) -> list[str]:
    return [
        s.review_body.name for s in ApprovalStage.objects.filter(policy=policy_of(slug)).order_by("position")
    ]


def test_creates_the_four_institutions(demo):
    assert set(Institution.objects.values_list("slug", flat=True)) == {
        "evcc-demo",
        "stu-demo",
        "cunh-demo",
        "sdu-demo",
    }
    for institution in Institution.objects.all():
        assert "(demo)" in institution.name
        assert institution.short_name
        assert OrgUnit.objects.filter(institution=institution, parent__isnull=True).exists()
        assert OrgUnit.objects.filter(institution=institution, parent__isnull=False).exists()


def test_every_institution_has_a_person_in_every_role(demo):
    for institution in Institution.objects.all():
        roles = set(Membership.objects.filter(institution=institution).values_list("role", flat=True))
        assert roles == ROLES, institution.slug


def test_every_review_body_of_the_approval_chain_has_a_reviewer(demo):
    for stage in ApprovalStage.objects.select_related("review_body"):
        assert Membership.objects.filter(role="reviewer", review_body=stage.review_body).exists(), stage


def test_every_demo_account_signs_in_with_the_shared_password(demo):
    for email in ALL_EMAILS:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD), email
        assert EmailAddress.objects.get(email=email).verified_at is not None, email
    assert Client().login(username="registrar@stu-demo.example.edu", password=DEMO_PASSWORD)


def test_the_operator_runs_the_site(demo):
    operator = User.objects.get(email=OPERATOR_EMAIL)
    assert operator.is_superuser
    assert operator.is_staff
    assert not User.objects.exclude(email=OPERATOR_EMAIL).filter(is_superuser=True).exists()


def test_community_college_policy_is_under_24_credit_hours_and_on_the_transcript(demo):
    policy = policy_of("evcc-demo")
    assert policy.credit_hours_min is None
    assert policy.credit_hours_max == Decimal("24")
    assert policy.credit_hours_max_inclusive is False
    assert policy.transcript == "must"
    assert chain_of("evcc-demo") == [
        "Engineering Technology Department Review",
        "College Curriculum Committee",
        "Office of Micro-credentials",
    ]
    program = OrgUnit.objects.get(institution__slug="evcc-demo", code="MNT")
    assert program.parent.name == "Engineering Technology"


def test_community_college_keeps_an_industry_framework(demo):
    framework = CompetencyFramework.objects.get(institution__slug="evcc-demo")
    assert framework.kind == "industry_standard"
    codes = set(Competency.objects.filter(framework=framework).values_list("code", flat=True))
    assert {"VAC-LOW", "VAC-HIGH", "VAC-LEAK", "MNT-EHS", "MNT-CHAR", "MNT-FAB"} <= codes


def test_research_university_policy_requires_nace_and_a_three_stage_chain(demo):
    policy = policy_of("stu-demo")
    assert [f.name for f in policy.required_frameworks.all()] == ["NACE Career Readiness Competencies"]
    assert policy.required_frameworks.get().institution is None  # the shared framework, not a copy
    assert policy.min_competencies == 1
    assert policy.noncredit_fees_need_budget_review is True
    assert chain_of("stu-demo") == [
        "Electrical and Computer Engineering Department Review",
        "Micro-credential Review Committee",
        "Office of Micro-credentials",
    ]
    budget = Membership.objects.get(institution__slug="stu-demo", role="budget_office").user
    assert Membership.objects.filter(user=budget, review_body__kind="budget_office").exists()


def test_health_university_policy_is_twelve_hour_trainings_by_authorized_units(demo):
    policy = policy_of("cunh-demo")
    assert policy.min_training_hours == Decimal("12")
    assert policy.stacking_unit_hours == Decimal("12")
    assert policy.require_issuer_authorization is True
    institutes = {
        u.name: u.issuer_authorized_at is not None
        for u in OrgUnit.objects.filter(institution__slug="cunh-demo", kind="institute")
    }
    assert sorted(institutes.values()) == [False, True]
    for lead in Membership.objects.filter(institution__slug="cunh-demo", role="unit_lead"):
        assert lead.unit.kind == "institute"
    assert Membership.objects.filter(institution__slug="cunh-demo", role="unit_lead").count() == 2


def test_noncredit_university_policy_is_noncredit_and_never_on_the_transcript(demo):
    policy = policy_of("sdu-demo")
    assert policy.credit_types == "noncredit"
    assert policy.transcript == "never"
    assert policy.credit_hours_min is None
    assert policy.credit_hours_max is None


def test_each_policy_change_is_recorded_as_demo_data(demo):
    for institution in Institution.objects.all():
        reasons = list(
            PolicyChange.objects.filter(policy__institution=institution).values_list("reason", flat=True)
        )
        assert reasons == ["Demo data", "Institution created"]


def test_sends_no_invitation_mail(db, debug, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_demo()
    assert mail.outbox == []


def _everything() -> dict[str, object]:
    return {
        "users": sorted(User.objects.values_list("email", "password", "is_superuser")),
        "addresses": sorted(EmailAddress.objects.values_list("email", "verified_at")),
        "institutions": sorted(Institution.objects.values_list("slug", "name", "short_name", "description")),
        "units": sorted(OrgUnit.objects.values_list("pk", "name", "parent_id", "issuer_authorized_at")),
        "bodies": sorted(ReviewBody.objects.values_list("pk", "name", "kind", "unit_id")),
        "memberships": sorted(
            Membership.objects.values_list("pk", "user_id", "role", "unit_id", "review_body_id")
        ),
        "frameworks": sorted(CompetencyFramework.objects.values_list("pk", "name")),
        "competencies": sorted(Competency.objects.values_list("pk", "code")),
        "policies": sorted(Policy.objects.values_list("pk", "updated_at")),
        "stages": sorted(ApprovalStage.objects.values_list("pk", "policy_id", "position", "review_body_id")),
        "policy_changes": sorted(PolicyChange.objects.values_list("pk", flat=True)),
    }


def test_running_twice_changes_nothing(demo):
    before = _everything()
    output = run_demo()
    assert _everything() == before
    assert "nothing changed" in output


def test_refreshes_what_is_missing(demo):
    Membership.objects.filter(institution__slug="sdu-demo", role="learner").delete()
    output = run_demo()
    assert Membership.objects.filter(institution__slug="sdu-demo", role="learner").count() == 6
    assert "6 roles" in output


def test_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="MICROCRED_DEBUG"):
        run_demo()
    assert not Institution.objects.exists()
    assert not User.objects.exists()


def test_runs_when_debug_is_off_with_allow_production(db, settings):
    settings.DEBUG = False
    run_demo("--allow-production")
    assert Institution.objects.count() == 4


def test_accounts_only_prints_every_role_email_and_the_password(demo):
    output = run_demo("--accounts-only")
    for email in ALL_EMAILS:
        assert email in output
    assert DEMO_PASSWORD in output
    assert "http://testserver/accounts/sign-in/" in output
    for spec in INSTITUTIONS:
        assert spec.name in output
    for label in ["Institution admin", "Unit lead", "Reviewer", "Budget office", "Registrar", "Learner"]:
        assert label in output


def test_loading_prints_the_accounts_table_too(demo):
    assert "admin@evcc-demo.example.edu" in demo
    assert DEMO_PASSWORD in demo


def test_accounts_only_changes_nothing(db, debug):
    output = run_demo("--accounts-only")
    assert "No demo accounts" in output
    assert not User.objects.exists()
    assert not Institution.objects.exists()


def test_a_clash_with_existing_data_is_reported_and_changes_nothing(db, debug):
    Institution.objects.create(name="Sonoran Desert University (demo)", slug="somewhere-else")
    with pytest.raises(CommandError, match="nothing was changed"):
        run_demo()
    assert Institution.objects.count() == 1
    assert not User.objects.exists()


# Courses and micro-credentials (issue 4); their states are checked in test_demo_programs.py ----------------


def _programs() -> dict[str, object]:
    return {
        "courses": sorted(Course.objects.values_list("pk", "code", "title", "credit_hours", "contact_hours")),
        "credentials": sorted(MicroCredential.objects.values_list("pk", "slug")),
        "versions": sorted(
            MicroCredentialVersion.objects.values_list("pk", "number", "status", "updated_at")
        ),
        "proposals": sorted(Proposal.objects.values_list("pk", "state", "stage")),
        "events": sorted(ReviewEvent.objects.values_list("pk", flat=True)),
    }


def test_a_second_run_creates_no_course_micro_credential_or_review_event(demo):
    before = _programs()
    assert len(before["courses"]) == 21
    assert len(before["credentials"]) == 9
    output = run_demo()
    assert _programs() == before
    assert "nothing changed" in output


def test_a_demo_proposal_moved_on_by_hand_is_left_where_it_is(demo):
    proposal = Proposal.objects.get(institution__slug="evcc-demo", version__title="Vacuum Technology")
    curriculum = Membership.objects.get(
        institution__slug="evcc-demo", role="reviewer", review_body__name="College Curriculum Committee"
    ).user
    governance_services.decide(actor=curriculum, proposal=proposal, action="approve")
    run_demo()
    proposal.refresh_from_db()
    assert (proposal.state, proposal.stage) == ("in_review", 3)
