"""The wallet: my badges, one badge with its public/private switch and its sharing panel (LinkedIn, copy
link, QR code). The wallet is personal: everybody but the learner gets a 404."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # parses our own segno output only
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
import segno
from django.urls import reverse
from django.utils import timezone

from microcred.awards import services as award_services
from microcred.awards import share
from microcred.awards.models import Award, AwardEvent
from microcred.learners import services as learner_services
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 4)
SIGN_IN = reverse("accounts:sign-in")


def earn_robotics(stack) -> Award:
    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    for code in ("ROB 101", "ROB 201"):
        outcome = learner_services.record_completion(
            learner=stack.learner,
            data=learner_services.CompletionInput(course=stack.courses[code], completed_on=DAY),
        )
    (award,) = outcome.awards
    return award


@pytest.fixture
def award(stack):
    return earn_robotics(stack)


def page_url(award):
    return f"http://testserver/badges/{award.uuid}/"


# Who may see what -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["detail", "qr"])
def test_only_the_learner_sees_their_badge(stack, award, client_as, institution, name):
    url = reverse(f"wallet:{name}", args=[award.uuid])
    award.is_public = True
    award.save()
    assert client_as(stack.learner.user).get(url).status_code == 200
    other = LearnerFactory(institution=institution)
    assert client_as(other.user).get(url).status_code == 404
    for staff in ("admin", "registrar", "unit_lead", "operator"):  # the wallet is personal
        assert client_as(staff).get(url).status_code == 404, staff
    response = client_as("anonymous").get(url)
    assert response.status_code == 302
    assert response.url.startswith(f"{SIGN_IN}?next=")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("wallet:home"))
    assert response.status_code == 302
    assert response.url.startswith(f"{SIGN_IN}?next=")


def test_an_unknown_badge_is_not_found(stack, client_as):
    url = reverse("wallet:detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client_as(stack.learner.user).get(url).status_code == 404


def test_only_the_learner_may_make_a_badge_public(stack, award, client_as, institution):
    url = reverse("wallet:visibility", args=[award.uuid])
    other = LearnerFactory(institution=institution)
    assert client_as(other.user).post(url, {"public": "1"}).status_code == 404
    assert client_as("registrar").post(url, {"public": "1"}).status_code == 404
    award.refresh_from_db()
    assert award.is_public is False
    response = client_as(stack.learner.user).post(url, {"public": "1"})
    assert response.status_code == 302
    assert response.url == reverse("wallet:detail", args=[award.uuid])
    award.refresh_from_db()
    assert award.is_public is True
    client_as(stack.learner.user).post(url, {"public": "0"})
    award.refresh_from_db()
    assert award.is_public is False
    assert list(AwardEvent.objects.filter(award=award).values_list("kind", flat=True))[-2:] == [
        "made public",
        "made private",
    ]


def test_visibility_only_takes_posts(stack, award, client_as):
    response = client_as(stack.learner.user).get(reverse("wallet:visibility", args=[award.uuid]))
    assert response.status_code == 405


# Pages ------------------------------------------------------------------------------------------------------


def test_my_badges_lists_each_badge_with_status_and_visibility(stack, award, client_as):
    response = client_as(stack.learner.user).get(reverse("wallet:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wallet:detail", args=[award.uuid]) in html
    assert "Robotics" in html
    assert "Binghamton-style University" in html
    assert '<span class="wallet-status valid">Valid</span>' in html
    assert "<td>Private</td>" in html


def test_my_badges_is_empty_for_someone_new(client_as):
    response = client_as("outsider").get(reverse("wallet:home"))
    assert "No badges yet." in response.content.decode()


def test_a_private_badge_asks_to_be_made_public_before_sharing(stack, award, client_as):
    response = client_as(stack.learner.user).get(reverse("wallet:detail", args=[award.uuid]))
    html = response.content.decode()
    assert "Make it public to share" in html
    assert "linkedin.com" not in html
    assert "<svg" not in html
    assert 'name="public" value="1"' in html
    # the QR download of a private badge leads back to the page
    response = client_as(stack.learner.user).get(reverse("wallet:qr", args=[award.uuid]))
    assert response.status_code == 302
    assert response.url == reverse("wallet:detail", args=[award.uuid])


def test_a_public_badge_has_the_share_panel(stack, award, client_as):
    award.is_public = True
    award.save()
    response = client_as(stack.learner.user).get(reverse("wallet:detail", args=[award.uuid]))
    html = response.content.decode()
    assert "Make it public to share" not in html
    assert 'name="public" value="0"' in html
    assert f'data-copy="{page_url(award)}"' in html
    assert '<script src="/static/awards/copy.js" defer></script>' in html
    assert "<script>" not in html  # no inline script (CSP)
    assert share.linkedin_url_of(award).replace("&", "&amp;") in html
    assert share.qr_svg(page_url(award)) in html
    assert reverse("wallet:qr", args=[award.uuid]) in html
    assert "Valid until" in html


def test_a_revoked_badge_says_so(stack, award, client_as, people):
    award_services.revoke_award(award=award, reason="Academic misconduct", by=people["registrar"])
    response = client_as(stack.learner.user).get(reverse("wallet:detail", args=[award.uuid]))
    html = response.content.decode()
    assert '<span class="wallet-status revoked">Revoked</span>' in html
    assert "Academic misconduct" in html


def test_the_downloads_placeholder_is_included(stack, award, client_as):
    response = client_as(stack.learner.user).get(reverse("wallet:detail", args=[award.uuid]))
    assert "awards/_downloads.html" in [t.name for t in response.templates]


# LinkedIn ---------------------------------------------------------------------------------------------------


def test_the_linkedin_link_has_exactly_linkedins_parameters():
    url = share.linkedin_url(
        name="Robotics & Control",
        organization_name="Binghamton-style University",
        issued=datetime(2026, 5, 4, 15, 0, tzinfo=UTC),
        expires=datetime(2028, 5, 4, 15, 0, tzinfo=UTC),
        cert_url="http://testserver/badges/1b9e/",
        cert_id="1b9e",
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    assert parse_qsl(parts.query) == [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", "Robotics & Control"),
        ("organizationName", "Binghamton-style University"),
        ("issueYear", "2026"),
        ("issueMonth", "5"),
        ("expirationYear", "2028"),
        ("expirationMonth", "5"),
        ("certUrl", "http://testserver/badges/1b9e/"),
        ("certId", "1b9e"),
    ]
    assert "name=Robotics+%26+Control" in url  # encoded, not split


def test_a_badge_that_does_not_expire_sends_no_expiration():
    url = share.linkedin_url(
        name="ML",
        organization_name="U",
        issued=datetime(2026, 12, 1, tzinfo=UTC),
        expires=None,
        cert_url="http://testserver/badges/x/",
        cert_id="x",
    )
    assert [k for k, _ in parse_qsl(urlsplit(url).query)] == [
        "startTask",
        "name",
        "organizationName",
        "issueYear",
        "issueMonth",
        "certUrl",
        "certId",
    ]


def test_the_linkedin_link_of_an_award(award):
    query = dict(parse_qsl(urlsplit(share.linkedin_url_of(award)).query))
    awarded = timezone.localtime(award.awarded_at)
    until = timezone.localtime(award.valid_until)
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Robotics",
        "organizationName": "Binghamton-style University",
        "issueYear": str(awarded.year),
        "issueMonth": str(awarded.month),
        "expirationYear": str(until.year),
        "expirationMonth": str(until.month),
        "certUrl": page_url(award),
        "certId": str(award.uuid),
    }


# QR code ----------------------------------------------------------------------------------------------------


def test_the_qr_code_is_segnos_code_of_the_public_url():
    url = "http://testserver/badges/5f0c8a52-4f7e-4a39-9f43-3a3b8f0f1f10/"
    svg = share.qr_svg(url)
    root = ET.fromstring(svg)  # noqa: S314
    assert root.tag in {"svg", "{http://www.w3.org/2000/svg}svg"}
    expected = segno.make(url, error="m").svg_inline(scale=4, svgclass="qr-code", lineclass="qr-line")
    assert svg == expected
    assert svg != share.qr_svg(url.replace("5f0c", "5f0d"))  # another URL, another code
    assert url not in svg  # the code, not the text


def test_the_qr_download_is_an_svg_file_of_the_public_url(stack, award, client_as):
    award.is_public = True
    award.save()
    response = client_as(stack.learner.user).get(reverse("wallet:qr", args=[award.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == f'attachment; filename="badge-{award.uuid}-qr.svg"'
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert response.content == share.qr_svg_document(page_url(award))
    # the same symbol as segno makes for the page URL
    path = root.find("{http://www.w3.org/2000/svg}path")
    assert path is not None
    expected = ET.fromstring(segno.make(page_url(award), error="m").svg_inline(scale=8))  # noqa: S314
    assert path.get("d") == expected.find("path").get("d")
