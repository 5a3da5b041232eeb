"""OB 2.0 hosted verification: Assertion, BadgeClass and Issuer, checked with the library's OB 2.0 models."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from microcred.awards import services as award_services
from microcred.openbadges.models import Ob2Assertion, Ob2BadgeClass, Ob2Issuer
from microcred.openbadges.verify import CheckStatus, Verdict, verify_ob2_assertion
from microcred.publishing import ob2
from tests.factories import CompetencyFactory, FrameworkFactory
from tests.publishing.conftest import PRIVILEGED, VIEWERS, client_fetcher

pytestmark = pytest.mark.django_db


def assertion_path(award):
    return f"/ob2/assertions/{award.uuid}"


def test_assertion_validates_and_is_stable(public_award, client):
    response = client.get(assertion_path(public_award))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    model = Ob2Assertion.from_dict(document)
    assert document["@context"] == "https://w3id.org/openbadges/v2"
    assert document["type"] == "Assertion"
    assert document["id"] == f"http://testserver/ob2/assertions/{public_award.uuid}"
    assert document["badge"] == f"http://testserver/ob2/badges/{public_award.version.uuid}"
    assert document["verification"] == {"type": "HostedBadge"}
    assert document["recipient"]["type"] == "email"
    assert document["recipient"]["hashed"] is True
    assert document["recipient"]["identity"].startswith("sha256$")
    assert model.recipient.matches("ada@example.edu")
    assert not model.recipient.matches("someone@example.edu")
    assert document["expires"].startswith(str(public_award.valid_until.year))
    assert {e["name"] for e in document["evidence"]} == {"ROB 101 Robot Kinematics", "ROB 201 Robot Control"}
    # the same document on every request (the salt comes from the award)
    assert client.get(assertion_path(public_award)).json() == document


@pytest.mark.parametrize("who", VIEWERS)
def test_private_assertion_only_for_the_learner_and_staff(award, viewers, who):
    response = viewers[who].get(assertion_path(award))
    assert response.status_code == (200 if who in PRIVILEGED else 404)


def test_badge_class_and_issuer_validate(public_award, client, stack):
    institution = stack.learner.institution
    institution.contact_email = "registrar@bingham.edu"
    institution.website = "https://www.bingham.edu"
    institution.save(update_fields=["contact_email", "website"])
    version = public_award.version
    framework = FrameworkFactory(institution=institution, name="Robotics skills")
    version.competencies.add(
        CompetencyFactory(
            framework=framework, code="R-1", name="Kinematics", url="https://skills.example/r1"
        ),
        CompetencyFactory(framework=framework, code="R-2", name="Control", url=""),
    )
    version.tags = ["robotics", "engineering"]
    version.save(update_fields=["tags"])

    badge = client.get(f"/ob2/badges/{version.uuid}")
    assert badge.status_code == 200
    assert badge["Access-Control-Allow-Origin"] == "*"
    data = badge.json()
    Ob2BadgeClass.from_dict(data)
    assert data["name"] == "Robotics"
    assert data["issuer"] == "http://testserver/ob2/issuers/bingham"
    assert data["image"].startswith("http://testserver/")
    assert data["criteria"]["id"] == "http://testserver/catalog/bingham/robotics/"
    assert "ROB 101 Robot Kinematics" in data["criteria"]["narrative"]
    assert data["tags"] == ["robotics", "engineering"]
    urls = {a["targetName"]: a["targetUrl"] for a in data["alignment"]}
    assert urls["Kinematics"] == "https://skills.example/r1"
    assert urls["Control"].startswith("http://testserver/catalog/bingham/robotics/")

    issuer = client.get("/ob2/issuers/bingham")
    assert issuer.status_code == 200
    profile = issuer.json()
    Ob2Issuer.from_dict(profile)
    assert profile["type"] == "Issuer"
    assert profile["id"] == "http://testserver/ob2/issuers/bingham"
    assert profile["name"] == institution.name
    assert profile["url"] == "https://www.bingham.edu"
    assert profile["email"] == "registrar@bingham.edu"


def test_issuer_without_contact_email_or_website(institution, client):
    profile = client.get(f"/ob2/issuers/{institution.slug}").json()
    Ob2Issuer.from_dict(profile)
    assert profile["url"] == f"http://testserver/catalog/{institution.slug}/"
    assert "@" in profile["email"]


def test_unknown_documents_are_404(client, db):
    assert client.get("/ob2/issuers/nowhere").status_code == 404
    assert client.get("/ob2/badges/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/ob2/assertions/00000000-0000-0000-0000-000000000000").status_code == 404


def test_hosted_assertion_verifies(public_award, client):
    fetch = client_fetcher(client)
    url = f"http://testserver{assertion_path(public_award)}"
    report = verify_ob2_assertion(url, fetcher=fetch, recipient="ada@example.edu")
    assert report.verdict is Verdict.VALID, [c.to_dict() for c in report.failures]
    assert report.status_of("issuer") is CheckStatus.PASSED


def test_revoked_assertion_is_gone(public_award, people, client):
    document = client.get(assertion_path(public_award)).json()
    award_services.revoke_award(award=public_award, reason="Issued in error", by=people["registrar"])
    response = client.get(assertion_path(public_award))
    assert response.status_code == 410
    assert response.json() == {
        "@context": "https://w3id.org/openbadges/v2",
        "id": document["id"],
        "revoked": True,
        "revocationReason": "Issued in error",
    }
    report = verify_ob2_assertion(document, fetcher=client_fetcher(client))
    assert report.verdict is Verdict.INVALID
    assert report.status_of("status.revocation") is CheckStatus.FAILED


def test_suspended_assertion_is_reported_revoked(public_award, people, client):
    award_services.suspend_award(award=public_award, reason="Under review", by=people["registrar"])
    response = client.get(assertion_path(public_award))
    assert response.status_code == 410
    assert response.json()["revocationReason"] == ob2.SUSPENDED_REASON
    award_services.reinstate_award(award=public_award, by=people["registrar"])
    assert client.get(assertion_path(public_award)).status_code == 200


def test_expired_assertion_says_so(public_award, client):
    public_award.valid_until = timezone.now() - timedelta(days=1)
    public_award.save(update_fields=["valid_until"])
    url = f"http://testserver{assertion_path(public_award)}"
    report = verify_ob2_assertion(url, fetcher=client_fetcher(client))
    assert report.status_of("validity.until") is CheckStatus.FAILED
