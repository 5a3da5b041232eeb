"""Independent ``eddsa-rdfc-2022`` reference: PyLD (URDNA2015) + ``cryptography`` Ed25519.

A test oracle and benchmark baseline, deliberately sharing no code with ``microcred.openbadges``:
contexts are read from ``tests/standards/`` and nothing is fetched. Follows W3C VC-DI-EDDSA §3.3
(``eddsa-rdfc-2022``): hash = SHA-256(canonical proof config) || SHA-256(canonical document).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

STANDARDS = Path(__file__).resolve().parents[1] / "standards"

CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "vc/credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "vc/credentials-v1.jsonld",
    "https://w3id.org/security/data-integrity/v1": "vc/data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "vc/data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "vc/multikey-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "vc/ed25519-2020-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "vc/did-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "vc/status-list-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "ob3/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob3/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob3/context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob3/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob3/extensions.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr2/context-2.0.1.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json": "clr2/context.json",
    "https://w3id.org/openbadges/v2": "ob2/context-v2.json",
}

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB_PREFIX = b"\xed\x01"


def b58encode(data: bytes) -> str:
    """Bitcoin base58 (the ``z`` multibase alphabet)."""
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    """Inverse of :func:`b58encode`."""
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


@functools.cache
def _context(url: str) -> dict[str, Any]:
    return json.loads((STANDARDS / CONTEXT_FILES[url]).read_text(encoding="utf-8"))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """PyLD loader serving ``tests/standards`` contexts only; anything else is an error."""
    if url not in CONTEXT_FILES:
        raise jsonld.JsonLdError(f"oracle: context not available offline: {url}", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(_context(url))}


def canonize(document: dict[str, Any]) -> str:
    """URDNA2015 canonical N-Quads of a JSON-LD document (offline)."""
    return jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
    )


def multikey(public_key: Ed25519PublicKey) -> str:
    """``z6Mk…`` Multikey (multibase base58btc of 0xed01 + raw key)."""
    from cryptography.hazmat.primitives import serialization

    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + b58encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multikey(value: str) -> Ed25519PublicKey:
    """Decode a ``z6Mk…`` Multikey (also accepts a URL whose fragment is the Multikey)."""
    value = value.rsplit("#", 1)[-1].rsplit(":", 1)[-1]
    raw = b58decode(value[1:])
    if not raw.startswith(ED25519_PUB_PREFIX):
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> tuple[bytes, str, str]:
    canon_proof = canonize(proof_config)
    canon_doc = canonize(document)
    digest = hashlib.sha256(canon_proof.encode()).digest() + hashlib.sha256(canon_doc.encode()).digest()
    return digest, canon_doc, canon_proof


def sign(
    credential: dict[str, Any], private_key: Ed25519PrivateKey, verification_method: str, created: str
) -> dict[str, Any]:
    """A copy of ``credential`` with an ``eddsa-rdfc-2022`` DataIntegrityProof appended."""
    document = {k: v for k, v in credential.items() if k != "proof"}
    proof_config = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    digest, _, _ = _hash_data(document, proof_config)
    proof = {k: v for k, v in proof_config.items() if k != "@context"}
    proof["proofValue"] = "z" + b58encode(private_key.sign(digest))
    return {**document, "proof": [proof]}


def verify(credential: dict[str, Any], public_key: Ed25519PublicKey | None = None) -> bool:
    """Verify the first ``eddsa-rdfc-2022`` proof (key from ``public_key`` or the VM's ``#z6Mk`` fragment)."""
    proofs = credential.get("proof")
    proof_list = proofs if isinstance(proofs, list) else [proofs]
    proof = next(p for p in proof_list if isinstance(p, dict) and p.get("cryptosuite") == "eddsa-rdfc-2022")
    document = {k: v for k, v in credential.items() if k != "proof"}
    proof_config = {k: v for k, v in proof.items() if k != "proofValue"}
    proof_config["@context"] = document["@context"]
    key = public_key or public_key_from_multikey(proof["verificationMethod"])
    digest, _, _ = _hash_data(document, proof_config)
    try:
        key.verify(b58decode(proof["proofValue"][1:]), digest)
    except Exception:
        return False
    return True
