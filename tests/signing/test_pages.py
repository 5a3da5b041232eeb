"""The public did.json, the office's key page and rotation, and the rotate_issuer_key command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from microcred.signing import selectors, services
from microcred.signing.models import IssuerKey
from tests.factories import MembershipFactory

DID = "did:web:testserver:issuers:bingham"
NOT_ADMINS = ["unit_lead", "reviewer", "budget", "registrar", "learner", "outsider"]


def keys_url(slug: str = "bingham") -> str:
    return reverse("issuers:keys", args=[slug])


# --- did.json ------------------------------------------------------------------------------------------


def test_did_json_is_public_with_its_content_type_cache_and_cors(institution):
    services.current_signing_key(institution=institution)
    response = Client().get("/issuers/bingham/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document == selectors.did_document(institution)
    assert document["id"] == DID
    assert document["assertionMethod"] == [f"{DID}#key-1"]


def test_did_json_lists_every_key_after_rotation_with_the_current_one_first(institution):
    services.current_signing_key(institution=institution)
    services.rotate_issuer_key(institution=institution)
    services.rotate_issuer_key(institution=institution)
    document = Client().get(reverse("issuers:did", args=["bingham"])).json()
    multikeys = [
        key.public_multikey for key in IssuerKey.objects.filter(institution=institution).order_by("number")
    ]
    assert [method["publicKeyMultibase"] for method in document["verificationMethod"]] == multikeys
    assert document["assertionMethod"][0] == f"{DID}#key-3"
    assert sorted(document["assertionMethod"]) == [f"{DID}#key-{n}" for n in (1, 2, 3)]
    assert services.current_signing_key(institution=institution).verification_method == f"{DID}#key-3"


def test_did_json_of_an_unknown_institution_is_404(db):
    assert Client().get("/issuers/nobody/did.json").status_code == 404


def test_did_json_before_the_first_key_makes_no_key(institution):
    assert Client().get("/issuers/bingham/did.json").json()["verificationMethod"] == []
    assert not IssuerKey.objects.exists()


def test_did_json_is_read_only(institution):
    assert Client().post("/issuers/bingham/did.json").status_code == 405


# --- the key page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_the_office_sees_the_did_and_every_key(institution, client_as, role):
    services.current_signing_key(institution=institution)
    services.rotate_issuer_key(institution=institution)
    response = client_as(role).get(keys_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert DID in page
    for key in IssuerKey.objects.filter(institution=institution):
        assert key.public_multikey in page
    assert "#key-1" in page
    assert "#key-2" in page
    assert "current" in page
    assert "csrfmiddlewaretoken" in page
    assert "Rotate key" in page
    assert "<script" not in page.split("</header>")[-1]
    assert "style=" not in page


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_others_may_not_see_the_key_page(institution, client_as, role):
    assert client_as(role).get(keys_url()).status_code == 403


def test_admins_of_another_institution_may_not_see_it(institution, other_institution, client_as):
    other_admin = MembershipFactory(institution=other_institution, role="institution_admin").user
    assert client_as(other_admin).get(keys_url()).status_code == 403
    assert client_as(other_admin).post(keys_url(), {"confirm": "on"}).status_code == 403
    assert not IssuerKey.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(institution, client_as):
    response = client_as("anonymous").get(keys_url())
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign" in response["Location"]


def test_an_unknown_institution_is_404(institution, client_as):
    assert client_as("operator").get(keys_url("nobody")).status_code == 404


def test_the_admin_rotates_the_key(institution, people, client_as):
    services.current_signing_key(institution=institution)
    client = client_as("admin")
    response = client.post(keys_url(), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == keys_url()
    current = selectors.current_key(institution)
    assert current is not None
    assert current.number == 2
    assert current.created_by == people["admin"]
    assert IssuerKey.objects.get(institution=institution, number=1).retired_at is not None
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("rotated" in message and "key 2" in message for message in messages)


def test_rotation_needs_the_confirmation(institution, client_as):
    services.current_signing_key(institution=institution)
    response = client_as("admin").post(keys_url(), {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert selectors.current_key(institution).number == 1


def test_rotation_needs_the_csrf_token(institution, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["admin"])
    assert client.post(keys_url(), {"confirm": "on"}).status_code == 403
    assert not IssuerKey.objects.exists()


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_others_may_not_rotate(institution, client_as, role):
    services.current_signing_key(institution=institution)
    assert client_as(role).post(keys_url(), {"confirm": "on"}).status_code == 403
    assert list(IssuerKey.objects.values_list("number", "retired_at")) == [(1, None)]


# --- the command -----------------------------------------------------------------------------------------


def test_the_command_rotates_and_prints_the_new_verification_method(institution):
    services.current_signing_key(institution=institution)
    out = StringIO()
    call_command("rotate_issuer_key", "bingham", stdout=out)
    assert out.getvalue().strip() == f"{DID}#key-2"
    assert services.current_signing_key(institution=institution).number == 2
    assert IssuerKey.objects.filter(institution=institution, retired_at__isnull=False).count() == 1


def test_the_command_refuses_an_unknown_institution(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("rotate_issuer_key", "nobody", stdout=StringIO())


def test_did_json_answers_head(institution):
    response = Client().head("/issuers/bingham/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
