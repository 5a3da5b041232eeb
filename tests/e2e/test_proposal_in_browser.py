"""The governance path in a real browser, from a faculty member's draft to the public catalog, then version 2.

A unit lead drafts a micro-credential at a SUNY-style institution (fewer than 24 credit hours, on the
transcript): the live policy check fails while the requirements add up to 29 credit hours, passes once they
are fixed; the lead submits; the committee and then the office approve, each signed in as themselves; the
office publishes; an anonymous visitor finds it by searching the catalog and opens its page; the lead proposes
a change, which starts version 2. Every step goes through the pages' own links, labels and buttons.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from microcred.catalog import services as catalog_services
from microcred.catalog.models import MicroCredentialVersion
from microcred.governance.models import Proposal, ReviewEvent
from microcred.institutions import rules as policy_rules
from microcred.institutions import services as institution_services
from microcred.institutions.models import ReviewBody
from tests.e2e.helpers import BrowserLog, assert_assets_loaded, assert_served_under_csp, sign_in
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Micro and Nanotechnology"
SUMMARY = "Clean-room skills for technicians: safety, characterization and fabrication."


@pytest.fixture
def suny(institution, department, committee, people):
    """Fewer than 24 credit hours, on the transcript; the committee, then the office (the admin) approve."""
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
    courses = {}
    for code, title, hours in [
        ("MNT 101", "Environmental Health and Safety", 3),
        ("MNT 201", "Characterization", 4),
        ("MNT 202", "Fabrication", 4),
        ("MNT 290", "Research Capstone", 18),
    ]:
        courses[code] = catalog_services.save_course(
            actor=people["operator"], institution_id=institution.pk, code=code, title=title, kind="course",
            level="undergraduate", credit_hours=Decimal(hours), contact_hours=None, unit_id=department.pk,
        )  # fmt: skip
    return courses


def settle(page: Page) -> None:
    """Wait until no htmx request is waiting to fire or in flight (leaving the page would abort it)."""
    page.wait_for_timeout(450)  # the autosave fires 400 ms after the last change
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


def add_course(page: Page, course_id: int) -> None:
    page.get_by_label("Course or activity").select_option(value=str(course_id))
    with page.expect_response(re.compile(r"/requirements/$")) as added:
        page.get_by_role("button", name=re.compile(r"^Add the course")).click()
    assert added.value.status == 200
    settle(page)


def autosave(page: Page, label: str, value: str) -> None:
    """Type into a field and leave it: the draft saves itself ("Saved ... UTC" next to the field)."""
    field = page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))
    field.fill(value)
    field.press("Tab")
    settle(page)


def decide(page: Page, decision: str) -> None:
    """A reviewer opens the proposal from their review queue and records a decision."""
    page.get_by_role("main").get_by_role("link", name="Review queue (1)").click()
    expect(page.get_by_role("heading", level=1, name="Review")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    page.get_by_role("radio", name=decision, exact=True).check()
    page.get_by_role("button", name="Record decision").click()


def test_a_proposal_goes_from_draft_to_the_public_catalog_and_to_version_2(
    page: Page, browser_log: BrowserLog, people, institution, department, suny
):
    lead, reviewer, admin = people["unit_lead"], people["reviewer"], people["admin"]
    checks = page.locator("#checks-panel")

    # The faculty member (unit lead) starts a proposal from the dashboard.
    sign_in(page, lead.email)
    assert_assets_loaded(page, browser_log)
    page.get_by_role("main").get_by_role("link", name="Start a proposal").click()
    expect(page.get_by_role("heading", level=1, name="Start a proposal")).to_be_visible()
    page.get_by_label("Unit").select_option(label=department.name)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("button", name="Start the proposal").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    page.evaluate("() => { window.stillTheSamePage = true; }")

    # Four courses: 29 credit hours. The live check says what is wrong, without loading a page.
    for code in ("MNT 101", "MNT 201", "MNT 202", "MNT 290"):
        add_course(page, suny[code].pk)
    expect(page.locator("#requirements")).to_contain_text("29")
    expect(checks).to_contain_text("add up to 29 credit hours, but the policy asks for fewer than 24")
    credit_band = checks.get_by_role("listitem").filter(has_text="Credit hours within the policy's band")
    expect(credit_band).to_contain_text("Failed")
    assert page.evaluate("() => window.stillTheSamePage") is True, "the check must not load a new page"

    # Fixed: without the 18-credit capstone, 11 credit hours.
    with page.expect_response(re.compile(r"/requirements/$")):
        page.get_by_role("button", name=re.compile(r"^Remove MNT 290")).click()
    settle(page)
    expect(checks).to_contain_text("11 credit hours fits")
    expect(credit_band).to_contain_text("Passed")

    # The SUNY disclosures: costs, financial aid, transferability, stackability (each field saves itself).
    autosave(page, "Summary", SUMMARY)
    page.get_by_label("Fee 1: what it is for").fill("Laboratory fee")
    autosave(page, "Fee 1: amount", "150.00")
    autosave(page, "Financial aid", "Federal and state aid apply to the three courses.")
    autosave(page, "Transferability", "Each course transfers with its credit hours.")
    autosave(page, "Applicability and stackability", "Counts toward the AAS in Engineering Technology.")
    expect(checks).to_contain_text("Every disclosure is stated")
    expect(checks).not_to_contain_text("Failed")
    assert page.evaluate("() => window.stillTheSamePage") is True

    page.get_by_role("navigation", name="Steps of the proposal").get_by_role(
        "link", name="Review and submit"
    ).click()
    expect(page.get_by_role("heading", level=1, name=f"Submit {TITLE}")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text("In review", exact=False).first).to_be_visible()
    proposal = Proposal.objects.get(version__title=TITLE)
    assert (proposal.state, proposal.stage) == ("in_review", 1)
    sign_out(page)

    # Stage 1: the committee's reviewer approves.
    sign_in(page, reviewer.email)
    decide(page, "Approve")
    expect(page.locator("dl.facts").first).to_contain_text("stage 2")
    sign_out(page)

    # Stage 2: the office approves, then publishes from "Ready to publish".
    sign_in(page, admin.email)
    decide(page, "Approve")
    expect(page.locator("dl.facts").first).to_contain_text("Approved, waiting to be published")
    page.get_by_role("banner").get_by_role("link", name="Dashboard").click()
    page.get_by_role("main").get_by_role("link", name="Ready to publish (1)").click()
    page.get_by_role("main").get_by_role("link", name=TITLE).first.click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator("dl.facts").first).to_contain_text("Published")
    sign_out(page)
    proposal.refresh_from_db()
    assert proposal.state == "published"
    actions = list(ReviewEvent.objects.filter(proposal=proposal).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "approve", "publish"]

    # Anyone finds it in the public catalog, by searching, and reads its page.
    page.get_by_role("banner").get_by_role("link", name="Catalog").click()
    expect(page.get_by_role("heading", level=1, name="Catalog of micro-credentials")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name=institution.name).click()
    expect(
        page.get_by_role("heading", level=1, name=f"Micro-credentials of {institution.name}")
    ).to_be_visible()
    search = page.get_by_role("searchbox", name="Search")
    with page.expect_response(lambda r: "q=nanotechnology" in r.url):
        search.fill("nanotechnology")
    search.press("Tab")  # leaving the box is a "change" too: let that search finish before following a link
    settle(page)
    results = page.locator("#results")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    results.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("11 credit hours")
    expect(page.get_by_role("main")).to_contain_text("Appears on the transcript")
    expect(page.get_by_role("main")).to_contain_text("Laboratory fee")

    # A change starts version 2, a draft; the published version 1 stays in the catalog.
    sign_in(page, lead.email)
    page.get_by_role("main").get_by_role("link", name="My proposals").click()
    page.get_by_role("link", name=f"Open {TITLE}").click()
    page.get_by_role("button", name="Propose a change").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text("version 2").first).to_be_visible()
    versions = dict(
        MicroCredentialVersion.objects.filter(micro_credential=proposal.version.micro_credential).values_list(
            "number", "status"
        )
    )
    assert versions == {1: "published", 2: "draft"}
    assert Proposal.objects.get(version__number=2, version__title=TITLE).kind == "change"
    page.goto(reverse("public:detail", args=[institution.slug, proposal.version.micro_credential.slug]))
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    assert_served_under_csp(browser_log)
