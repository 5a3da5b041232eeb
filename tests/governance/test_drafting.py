"""Drafting a proposal in its pages: the three steps, autosave, live checks, requirements, badge, submit."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from microcred.catalog.models import Course
from microcred.governance import services
from microcred.governance.models import Proposal
from microcred.institutions import rules as policy_rules
from microcred.institutions import services as institution_services
from tests.factories import MembershipFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def policy(institution, people, committee):
    """SUNY-style: fewer than 24 credit hours, on the transcript; the budget office sees non-credit fees."""
    institution_services.update_policy(
        actor=people["operator"],
        institution=institution,
        data=policy_rules.PolicyData(
            credit_hours_max=Decimal(24), credit_hours_max_inclusive=False, transcript="must",
            noncredit_fees_need_budget_review=True, stage_review_body_ids=(committee.pk,),
        ),
    )  # fmt: skip


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


@pytest.fixture
def proposal(people, institution, department, policy):
    return services.start_proposal(
        actor=people["unit_lead"], institution_id=institution.pk, unit_id=department.pk, title="MNT Basics"
    )


def url(name, proposal, *args):
    return reverse(f"governance:{name}", args=[proposal.pk, *args])


def edit_tree(client, proposal, op, **fields):
    return client.post(url("requirements", proposal), {"op": op, **fields}, **HTMX)


def version_of(proposal):
    return Proposal.objects.select_related("version").get(pk=proposal.pk).version


def test_a_unit_lead_starts_a_proposal_and_sees_the_three_steps(client_as, institution, department, policy):
    lead = client_as("unit_lead")
    page = lead.get(reverse("governance:start", args=[institution.slug]))
    assert page.status_code == 200
    assert "Electrical Engineering" in page.text
    response = lead.post(
        reverse("governance:start", args=[institution.slug]), {"unit": department.pk, "title": "MNT Basics"}
    )
    proposal = Proposal.objects.get()
    assert response.url == url("edit", proposal, 1)
    assert proposal.version.transcript == "on_transcript"  # preselected: the policy says it must
    expected = {
        1: ["Evidence of market need", "Learning objectives", "Competencies", "Requirements",
            "Costs and fees", "Financial aid", "Transferability", "Stacks toward", "Open electives",
            "Transcript display",
            "Valid for (months)", "must appear on the transcript"],
        2: ["Upload an image", "Or design one", "Criteria", "Tags"],
        3: ["Learners who will be issued"],
    }  # fmt: skip
    for step, texts in expected.items():
        page = lead.get(url("edit", proposal, step))
        assert page.status_code == 200
        for text in texts:
            assert text in page.text, (step, text)
        assert "Policy checks" in page.text
    assert "MNT Basics" in lead.get(reverse("governance:mine")).text
    assert lead.get(url("submit", proposal)).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("reviewer", 403), ("budget", 403), ("learner", 404), ("outsider", 404), ("other_admin", 404)],
)
def test_only_the_units_leads_and_the_office_may_draft(
    client_as, proposal, other_institution, people, who, status
):
    if who == "other_admin":
        people[who] = MembershipFactory(institution=other_institution, role="institution_admin").user
    client = client_as(who)
    assert client.get(url("edit", proposal, 1)).status_code == status
    response = client.post(url("autosave", proposal), {"_field": "summary", "summary": "Hijacked"}, **HTMX)
    assert response.status_code == status
    assert version_of(proposal).summary == ""
    assert client.post(url("badge", proposal), {"action": "design"}).status_code == status
    assert client.get(url("checks", proposal)).status_code == status
    assert client_as("admin").get(url("edit", proposal, 1)).status_code == 200
    assert client_as("anonymous").get(url("edit", proposal, 1)).status_code == 302


@pytest.mark.parametrize(("who", "status"), [("reviewer", 403), ("learner", 404), ("outsider", 404)])
def test_only_leads_and_the_office_may_start_proposals(client_as, institution, policy, who, status):
    client = client_as(who)
    start = reverse("governance:start", args=[institution.slug])
    assert client.get(start).status_code == status
    assert client.post(start, {"unit": "1", "title": "X"}).status_code == status
    assert not Proposal.objects.exists()
    mine = client.get(reverse("governance:mine"))
    assert mine.status_code == (200 if who == "reviewer" else 403)


def test_autosave_saves_the_changed_field_or_says_what_is_wrong_with_it(client_as, proposal):
    lead = client_as("unit_lead")
    response = lead.post(
        url("autosave", proposal), {"_field": "summary", "summary": " Clean-room skills. "}, **HTMX
    )
    assert "Saved" in response.text
    assert response["HX-Trigger"] == "checks-changed"
    assert version_of(proposal).summary == "Clean-room skills."
    response = lead.post(
        url("autosave", proposal),
        {"_field": "fees", "fees-0-label": "Lab fee", "fees-0-amount": "-5", "fees-0-currency": "USD"},
        **HTMX,
    )
    assert "Not saved" in response.text
    assert "row 1, amount: input should be greater than or equal to 0" in response.text
    assert "HX-Trigger" not in response
    assert version_of(proposal).fees == []
    # Only the named field is saved, even though the whole form is sent.
    lead.post(
        url("autosave", proposal),
        {"_field": "objectives", "objectives": "Gown up\n\nRun a SEM", "summary": "x"},
    )
    version = version_of(proposal)
    assert version.objectives == ["Gown up", "Run a SEM"]
    assert version.summary == "Clean-room skills."


def test_the_normal_save_button_saves_a_step_and_shows_problems_by_field(client_as, proposal):
    lead = client_as("unit_lead")
    step1 = {
        "title": "MNT Basics", "summary": "S", "credit_type": "credit", "level": "undergraduate",
        "modality": "hybrid", "transcript": "on_transcript", "validity_months": "", "audiences": "EET\nMET",
        "fees-0-label": "Lab fee", "fees-0-amount": "150", "fees-0-currency": "USD", "fees-1-label": "",
        "fees-1-amount": "", "fees-1-currency": "USD", "stacks_toward-0-name": "AAS Engineering Technology",
        "stacks_toward-0-kind": "degree", "stacks_toward-0-credits": "11",
    }  # fmt: skip
    response = lead.post(url("edit", proposal, 1), step1)
    assert response.status_code == 302
    version = version_of(proposal)
    assert version.modality == "hybrid"
    assert version.audiences == ["EET", "MET"]
    assert version.fees == [{"label": "Lab fee", "amount": "150", "currency": "USD"}]
    assert version.stacks_toward == [
        {"name": "AAS Engineering Technology", "kind": "degree", "credits": "11"}
    ]
    response = lead.post(url("edit", proposal, 1), {**step1, "summary": "changed", "validity_months": "0"})
    assert response.status_code == 200
    assert "Nothing was saved" in response.text
    assert "greater than or equal to 1" in response.text
    assert version_of(proposal).summary == "S"
    assert lead.post(url("edit", proposal, 3), {"issuance_plan": "30 students", "next": "1"}).url == url(
        "submit", proposal
    )


def test_the_live_checks_show_the_credit_band_failing_then_passing(client_as, proposal, courses):
    lead = client_as("unit_lead")
    for course in courses:
        edit_tree(lead, proposal, "add_course:r", **{"course-r": str(course.pk)})
    panel = lead.get(url("checks", proposal)).text
    assert "Credit hours within the policy&#x27;s band" in panel
    assert "the requirements add up to 29 credit hours" in panel.lower()
    assert "Failed" in panel
    assert url("edit", proposal, 1) + "#requirements" in panel
    response = edit_tree(lead, proposal, "remove:r-3")
    assert response["HX-Trigger"] == "checks-changed"
    assert "<strong>11</strong> credit hours" in response.text
    panel = lead.get(url("checks", proposal)).text
    assert "11 credit hours fits" in panel


def test_the_requirement_editor_builds_a_nested_tree(client_as, proposal, courses):
    lead = client_as("unit_lead")
    edit_tree(lead, proposal, "add_course:r", **{"course-r": str(courses[0].pk)})
    edit_tree(lead, proposal, "add_group:r", **{"newlabel-r": "Lab choice"})
    edit_tree(lead, proposal, "add_course:r-1", **{"course-r-1": str(courses[1].pk)})
    edit_tree(lead, proposal, "add_course:r-1", **{"course-r-1": str(courses[2].pk)})
    response = edit_tree(
        lead, proposal, "rule:r-1", **{"rule-r-1": "at_least", "minimum-r-1": "3", "label-r-1": "Lab"}
    )
    assert "&#x27;at least 3 of&#x27; has only 2 items" in response.text
    response = edit_tree(
        lead, proposal, "rule:r-1", **{"rule-r-1": "at_least", "minimum-r-1": "1", "label-r-1": "Lab"}
    )
    assert "At least 1 of" in response.text
    version = version_of(proposal)
    assert version.requirements == {
        "kind": "group", "rule": "all", "minimum": None, "label": "",
        "items": [
            {"kind": "course", "course_id": courses[0].pk},
            {"kind": "group", "rule": "at_least", "minimum": 1, "label": "Lab", "items": [
                {"kind": "course", "course_id": courses[1].pk},
                {"kind": "course", "course_id": courses[2].pk},
            ]},
        ],
    }  # fmt: skip
    assert (version.credit_hours_min, version.credit_hours_max) == (Decimal(7), Decimal(7))
    edit_tree(lead, proposal, "down:r-0")
    assert version_of(proposal).requirements["items"][1]["kind"] == "course"
    # Removing below the minimum keeps a possible rule.
    edit_tree(lead, proposal, "remove:r-0-0")
    edit_tree(lead, proposal, "remove:r-0-0")
    assert version_of(proposal).requirements["items"][0]["rule"] == "all"
    # Without JavaScript the whole step is saved with the change, then the page comes back.
    response = lead.post(
        url("requirements", proposal),
        {"op": "add_course:r-0", "course-r-0": str(courses[3].pk), "title": "MNT Basics",
         "summary": "Typed too", "credit_type": "credit", "level": "undergraduate", "modality": "online",
         "transcript": "on_transcript"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.url.endswith("#requirements")
    version = version_of(proposal)
    assert version.summary == "Typed too"
    assert version.requirements["items"][0]["items"][0]["course_id"] == courses[3].pk


def complete(courses, **extra):
    return {
        "summary": "Clean-room skills.",
        "requirements": {
            "kind": "group", "rule": "all",
            "items": [{"kind": "course", "course_id": c.pk} for c in courses[:3]],
        },
        "transcript": "on_transcript", "fees": [{"label": "Lab fee", "amount": "150.00", "currency": "USD"}],
        "financial_aid": "Federal aid applies.", "transferability": "Transfers as three courses.",
        "stackability": "Counts toward the AAS.", **extra,
    }  # fmt: skip


def test_submission_is_blocked_then_needs_reasons_for_warnings_then_goes_to_review(
    client_as, proposal, courses, people, django_capture_on_commit_callbacks
):
    lead = client_as("unit_lead")
    page = lead.get(url("submit", proposal))
    assert "It cannot be submitted yet" in page.text
    response = lead.post(url("submit", proposal))
    assert "The proposal was not submitted" in response.text
    assert "Cost, aid, transfer and stacking disclosures" in response.text
    assert Proposal.objects.get().state == "draft"
    # Non-credit with a fee: a warning (budget office), which needs a written reason.
    training = {"requirements": {}, "credit_type": "noncredit"}
    services.save_draft(actor=people["unit_lead"], proposal=proposal, changes=complete(courses, **training))
    page = lead.get(url("submit", proposal))
    assert 'name="reason-budget_review"' in page.text
    response = lead.post(url("submit", proposal), {"reason-budget_review": "  "})
    assert "give a reason for going ahead" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(url("submit", proposal), {"reason-budget_review": "The budget office agreed."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "in_review"
    assert proposal.warning_reasons == {"budget_review": "The budget office agreed."}
    assert people["reviewer"].email in mail.outbox[-1].to
    # In review it can no longer be edited: the page is read-only and points to the proposal's page.
    page = lead.get(url("edit", proposal, 1))
    assert "cannot be edited now" in page.text
    assert 'name="summary"' not in page.text
    assert reverse("governance:proposal", args=[proposal.pk]) in page.text
    response = lead.post(url("autosave", proposal), {"_field": "summary", "summary": "late"}, **HTMX)
    assert "Not saved" in response.text


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#0b5cad").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "badge.png"
    return buffer


def svg(body=""):
    data = io.BytesIO(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{body}<rect/></svg>'.encode()
    )
    data.name = "badge.svg"
    return data


@pytest.mark.parametrize(
    ("upload", "accepted", "message"),
    [
        (lambda: png(200, 200), True, ""),
        (lambda: svg(), True, ""),
        (lambda: svg("<script>alert(1)</script>"), False, "the SVG contains script"),
        (lambda: png(200, 100), False, "must be square"),
    ],
    ids=["square PNG", "plain SVG", "SVG with script", "oblong PNG"],
)
def test_badge_upload_accepts_clean_png_and_svg_only(client_as, proposal, upload, accepted, message):
    lead = client_as("unit_lead")
    response = lead.post(url("badge", proposal), {"action": "upload", "badge_image": upload()}, follow=True)
    version = version_of(proposal)
    assert bool(version.badge_image) is accepted
    if accepted:
        assert "The badge image has been saved" in response.text
        image = lead.get(url("badge-image", proposal))
        assert image["Content-Type"] in {"image/png", "image/svg+xml"}
    else:
        assert message in response.text


def test_the_designer_previews_and_stores_an_svg(client_as, proposal):
    lead = client_as("unit_lead")
    design = {
        "shape": "shield",
        "background": "#123456",
        "foreground": "#ffffff",
        "label": "MNT",
        "icon": "chip",
    }
    preview = lead.get(url("badge-preview", proposal), design)
    assert "<img" in preview.text
    assert "shape=shield" in preview.text
    assert "%23123456" in preview.text
    image = lead.get(url("badge-svg", proposal), design)
    assert image["Content-Type"] == "image/svg+xml"
    assert b"#123456" in image.content
    assert lead.get(url("badge-svg", proposal), {**design, "background": "red"}).status_code == 400
    lead.post(url("badge", proposal), {"action": "design", **design})
    version = version_of(proposal)
    assert version.badge_design["shape"] == "shield"
    assert version.badge_image.name.endswith(".svg")
    with version.badge_image.open("rb") as stored:
        data = stored.read()
    assert data.startswith(b"<svg")
    assert b">MNT</text>" in data
