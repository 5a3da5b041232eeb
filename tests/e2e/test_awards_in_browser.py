"""From enrollment to a verified, then revoked, badge in a real browser, against the running server.

A learner enrolls from the catalog in Robotics (all of ROB 101, ROB 201) and Machine Learning (1 of CS 301,
CS 302) and sees what is left; the registrar imports their results from a CSV file (upload, preview with the
badges it will award, confirm); Robotics and Machine Learning are awarded, and Artificial Intelligence
(Robotics + Machine Learning) in cascade. The learner makes Robotics public, finds the share panel
(LinkedIn link, copy link, QR code) and downloads the baked PNG, which ``microcred badge verify --online``
accepts: it resolves the issuer's ``did:web:127.0.0.1%3A<port>:issuers:<slug>`` and the status list on this
very server. The registrar revokes Robotics; the public page and the verifier both say it is revoked.

``PUBLIC_URL`` is the live server's own URL, so every id in the credential points at it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from microcred.awards.models import Award
from tests.e2e.helpers import BrowserLog, assert_assets_loaded, assert_served_under_csp, sign_in
from tests.factories import CourseFactory, PublishedVersionFactory, UserFactory, requirement_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MICROCRED = Path(sys.executable).with_name("microcred")
LEARNER_NAME = "Ada Learner"
LEARNER_EMAIL = "ada@example.edu"
TITLES = ("Robotics", "Machine Learning", "Artificial Intelligence")  # the badges, in the order awarded


@pytest.fixture
def stack(institution, department):
    """Robotics (ROB 101 + ROB 201) and Machine Learning (1 of CS 301, CS 302) stack into AI."""
    courses = {
        code: CourseFactory(institution=institution, unit=department, code=code, title=title, credit_hours=3)
        for code, title in [
            ("ROB 101", "Robot Kinematics"),
            ("ROB 201", "Robot Control"),
            ("CS 301", "Machine Learning"),
            ("CS 302", "Deep Learning"),
        ]
    }
    common = {"micro_credential__institution": institution, "micro_credential__unit": department}
    robotics = PublishedVersionFactory(
        **common,
        micro_credential__slug="robotics",
        title="Robotics",
        requirements=requirement_tree(courses["ROB 101"].pk, courses["ROB 201"].pk),
        credit_hours_min=6,
        credit_hours_max=6,
        validity_months=24,
    )
    ml = PublishedVersionFactory(
        **common,
        micro_credential__slug="machine-learning",
        title="Machine Learning",
        requirements=requirement_tree(courses["CS 301"].pk, courses["CS 302"].pk, rule="at_least", minimum=1),
        credit_hours_min=3,
        credit_hours_max=3,
    )
    ai = PublishedVersionFactory(
        **common,
        micro_credential__slug="artificial-intelligence",
        title="Artificial Intelligence",
        requirements=requirement_tree(("mc", robotics.micro_credential_id), ("mc", ml.micro_credential_id)),
    )
    return {"courses": courses, "robotics": robotics, "ml": ml, "ai": ai}


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


def verify_badge(path: Path) -> subprocess.CompletedProcess[str]:
    """``microcred badge verify --online FILE``, as anyone would run it (a separate process)."""
    return subprocess.run(
        [str(MICROCRED), "badge", "verify", "--online", "--timeout", "10", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def enroll_from_catalog(page: Page, institution, title: str) -> None:
    page.goto(reverse("public:institution", args=[institution.slug]))
    page.get_by_role("main").get_by_role("link", name=title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    page.get_by_role("main").get_by_role("button", name="Enroll", exact=True).click()


def test_a_learner_earns_shares_verifies_and_loses_a_badge(
    page: Page, browser_log: BrowserLog, live_server, settings, institution, people, stack, tmp_path
):
    assert live_server.url.startswith("http://127.0.0.1:"), live_server.url
    settings.PUBLIC_URL = live_server.url
    UserFactory(full_name=LEARNER_NAME, email=LEARNER_EMAIL)
    registrar = people["registrar"]
    main = page.get_by_role("main")

    # The learner enrolls in Robotics from the catalog: the first time, a confirmation page asks who they are.
    sign_in(page, LEARNER_EMAIL)
    assert_assets_loaded(page, browser_log)
    enroll_from_catalog(page, institution, "Robotics")
    expect(page.get_by_role("heading", level=1, name="Enroll in Robotics")).to_be_visible()
    page.get_by_label(re.compile(r"^I am:?$")).select_option("student")
    page.get_by_label("My level of study").select_option("undergraduate")
    main.get_by_role("button", name="Enroll", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Robotics")).to_be_visible()
    expect(page.get_by_text("You are enrolled in Robotics.")).to_be_visible()
    left = page.get_by_role("region", name="What is left")
    expect(left).to_contain_text("ROB 101")
    expect(left).to_contain_text("ROB 201")

    # Machine Learning: one click (no prerequisites, the learner record exists).
    enroll_from_catalog(page, institution, "Machine Learning")
    expect(page.get_by_role("heading", level=1, name="Machine Learning")).to_be_visible()
    expect(page.get_by_text("You are enrolled in Machine Learning.")).to_be_visible()

    # My learning: both, in progress, each saying what is left.
    page.goto(reverse("learners:home"))
    expect(page.get_by_role("heading", level=1, name="My learning")).to_be_visible()
    robotics_card = main.get_by_role("article").filter(has=page.get_by_role("heading", name="Robotics"))
    expect(robotics_card).to_contain_text("0 of 2 done")
    expect(robotics_card).to_contain_text("What is left")
    ml_card = main.get_by_role("article").filter(has=page.get_by_role("heading", name="Machine Learning"))
    expect(ml_card).to_contain_text("What is left")
    sign_out(page)

    # The registrar imports the results: upload, preview (with the badges it will award), confirm.
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    csv_file = tmp_path / "results.csv"
    csv_file.write_text(
        "learner_email,institutional_id,full_name,course_code,completed_on,result,grade,hours,evidence_url,"
        "evidence_narrative\n"
        f"{LEARNER_EMAIL},,,ROB 101,{day},passed,A,45,https://portfolio.example.edu/ada/rob101,Arm lab\n"
        f"{LEARNER_EMAIL},,,ROB 201,{day},passed,B,45,,\n"
        f"{LEARNER_EMAIL},,,CS 301,{day},passed,A,45,,\n",
        encoding="utf-8",
    )
    sign_in(page, registrar.email)
    page.goto(reverse("learners-staff:list", args=[institution.slug]))
    main.get_by_role("link", name="Import results (CSV)").click()
    expect(page.get_by_role("heading", level=1, name="Import results")).to_be_visible()
    page.get_by_label("CSV file").set_input_files(csv_file)
    main.get_by_role("button", name="Preview the import").click()
    expect(main).to_contain_text("The file is valid")
    expect(main.locator("tbody tr")).to_have_count(3)
    will_award = page.get_by_role("region", name="Badges this import will award")
    who = f"(?:{re.escape(LEARNER_NAME)}|{re.escape(LEARNER_EMAIL)})"  # as the row names the learner
    expect(will_award.get_by_role("listitem")).to_have_text(
        [re.compile(rf"^{who}: {title}$") for title in TITLES]
    )
    assert not Award.objects.exists(), "a preview must not write anything"
    main.get_by_role("button", name="Import these rows").click()
    expect(page.get_by_role("heading", level=1, name="Import results")).to_be_visible()
    expect(page.get_by_text("3 added")).to_be_visible()
    expect(page.get_by_text("3 badges awarded")).to_be_visible()
    sign_out(page)

    awards = {a.version.title: a for a in Award.objects.select_related("version")}
    assert sorted(awards) == sorted(TITLES)
    stacked = awards["Artificial Intelligence"]
    assert stacked.method == "automatic", stacked.method
    assert sorted(stacked.basis["awards"]) == sorted(str(awards[t].uuid) for t in TITLES[:2]), stacked.basis
    assert all(a.credential for a in awards.values()), "every credential is signed once committed"
    robotics = awards["Robotics"]
    public_url = f"{live_server.url}/badges/{robotics.uuid}/"

    # The learner's progress says earned; the wallet holds three badges, all private, AI among them.
    sign_in(page, LEARNER_EMAIL)
    page.goto(reverse("learners:home"))
    expect(robotics_card).to_contain_text("Earned")
    expect(ml_card).to_contain_text("Earned")
    main.get_by_role("link", name="My badges").click()
    expect(page.get_by_role("heading", level=1, name="My badges")).to_be_visible()
    wallet = main.get_by_role("table")
    for title in TITLES:
        expect(wallet.get_by_role("row").filter(has_text=title)).to_contain_text("Private")
    wallet.get_by_role("link", name="Robotics", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Robotics")).to_be_visible()
    share = page.get_by_role("region", name="Share")
    expect(share).to_contain_text("Make it public to share")
    page.get_by_role("button", name="Make it public").click()
    expect(page.get_by_text("The badge is public: anyone with the link")).to_be_visible()

    expect(share.get_by_role("link", name=public_url)).to_have_attribute("href", public_url)
    linkedin = share.get_by_role("link", name="Add to LinkedIn profile")
    href = linkedin.get_attribute("href") or ""
    assert href.startswith("https://www.linkedin.com/profile/add?"), href
    query = parse_qs(urlsplit(href).query)
    assert query["certId"] == [str(robotics.uuid)], query
    assert query["certUrl"] == [public_url], query
    assert query["name"] == ["Robotics"], query
    assert query["organizationName"] == [institution.name], query
    expect(share.get_by_role("img", name="QR code of the badge's public page").locator("svg")).to_be_visible()
    copy = share.get_by_role("button", name="Copy link")
    expect(copy).to_have_attribute("data-copy", public_url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    copy.click()
    expect(share.get_by_role("status")).to_have_text("Link copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == public_url

    # The baked PNG (OB 3.0), downloaded through the wallet's own link.
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Badge image with credential (PNG)").click()
    png = tmp_path / "robotics.png"
    downloaded.value.save_as(png)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    # Anyone can verify it, online, against this server: the did:web document and the status list.
    issuer = f"did:web:127.0.0.1%3A{urlsplit(live_server.url).port}:issuers:{institution.slug}"
    assert robotics.credential["issuer"]["id"] == issuer, robotics.credential["issuer"]
    result = verify_badge(png)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Verdict: VALID" in result.stdout, result.stdout
    assert re.search(r"\[PASS\] proof\[0\]\.key .* resolved", result.stdout), result.stdout
    assert re.search(r"\[PASS\] status\.revocation .* not revoked", result.stdout), result.stdout
    sign_out(page)

    # The registrar revokes Robotics, with a reason.
    sign_in(page, registrar.email)
    page.goto(reverse("awards-staff:list", args=[institution.slug]))
    main.get_by_role("table").get_by_role("link", name="Robotics", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Robotics")).to_be_visible()
    revoke = page.get_by_role("region", name="Revoke")
    revoke.get_by_label("Reason").fill("Results recorded in error")
    revoke.get_by_label("I understand that a revoked award cannot be reinstated").check()
    revoke.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("The award has been revoked")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Robotics")).to_contain_text("revoked")
    sign_out(page)

    # The public page says so, to anyone; so does the verifier, on the very same file.
    page.goto(public_url)
    expect(page.get_by_role("heading", level=1, name="Robotics")).to_be_visible()
    status = page.locator("#status")
    expect(status).to_contain_text(re.compile(r"Revoked on"))
    expect(status).to_contain_text("Results recorded in error")
    result = verify_badge(png)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Verdict: INVALID" in result.stdout, result.stdout
    assert re.search(r"\[FAIL\] status\.revocation .* is revoked", result.stdout), result.stdout
    assert_served_under_csp(browser_log)
