"""eddsa-rdfc-2022, step by step against the W3C vc-di-eddsa test vectors (TestVectors/eddsa-rdfc-2022)."""

from __future__ import annotations

import copy

import pytest

from microcred.openbadges.errors import KeyMaterialError, ProofError
from microcred.openbadges.keys import SigningKey
from microcred.openbadges.proofs import eddsa_rdfc_2022 as suite
from tests.openbadges.proofs.fixtures import EDDSA_VECTORS, W3C_KEY, load_json

VECTORS = EDDSA_VECTORS / "eddsa-rdfc-2022"
UNSIGNED = load_json(EDDSA_VECTORS / "unsigned.json")
SIGNED = load_json(VECTORS / "signedDataInt.json")
OPTIONS = {
    key: value for key, value in load_json(VECTORS / "proofConfigDataInt.json").items() if key != "@context"
}


def text(name: str) -> str:
    return (VECTORS / name).read_text(encoding="utf-8")


def test_transformation_is_the_canonical_document() -> None:
    assert suite.transformation(UNSIGNED, OPTIONS) == text("canonDocDataInt.txt")


def test_proof_configuration_is_the_canonical_proof_options() -> None:
    assert suite.proof_configuration(UNSIGNED, OPTIONS) == text("proofCanonDataInt.txt")


def test_hashing_concatenates_proof_then_document_hashes() -> None:
    hash_data = suite.hashing(text("canonDocDataInt.txt"), text("proofCanonDataInt.txt"))
    assert hash_data.hex() == text("combinedHashDataInt.txt").strip()
    assert hash_data[:32].hex() == text("proofHashDataInt.txt").strip()
    assert hash_data[32:].hex() == text("docHashDataInt.txt").strip()


def test_proof_serialization_is_the_ed25519_signature() -> None:
    hash_data = bytes.fromhex(text("combinedHashDataInt.txt").strip())
    assert suite.proof_serialization(hash_data, W3C_KEY).hex() == text("sigHexDataInt.txt").strip()
    assert (
        suite.proof_serialization(hash_data, W3C_KEY.private_key).hex() == text("sigHexDataInt.txt").strip()
    )  # type: ignore[arg-type]


def test_create_proof_reproduces_the_signed_vector() -> None:
    proof = suite.create_proof(UNSIGNED, {**OPTIONS, "proofValue": "stale"}, W3C_KEY)
    assert proof["proofValue"] == text("sigBTC58DataInt.txt").strip()
    assert proof == SIGNED["proof"]


def test_verify_proof_accepts_the_vector_and_rejects_tampering() -> None:
    public = W3C_KEY.public_key
    assert suite.verify_proof(SIGNED, SIGNED["proof"], public)
    tampered = copy.deepcopy(SIGNED)
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    assert not suite.verify_proof(tampered, tampered["proof"], public)
    other = SigningKey.generate_ed25519().public_key
    assert not suite.verify_proof(SIGNED, SIGNED["proof"], other)
    changed_options = dict(SIGNED["proof"], created="2023-02-24T23:36:39Z")
    assert not suite.verify_proof(SIGNED, changed_options, public)


def test_verify_proof_with_a_proof_context_prefix() -> None:
    proof = dict(SIGNED["proof"], **{"@context": SIGNED["@context"]})
    assert suite.verify_proof(SIGNED, proof, W3C_KEY.public_key)
    with pytest.raises(ProofError, match="prefix"):
        suite.verify_proof(
            SIGNED,
            dict(proof, **{"@context": ["https://w3id.org/security/data-integrity/v2"]}),
            W3C_KEY.public_key,
        )
    single = dict(SIGNED, **{"@context": "https://www.w3.org/ns/credentials/v2"})
    with pytest.raises(ProofError, match="prefix"):
        suite.verify_proof(single, proof, W3C_KEY.public_key)


@pytest.mark.parametrize(
    ("proof_value", "message"),
    [
        (None, "multibase"),
        ("uAAAA", "multibase"),
        ("z0OIl", "base58"),
        ("z2YwC8z3ap7yx1nZ", "64"),
    ],
)
def test_malformed_proof_values(proof_value: object, message: str) -> None:
    proof = dict(SIGNED["proof"], proofValue=proof_value)
    with pytest.raises(ProofError, match=message):
        suite.verify_proof(SIGNED, proof, W3C_KEY.public_key)


def test_suite_and_created_checks() -> None:
    with pytest.raises(ProofError, match="transformation"):
        suite.transformation(UNSIGNED, {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019"})
    with pytest.raises(ProofError, match="proof configuration"):
        suite.proof_configuration(UNSIGNED, {"type": "Ed25519Signature2020"})
    with pytest.raises(ProofError, match="dateTimeStamp"):
        suite.proof_configuration(UNSIGNED, dict(OPTIONS, created="yesterday"))


def test_legacy_eddsa_2022_name_is_the_same_algorithm() -> None:
    options = dict(OPTIONS, cryptosuite=suite.LEGACY_CRYPTOSUITE)
    proof = suite.create_proof(UNSIGNED, options, W3C_KEY)
    assert suite.verify_proof({**UNSIGNED, "proof": proof}, proof, W3C_KEY.public_key)


def test_rsa_keys_are_refused() -> None:
    rsa_key = SigningKey.generate_rsa()
    with pytest.raises(KeyMaterialError):
        suite.proof_serialization(b"x" * 64, rsa_key)
    with pytest.raises(KeyMaterialError):
        suite.proof_verification(b"x" * 64, b"y" * 64, rsa_key.public_key)
