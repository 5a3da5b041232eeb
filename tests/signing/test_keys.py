"""Issuer keys: the did:web identity, key creation and rotation, the DID document, encryption at rest, the
in-process cache, and credentials signed before a rotation still verifying through the served did.json."""

from __future__ import annotations

import base64
import json
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from microcred.openbadges.issue import sign_credential
from microcred.openbadges.keys import SigningKey, default_resolver, did_web_to_url
from microcred.openbadges.verify import verify_credential
from microcred.signing import crypto, selectors, services
from microcred.signing.models import IssuerKey
from tests.factories import InstitutionFactory
from tests.openbadges.proofs.fixtures import ob3_credential

MNT = SimpleNamespace(slug="mnt-college")


# --- the did:web identity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("public_url", "did", "did_json"),
    [
        (
            "https://badges.example.edu",
            "did:web:badges.example.edu:issuers:mnt-college",
            "https://badges.example.edu/issuers/mnt-college/did.json",
        ),
        (
            "https://badges.example.edu:8443",
            "did:web:badges.example.edu%3A8443:issuers:mnt-college",
            "https://badges.example.edu:8443/issuers/mnt-college/did.json",
        ),
        (
            "http://127.0.0.1:8000",
            "did:web:127.0.0.1%3A8000:issuers:mnt-college",
            "https://127.0.0.1:8000/issuers/mnt-college/did.json",
        ),
        (
            "http://localhost:8000/",
            "did:web:localhost%3A8000:issuers:mnt-college",
            "https://localhost:8000/issuers/mnt-college/did.json",
        ),
        (
            "https://www.example.edu/badges",
            "did:web:www.example.edu:badges:issuers:mnt-college",
            "https://www.example.edu/badges/issuers/mnt-college/did.json",
        ),
        ("http://testserver", "did:web:testserver:issuers:mnt-college", None),
    ],
)
def test_issuer_did(public_url, did, did_json):
    with override_settings(PUBLIC_URL=public_url):
        assert selectors.issuer_did(MNT) == did  # type: ignore[arg-type]
    if did_json:
        assert did_web_to_url(did) == did_json


def test_the_did_resolves_to_the_served_path():
    """For an https origin, did:web resolution lands exactly on the did.json view."""
    with override_settings(PUBLIC_URL="https://badges.example.edu"):
        url = did_web_to_url(selectors.issuer_did(MNT))  # type: ignore[arg-type]
    assert (
        urlsplit(url).path == reverse("issuers:did", args=["mnt-college"]) == "/issuers/mnt-college/did.json"
    )


def test_a_host_a_did_cannot_name_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(PUBLIC_URL="http://[::1]:8000"), pytest.raises(ImproperlyConfigured):
        selectors.issuer_did(MNT)  # type: ignore[arg-type]


# --- keys, rotation and the DID document --------------------------------------------------------------------


def test_first_use_creates_key_1(institution):
    assert selectors.current_key(institution) is None
    signer = services.current_signing_key(institution=institution)
    assert signer.number == 1
    assert signer.issuer_did == "did:web:testserver:issuers:bingham"
    assert signer.verification_method == "did:web:testserver:issuers:bingham#key-1"
    assert signer.key.is_ed25519
    row = IssuerKey.objects.get(institution=institution)
    assert row.public_multikey == signer.key.public_multikey
    assert row.retired_at is None
    assert row.created_by is None
    again = services.current_signing_key(institution=institution)
    assert again.key.private_multikey == signer.key.private_multikey
    assert IssuerKey.objects.filter(institution=institution).count() == 1
    assert "z3u2" not in repr(signer)


def test_a_concurrent_first_key_is_reused(institution, monkeypatch):
    """Another request made key 1 after our check: the constraint stops a second key, and we use theirs."""
    winner = services.current_signing_key(institution=institution)
    services.clear_key_cache()
    real = selectors.current_key
    calls = iter([None, None])
    monkeypatch.setattr(selectors, "current_key", lambda inst: next(calls, None) or real(inst))
    signer = services.current_signing_key(institution=institution)
    assert signer.key.private_multikey == winner.key.private_multikey
    assert IssuerKey.objects.filter(institution=institution).count() == 1


