"""The registrar searches the course list in a real browser: the table updates as one types, under the CSP."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from microcred.catalog.models import Course
from tests.e2e.helpers import BrowserLog, assert_assets_loaded, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_list_filters_as_one_types(page: Page, browser_log: BrowserLog, people, institution, live_server):
    for code, title, kind in [
        ("MNT 210", "Mechatronics I", "course"),
        ("WS-PLC", "PLC workshop", "workshop"),
    ]:
        Course.objects.create(institution=institution, code=code, title=title, kind=kind, credit_hours=1)
    sign_in(page, people["registrar"].email)
    assert_assets_loaded(page, browser_log)
    page.goto(live_server.url + reverse("catalog:courses", args=[institution.slug]))
    expect(page.get_by_role("heading", level=1, name="Courses and activities")).to_be_visible()
    page.evaluate("() => { window.stillTheSamePage = true; }")
    table = page.locator("#course-table")
    with page.expect_response(re.compile(r"/courses/\?")) as searched:
        page.get_by_label("Search code or title").fill("plc")
    assert searched.value.request.headers.get("hx-request") == "true"
    expect(table).to_contain_text("1 of 2 match.")
    expect(table).not_to_contain_text("Mechatronics I")
    page.get_by_label("Search code or title").fill("")
    page.get_by_label("Kind").select_option("course")
    expect(table).to_contain_text("Mechatronics I")
    expect(table).not_to_contain_text("PLC workshop")
    assert page.evaluate("() => window.stillTheSamePage") is True, "filtering must not load a new page"
    assert "kind=course" in page.url
    page.get_by_role("button", name="Deactivate MNT 210").click()
    expect(page.get_by_role("status")).to_contain_text("MNT 210 has been deactivated")
