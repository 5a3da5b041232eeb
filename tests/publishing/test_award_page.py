"""The public award page: who may see it, what it shows, its status line and its Open Graph tags."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from microcred.awards import services as award_services
from tests.publishing.conftest import PRIVILEGED, VIEWERS

pytestmark = pytest.mark.django_db


def page_url(award):
    return f"/badges/{award.uuid}/"


def meta(html: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    assert match, f"no {key} meta tag"
    return match.group(1)


@pytest.mark.parametrize("who", VIEWERS)
def test_private_award_is_404_except_for_the_learner_and_staff(award, viewers, who):
    response = viewers[who].get(page_url(award))
    if who in PRIVILEGED:
        assert response.status_code == 200
        text = response.content.decode()
        assert "Private:" in text
        assert "only you" in text if who == "learner" else "only the learner" in text
        assert '<meta name="robots" content="noindex, nofollow">' in text
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "other_learner", "staff_elsewhere", "learner"])
def test_public_award_is_visible_to_everyone(public_award, viewers, who):
    response = viewers[who].get(page_url(public_award))
    assert response.status_code == 200
    assert "Private:" not in response.content.decode()


def test_unknown_award_is_404(client, db):
    assert client.get("/badges/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_page_shows_the_award(public_award, stack, client):
    text = client.get(page_url(public_award)).content.decode()
    assert "Robotics" in text
    assert "Ada Learner" in text
    assert "ada@example.edu" not in text  # never the e-mail address
    assert stack.learner.institution.name in text
    assert "did:web:testserver:issuers:bingham" in text
    # criteria: the requirement tree with the courses
    assert "ROB 101" in text
    assert "Robot Kinematics" in text
    # evidence from the signed credential
    assert "ROB 201 Robot Control" in text
    assert "Passed on 2026-05-04" in text
    # dates and credits
    assert public_award.awarded_at.strftime("%B") in text
    assert "Valid until" in text
    assert str(public_award.valid_until.year) in text
    assert "Credits earned" in text
    assert "6 credit hours" in text
    # status and links
    assert "award-status-valid" in text
    assert ">\n  Valid\n" in text
    assert f'href="/credentials/{public_award.uuid}"' in text
    assert f'href="/ob2/assertions/{public_award.uuid}"' in text
    assert "microcred badge verify --online" in text
    assert "Credential (Open Badges 3.0 JSON)" in text


def test_display_name_wins_over_full_name(public_award, client):
    user = public_award.learner.user
    user.display_name = "Ada L."
    user.save(update_fields=["display_name"])
    text = client.get(page_url(public_award)).content.decode()
    assert "Ada L." in text


def test_open_graph_tags_use_absolute_urls(public_award, client):
    text = client.get(page_url(public_award)).content.decode()
    assert meta(text, "og:type") == "website"
    assert meta(text, "og:url") == f"http://testserver/badges/{public_award.uuid}/"
    assert meta(text, "og:title") == "Ada Learner: Robotics"
    assert "Ada Learner earned Robotics" in meta(text, "og:description")
    image = meta(text, "og:image")
    assert image.startswith("http://testserver/")
    assert meta(text, "twitter:card") == "summary"
    assert meta(text, "twitter:image") == image
    response = client.get(image.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_the_preview_image_is_a_png_of_the_versions_badge(public_award, client):
    """Link previews (LinkedIn, X, chat apps) do not show SVG: og:image is a PNG drawn from the design."""
    version = public_award.version
    version.badge_design = {"shape": "circle", "background": "#0b5cad", "label": "ROB"}
    version.save(update_fields=["badge_design"])
    text = client.get(page_url(public_award)).content.decode()
    assert meta(text, "og:image") == f"http://testserver/badges/{public_award.uuid}/badge.png"
    assert f'src="/catalog/badges/{version.uuid}/"' in text  # the page itself shows the SVG
    response = client.get(f"/badges/{public_award.uuid}/badge.png")
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert "public" in response["Cache-Control"]


def test_the_preview_image_of_a_private_award_is_private_too(public_award, client):
    public_award.is_public = False
    public_award.save(update_fields=["is_public"])
    assert client.get(f"/badges/{public_award.uuid}/badge.png").status_code == 404


def test_without_a_badge_a_placeholder_is_shown(public_award, client):
    text = client.get(page_url(public_award)).content.decode()
    assert "/publishing/badge-placeholder.svg" in text


def test_revoked_award_shows_when_and_why(public_award, people, client):
    award_services.revoke_award(award=public_award, reason="Academic misconduct", by=people["registrar"])
    text = client.get(page_url(public_award)).content.decode()
    assert "award-status-revoked" in text
    assert "Revoked on " in text
    assert "Reason: Academic misconduct" in text
    assert "Status: Revoked on" in meta(text, "og:description")


def test_suspended_award(public_award, people, client):
    award_services.suspend_award(award=public_award, reason="Under review", by=people["registrar"])
    text = client.get(page_url(public_award)).content.decode()
    assert "award-status-suspended" in text
    assert "Suspended" in text
    assert "Under review" not in text  # only a revocation's reason is published


def test_expired_award(public_award, client):
    public_award.valid_until = timezone.now() - timedelta(days=3)
    public_award.save(update_fields=["valid_until"])
    text = client.get(page_url(public_award)).content.decode()
    assert "award-status-expired" in text
    day = public_award.valid_until
    assert f"Expired on {day:%B} {day.day}, {day:%Y}" in text


def test_superseded_award_links_to_the_renewal(
    public_award, people, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        renewed = award_services.renew_award(award=public_award, by=people["registrar"], reason="Recertified")
    text = client.get(page_url(public_award)).content.decode()
    assert "award-status-superseded" in text
    assert "Replaced by a renewal" in text
    assert f'href="/badges/{renewed.uuid}/"' in text
    # a private renewal is not linked for strangers
    renewed.is_public = False
    renewed.save(update_fields=["is_public"])
    text = client.get(page_url(public_award)).content.decode()
    assert f"/badges/{renewed.uuid}/" not in text
    assert "A newer award replaces this one." in text


def test_page_before_the_credential_is_issued(stack, client):
    from microcred.learners import services as learner_services
    from tests.publishing.conftest import complete

    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    complete(stack, "ROB 101")
    (award,) = complete(stack, "ROB 201").awards  # on-commit signing not run
    award.is_public = True
    award.save(update_fields=["is_public"])
    response = client.get(page_url(award))
    assert response.status_code == 200
    text = response.content.decode()
    assert "being issued" in text
    assert f'href="/credentials/{award.uuid}"' not in text
