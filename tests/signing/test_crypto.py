"""Issuer private keys at rest: AES-256-GCM under the KEK, bound to their institution and key number."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import override_settings

from microcred.openbadges.keys import SigningKey
from microcred.signing.crypto import KeyDecryptionError, decrypt_private_key, encrypt_private_key, kek_id

KEK = bytes(range(32))
OTHER_KEK = bytes(range(1, 33))


@pytest.fixture
def key() -> SigningKey:
    return SigningKey.generate_ed25519()


def secrets_of(key: SigningKey) -> list[bytes]:
    assert isinstance(key.private_key, Ed25519PrivateKey)
    raw = key.private_key.private_bytes_raw()
    return [key.private_multikey.encode(), raw, raw.hex().encode()]


def test_round_trip(key):
    blob = encrypt_private_key(key, institution_id=7, number=2, kek=KEK)
    back = decrypt_private_key(blob, institution_id=7, number=2, kek=KEK)
    assert back.private_multikey == key.private_multikey
    assert back.public_multikey == key.public_multikey


def test_layout_version_kek_id_nonce_and_no_clear_key(key):
    blob = encrypt_private_key(key, institution_id=7, number=2, kek=KEK)
    assert blob[0] == 1
    assert blob[1:9] == kek_id(KEK)
    assert len(blob) == 1 + 8 + 12 + 32 + 16
    assert not any(secret in blob for secret in secrets_of(key))


def test_a_fresh_nonce_every_time(key):
    first = encrypt_private_key(key, institution_id=7, number=2, kek=KEK)
    second = encrypt_private_key(key, institution_id=7, number=2, kek=KEK)
    assert first[9:21] != second[9:21]
    assert first != second


def test_memoryview_from_the_database_decrypts(key):
    blob = encrypt_private_key(key, institution_id=1, number=1, kek=KEK)
    assert decrypt_private_key(memoryview(blob), institution_id=1, number=1, kek=KEK).public_multikey == (
        key.public_multikey
    )


def test_defaults_to_the_settings_kek(key, settings):
    blob = encrypt_private_key(key, institution_id=1, number=1)
    assert blob[1:9] == kek_id(settings.KEY_ENCRYPTION_KEY)
    with override_settings(KEY_ENCRYPTION_KEY=OTHER_KEK), pytest.raises(KeyDecryptionError):
        decrypt_private_key(blob, institution_id=1, number=1)


def test_wrong_kek_fails_clearly(key):
    blob = encrypt_private_key(key, institution_id=7, number=2, kek=KEK)
    with pytest.raises(KeyDecryptionError) as caught:
        decrypt_private_key(blob, institution_id=7, number=2, kek=OTHER_KEK)
    message = str(caught.value)
    assert "key-2 of institution 7" in message
    assert "different key-encryption key" in message
    assert "MICROCRED_KEY_ENCRYPTION_KEY" in message
    assert not any(secret.decode("latin-1") in message for secret in secrets_of(key))


@pytest.mark.parametrize(("institution_id", "number"), [(8, 2), (7, 3), (8, 1)])
def test_moved_ciphertext_fails_clearly(key, institution_id, number):
    blob = encrypt_private_key(key, institution_id=7, number=2, kek=KEK)
    with pytest.raises(KeyDecryptionError) as caught:
        decrypt_private_key(blob, institution_id=institution_id, number=number, kek=KEK)
    message = str(caught.value)
    assert f"key-{number} of institution {institution_id}" in message
    assert "moved" in message
    assert key.public_multikey not in message


def test_altered_ciphertext_fails(key):
    blob = bytearray(encrypt_private_key(key, institution_id=7, number=2, kek=KEK))
    blob[-1] ^= 1
    with pytest.raises(KeyDecryptionError, match="altered"):
        decrypt_private_key(bytes(blob), institution_id=7, number=2, kek=KEK)


@pytest.mark.parametrize(
    ("mangle", "reason"), [(lambda b: b[:-1], "malformed"), (lambda b: b"\x02" + b[1:], "version 2")]
)
def test_malformed_blobs(key, mangle, reason):
    blob = encrypt_private_key(key, institution_id=7, number=2, kek=KEK)
    with pytest.raises(KeyDecryptionError, match=reason):
        decrypt_private_key(mangle(blob), institution_id=7, number=2, kek=KEK)


def test_only_ed25519_keys_and_32_byte_keks(key):
    with pytest.raises(ValueError, match="Ed25519"):
        encrypt_private_key(SigningKey.generate_rsa(), institution_id=1, number=1, kek=KEK)
    with pytest.raises(ValueError, match="32 bytes"):
        encrypt_private_key(key, institution_id=1, number=1, kek=b"short")
