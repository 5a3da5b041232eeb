"""Public keys as JSON Web Keys (RFC 7517, RFC 7518 section 6, RFC 8037 for OKP/Ed25519).

VC-JWTs name their key by ``kid`` (a URL dereferencing to a JWK) or embed it as ``jwk``; the JWK "MUST
never contain ``d``" (OB 3.0 section 8.2, https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof).
Supported: ``OKP``/``Ed25519`` (EdDSA), ``RSA`` (RS256) and ``EC``/``P-256`` (ES256).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from microcred.openbadges.errors import KeyMaterialError
from microcred.openbadges.keys.multibase import b64url_decode, b64url_encode
from microcred.openbadges.keys.multikey import PublicKey

__all__ = ["jwk_thumbprint", "jwk_to_public_key", "public_key_to_jwk"]

_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")


def public_key_to_jwk(key: PublicKey) -> dict[str, str]:
    """Return the public JWK of an Ed25519, RSA or P-256 public key (never any private member)."""
    if isinstance(key, Ed25519PublicKey):
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        return {
            "kty": "RSA",
            "n": b64url_encode(_int_bytes(numbers.n)),
            "e": b64url_encode(_int_bytes(numbers.e)),
        }
    if isinstance(key.curve, ec.SECP256R1):
        point = key.public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": b64url_encode(point.x.to_bytes(32, "big")),
            "y": b64url_encode(point.y.to_bytes(32, "big")),
        }
    raise KeyMaterialError(f"unsupported elliptic curve {key.curve.name} (P-256 only)")


def jwk_to_public_key(jwk: Mapping[str, Any]) -> PublicKey:
    """Parse a public JWK; raise :class:`KeyMaterialError` if malformed, unsupported or private."""
    if not isinstance(jwk, Mapping):
        raise KeyMaterialError("a JWK must be a JSON object")
    present = [name for name in _PRIVATE_MEMBERS if name in jwk]
    if present:
        raise KeyMaterialError(f"the JWK carries private key material ({', '.join(present)}); refusing it")
    kty = jwk.get("kty")
    if kty == "OKP":
        if jwk.get("crv") != "Ed25519":
            raise KeyMaterialError(f"unsupported OKP curve {jwk.get('crv')!r} (Ed25519 only)")
        raw = _member(jwk, "x")
        if len(raw) != 32:
            raise KeyMaterialError("an Ed25519 JWK 'x' must be 32 bytes")
        return Ed25519PublicKey.from_public_bytes(raw)
    if kty == "RSA":
        n = int.from_bytes(_member(jwk, "n"), "big")
        e = int.from_bytes(_member(jwk, "e"), "big")
        if n.bit_length() < 2048:
            raise KeyMaterialError(f"RSA modulus of {n.bit_length()} bits is too short (2048 minimum)")
        try:
            return rsa.RSAPublicNumbers(e, n).public_key()
        except ValueError as exc:
            raise KeyMaterialError(f"invalid RSA JWK: {exc}") from exc
    if kty == "EC":
        if jwk.get("crv") != "P-256":
            raise KeyMaterialError(f"unsupported EC curve {jwk.get('crv')!r} (P-256 only)")
        x, y = _member(jwk, "x"), _member(jwk, "y")
        try:
            return ec.EllipticCurvePublicNumbers(
                int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
            ).public_key()
        except ValueError as exc:
            raise KeyMaterialError(f"invalid P-256 JWK: {exc}") from exc
    raise KeyMaterialError(f"unsupported JWK key type {kty!r} (OKP, RSA or EC)")


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """Return the RFC 7638 SHA-256 thumbprint (base64url) of a public JWK, handy as a ``kid``."""
    required = {"OKP": ("crv", "kty", "x"), "RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y")}
    members = required.get(str(jwk.get("kty")))
    if members is None or any(not isinstance(jwk.get(name), str) for name in members):
        raise KeyMaterialError("cannot compute the thumbprint of an incomplete or unsupported JWK")
    canonical = json.dumps({name: jwk[name] for name in members}, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


def _member(jwk: Mapping[str, Any], name: str) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str) or not value:
        raise KeyMaterialError(f"the JWK has no {name!r} member")
    return b64url_decode(value)


def _int_bytes(value: int) -> bytes:
    return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
