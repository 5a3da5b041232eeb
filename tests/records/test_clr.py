"""The learner's CLR 2.0 record: the signed awards they hold at one institution, how they stack, signed by
the institution and verifiable through its did:web document."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microcred.awards import services as award_services
from microcred.awards.models import Award, IssuedCredential
from microcred.openbadges.models import ClrCredential
from microcred.openbadges.schemas import validate_schema
from microcred.openbadges.verify import verify_credential
from microcred.records import services
from tests.awards.conftest import stack  # noqa: F401
from tests.records.conftest import earn, fetch_from_test_client, resolver

pytestmark = pytest.mark.django_db


@pytest.fixture
def earned(stack, django_capture_on_commit_callbacks):  # noqa: F811
    """Robotics, Machine Learning and the stack they make, Artificial Intelligence."""
    awards = earn(stack, "ROB 101", "ROB 201", "CS 302", capture=django_capture_on_commit_callbacks)
    assert [a.version.title for a in awards] == ["Robotics", "Machine Learning", "Artificial Intelligence"]
    assert all(a.credential for a in awards)
    return dict(zip(["robotics", "ml", "ai"], awards, strict=True))


def learner_client(stack):  # noqa: F811
    client = Client()
    client.force_login(stack.learner.user)
    return client


def achievement_id(award: Award) -> str:
    return award.credential["credentialSubject"]["achievement"]["id"]


def download(stack):  # noqa: F811
    response = learner_client(stack).get(reverse("records:clr", args=[stack.learner.institution.slug]))
    assert response.status_code == 200, response.content[:300]
    return response


def test_the_clr_is_a_signed_attachment_of_every_award(stack, earned):  # noqa: F811
    response = download(stack)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="bingham-learner-record.json"'
    document = json.loads(response.content)
    assert document["type"] == ["VerifiableCredential", "ClrCredential"]
    assert document["issuer"]["id"] == earned["robotics"].credential["issuer"]["id"]
    embedded = document["credentialSubject"]["verifiableCredential"]
    assert embedded == [earned[name].credential for name in ("robotics", "ml", "ai")], "exactly as signed"
    assert {a["id"] for a in document["credentialSubject"]["achievement"]} == {
        achievement_id(award) for award in earned.values()
    }
    identifiers = document["credentialSubject"]["identifier"]
    assert {i["identityType"] for i in identifiers} == {"name", "emailAddress"}
    assert "ada@example.edu" not in response.content.decode()


def test_the_clr_validates_with_the_library_model_and_the_json_schema(stack, earned):  # noqa: F811
    document = json.loads(download(stack).content)
    assert validate_schema(document) == []
    record = ClrCredential.from_dict(document)
    assert record.credential_subject.dangling_associations() == []
    assert len(record.credential_subject.achievement_credentials()) == 3


def test_the_clr_proof_verifies_through_the_did_json(stack, earned):  # noqa: F811
    document = json.loads(download(stack).content)
    for award in earned.values():  # built once, before verifying: see tests/awards/test_downloads.py
        fetch_from_test_client(award.credential["credentialStatus"]["statusListCredential"])
    report = verify_credential(document, resolver=resolver(), status_fetcher=fetch_from_test_client)
    assert report.valid, [c for c in report.to_dict()["checks"] if c["status"] != "passed"]
    embedded = [c for c in report.checks if c.id.startswith("embedded.")]
    assert len(embedded) == 3
    assert all(c.status.value == "passed" for c in embedded)


def test_a_tampered_clr_does_not_verify(stack, earned):  # noqa: F811
    document = json.loads(download(stack).content)
    document["credentialSubject"]["association"].pop()
    assert not verify_credential(document, resolver=resolver()).valid


def test_the_associations_say_what_stacks_into_what(stack, earned):  # noqa: F811
    document = json.loads(download(stack).content)
    associations = {
        (a["associationType"], a["sourceId"], a["targetId"])
        for a in document["credentialSubject"]["association"]
    }
    ai = achievement_id(earned["ai"])
    assert associations == {
        ("isPartOf", achievement_id(earned["robotics"]), ai),
        ("isPartOf", achievement_id(earned["ml"]), ai),
    }
    assert all(a["type"] == "Association" for a in document["credentialSubject"]["association"])


def test_suspended_revoked_and_superseded_awards_are_left_out(stack, earned, people):  # noqa: F811
    admin = people["admin"]
    award_services.suspend_award(award=earned["ml"], reason="Under review", by=admin)
    document = services.learner_record(learner=stack.learner)
    titles = [vc["name"] for vc in document["credentialSubject"]["verifiableCredential"]]
    assert titles == ["Robotics", "Artificial Intelligence"]
    assert [a["sourceId"] for a in document["credentialSubject"]["association"]] == [
        achievement_id(earned["robotics"])
    ]
    award_services.revoke_award(award=Award.objects.get(pk=earned["ai"].pk), reason="Error", by=admin)
    titles = [
        vc["name"]
        for vc in services.learner_record(learner=stack.learner)["credentialSubject"]["verifiableCredential"]
    ]
    assert titles == ["Robotics"]
    Award.objects.filter(pk=earned["robotics"].pk).update(state="superseded")
    with pytest.raises(services.EmptyRecordError):
        services.learner_record(learner=stack.learner)
    response = learner_client(stack).get(reverse("records:clr", args=["bingham"]))
    assert response.status_code == 404


def test_an_expired_award_stays_in_the_record(stack, earned):  # noqa: F811
    Award.objects.filter(pk=earned["ml"].pk).update(valid_until=timezone.now() - timedelta(days=1))
    document = services.learner_record(learner=stack.learner)
    assert len(document["credentialSubject"]["verifiableCredential"]) == 3


def test_an_award_not_signed_yet_is_not_in_the_record(stack, earned):  # noqa: F811
    IssuedCredential.objects.filter(award_id=earned["ai"].pk).delete()
    document = services.learner_record(learner=stack.learner)
    assert len(document["credentialSubject"]["verifiableCredential"]) == 2
    assert "association" not in document["credentialSubject"]  # empty lists are left out
