"""An institution administrator changes the policy in a real browser; the page is usable from the keyboard."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from microcred.institutions.models import Policy, PolicyChange
from tests.e2e.helpers import BrowserLog, assert_assets_loaded, assert_served_under_csp, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "SUNY guidance: fewer than 24 credit hours"
SAVED = "The policy has been saved; the change is in its history."
CONTROLS = "#policy-form :is(input:not([type=hidden]), select, textarea, button)"


def open_policy_edit(page: Page) -> None:
    """From the dashboard to the form, by the links a person would click."""
    page.get_by_role("link", name="Policy and approval chain").click()
    expect(page.get_by_role("heading", level=1, name="Micro-credential policy")).to_be_visible()
    page.get_by_role("link", name="Change the policy").click()
    expect(page.get_by_role("heading", level=1, name="Change the policy")).to_be_visible()


def test_administrator_changes_the_credit_band(page: Page, browser_log: BrowserLog, people, institution):
    admin = people["admin"]
    sign_in(page, admin.email)
    assert_assets_loaded(page, browser_log)

    open_policy_edit(page)
    check = page.locator("#policy-check")
    expect(check).to_be_empty()
    page.evaluate("() => { window.stillTheSamePage = true; }")

    # An impossible band: the live check reports it while the person types, without loading a page.
    with page.expect_response(re.compile(r"/policy/check/$")) as checked:
        page.get_by_label("Minimum credit hours").fill("12")
        page.get_by_label("Maximum credit hours").fill("6")
        page.keyboard.press("Tab")  # leaving the field fires "change"
    assert checked.value.status == 200
    assert checked.value.request.headers.get("hx-request") == "true"
    expect(check.get_by_role("alert")).to_contain_text("This policy cannot be saved yet")
    expect(check).to_contain_text("the maximum (6) is below the minimum (12)")
    assert page.evaluate("() => window.stillTheSamePage") is True, "the check must not load a new page"

    # SUNY's rule: fewer than 24 credit hours, no minimum.
    page.get_by_label("Minimum credit hours").fill("")
    page.get_by_label("Maximum credit hours").fill("24")
    maximum_allowed = page.get_by_label("The maximum itself is allowed")
    expect(maximum_allowed).to_be_checked()
    maximum_allowed.uncheck()
    expect(check).to_have_text("The policy is valid: fewer than 24 credit hours.")
    assert page.evaluate("() => window.stillTheSamePage") is True
    page.get_by_label("Why this change (kept in the history)").fill(REASON)
    page.get_by_role("button", name="Save the policy").click()

    expect(page.get_by_role("status")).to_have_text(SAVED)
    expect(page.get_by_role("heading", level=1, name="Micro-credential policy")).to_be_visible()
    expect(page.locator("#policy-facts")).to_contain_text("fewer than 24 credit hours")

    page.get_by_role("link", name="History of changes").click()
    expect(page.get_by_role("heading", level=1, name="History of the policy")).to_be_visible()
    entry = page.locator("section").filter(
        has=page.get_by_role("heading", level=2).filter(has_text=admin.shown_name)
    )
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(REASON)
    # The new maximum is in the table of changed settings (however the settings and values are worded).
    changed_max = entry.get_by_role("row").filter(has=page.get_by_role("cell", name="24", exact=True))
    expect(changed_max).to_have_count(1)

    policy = Policy.objects.get(institution=institution)
    assert policy.credit_hours_min is None
    assert policy.credit_hours_max == Decimal(24)
    assert policy.credit_hours_max_inclusive is False
    assert policy.updated_by == admin
    recorded = PolicyChange.objects.get(policy=policy)
    assert recorded.changed_by == admin
    assert recorded.reason == REASON
    assert recorded.new["credit_hours_max"] == "24"
    assert recorded.new["credit_hours_max_inclusive"] is False
    assert recorded.old["credit_hours_max"] is None
    assert_served_under_csp(browser_log)


def test_policy_form_works_from_the_keyboard(page: Page, browser_log: BrowserLog, people):
    sign_in(page, people["admin"].email)
    open_policy_edit(page)
    page.reload()  # start from the top of a fresh page, focus nowhere

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None
    assert box["x"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    controls = page.locator(CONTROLS)
    count = controls.count()
    assert count > 15
    cdp = page.context.new_cdp_session(page)
    document = cdp.send("DOM.getDocument", {"depth": 0})
    found = cdp.send("DOM.querySelectorAll", {"nodeId": document["root"]["nodeId"], "selector": CONTROLS})
    assert len(found["nodeIds"]) == count
    nameless = []
    for node_id in found["nodeIds"]:
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False})
        node = tree["nodes"][0]
        if not (node.get("name") or {}).get("value", "").strip():
            described = cdp.send("DOM.getOuterHTML", {"nodeId": node_id})["outerHTML"]
            nameless.append(described)
    assert not nameless, "form controls without an accessible name:\n" + "\n".join(nameless)


def test_learner_sees_the_friendly_forbidden_page(page: Page, browser_log: BrowserLog, people, institution):
    sign_in(page, people["learner"].email)
    url = reverse("institutions:policy-edit", args=[institution.slug])
    browser_log.expect_status(url, 403)

    response = page.goto(url)

    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1, name="You may not open this page")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the start page")).to_be_visible()
    assert_assets_loaded(page, browser_log)
    assert_served_under_csp(browser_log)
