"""The machine-readable documents: the signed credential at its id, status lists, evidence files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from microcred.awards import services as award_services
from microcred.learners.models import Completion
from microcred.openbadges.keys.resolver import default_resolver
from microcred.openbadges.models import parse_credential
from microcred.openbadges.verify import CheckStatus, Verdict, verify_credential
from tests.publishing.conftest import PRIVILEGED, VIEWERS, client_fetcher, earn_robotics

pytestmark = pytest.mark.django_db


def credential_path(award):
    return f"/credentials/{award.uuid}"


@pytest.mark.parametrize("who", VIEWERS)
def test_private_credential_only_for_the_learner_and_staff(award, viewers, who):
    response = viewers[who].get(credential_path(award))
    assert response.status_code == (200 if who in PRIVILEGED else 404)
    if response.status_code == 200:
        assert response.json() == award.credential
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["anonymous", "other_learner", "staff_elsewhere"])
def test_public_credential_for_everyone(public_award, viewers, who):
    response = viewers[who].get(credential_path(public_award))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == public_award.credential
    assert response.json()["id"] == f"http://testserver/credentials/{public_award.uuid}"


def test_credential_is_served_exactly_as_signed(public_award, client):
    """The bytes at the credential's id are the JSON text that was signed and stored, keys in their order
    (``@context`` first), on every database (PostgreSQL's ``jsonb`` would have reordered them)."""
    from microcred.awards.models import IssuedCredential

    stored = IssuedCredential.objects.get(award=public_award).text
    response = client.get(credential_path(public_award))
    assert response.status_code == 200
    assert response.content.decode("utf-8") == stored
    assert list(response.json()) == list(public_award.credential)
    assert list(response.json())[:3] == ["@context", "id", "type"]
    assert list(response.json())[-1] == "proof"


def test_credential_is_404_until_issued(stack, client):
    from microcred.learners import services as learner_services
    from tests.publishing.conftest import complete

    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    complete(stack, "ROB 101")
    (award,) = complete(stack, "ROB 201").awards
    award.is_public = True
    award.save(update_fields=["is_public"])
    assert client.get(credential_path(award)).status_code == 404


def test_credential_fetched_from_its_id_verifies(public_award, client):
    fetch = client_fetcher(client)
    document = fetch(public_award.credential["id"])
    assert parse_credential(document).credential_subject.achievement.name == "Robotics"
    report = verify_credential(
        document, resolver=default_resolver(fetch, allow_embedded=False), status_fetcher=fetch
    )
    assert report.verdict is Verdict.VALID, [c.to_dict() for c in report.failures]
    assert report.status_of("proof") is CheckStatus.PASSED
    status_checks = [c for c in report.checks if c.id.startswith("status")]
    assert status_checks
    assert all(c.status is CheckStatus.PASSED for c in status_checks)


def test_revoked_credential_is_still_served_and_verifies_as_revoked(public_award, people, client):
    award_services.revoke_award(award=public_award, reason="Issued in error", by=people["registrar"])
    response = client.get(credential_path(public_award))
    assert response.status_code == 200
    fetch = client_fetcher(client)
    report = verify_credential(
        response.json(), resolver=default_resolver(fetch, allow_embedded=False), status_fetcher=fetch
    )
    assert report.verdict is Verdict.INVALID
    failed = [c for c in report.failures if c.id.startswith("status")]
    assert failed
    assert "revoked" in failed[0].message
    assert report.status_of("proof") is CheckStatus.PASSED


def test_status_lists(public_award, people, client):
    url = public_award.credential["credentialStatus"]["statusListCredential"]
    path = url.removeprefix("http://testserver")
    response = client.get(path)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    document = response.json()
    assert "BitstringStatusListCredential" in document["type"]
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    suspension = client.get(path.replace("/revocation", "/suspension"))
    assert suspension.status_code == 200
    assert suspension.json()["credentialSubject"]["statusPurpose"] == "suspension"
    assert client.get(path.replace("/revocation", "/other")).status_code == 404
    assert client.get("/status/00000000-0000-0000-0000-000000000000/revocation").status_code == 404


# Evidence files -------------------------------------------------------------------------------------------


@pytest.fixture
def evidence_award(stack, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(
        "report.pdf", b"%PDF-1.4 robot control report", content_type="application/pdf"
    )
    return earn_robotics(stack, django_capture_on_commit_callbacks, evidence_file=upload)


def _evidence_completion(award):
    return Completion.objects.get(learner=award.learner, course__code="ROB 201")


def _read(response) -> bytes:
    # The test client closes a streamed response (and its file) once its content is read. Closing it again
    # would send request_finished, whose handler closes the database connection: on PostgreSQL, the test's.
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("who", VIEWERS)
def test_evidence_file_follows_the_award_visibility(evidence_award, viewers, who):
    completion = _evidence_completion(evidence_award)
    path = f"/badges/{evidence_award.uuid}/evidence/{completion.uuid}"
    response = viewers[who].get(path)
    if who in PRIVILEGED:
        assert response.status_code == 200
        assert _read(response) == b"%PDF-1.4 robot control report"
    else:
        assert response.status_code == 404
    evidence_award.is_public = True
    evidence_award.save(update_fields=["is_public"])
    response = viewers[who].get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    _read(response)


def test_evidence_link_in_the_credential_and_on_the_page(evidence_award, client):
    evidence_award.is_public = True
    evidence_award.save(update_fields=["is_public"])
    completion = _evidence_completion(evidence_award)
    url = f"http://testserver/badges/{evidence_award.uuid}/evidence/{completion.uuid}"
    assert url in {e.get("id") for e in evidence_award.credential["evidence"]}
    assert f'href="{url}"' in client.get(f"/badges/{evidence_award.uuid}/").content.decode()


def test_evidence_of_a_completion_outside_the_award_is_404(evidence_award, stack, client, settings):
    evidence_award.is_public = True
    evidence_award.save(update_fields=["is_public"])
    from tests.publishing.conftest import complete

    other = complete(
        stack,
        "CS 301",
        evidence_file=SimpleUploadedFile("ml.pdf", b"%PDF-1.4 ml", content_type="application/pdf"),
    ).completion
    assert client.get(f"/badges/{evidence_award.uuid}/evidence/{other.uuid}").status_code == 404
    # a completion of the award without a file
    first = Completion.objects.get(learner=evidence_award.learner, course__code="ROB 101")
    assert client.get(f"/badges/{evidence_award.uuid}/evidence/{first.uuid}").status_code == 404


def test_html_evidence_is_downloaded_not_rendered(
    stack, settings, tmp_path, client, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("page.html", b"<script>alert(1)</script>", content_type="text/html")
    award = earn_robotics(stack, django_capture_on_commit_callbacks, evidence_file=upload)
    award.is_public = True
    award.save(update_fields=["is_public"])
    completion = _evidence_completion(award)
    response = client.get(f"/badges/{award.uuid}/evidence/{completion.uuid}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    _read(response)
