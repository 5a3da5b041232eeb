"""VC-JWT: the OB 3.0 "external proof" -- a credential signed as a compact JWS.

Open Badges 3.0 section 8.2 "JSON Web Token Proof Format" (https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof):

- JOSE header: ``alg`` (RS256 at least; EdDSA and ES256 accepted here), ``kid`` (a URI dereferencing to a
  JWK) or ``jwk`` (the public key, never with ``d``), ``typ`` "JWT" if present, no other headers;
- VC 2.0 payload: the credential JSON itself plus the claims ``iss`` = ``issuer.id``, ``jti`` = ``id``,
  ``nbf`` = ``validFrom``, ``sub`` = ``credentialSubject.id`` and ``exp`` = ``validUntil`` (if set);
- VC 1.1 payload: the credential in the ``vc`` claim; ``nbf``/``exp`` from ``issuanceDate``/
  ``expirationDate``.

JWS compact serialization: RFC 7515 section 7.1; algorithms: RFC 7518 section 3, RFC 8037 (EdDSA).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from microcred.openbadges.errors import KeyMaterialError, ProofError
from microcred.openbadges.keys.jwk import public_key_to_jwk
from microcred.openbadges.keys.multibase import b64url_decode, b64url_encode
from microcred.openbadges.keys.multikey import PublicKey, SigningKey
from microcred.openbadges.proofs.data_integrity import parse_datetime

__all__ = [
    "ALLOWED_HEADERS",
    "JWT_CLAIMS",
    "SUPPORTED_ALGORITHMS",
    "DecodedJws",
    "claim_problems",
    "credential_claims",
    "decode_jws",
    "encode_vc_jwt",
    "sign_jws",
    "verify_jws_signature",
]

SUPPORTED_ALGORITHMS = ("RS256", "ES256", "EdDSA")
#: The JOSE header parameters OB 3.0 allows ("Additional JOSE Headers are NOT allowed").
ALLOWED_HEADERS = frozenset({"alg", "kid", "jwk", "typ"})
#: Registered JWT claims (RFC 7519 section 4.1): not part of the credential itself.
JWT_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti")

#: Largest compact JWS accepted (bytes); baked credentials are a few kilobytes.
MAX_JWS_LENGTH = 2_000_000


@dataclass(frozen=True)
class DecodedJws:
    """A parsed (not yet verified) compact JWS."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes

    @property
    def credential(self) -> dict[str, Any]:
        """The credential: the ``vc`` claim (VC 1.1 style) or the payload without the JWT claims (VC 2.0)."""
        vc = self.payload.get("vc")
        if isinstance(vc, dict):
            return dict(vc)
        return {name: value for name, value in self.payload.items() if name not in JWT_CLAIMS}

    @property
    def is_vc11(self) -> bool:
        """True when the credential travels in the ``vc`` claim (VC Data Model 1.1 JWT encoding)."""
        return isinstance(self.payload.get("vc"), dict)


def sign_jws(header: Mapping[str, Any], payload: Mapping[str, Any], key: SigningKey) -> str:
    """Return the compact JWS of ``payload`` (JSON) under ``header``, signed with ``key``."""
    if header.get("alg") != key.jws_algorithm:
        raise ProofError(f"header alg {header.get('alg')!r} does not match the key ({key.jws_algorithm})")
    encoded_header = b64url_encode(_json_bytes(header))
    encoded_payload = b64url_encode(_json_bytes(payload))
    signing_input = f"{encoded_header}.{encoded_payload}".encode("ascii")
    return f"{encoded_header}.{encoded_payload}.{b64url_encode(key.sign(signing_input))}"


