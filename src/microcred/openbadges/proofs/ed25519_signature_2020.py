"""Verify-only ``Ed25519Signature2020`` proofs (legacy; VC 1.1-era OB 3.0 and CLR 2.0 credentials).

Ed25519 Signature 2020 (https://w3c-ccg.github.io/lds-ed25519-2020/, test vectors in W3C vc-di-eddsa
``TestVectors/Ed25519Signature2020``): URDNA2015 (= RDFC-1.0) canonical N-Quads of the document without
its proof and of the proof options (without ``proofValue``) under the document's ``@context``; the signed
data is ``sha256(proof options) || sha256(document)``; ``proofValue`` is base58btc multibase. The OB 3.0
implementation guide asks displayers to keep verifying it; Microcred never signs with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.errors import ProofError
from microcred.openbadges.keys.multikey import PublicKey
from microcred.openbadges.proofs.data_integrity import parse_datetime, without_proof
from microcred.openbadges.proofs.eddsa_rdfc_2022 import decode_proof_value, hashing, proof_verification

__all__ = ["PROOF_TYPE", "verify_proof"]

PROOF_TYPE = "Ed25519Signature2020"


def verify_proof(
    secured_document: Mapping[str, Any], proof: Mapping[str, Any], public_key: PublicKey
) -> bool:
    """Verify one ``Ed25519Signature2020`` proof of ``secured_document``.

    Returns False for a wrong signature; raises :class:`ProofError` for a malformed proof.
    """
    if proof.get("type") != PROOF_TYPE:
        raise ProofError(f"not an {PROOF_TYPE} proof: {proof.get('type')!r}")
    if "created" in proof:
        parse_datetime(proof["created"])
    proof_bytes = decode_proof_value(proof.get("proofValue"))
    document = without_proof(secured_document)
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    options["@context"] = options.get("@context", document.get("@context"))
    hash_data = hashing(canonicalize(document), canonicalize(options))
    return proof_verification(hash_data, proof_bytes, public_key)
