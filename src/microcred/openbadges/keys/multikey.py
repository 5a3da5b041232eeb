"""Ed25519 keys as Multikey values, and the :class:`SigningKey` the issuing code signs with.

A Multikey ``publicKeyMultibase`` is ``z`` + base58btc(multicodec varint + raw key): the ``ed25519-pub``
code 0xed is the varint ``ed 01`` and gives the familiar ``z6Mk...`` prefix; ``ed25519-priv`` 0x1300 is
``80 26`` and gives ``z3u2...`` (https://www.w3.org/TR/controller-document/#multikey,
https://www.w3.org/TR/vc-di-eddsa/#multikey, https://github.com/multiformats/multicodec).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from microcred.openbadges.errors import KeyMaterialError
from microcred.openbadges.keys.multibase import multibase_decode, multibase_encode

__all__ = [
    "ED25519_PRIV_PREFIX",
    "ED25519_PUB_PREFIX",
    "PublicKey",
    "SigningKey",
    "decode_multikey_private",
    "decode_multikey_public",
    "encode_multikey_private",
    "encode_multikey_public",
    "public_key_fingerprint",
]

#: multicodec ``ed25519-pub`` (0xed) as an unsigned varint.
ED25519_PUB_PREFIX = b"\xed\x01"
#: multicodec ``ed25519-priv`` (0x1300) as an unsigned varint.
ED25519_PRIV_PREFIX = b"\x80\x26"

#: Public keys the verifiers accept: Ed25519 (Data Integrity, EdDSA JWS), RSA (RS256), P-256 (ES256).
PublicKey: TypeAlias = Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def encode_multikey_public(key: Ed25519PublicKey) -> str:
    """Return the Multikey ``publicKeyMultibase`` (``z6Mk...``) of an Ed25519 public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return multibase_encode(ED25519_PUB_PREFIX + raw)


def decode_multikey_public(value: str) -> Ed25519PublicKey:
    """Parse a Multikey ``publicKeyMultibase`` holding an Ed25519 public key (``z6Mk...``)."""
    raw = multibase_decode(value)
    if raw[:2] != ED25519_PUB_PREFIX:
        raise KeyMaterialError(
            f"{_short(value)} is not an Ed25519 Multikey (multicodec prefix is not 0xed01)"
        )
    if len(raw) != 34:
        raise KeyMaterialError(f"{_short(value)}: an Ed25519 public key has 32 bytes, not {len(raw) - 2}")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def encode_multikey_private(key: Ed25519PrivateKey) -> str:
    """Return the Multikey ``secretKeyMultibase`` (``z3u2...``) of an Ed25519 private key (32-byte seed)."""
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return multibase_encode(ED25519_PRIV_PREFIX + raw)


def decode_multikey_private(value: str) -> Ed25519PrivateKey:
    """Parse a Multikey ``secretKeyMultibase`` holding an Ed25519 private key seed (``z3u2...``)."""
    raw = multibase_decode(value)
    if raw[:2] != ED25519_PRIV_PREFIX or len(raw) != 34:
        raise KeyMaterialError("not an Ed25519 private Multikey (multicodec 0x1300 with a 32-byte seed)")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def public_key_fingerprint(key: PublicKey) -> str:
    """Return a stable text form of a public key: its Multikey for Ed25519, else a DER hash."""
    if isinstance(key, Ed25519PublicKey):
        return encode_multikey_public(key)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(
        key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return "sha256:" + digest.finalize().hex()


@dataclass(frozen=True)
class SigningKey:
    """A private key that signs credentials: Ed25519 (Data Integrity proofs, EdDSA JWS) or RSA (RS256 JWS).

    Keep instances out of logs and reprs: :meth:`__repr__` shows only the public Multikey or fingerprint.
    """

    private_key: Ed25519PrivateKey | rsa.RSAPrivateKey

    @classmethod
    def generate_ed25519(cls) -> SigningKey:
        """Generate a new random Ed25519 signing key."""
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def generate_rsa(cls, bits: int = 2048) -> SigningKey:
        """Generate a new RSA signing key for RS256 VC-JWTs (2048 bits minimum)."""
        if bits < 2048:
            raise KeyMaterialError("RSA keys shorter than 2048 bits are not allowed")
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=bits))

    @classmethod
    def from_multikey(cls, secret_key_multibase: str) -> SigningKey:
        """Load an Ed25519 key from its Multikey ``secretKeyMultibase`` (``z3u2...``)."""
        return cls(decode_multikey_private(secret_key_multibase))

    @classmethod
    def from_pem(cls, pem: bytes, password: bytes | None = None) -> SigningKey:
        """Load an Ed25519 or RSA private key from PKCS#8 PEM (optionally encrypted with ``password``)."""
        try:
            key = serialization.load_pem_private_key(pem, password=password)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise KeyMaterialError(f"cannot load the private key PEM: {exc}") from exc
        if not isinstance(key, Ed25519PrivateKey | rsa.RSAPrivateKey):
            raise KeyMaterialError(f"unsupported private key type {type(key).__name__} (Ed25519 or RSA only)")
        return cls(key)

    def to_pem(self, password: bytes | None = None) -> bytes:
        """Return the private key as PKCS#8 PEM, encrypted with ``password`` when one is given."""
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
        )
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    @property
    def public_key(self) -> Ed25519PublicKey | rsa.RSAPublicKey:
        """The matching public key."""
        return self.private_key.public_key()

    @property
    def is_ed25519(self) -> bool:
        """True for an Ed25519 key (usable for Data Integrity proofs), False for RSA."""
        return isinstance(self.private_key, Ed25519PrivateKey)

    @property
    def jws_algorithm(self) -> str:
        """The JOSE ``alg`` this key signs with: ``EdDSA`` or ``RS256``."""
        return "EdDSA" if self.is_ed25519 else "RS256"

    @property
    def public_multikey(self) -> str:
        """The Multikey ``publicKeyMultibase`` (``z6Mk...``); Ed25519 keys only."""
        public = self.public_key
        if not isinstance(public, Ed25519PublicKey):
            raise KeyMaterialError("only Ed25519 keys have a Multikey encoding")
        return encode_multikey_public(public)

    @property
    def private_multikey(self) -> str:
        """The Multikey ``secretKeyMultibase`` (``z3u2...``); Ed25519 keys only. Treat it as a secret."""
        if not isinstance(self.private_key, Ed25519PrivateKey):
            raise KeyMaterialError("only Ed25519 keys have a Multikey encoding")
        return encode_multikey_private(self.private_key)

    def sign(self, data: bytes) -> bytes:
        """Sign ``data``: pure Ed25519, or RSASSA-PKCS1-v1_5 with SHA-256 (RS256) for RSA keys."""
        if isinstance(self.private_key, Ed25519PrivateKey):
            return self.private_key.sign(data)
        return self.private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    def __repr__(self) -> str:
        return f"SigningKey({public_key_fingerprint(self.public_key)})"


def _short(value: str) -> str:
    return value if len(value) <= 24 else value[:20] + "..."