def decode_jws(token: str) -> DecodedJws:
    """Split and decode a compact JWS whose payload is a JSON object; raise :class:`ProofError` otherwise."""
    if not isinstance(token, str) or len(token) > MAX_JWS_LENGTH:
        raise ProofError("not a compact JWS (or larger than allowed)")
    parts = token.strip().split(".")
    if len(parts) != 3 or not all(parts[:2]):
        raise ProofError("a compact JWS has three base64url parts separated by dots")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (KeyMaterialError, ValueError, RecursionError) as exc:
        raise ProofError(f"the JWS cannot be decoded: {exc}") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ProofError("the JWS header and payload must be JSON objects")
    return DecodedJws(header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def verify_jws_signature(jws: DecodedJws, public_key: PublicKey) -> bool:
    """Verify the JWS signature for its ``alg`` (RS256, ES256 or EdDSA) with ``public_key``.

    Returns False for a wrong signature; raises :class:`ProofError` for an unsupported ``alg`` or a key
    of the wrong kind.
    """
    alg = jws.header.get("alg")
    try:
        if alg == "RS256" and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(jws.signature, jws.signing_input, padding.PKCS1v15(), hashes.SHA256())
        elif alg == "EdDSA" and isinstance(public_key, Ed25519PublicKey):
            public_key.verify(jws.signature, jws.signing_input)
        elif alg == "ES256" and isinstance(public_key, ec.EllipticCurvePublicKey):
            if len(jws.signature) != 64:
                return False
            der = encode_dss_signature(
                int.from_bytes(jws.signature[:32], "big"), int.from_bytes(jws.signature[32:], "big")
            )
            public_key.verify(der, jws.signing_input, ec.ECDSA(hashes.SHA256()))
        elif alg in SUPPORTED_ALGORITHMS:
            raise ProofError(f"the key ({type(public_key).__name__}) cannot verify alg {alg}")
        else:
            raise ProofError(f"unsupported JWS alg {alg!r} (supported: {', '.join(SUPPORTED_ALGORITHMS)})")
    except InvalidSignature:
        return False
    return True


def credential_claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    """Return the JWT claims OB 3.0 derives from a credential: iss, jti, nbf, sub and exp (when set).

    Uses ``validFrom``/``validUntil``, or ``issuanceDate``/``expirationDate`` for VC 1.1 credentials.
    """
    claims: dict[str, Any] = {}
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if isinstance(issuer_id, str):
        claims["iss"] = issuer_id
    if isinstance(credential.get("id"), str):
        claims["jti"] = credential["id"]
    start = credential.get("validFrom", credential.get("issuanceDate"))
    if start is not None:
        claims["nbf"] = int(parse_datetime(start).timestamp())
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if isinstance(subject, Mapping) and isinstance(subject.get("id"), str):
        claims["sub"] = subject["id"]
    end = credential.get("validUntil", credential.get("expirationDate"))
    if end is not None:
        claims["exp"] = int(parse_datetime(end).timestamp())
    return claims


def claim_problems(jws: DecodedJws) -> tuple[list[str], list[str]]:
    """Compare the JWT claims with the credential they carry (the verifier "MUST check each claim").

    Returns ``(mismatches, missing)``: a claim present with another value than the credential's is a
    mismatch; a claim the credential implies but the JWT lacks is only missing.
    """
    try:
        expected = credential_claims(jws.credential)
    except ProofError as exc:
        return [f"the credential dates are invalid: {exc}"], []
    mismatches: list[str] = []
    missing: list[str] = []
    for name, value in expected.items():
        if name not in jws.payload:
            missing.append(name)
        elif jws.payload[name] != value:
            mismatches.append(f"{name} is {jws.payload[name]!r}, the credential says {value!r}")
    return mismatches, missing


def encode_vc_jwt(
    credential: Mapping[str, Any], key: SigningKey, *, kid: str | None = None, embed_jwk: bool = False
) -> str:
    """Sign ``credential`` as an OB 3.0 / VC 2.0 VC-JWT: the credential itself plus its claims as payload.

    The header names the key by ``kid`` and/or embeds its public ``jwk``; at least one is required.
    """
    if kid is None and not embed_jwk:
        raise ProofError("a VC-JWT needs a 'kid' or an embedded public 'jwk' to name its key")
    header: dict[str, Any] = {"alg": key.jws_algorithm, "typ": "JWT"}
    if kid is not None:
        header["kid"] = kid
    if embed_jwk:
        header["jwk"] = public_key_to_jwk(key.public_key)
    payload = {**credential, **credential_claims(credential)}
    return sign_jws(header, payload, key)


def _json_bytes(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