def test_rotation_retires_the_current_key_and_keeps_every_key_published(institution, people):
    first = services.current_signing_key(institution=institution)
    new = services.rotate_issuer_key(institution=institution, by=people["admin"])
    assert new.number == 2
    assert new.created_by == people["admin"]
    keys = selectors.keys_of(institution)
    assert [key.number for key in keys] == [1, 2]
    assert keys[0].retired_at is not None
    assert keys[1].retired_at is None
    second = services.current_signing_key(institution=institution)
    assert second.number == 2
    assert second.verification_method.endswith("#key-2")
    assert second.key.public_multikey != first.key.public_multikey

    services.rotate_issuer_key(institution=institution)
    document = selectors.did_document(institution)
    did = "did:web:testserver:issuers:bingham"
    assert document["id"] == did
    assert [method["id"] for method in document["verificationMethod"]] == [
        f"{did}#key-{n}" for n in (1, 2, 3)
    ]
    assert document["assertionMethod"] == [f"{did}#key-3", f"{did}#key-1", f"{did}#key-2"]
    assert document["verificationMethod"][0]["publicKeyMultibase"] == first.key.public_multikey
    assert all(method["type"] == "Multikey" for method in document["verificationMethod"])
    assert [info.number for info in selectors.public_keys(institution)] == [3, 2, 1]
    assert [info.is_current for info in selectors.public_keys(institution)] == [True, False, False]


def test_rotating_before_any_key_makes_key_1(institution):
    assert services.rotate_issuer_key(institution=institution).number == 1
    assert services.current_signing_key(institution=institution).number == 1


def test_keys_are_per_institution(institution, other_institution):
    mine = services.current_signing_key(institution=institution)
    theirs = services.current_signing_key(institution=other_institution)
    assert mine.key.public_multikey != theirs.key.public_multikey
    assert theirs.issuer_did == "did:web:testserver:issuers:other"
    services.rotate_issuer_key(institution=institution)
    assert services.current_signing_key(institution=other_institution).number == 1


def test_a_document_before_the_first_key_lists_none(institution):
    document = selectors.did_document(institution)
    assert document["id"] == "did:web:testserver:issuers:bingham"
    assert document["verificationMethod"] == []
    assert document["assertionMethod"] == []


# --- encryption at rest ---------------------------------------------------------------------------------


def _every_stored_value() -> list[bytes]:
    values: list[bytes] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        values.append(bytes(value))
                    elif value is not None:
                        values.append(str(value).encode())
    return values


def test_the_database_never_holds_a_private_key_in_clear(institution):
    services.current_signing_key(institution=institution)
    services.rotate_issuer_key(institution=institution)
    services.clear_key_cache()
    secrets: list[bytes] = []
    for row in selectors.keys_of(institution):
        key = crypto.decrypt_private_key(
            row.encrypted_private_key, institution_id=institution.pk, number=row.number
        )
        assert isinstance(key.private_key, Ed25519PrivateKey)
        raw = key.private_key.private_bytes_raw()
        secrets += [
            key.private_multikey.encode(),
            key.private_multikey[1:].encode(),
            raw,
            raw.hex().encode(),
            base64.b64encode(raw),
            base64.urlsafe_b64encode(raw).rstrip(b"="),
            key.to_pem(),
        ]
    stored = _every_stored_value()
    assert any(
        row.public_multikey.encode() in value for value in stored for row in selectors.keys_of(institution)
    )
    for secret in secrets:
        assert not any(secret in value for value in stored)


def test_a_wrong_kek_stops_signing_with_a_clear_error(institution):
    services.current_signing_key(institution=institution)
    services.clear_key_cache()
    with override_settings(KEY_ENCRYPTION_KEY=bytes(32)), pytest.raises(crypto.KeyDecryptionError) as caught:
        services.current_signing_key(institution=institution)
    assert f"key-1 of institution {institution.pk}" in str(caught.value)


def test_a_ciphertext_moved_to_another_institution_does_not_decrypt(institution, other_institution):
    services.current_signing_key(institution=institution)
    services.current_signing_key(institution=other_institution)
    services.clear_key_cache()
    mine = IssuerKey.objects.get(institution=institution)
    IssuerKey.objects.filter(institution=other_institution).update(
        encrypted_private_key=mine.encrypted_private_key
    )
    with pytest.raises(
        crypto.KeyDecryptionError, match=f"key-1 of institution {other_institution.pk}.*moved"
    ):
        services.current_signing_key(institution=other_institution)


