"""Fixtures of the interoperability tests: keys, issuer documents, the JS stack's availability."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, NoReturn

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.interop import oracle
from tests.interop.node import node_unavailable_reason


@dataclass(frozen=True)
class IssuerKeyMaterial:
    """An Ed25519 key with the identifiers an issuer publishes for it."""

    seed: bytes
    issuer_id: str
    verification_method: str

    @property
    def private_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def multikey(self) -> str:
        return oracle.multikey(self.private_key.public_key())

    @property
    def controller_document(self) -> dict[str, Any]:
        """The controller document (or DID document) listing the key under ``assertionMethod``."""
        return {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": self.issuer_id,
            "verificationMethod": [
                {
                    "id": self.verification_method,
                    "type": "Multikey",
                    "controller": self.issuer_id,
                    "publicKeyMultibase": self.multikey,
                }
            ],
            "assertionMethod": [self.verification_method],
        }

    def js_item(self, credential: dict[str, Any], created: str = "2025-05-20T14:30:00Z") -> dict[str, Any]:
        """An item for ``sign.mjs``."""
        return {
            "credential": credential,
            "seedHex": self.seed.hex(),
            "verificationMethod": self.verification_method,
            "controller": self.issuer_id,
            "created": created,
        }


@pytest.fixture(scope="session")
def did_key_issuer() -> IssuerKeyMaterial:
    seed = bytes.fromhex("9b937b81322d816cfab9d5a3baacc9b2a5febe4b149f126b3630f93a29527017")
    mk = oracle.multikey(Ed25519PrivateKey.from_private_bytes(seed).public_key())
    return IssuerKeyMaterial(seed=seed, issuer_id=f"did:key:{mk}", verification_method=f"did:key:{mk}#{mk}")


@pytest.fixture(scope="session")
def https_issuer() -> IssuerKeyMaterial:
    seed = bytes(range(100, 132))
    issuer_id = "https://badges.example.edu/issuers/1"
    return IssuerKeyMaterial(seed=seed, issuer_id=issuer_id, verification_method=f"{issuer_id}#key-1")


def unavailable(reason: str) -> NoReturn:
    """Skip a test whose outside verifier is not installed; under CI (``CI`` set) fail instead, since
    ``make test`` installs every verifier and a skip there would hide a broken install."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (make test installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def require_node() -> None:
    reason = node_unavailable_reason()
    if reason is not None:
        unavailable(reason)


def reissue(credential: dict[str, Any], issuer_id: str) -> dict[str, Any]:
    """A copy of ``credential`` issued by ``issuer_id`` (keeps the embedded Profile's other fields)."""
    copy = json.loads(json.dumps(credential))
    copy.pop("proof", None)
    copy["issuer"]["id"] = issuer_id
    return copy
