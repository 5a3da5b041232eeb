"""The learner's downloads: the signed credential, baked OB 3.0 PNG/SVG, OB 2.0 baked PNG and the PDF
certificate; only the award's learner may download them."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from microcred.awards import downloads
from microcred.awards.models import Award, IssuedCredential
from microcred.openbadges import cli
from microcred.openbadges.bake import unbake
from microcred.openbadges.verify import read_input, verify_credential
from microcred.publishing import ob2
from tests.awards.conftest import stack  # noqa: F401
from tests.factories import UserFactory
from tests.records.conftest import earn, fetch_from_test_client, resolver

pytestmark = pytest.mark.django_db


@pytest.fixture
def robotics(stack, django_capture_on_commit_callbacks):  # noqa: F811
    (award,) = earn(stack, "ROB 101", "ROB 201", capture=django_capture_on_commit_callbacks)
    assert award.credential is not None
    return award


@pytest.fixture
def learner_client(stack):  # noqa: F811
    client = Client()
    client.force_login(stack.learner.user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }
    settings.STORAGES = {**settings.STORAGES, "default": storage}


def url(award, kind):
    return reverse("downloads:download", args=[award.uuid, kind])


def get(client, award, kind):
    response = client.get(url(award, kind))
    assert response.status_code == 200, response.content[:300]
    return response


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def test_the_credential_json_is_the_signed_credential_as_an_attachment(robotics, learner_client):
    response = get(learner_client, robotics, "ob3.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="robotics.json"'
    assert json.loads(response.content) == robotics.credential


def test_the_ob3_png_carries_the_signed_credential_and_verifies(robotics, learner_client):
    response = get(learner_client, robotics, "ob3.png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="robotics-ob3.png"'
    baked = unbake(response.content)
    assert baked is not None
    assert (baked.version, baked.kind, baked.image) == ("3.0", "json", "png")
    assert baked.document == robotics.credential
    read = read_input(response.content)  # what `microcred badge verify` reads
    assert read.format == "png"
    assert read.credential == robotics.credential
    assert png_size(response.content) == (400, 400)  # drawn: the version has only a designed SVG
    # build the status list first: built during verification, its validFrom (truncated to the second)
    # can be after the verifier's "now" (reported to awards.services.refresh_status_list)
    fetch_from_test_client(robotics.credential["credentialStatus"]["statusListCredential"])
    report = verify_credential(response.content, resolver=resolver(), status_fetcher=fetch_from_test_client)
    assert report.valid, [c for c in report.to_dict()["checks"] if c["status"] != "passed"]


def test_microcred_badge_verify_accepts_the_baked_png(robotics, learner_client, tmp_path, capsys):
    path = tmp_path / "robotics.png"
    path.write_bytes(get(learner_client, robotics, "ob3.png").content)
    cli.main(["inspect", str(path), "--json"])
    assert json.loads(capsys.readouterr().out)["credential"] == robotics.credential
    cli.main(["verify", str(path), "--json"])  # offline: did:web cannot be resolved, but it is read
    report = json.loads(capsys.readouterr().out)
    assert report["format"] == "png"
    assert any(check["id"] == "parse" and check["status"] == "passed" for check in report["checks"])


def test_the_ob3_svg_is_the_designed_badge_with_the_credential(robotics, learner_client):
    response = get(learner_client, robotics, "ob3.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="robotics-ob3.svg"'
    assert b"<title>Robotics</title>" in response.content  # catalog.badges.design_svg
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in response.content
    assert read_input(response.content).credential == robotics.credential


def test_an_uploaded_png_badge_is_baked_as_is_and_wrapped_for_svg(robotics, learner_client, media):
    uploaded = io.BytesIO()
    Image.new("RGB", (120, 120), "#aa3300").save(uploaded, format="PNG")
    robotics.version.badge_image.save("badge.png", ContentFile(uploaded.getvalue()))
    png = get(learner_client, robotics, "ob3.png").content
    assert png_size(png) == (120, 120)
    assert read_input(png).credential == robotics.credential
    svg = get(learner_client, robotics, "ob3.svg").content
    assert b'href="data:image/png;base64,' in svg
    assert read_input(svg).credential == robotics.credential


def test_an_uploaded_svg_badge_is_baked_and_a_png_is_drawn(robotics, learner_client, media):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'
    robotics.version.badge_image.save("badge.svg", ContentFile(svg))
    baked = get(learner_client, robotics, "ob3.svg").content
    assert b'<circle cx="5" cy="5" r="4"/>' in baked
    assert read_input(baked).credential == robotics.credential
    png = get(learner_client, robotics, "ob3.png").content
    assert png_size(png) == (400, 400)


def test_the_drawn_badge_is_deterministic(robotics):
    first = downloads.badge_png(robotics.version, "Binghamton-style University")
    assert first == downloads.badge_png(robotics.version, "Binghamton-style University")
    assert first != downloads.badge_png(robotics.version, "Another University")


def test_the_ob2_png_carries_the_hosted_assertion(robotics, learner_client):
    response = get(learner_client, robotics, "ob2.png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="robotics-ob2.png"'
    baked = unbake(response.content)
    assert baked is not None
    assert (baked.version, baked.kind) == ("2.0", "json")
    assertion = baked.document
    assert assertion == ob2.build_assertion(robotics)
    assert assertion["verification"]["type"] == "HostedBadge"
    assert assertion["id"] == "http://testserver" + reverse("publishing:ob2-assertion", args=[robotics.uuid])


def test_the_certificate_is_a_one_page_pdf_with_the_details(robotics, learner_client):
    response = get(learner_client, robotics, "certificate.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="robotics-certificate.pdf"'
    assert response.content.startswith(b"%PDF")
    assert b"/Title (Robotics)" in response.content  # the metadata is never compressed
    plain = downloads.certificate_pdf(robotics, compress=False)
    assert plain.count(b"/Type /Page\n") == 1
    for text in [
        "Robotics",
        "Ada Learner",
        "Binghamton-style University",
        f"valid until {robotics.valid_until:%B %-d, %Y}",
        "6 credit hours",
        f"/credentials/{robotics.uuid}",
        f"Verify at http://testserver/badges/{robotics.uuid}/",
    ]:
        assert text.encode("cp1252") in plain, text
    assert b"/Subtype /Image" in plain


def test_a_name_outside_latin_1_does_not_break_the_certificate(robotics):
    robotics.learner.user.full_name = "Zoë Łukasiewicz 李"
    assert b"Zo\xeb Lukasiewicz ?" in downloads.certificate_pdf(robotics, compress=False)


@pytest.mark.parametrize("kind", downloads.KINDS)
def test_only_the_learner_may_download(robotics, kind, people):
    other = Client()
    other.force_login(UserFactory())
    assert other.get(url(robotics, kind)).status_code == 404
    staff = Client()
    staff.force_login(people["admin"])
    assert staff.get(url(robotics, kind)).status_code == 404
    anonymous = Client().get(url(robotics, kind))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:sign-in"))


def test_an_unknown_kind_or_award_is_404(robotics, learner_client):
    assert learner_client.get(url(robotics, "ob3.gif")).status_code == 404
    assert (
        learner_client.get(url(Award(uuid="00000000-0000-4000-8000-000000000000"), "ob3.json")).status_code
        == 404
    )


def test_an_award_not_signed_yet_is_404_with_a_message(robotics, learner_client):
    IssuedCredential.objects.filter(award_id=robotics.pk).delete()
    response = learner_client.get(url(robotics, "ob3.png"))
    assert response.status_code == 404
    assert "is being signed" in response.content.decode()
