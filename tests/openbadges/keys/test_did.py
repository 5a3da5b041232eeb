"""did:key resolution, did:web URLs and DID documents with several keys."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from microcred.openbadges.errors import KeyMaterialError, KeyResolutionError
from microcred.openbadges.keys import (
    IssuerKey,
    SigningKey,
    build_did_document,
    did_key_from_public_key,
    did_key_verification_method,
    did_web_from_url,
    did_web_to_url,
    resolve_did_key,
)

MULTIKEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


def test_did_key_document() -> None:
    document = resolve_did_key(f"did:key:{MULTIKEY}#{MULTIKEY}")
    vm_id = f"did:key:{MULTIKEY}#{MULTIKEY}"
    assert document["id"] == f"did:key:{MULTIKEY}"
    assert document["verificationMethod"] == [
        {"id": vm_id, "type": "Multikey", "controller": f"did:key:{MULTIKEY}", "publicKeyMultibase": MULTIKEY}
    ]
    assert document["assertionMethod"] == [vm_id] == document["authentication"]
    assert resolve_did_key(f"did:key:{MULTIKEY}") == document


@pytest.mark.parametrize(
    "did",
    [
        "did:web:example.com",
        f"did:key:{MULTIKEY}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
        "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
        "did:key:z6Mk0OIl",
    ],
)
def test_did_key_errors(did: str) -> None:
    with pytest.raises(KeyResolutionError):
        resolve_did_key(did)


def test_did_key_from_key() -> None:
    key = SigningKey.from_multikey("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")
    assert did_key_from_public_key(key.public_key) == f"did:key:{MULTIKEY}"  # type: ignore[arg-type]
    assert did_key_verification_method(key.public_key) == f"did:key:{MULTIKEY}#{MULTIKEY}"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
        ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
        ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
        ("did:web:example.com:issuers:1#key-1", "https://example.com/issuers/1/did.json"),
        (
            "did:web:dc.1edtech.org:wellspring2022:wellspring-portal:org:da1e96e9-afcc-4eed-b9a2-2ddf7353214c",
            "https://dc.1edtech.org/wellspring2022/wellspring-portal/org/da1e96e9-afcc-4eed-b9a2-2ddf7353214c/did.json",
        ),
    ],
)
def test_did_web_to_url(did: str, url: str) -> None:
    assert did_web_to_url(did) == url


@pytest.mark.parametrize(
    "did", ["did:key:z6Mk", "did:web:", "did:web:exa mple.com", "did:web:example.com::x", 7]
)
def test_did_web_to_url_errors(did: object) -> None:
    with pytest.raises(KeyResolutionError):
        did_web_to_url(did)  # type: ignore[arg-type]


def test_did_web_from_url() -> None:
    assert did_web_from_url("https://example.edu/issuers/1") == "did:web:example.edu:issuers:1"
    assert did_web_from_url("https://example.edu") == "did:web:example.edu"
    assert did_web_from_url("https://example.edu:8443/a/did.json") == "did:web:example.edu%3A8443:a"
    assert did_web_from_url("https://example.edu/.well-known/did.json") == "did:web:example.edu"
    assert (
        did_web_to_url(did_web_from_url("https://example.edu/issuers/1"))
        == "https://example.edu/issuers/1/did.json"
    )
    for bad in ("http://example.edu", "https://example.edu/?q=1", "https://example.edu/#x"):
        with pytest.raises(KeyResolutionError):
            did_web_from_url(bad)


def test_did_document_with_rotated_keys() -> None:
    did = "did:web:university.example:issuers:1"
    old, current, distrusted = (SigningKey.generate_ed25519() for _ in range(3))
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    document = build_did_document(
        did,
        [
            IssuerKey("key-1", old.public_key),
            IssuerKey("key-2", current.public_key),
            IssuerKey("key-0", distrusted.public_key, may_verify=False),
            IssuerKey("jwt-1", rsa_key),
        ],
        current="key-2",
    )
    assert [method["id"] for method in document["verificationMethod"]] == [
        f"{did}#key-1",
        f"{did}#key-2",
        f"{did}#key-0",
        f"{did}#jwt-1",
    ]
    assert document["assertionMethod"] == [f"{did}#key-2", f"{did}#key-1", f"{did}#jwt-1"]
    assert document["verificationMethod"][1]["publicKeyMultibase"] == current.public_multikey
    assert document["verificationMethod"][3]["type"] == "JsonWebKey"
    assert "https://w3id.org/security/jwk/v1" in document["@context"]
    assert all(method["controller"] == did for method in document["verificationMethod"])


def test_did_document_errors() -> None:
    key = SigningKey.generate_ed25519().public_key
    with pytest.raises(KeyMaterialError, match="unique"):
        build_did_document("did:web:x", [IssuerKey("k", key), IssuerKey("k", key)], current="k")
    with pytest.raises(KeyMaterialError, match="current key"):
        build_did_document("did:web:x", [IssuerKey("k", key, may_verify=False)], current="k")
    with pytest.raises(KeyMaterialError, match="current key"):
        build_did_document("did:web:x", [IssuerKey("k", key)], current="other")
    with pytest.raises(KeyMaterialError, match="invalid key fragment"):
        build_did_document("did:web:x", [IssuerKey("k 1", key)], current="k 1")
