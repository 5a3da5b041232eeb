"""Issuer private keys encrypted at rest: AES-256-GCM under the deployment's key-encryption key (KEK).

Stored layout (``IssuerKey.encrypted_private_key``)::

    version (1 byte, 0x01) | KEK id (8 bytes) | nonce (12 random bytes) | AES-GCM(seed) + tag (32 + 16 bytes)

- the plaintext is the raw 32-byte Ed25519 seed;
- the associated data binds the ciphertext to its row (``microcred/issuer-key/v1/<institution id>/<number>``):
  a ciphertext copied to another institution or key number fails authentication;
- the KEK id is ``HMAC-SHA256(KEK, "microcred key-encryption key id")[:8]``: it tells a wrong KEK apart
  from a moved or altered ciphertext (and leaks nothing usable about the KEK).

Errors name the institution and key number, never key bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from microcred.openbadges.keys import SigningKey

__all__ = ["VERSION", "KeyDecryptionError", "decrypt_private_key", "encrypt_private_key", "kek_id"]

VERSION = 1
_KEK_ID_LENGTH = 8
_NONCE_LENGTH = 12
_HEADER_LENGTH = 1 + _KEK_ID_LENGTH + _NONCE_LENGTH
_SEED_LENGTH = 32
_TAG_LENGTH = 16


class KeyDecryptionError(Exception):
    """An issuer's private key could not be decrypted (wrong KEK, moved or altered ciphertext)."""


def kek_id(kek: bytes | None = None) -> bytes:
    """A short, non-secret identifier of a key-encryption key (8 bytes)."""
    key = _kek(kek)
    return hmac.new(key, b"microcred key-encryption key id", hashlib.sha256).digest()[:_KEK_ID_LENGTH]


def _kek(kek: bytes | None) -> bytes:
    key = settings.KEY_ENCRYPTION_KEY if kek is None else kek
    if not isinstance(key, bytes) or len(key) != 32:
        raise ValueError("the key-encryption key must be 32 bytes (MICROCRED_KEY_ENCRYPTION_KEY)")
    return key


def _associated_data(institution_id: int, number: int) -> bytes:
    return f"microcred/issuer-key/v{VERSION}/{int(institution_id)}/{int(number)}".encode("ascii")


def _where(institution_id: int, number: int) -> str:
    return f"issuer key key-{number} of institution {institution_id}"


def encrypt_private_key(
    key: SigningKey, *, institution_id: int, number: int, kek: bytes | None = None
) -> bytes:
    """Encrypt an Ed25519 signing key for storage in row (``institution_id``, ``number``).

    ``kek`` defaults to ``settings.KEY_ENCRYPTION_KEY``. A fresh random nonce is used every time.
    """
    if not isinstance(key.private_key, Ed25519PrivateKey):
        raise ValueError("only Ed25519 issuer keys are stored")
    secret = _kek(kek)
    seed = key.private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    nonce = os.urandom(_NONCE_LENGTH)
    sealed = AESGCM(secret).encrypt(nonce, seed, _associated_data(institution_id, number))
    return bytes([VERSION]) + kek_id(secret) + nonce + sealed


def decrypt_private_key(
    blob: bytes | memoryview, *, institution_id: int, number: int, kek: bytes | None = None
) -> SigningKey:
    """Decrypt what :func:`encrypt_private_key` stored for row (``institution_id``, ``number``).

    Raises :class:`KeyDecryptionError` naming the institution and key when the blob is malformed, was
    encrypted under another KEK, or belongs to another row (or was altered).
    """
    data = bytes(blob)
    where = _where(institution_id, number)
    if len(data) != _HEADER_LENGTH + _SEED_LENGTH + _TAG_LENGTH:
        raise KeyDecryptionError(f"cannot decrypt {where}: the stored ciphertext is malformed")
    if data[0] != VERSION:
        raise KeyDecryptionError(f"cannot decrypt {where}: unknown format version {data[0]}")
    secret = _kek(kek)
    stored_kek_id = data[1 : 1 + _KEK_ID_LENGTH]
    if not hmac.compare_digest(stored_kek_id, kek_id(secret)):
        raise KeyDecryptionError(
            f"cannot decrypt {where}: it was encrypted under a different key-encryption key "
            f"(stored KEK id {stored_kek_id.hex()}, configured KEK id {kek_id(secret).hex()}); "
            "check MICROCRED_KEY_ENCRYPTION_KEY"
        )
    nonce = data[1 + _KEK_ID_LENGTH : _HEADER_LENGTH]
    try:
        seed = AESGCM(secret).decrypt(nonce, data[_HEADER_LENGTH:], _associated_data(institution_id, number))
    except InvalidTag:
        raise KeyDecryptionError(
            f"cannot decrypt {where}: the ciphertext does not belong to this institution and key number "
            "(moved from another row) or was altered"
        ) from None
    return SigningKey(Ed25519PrivateKey.from_private_bytes(seed))
