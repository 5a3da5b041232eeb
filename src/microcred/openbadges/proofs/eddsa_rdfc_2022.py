"""The ``eddsa-rdfc-2022`` cryptosuite: Ed25519 over RDFC-1.0 canonical N-Quads.

W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.3 "eddsa-rdfc-2022"
(https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022). One function per algorithm of the spec, in its
names; ``verify_proof`` also accepts the deprecated ``eddsa-2022`` identifier, which the OB 3.0
implementation guide asks displayers to keep verifying (same algorithm).

The hash signed is ``sha256(canonical proof configuration) || sha256(canonical document)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.errors import KeyMaterialError, ProofError
from microcred.openbadges.keys.multibase import multibase_decode, multibase_encode
from microcred.openbadges.keys.multikey import PublicKey, SigningKey
from microcred.openbadges.proofs.data_integrity import DATA_INTEGRITY_PROOF, parse_datetime, without_proof

__all__ = [
    "CRYPTOSUITE",
    "LEGACY_CRYPTOSUITE",
    "create_proof",
    "hashing",
    "proof_configuration",
    "proof_serialization",
    "proof_verification",
    "transformation",
    "verify_proof",
]

CRYPTOSUITE = "eddsa-rdfc-2022"
#: Earlier name of the same suite (VC 1.1-era credentials, e.g. OB 3.0 ``simple-eddsa-2022.json``).
LEGACY_CRYPTOSUITE = "eddsa-2022"
_SUITES = (CRYPTOSUITE, LEGACY_CRYPTOSUITE)


def _check_suite(options: Mapping[str, Any], step: str) -> None:
    if options.get("type") != DATA_INTEGRITY_PROOF or options.get("cryptosuite") not in _SUITES:
        raise ProofError(
            f"{step}: proof type {options.get('type')!r} / cryptosuite {options.get('cryptosuite')!r} "
            f"is not {DATA_INTEGRITY_PROOF} / {CRYPTOSUITE}"
        )


def transformation(
    unsecured_document: Mapping[str, Any], options: Mapping[str, Any], *, safe: bool = False
) -> str:
    """Transformation (https://www.w3.org/TR/vc-di-eddsa/#transformation-eddsa-rdfc-2022).

    Returns the RDFC-1.0 canonical N-Quads of the unsecured document. With ``safe``, a document whose
    terms JSON-LD would drop raises :class:`~microcred.openbadges.errors.DroppedTermsError` instead.
    """
    _check_suite(options, "transformation")
    return canonicalize(unsecured_document, safe=safe)


def hashing(transformed_document: str, canonical_proof_config: str) -> bytes:
    """Hashing (https://www.w3.org/TR/vc-di-eddsa/#hashing-eddsa-rdfc-2022).

    Returns ``sha256(canonicalProofConfig) || sha256(transformedDocument)`` (64 bytes).
    """
    proof_config_hash = hashlib.sha256(canonical_proof_config.encode("utf-8")).digest()
    document_hash = hashlib.sha256(transformed_document.encode("utf-8")).digest()
    return proof_config_hash + document_hash


def proof_configuration(
    unsecured_document: Mapping[str, Any], options: Mapping[str, Any], *, safe: bool = False
) -> str:
    """Proof Configuration (https://www.w3.org/TR/vc-di-eddsa/#proof-configuration-eddsa-rdfc-2022).

    Copies the options, checks type, cryptosuite and ``created``, gives them the document's ``@context``
    and returns their RDFC-1.0 canonical N-Quads (``safe``: as in :func:`transformation`; e.g. a VC 1.1
    credential needs the Data Integrity context for the proof's terms).
    """
    proof_config = dict(options)
    _check_suite(proof_config, "proof configuration")
    if "created" in proof_config:
        parse_datetime(proof_config["created"])
    proof_config["@context"] = unsecured_document.get("@context")
    return canonicalize(proof_config, safe=safe)


def proof_serialization(hash_data: bytes, key: SigningKey | Ed25519PrivateKey) -> bytes:
    """Proof Serialization (https://www.w3.org/TR/vc-di-eddsa/#proof-serialization-eddsa-rdfc-2022).

    Returns the 64-byte Ed25519 signature of ``hash_data``.
    """
    private_key = key.private_key if isinstance(key, SigningKey) else key
    if not isinstance(private_key, Ed25519PrivateKey):
        raise KeyMaterialError(f"{CRYPTOSUITE} signs with Ed25519 keys only")
    return private_key.sign(hash_data)


def proof_verification(hash_data: bytes, proof_bytes: bytes, public_key: PublicKey) -> bool:
    """Proof Verification (https://www.w3.org/TR/vc-di-eddsa/#proof-verification-eddsa-rdfc-2022).

    Returns whether ``proof_bytes`` is a valid Ed25519 signature of ``hash_data`` by ``public_key``.
    """
    if not isinstance(public_key, Ed25519PublicKey):
        raise KeyMaterialError(f"{CRYPTOSUITE} verifies with Ed25519 keys only")
    try:
        public_key.verify(proof_bytes, hash_data)
    except InvalidSignature:
        return False
    return True


def create_proof(
    unsecured_document: Mapping[str, Any],
    options: Mapping[str, Any],
    key: SigningKey | Ed25519PrivateKey,
    *,
    safe: bool = False,
) -> dict[str, Any]:
    """Create Proof (https://www.w3.org/TR/vc-di-eddsa/#create-proof-eddsa-rdfc-2022).

    Returns the proof: a copy of ``options`` with a base58btc multibase ``proofValue``. With ``safe``,
    refuses (:class:`~microcred.openbadges.errors.DroppedTermsError`) a document or proof options with
    terms JSON-LD would drop, as they would not be signed.
    """
    proof = dict(options)
    proof.pop("proofValue", None)
    proof_config = proof_configuration(unsecured_document, proof, safe=safe)
    transformed_data = transformation(unsecured_document, proof, safe=safe)
    hash_data = hashing(transformed_data, proof_config)
    proof_bytes = proof_serialization(hash_data, key)
    proof["proofValue"] = multibase_encode(proof_bytes, "z")
    return proof


def verify_proof(
    secured_document: Mapping[str, Any], proof: Mapping[str, Any], public_key: PublicKey
) -> bool:
    """Verify Proof (https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-rdfc-2022).

    ``proof`` is one member of ``secured_document``'s proof set. Returns False for a wrong signature and
    raises :class:`ProofError` for a malformed proof (and JSON-LD errors for unusable documents).
    """
    unsecured_document = without_proof(secured_document)
    proof_options = {name: value for name, value in proof.items() if name != "proofValue"}
    proof_bytes = decode_proof_value(proof.get("proofValue"))
    if "@context" in proof_options:
        unsecured_document["@context"] = _proof_context(secured_document, proof_options["@context"])
    transformed_data = transformation(unsecured_document, proof_options)
    proof_config = proof_configuration(unsecured_document, proof_options)
    hash_data = hashing(transformed_data, proof_config)
    return proof_verification(hash_data, proof_bytes, public_key)


def decode_proof_value(proof_value: Any) -> bytes:
    """Decode a base58btc multibase ``proofValue`` holding a 64-byte Ed25519 signature."""
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise ProofError("proofValue must be a base58btc multibase string (starting with 'z')")
    try:
        proof_bytes = multibase_decode(proof_value)
    except KeyMaterialError as exc:
        raise ProofError(f"proofValue is not valid base58btc: {exc}") from exc
    if len(proof_bytes) != 64:
        raise ProofError(f"proofValue decodes to {len(proof_bytes)} bytes, an Ed25519 signature has 64")
    return proof_bytes


def _proof_context(secured_document: Mapping[str, Any], proof_context: Any) -> Any:
    # Verify Proof step 4: the document's @context must start with the proof's @context, in order.
    document_context = secured_document.get("@context")
    doc_list = document_context if isinstance(document_context, list) else [document_context]
    proof_list = proof_context if isinstance(proof_context, list) else [proof_context]
    if doc_list[: len(proof_list)] != proof_list:
        raise ProofError("the proof's @context is not a prefix of the document's @context")
    return proof_context
