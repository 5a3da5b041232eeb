"""Signing credentials: the two functions the Django apps call.

- :func:`sign_credential` adds an ``eddsa-rdfc-2022`` ``DataIntegrityProof`` (OB 3.0 section 8.3,
  https://www.imsglobal.org/spec/ob/v3p0/#data-integrity; W3C vc-di-eddsa section 3.3);
- :func:`sign_credential_jwt` returns the credential as a VC-JWT (OB 3.0 section 8.2,
  https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof).

Both refuse a credential with terms JSON-LD would drop (they would not be signed), naming them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from microcred.openbadges.errors import ProofError
from microcred.openbadges.keys.multikey import SigningKey
from microcred.openbadges.proofs.data_integrity import (
    ProofOptions,
    ensure_no_dropped_terms,
    proofs_of,
    without_proof,
)
from microcred.openbadges.proofs.eddsa_rdfc_2022 import CRYPTOSUITE, create_proof
from microcred.openbadges.proofs.vc_jwt import encode_vc_jwt

__all__ = ["sign_credential", "sign_credential_jwt"]


def sign_credential(
    credential: Mapping[str, Any],
    *,
    key: SigningKey,
    verification_method: str,
    created: datetime | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """Return a copy of ``credential`` with an ``eddsa-rdfc-2022`` proof appended to its ``proof`` array.

    Existing proofs are kept (a proof set: each proof signs the credential without any proof).
    ``verification_method`` must dereference to ``key``'s public key (a did:key, or a did:web/https
    controller document listing it under ``assertionMethod``, controlled by the issuer). ``created``
    defaults to now. Raises :class:`~microcred.openbadges.errors.DroppedTermsError` if JSON-LD would drop
    a term of the credential or of the proof (e.g. a VC 1.1 credential without the Data Integrity context).
    """
    if not key.is_ed25519:
        raise ProofError(f"{CRYPTOSUITE} needs an Ed25519 key; RSA keys sign VC-JWTs only")
    unsecured = _copy_json(without_proof(credential))
    options = ProofOptions(
        verification_method=verification_method,
        cryptosuite=CRYPTOSUITE,
        proof_purpose=proof_purpose,
        created=created or datetime.now(UTC),
    ).to_dict()
    # Safe canonicalization refuses dropped terms in the document and in the proof options, which are
    # canonicalized under the document's @context too (vc-di-eddsa Proof Configuration): a VC 1.1
    # credential needs https://w3id.org/security/data-integrity/v1 for them.
    proof = create_proof(unsecured, options, key, safe=True)
    return {**unsecured, "proof": [*_copy_json(proofs_of(credential)), proof]}


def sign_credential_jwt(
    credential: Mapping[str, Any], *, key: SigningKey, kid: str | None = None, embed_jwk: bool = False
) -> str:
    """Return ``credential`` signed as a compact VC-JWT (RS256 for RSA keys, EdDSA for Ed25519 keys).

    The payload is the credential itself (VC 2.0) plus ``iss``, ``jti``, ``nbf``, ``sub`` and ``exp``;
    embedded proofs it already has stay inside. ``kid`` should be a URL that dereferences to the public
    JWK (e.g. a JWK Set entry or a did:web verification method); ``embed_jwk`` puts the public key in the
    header instead (or as well).
    """
    ensure_no_dropped_terms(without_proof(credential))
    return encode_vc_jwt(credential, key, kid=kid, embed_jwk=embed_jwk)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _copy_json(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars); about 4 times faster than ``copy.deepcopy``."""
    kind = type(value)
    if kind is dict:
        return {key: item if type(item) in _SCALARS else _copy_json(item) for key, item in value.items()}
    if kind is list:
        return [item if type(item) in _SCALARS else _copy_json(item) for item in value]
    if kind in _SCALARS:
        return value
    return copy.deepcopy(value)  # anything else (a Mapping, a tuple...) keeps its own copy semantics
