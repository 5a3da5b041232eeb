"""The machine-readable catalog: OB 3.0 Achievement and Profile JSON, badge images, schema.org markup."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microcred.catalog import services as catalog_services
from microcred.catalog.models import Competency
from microcred.openbadges.jsonld import find_dropped_terms
from microcred.openbadges.models import Achievement, Profile
from microcred.openbadges.models.vocab import OB3_CONTEXT, VC_V2_CONTEXT
from tests.factories import MicroCredentialFactory, PublishedVersionFactory

BASE = "http://testserver"  # settings.PUBLIC_URL in the tests


@pytest.fixture
def nace_ct(db):
    return Competency.objects.get(framework__name="NACE Career Readiness Competencies", code="NACE-CT")


@pytest.fixture
def mnt(institution, department, framework, nace_ct):
    credential = MicroCredentialFactory(institution=institution, unit=department, slug="mnt")
    return PublishedVersionFactory(
        micro_credential=credential,
        title="Micro & Nano <Technology>",
        summary="Clean-room skills.",
        criteria="Complete the courses with a C or better.",
        credit_type="credit",
        credit_hours_min=11,
        credit_hours_max=11,
        training_hours_min=7.5,
        training_hours_max=7.5,
        tags=["semiconductors"],
        fees=[{"label": "Lab fee", "amount": "150.00", "currency": "USD"}],
        badge_design={"shape": "hexagon", "background": "#0b5cad", "foreground": "#ffffff", "label": "MNT",
                      "icon": "chip"},
        competencies=[nace_ct, framework.competencies.get(code="IPC-1")],
    )  # fmt: skip


def get_json(url: str) -> dict:
    response = Client().get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    return response.json()


def test_the_achievement_json_validates_and_drops_no_term(mnt, nace_ct):
    credential_uuid = mnt.micro_credential.uuid
    document = get_json(f"/catalog/achievements/{credential_uuid}.json")
    achievement = Achievement.model_validate(document)
    assert document["@context"] == [VC_V2_CONTEXT, OB3_CONTEXT]
    assert achievement.id == f"{BASE}/catalog/achievements/{credential_uuid}/v1.json"
    assert document["type"] == ["Achievement"]
    assert document["achievementType"] == "MicroCredential"
    assert document["name"] == "Micro & Nano <Technology>"
    assert document["description"] == "Clean-room skills."
    assert document["criteria"]["id"] == f"{BASE}/catalog/bingham/mnt/"
    assert "Complete the courses with a C or better." in document["criteria"]["narrative"]
    assert document["image"]["id"] == f"{BASE}/catalog/badges/{mnt.uuid}/"
    assert document["creditsAvailable"] == 11
    assert document["tag"] == ["semiconductors"]
    assert document["version"] == "1"
    assert document["inLanguage"] == "en"
    assert document["fieldOfStudy"] == "Electrical Engineering"
    assert document["creator"] == {
        "id": f"{BASE}/catalog/bingham/profile.json",
        "type": ["Profile"],
        "name": "Binghamton-style University",
        "url": f"{BASE}/catalog/bingham/",
    }
    alignments = {a["targetCode"]: a for a in document["alignment"]}
    assert alignments["NACE-CT"]["targetName"] == nace_ct.name
    assert alignments["NACE-CT"]["targetFramework"] == "NACE Career Readiness Competencies"
    assert alignments["NACE-CT"]["targetType"] == "ceasn:Competency"
    assert alignments["IPC-1"]["targetFramework"] == "IPC Electronics Assembly"
    ipc = Competency.objects.get(code="IPC-1")
    assert alignments["IPC-1"]["targetUrl"] == f"urn:uuid:{ipc.uuid}"
    # Every term is defined by the contexts: nothing would be dropped from a signature.
    assert find_dropped_terms(document) == []
    wrapped = {
        "@context": [VC_V2_CONTEXT, OB3_CONTEXT],
        "id": "urn:uuid:7f8e1a52-0d5c-4e5b-9f55-1c1b2c3d4e5f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": document["creator"],
        "validFrom": "2026-01-01T00:00:00Z",
        "name": document["name"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": "did:example:learner",
            "achievement": {k: v for k, v in document.items() if k != "@context"},
        },
    }
    assert find_dropped_terms(wrapped) == []


def test_a_non_credit_achievement_has_no_credits_and_no_image_without_a_badge(institution, department):
    version = PublishedVersionFactory(
        micro_credential=MicroCredentialFactory(institution=institution, unit=department),
        credit_type="noncredit",
        training_hours_min=12,
        summary="",
        purpose="",
    )
    document = get_json(f"/catalog/achievements/{version.micro_credential.uuid}.json")
    assert "creditsAvailable" not in document
    assert "image" not in document
    assert document["description"] == version.title
    assert find_dropped_terms(document) == []
    assert Client().get(reverse("public:badge", args=[version.uuid])).status_code == 404


def test_each_version_keeps_its_stable_url(mnt, people):
    v2 = catalog_services.start_next_version(actor=people["unit_lead"], published=mnt)
    credential_uuid = mnt.micro_credential.uuid
    v2_url = f"/catalog/achievements/{credential_uuid}/v2.json"
    assert Client().get(v2_url).status_code == 404  # a draft is never served
    catalog_services.update_draft(actor=people["unit_lead"], version=v2, changes={"title": "MNT, revised"})
    catalog_services.set_version_status(version=v2, status="in_review")
    assert Client().get(v2_url).status_code == 404
    catalog_services.set_version_status(version=v2, status="published")
    current = get_json(f"/catalog/achievements/{credential_uuid}.json")
    assert current["id"] == BASE + v2_url
    assert current["version"] == "2"
    assert current["name"] == "MNT, revised"
    first = get_json(f"/catalog/achievements/{credential_uuid}/v1.json")  # superseded, still served
    assert first["id"].endswith("/v1.json")
    assert first["name"] == "Micro & Nano <Technology>"
    assert Client().get(f"/catalog/achievements/{credential_uuid}/v3.json").status_code == 404
    assert Client().get(reverse("public:badge", args=[mnt.uuid])).status_code == 200


def test_unknown_achievements_are_404(db):
    assert Client().get("/catalog/achievements/00000000-0000-0000-0000-000000000000.json").status_code == 404


def test_the_institution_profile_json(institution):
    institution.website = "https://www.binghamton.example"
    institution.save()
    document = get_json(reverse("public:profile", args=["bingham"]))
    profile = Profile.model_validate(document)
    assert profile.id == f"{BASE}/catalog/bingham/profile.json"
    assert profile.name == "Binghamton-style University"
    assert profile.url == "https://www.binghamton.example"
    assert find_dropped_terms(document) == []
    assert Client().get("/catalog/nowhere/profile.json").status_code == 404


def test_the_designed_badge_is_served_as_svg(mnt):
    response = Client().get(reverse("public:badge", args=[mnt.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content.startswith(b"<svg")
    assert b">MNT</text>" in response.content


def test_an_uploaded_badge_is_served_as_uploaded(mnt, settings, tmp_path):
    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'
    mnt.status = "draft"
    catalog_services.set_badge_image(version=mnt, name="badge.svg", data=svg)
    mnt.status = "published"
    mnt.save(update_fields=["status"])
    response = Client().get(reverse("public:badge", args=[mnt.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content == svg


def schema_org_of(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_detail_page_carries_schema_org_markup(mnt, nace_ct):
    html = Client().get(reverse("public:detail", args=["bingham", "mnt"])).content.decode()
    data = schema_org_of(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["name"] == "Micro & Nano <Technology>"  # escaped in the page, intact once parsed
    assert "</Technology>" not in html.split('type="application/ld+json">')[1].split("</script>")[0]
    assert data["url"] == f"{BASE}/catalog/bingham/mnt/"
    assert data["credentialCategory"] == "certificate"
    assert data["educationalLevel"] == "Undergraduate"
    assert {"@type": "DefinedTerm", "name": nace_ct.name, "termCode": "NACE-CT"}.items() <= next(
        t for t in data["competencyRequired"] if t["termCode"] == "NACE-CT"
    ).items()
    assert data["recognizedBy"]["@type"] == "CollegeOrUniversity"
    assert data["recognizedBy"]["name"] == "Binghamton-style University"
    assert data["offers"] == [
        {"@type": "Offer", "name": "Lab fee", "price": "150.00", "priceCurrency": "USD"}
    ]
    assert data["timeRequired"] == "PT7.5H"
    assert f'href="{BASE}/catalog/achievements/{mnt.micro_credential.uuid}/v1.json"' in html


def test_a_page_whose_text_tries_to_close_the_script_stays_safe(mnt):
    mnt.summary = '</script><script>alert("x")</script>'
    mnt.save()
    html = Client().get(reverse("public:detail", args=["bingham", "mnt"])).content.decode()
    assert html.count("<script>") == 0
    assert schema_org_of(html)["description"] == mnt.summary


def test_published_through_governance_it_appears_in_the_catalog(people, institution, department):
    """The real path: a draft made by the services is hidden until it is published."""
    draft = catalog_services.create_micro_credential(
        actor=people["unit_lead"],
        institution_id=institution.pk,
        unit_id=department.pk,
        title="Leadership Lab",
    )
    catalog_services.update_draft(actor=people["unit_lead"], version=draft, changes={"no_fees": True})
    page = reverse("public:detail", args=["bingham", draft.micro_credential.slug])
    assert Client().get(page).status_code == 404
    catalog_services.set_version_status(version=draft, status="published")
    assert Client().get(page).status_code == 200
    listing = Client().get(reverse("public:institution", args=["bingham"])).content.decode()
    assert "Leadership Lab" in listing
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert draft.published_at <= timezone.now()
