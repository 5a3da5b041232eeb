"""Shared test data for the keys / proofs / status / bake / verify / CLI tests: standards files, a fixed
clock, a test issuer with its keys, and fetchers serving documents from a dict (no network)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from microcred.openbadges.errors import FetchError
from microcred.openbadges.keys import SigningKey, decode_multikey_public

STANDARDS = Path(__file__).resolve().parents[2] / "standards"
OB3 = STANDARDS / "ob3" / "examples"
OB2 = STANDARDS / "ob2" / "examples"
CLR2 = STANDARDS / "clr2" / "examples"
VC = STANDARDS / "vc"
EDDSA_VECTORS = VC / "test-vectors" / "eddsa"

#: "Now" for every test: after the fixtures were made, before they expire (2040).
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

#: Test vector key of the W3C vc-di-eddsa suite (TestVectors/keyPair.json).
W3C_KEY = SigningKey.from_multikey("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")

ISSUER_ID = "https://university.example/issuers/1"
ISSUER_KEY = SigningKey.from_multikey("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")
ISSUER_VM = f"{ISSUER_ID}#key-1"


def load_json(path: Path) -> Any:
    """Read a JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def fragment_key_document(credential: Mapping[str, Any], proof_index: int = 0) -> dict[str, Any]:
    """A controller document for the issuer of a 1EdTech fixture, listing the key written in the fragment
    of its proof's verification method (the fixtures' keys are only known that way)."""
    proofs = credential["proof"] if isinstance(credential["proof"], list) else [credential["proof"]]
    method = proofs[proof_index]["verificationMethod"]
    controller, _, fragment = method.partition("#")
    decode_multikey_public(fragment)
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": controller,
        "verificationMethod": [
            {"id": method, "type": "Multikey", "controller": controller, "publicKeyMultibase": fragment}
        ],
        "assertionMethod": [method],
    }


class DictFetcher:
    """A fetcher serving JSON documents from a dict; unknown URLs raise FetchError(404). Records calls."""

    def __init__(self, documents: Mapping[str, Any] | None = None, *, gone: tuple[str, ...] = ()) -> None:
        self.documents = dict(documents or {})
        self.gone = gone
        self.calls: list[str] = []

    def __call__(self, url: str) -> Any:
        self.calls.append(url)
        if url in self.gone:
            raise FetchError(f"{url}: 410 Gone", status=410)
        if url not in self.documents:
            raise FetchError(f"{url}: 404 Not Found", status=404)
        return copy.deepcopy(self.documents[url])


def ob3_credential(**overrides: Any) -> dict[str, Any]:
    """A minimal valid unsigned OB 3.0 AchievementCredential issued by :data:`ISSUER_ID`."""
    credential: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2f1c1a3e-7f0e-4a57-9d0b-5a1b2c3d4e5f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER_ID, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Robotics Micro-credential",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://university.example/achievements/robotics",
                "type": ["Achievement"],
                "name": "Robotics",
                "description": "Builds and programs small robots.",
                "criteria": {"narrative": "Pass the robotics lab assessment."},
                "achievementType": "MicroCredential",
            },
        },
    }
    credential.update(overrides)
    return credential


def issuer_document() -> dict[str, Any]:
    """The issuer's controller document, served at :data:`ISSUER_ID`, listing :data:`ISSUER_KEY`."""
    from microcred.openbadges.keys import IssuerKey, build_did_document

    return build_did_document(ISSUER_ID, [IssuerKey("key-1", ISSUER_KEY.public_key)], current="key-1")
