"""Verify-only Ed25519Signature2020 against the W3C vc-di-eddsa test vectors."""

from __future__ import annotations

import copy

import pytest

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.errors import ProofError
from microcred.openbadges.proofs import ed25519_signature_2020 as legacy
from microcred.openbadges.proofs.data_integrity import without_proof
from microcred.openbadges.proofs.eddsa_rdfc_2022 import hashing
from tests.openbadges.proofs.fixtures import EDDSA_VECTORS, W3C_KEY, load_json

VECTORS = EDDSA_VECTORS / "Ed25519Signature2020"
SIGNED = load_json(VECTORS / "signedEdSig.json")


def text(name: str) -> str:
    return (VECTORS / name).read_text(encoding="utf-8")


def test_intermediate_values() -> None:
    document = without_proof(SIGNED)
    options = load_json(VECTORS / "proofConfigEdSig.json")
    assert canonicalize(document) == text("canonDocEdSig.txt")
    assert canonicalize(options) == text("proofCanonEdSig.txt")
    assert (
        hashing(text("canonDocEdSig.txt"), text("proofCanonEdSig.txt")).hex()
        == text("combinedHashEdSig.txt").strip()
    )


def test_the_signed_vector_verifies() -> None:
    assert legacy.verify_proof(SIGNED, SIGNED["proof"], W3C_KEY.public_key)
    tampered = copy.deepcopy(SIGNED)
    tampered["name"] = "Forged"
    assert not legacy.verify_proof(tampered, tampered["proof"], W3C_KEY.public_key)


def test_wrong_type_or_bad_created() -> None:
    with pytest.raises(ProofError, match="not an Ed25519Signature2020"):
        legacy.verify_proof(SIGNED, dict(SIGNED["proof"], type="DataIntegrityProof"), W3C_KEY.public_key)
    with pytest.raises(ProofError, match="dateTimeStamp"):
        legacy.verify_proof(SIGNED, dict(SIGNED["proof"], created="2023"), W3C_KEY.public_key)