# --- the in-process cache -------------------------------------------------------------------------------


@pytest.fixture
def decrypts(monkeypatch):
    """Counts the decryptions the services make."""
    counted: list[tuple[int, int]] = []
    real = crypto.decrypt_private_key

    def counting(blob, *, institution_id, number, kek=None):
        counted.append((institution_id, number))
        return real(blob, institution_id=institution_id, number=number, kek=kek)

    monkeypatch.setattr(crypto, "decrypt_private_key", counting)
    return counted


def test_one_decrypt_per_key_however_many_signatures(institution, other_institution, decrypts):
    services.current_signing_key(institution=institution)
    assert decrypts == []  # a key just made is cached as generated
    services.clear_key_cache()
    for _ in range(200):
        services.current_signing_key(institution=institution)
        services.current_signing_key(institution=other_institution)
    assert decrypts == [(institution.pk, 1)]  # the other institution's key was made here, not decrypted
    services.clear_key_cache()
    services.current_signing_key(institution=other_institution)
    assert decrypts == [(institution.pk, 1), (other_institution.pk, 1)]


def test_rotation_is_seen_at_once_and_the_new_key_is_not_decrypted(institution, decrypts):
    first = services.current_signing_key(institution=institution)
    services.rotate_issuer_key(institution=institution)
    assert services.current_signing_key(institution=institution).number == 2
    assert decrypts == []
    assert first.key.public_multikey not in {key.public_multikey for key in services._cache.values()}


def test_a_cached_key_is_never_served_for_another_row_with_the_same_number(institution):
    first = services.current_signing_key(institution=institution)
    IssuerKey.objects.filter(institution=institution).delete()  # e.g. a database restored from an old backup
    second = services.current_signing_key(institution=institution)
    assert second.number == 1
    assert second.key.public_multikey != first.key.public_multikey
    assert second.key.public_multikey == IssuerKey.objects.get(institution=institution).public_multikey


# --- credentials signed before a rotation keep verifying ------------------------------------------------


def _fetch_from_test_client(url: str):
    """Answer did:web resolution (always https) from the Django test client."""
    parts = urlsplit(url)
    assert parts.scheme == "https"
    assert parts.netloc == "testserver"
    response = Client().get(parts.path)
    if response.status_code != 200:
        raise LookupError(f"{url}: {response.status_code}")
    return json.loads(response.content)


def _signed(institution) -> dict:
    signer = services.current_signing_key(institution=institution)
    credential = ob3_credential(
        issuer={"id": signer.issuer_did, "type": ["Profile"], "name": institution.name}
    )
    return sign_credential(credential, key=signer.key, verification_method=signer.verification_method)


def test_credentials_signed_before_and_after_rotation_verify_through_did_json(institution):
    resolver = default_resolver(_fetch_from_test_client, allow_embedded=False)
    before = _signed(institution)
    assert before["proof"][0]["verificationMethod"].endswith("#key-1")
    services.rotate_issuer_key(institution=institution)
    after = _signed(institution)
    assert after["proof"][0]["verificationMethod"].endswith("#key-2")
    services.rotate_issuer_key(institution=institution)
    for credential in (before, after):
        report = verify_credential(credential, resolver=resolver)
        assert report.valid, report.to_dict()


def test_a_signature_by_a_key_not_in_did_json_does_not_verify(institution):
    signer = services.current_signing_key(institution=institution)
    credential = ob3_credential(
        issuer={"id": signer.issuer_did, "type": ["Profile"], "name": institution.name}
    )
    forged = sign_credential(
        credential, key=SigningKey.generate_ed25519(), verification_method=signer.verification_method
    )
    report = verify_credential(
        forged, resolver=default_resolver(_fetch_from_test_client, allow_embedded=False)
    )
    assert not report.valid


def test_a_did_of_another_institution_is_not_this_ones(institution):
    other = InstitutionFactory(slug="elsewhere")
    signer = services.current_signing_key(institution=institution)
    credential = ob3_credential(issuer={"id": selectors.issuer_did(other), "type": ["Profile"], "name": "x"})
    signed = sign_credential(
        credential, key=signer.key, verification_method=f"{selectors.issuer_did(other)}#key-1"
    )
    services.current_signing_key(institution=other)
    report = verify_credential(
        signed, resolver=default_resolver(_fetch_from_test_client, allow_embedded=False)
    )
    assert not report.valid
