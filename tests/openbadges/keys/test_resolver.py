"""KeyResolver implementations: did:key, static keys, documents through a fetcher, embedded fragments."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from microcred.openbadges.errors import KeyResolutionError
from microcred.openbadges.keys import (
    ChainResolver,
    DidKeyResolver,
    DocumentResolver,
    EmbeddedKeyResolver,
    IssuerKey,
    KeyNotRetrievedError,
    ResolvedKey,
    SigningKey,
    StaticKeyResolver,
    UnsupportedMethodError,
    build_did_document,
    default_resolver,
    public_key_from_method,
    public_key_to_jwk,
    verification_method_kind,
)
from microcred.openbadges.keys.multibase import base58_encode
from tests.openbadges.proofs.fixtures import OB2, DictFetcher, load_json

KEY = SigningKey.generate_ed25519()
OTHER = SigningKey.generate_ed25519()
RSA = SigningKey.generate_rsa()
DID = "did:web:university.example:issuers:1"
DID_URL = "https://university.example/issuers/1/did.json"
HTTPS_ISSUER = "https://university.example/issuers/1"


@pytest.mark.parametrize(
    ("method", "kind"),
    [
        ("did:key:z6Mk", "did:key"),
        ("did:web:example.com", "did:web"),
        ("did:example:123", "did"),
        ("https://example.com/k", "https"),
        ("http://example.com/k", "http"),
        ("urn:uuid:1234#z6Mk", "urn"),
        ("https:no-slashes", "invalid"),
        ("z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x", "invalid"),
        ("xxx:z6Mk", "invalid"),
        (None, "invalid"),
    ],
)
def test_verification_method_kind(method: object, kind: str) -> None:
    assert verification_method_kind(method) == kind  # type: ignore[arg-type]


def test_did_key_resolver() -> None:
    multikey = KEY.public_multikey
    found = DidKeyResolver().resolve(f"did:key:{multikey}#{multikey}")
    assert found.public_key == KEY.public_key
    assert found.controller == f"did:key:{multikey}"
    assert found.relationships is not None
    assert "assertionMethod" in found.relationships
    assert found.authenticated
    with pytest.raises(UnsupportedMethodError):
        DidKeyResolver().resolve("https://example.com#key")


def test_did_key_resolutions_are_reused_and_failures_are_not() -> None:
    multikey = OTHER.public_multikey
    method = f"did:key:{multikey}#{multikey}"
    first = DidKeyResolver().resolve(method)
    assert DidKeyResolver().resolve(method) is first  # decoded once: the key objects are kept
    assert DidKeyResolver().resolve(f"did:key:{multikey}") is not first  # another id, another answer
    for _ in range(2):  # a failure is raised again, never remembered as an answer
        with pytest.raises(KeyResolutionError, match="does not match"):
            DidKeyResolver().resolve(f"did:key:{multikey}#{KEY.public_multikey}")


def test_static_resolver() -> None:
    pinned = ResolvedKey("urn:x", KEY.public_key, "urn:y", None, "static")
    resolver = StaticKeyResolver({"https://a.example/i#k": OTHER.public_key, "urn:x": pinned})
    found = resolver.resolve("https://a.example/i#k")
    assert found.public_key == OTHER.public_key
    assert found.controller == "https://a.example/i"
    assert resolver.resolve("urn:x") is pinned
    with pytest.raises(UnsupportedMethodError):
        resolver.resolve("https://a.example/i#other")


def test_embedded_resolver() -> None:
    method = f"https://example.com/issuers/1#{KEY.public_multikey}"
    found = EmbeddedKeyResolver().resolve(method)
    assert found.public_key == KEY.public_key
    assert found.controller == "https://example.com/issuers/1"
    assert not found.authenticated
    assert "fragment" in found.note
    with pytest.raises(UnsupportedMethodError):
        EmbeddedKeyResolver().resolve("https://example.com/issuers/1#key-1")
    with pytest.raises(KeyResolutionError, match="not a valid key"):
        EmbeddedKeyResolver().resolve(
            "https://example.com/issuers/1#z6MkjZRsdasZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
        )
    with pytest.raises(KeyResolutionError, match="not a URI"):
        EmbeddedKeyResolver().resolve(f"nope#{KEY.public_multikey}")


def test_document_resolver_did_web_with_rotation() -> None:
    document = build_did_document(
        DID,
        [IssuerKey("key-1", OTHER.public_key, may_verify=False), IssuerKey("key-2", KEY.public_key)],
        current="key-2",
    )
    resolver = DocumentResolver(DictFetcher({DID_URL: document}))
    current = resolver.resolve(f"{DID}#key-2")
    assert current.public_key == KEY.public_key
    assert current.controller == DID
    assert current.relationships == frozenset({"assertionMethod"})
    retired = resolver.resolve(f"{DID}#key-1")
    assert retired.relationships == frozenset()
    with pytest.raises(KeyResolutionError, match="not listed"):
        resolver.resolve(f"{DID}#key-3")


def test_document_resolver_did_web_wrong_document() -> None:
    resolver = DocumentResolver(DictFetcher({DID_URL: {"id": "did:web:elsewhere"}}))
    with pytest.raises(KeyResolutionError, match="not the document"):
        resolver.resolve(f"{DID}#key-1")
    with pytest.raises(KeyNotRetrievedError):
        DocumentResolver(DictFetcher()).resolve(f"{DID}#key-1")


def test_document_resolver_https_controller_document_with_relative_ids() -> None:
    document = {
        "id": HTTPS_ISSUER,
        "verificationMethod": [
            {"id": "#key-1", "type": "Multikey", "publicKeyMultibase": KEY.public_multikey}
        ],
        "assertionMethod": ["#key-1"],
        "authentication": [
            {"id": f"{HTTPS_ISSUER}#auth", "type": "Multikey", "publicKeyMultibase": OTHER.public_multikey}
        ],
    }
    resolver = DocumentResolver(DictFetcher({HTTPS_ISSUER: document}))
    found = resolver.resolve(f"{HTTPS_ISSUER}#key-1")
    assert found.public_key == KEY.public_key
    assert found.controller == HTTPS_ISSUER
    assert found.relationships == frozenset({"assertionMethod"})
    embedded = resolver.resolve(f"{HTTPS_ISSUER}#auth")
    assert embedded.relationships == frozenset({"authentication"})


def test_document_resolver_key_document_and_its_controller() -> None:
    key_url = "https://university.example/keys/1"
    key_document = {
        "id": key_url,
        "type": "Multikey",
        "controller": HTTPS_ISSUER,
        "publicKeyMultibase": KEY.public_multikey,
    }
    controller = {"id": HTTPS_ISSUER, "assertionMethod": [key_url]}
    found = DocumentResolver(DictFetcher({key_url: key_document, HTTPS_ISSUER: controller})).resolve(key_url)
    assert found.controller == HTTPS_ISSUER
    assert found.relationships == frozenset({"assertionMethod"})
    assert "lists it" in found.note
    alone = DocumentResolver(DictFetcher({key_url: key_document})).resolve(key_url)
    assert alone.relationships is None
    assert "not retrieved" in alone.note
    non_mapping = DocumentResolver(DictFetcher({key_url: key_document, HTTPS_ISSUER: ["x"]})).resolve(key_url)
    assert non_mapping.relationships is None
    other = dict(key_document, controller="urn:x")
    assert DocumentResolver(DictFetcher({key_url: other})).resolve(key_url).relationships is None


def test_document_resolver_jwk_and_jwk_set() -> None:
    jwk = public_key_to_jwk(RSA.public_key)
    fetcher = DictFetcher(
        {
            "https://university.example/.well-known/jwks.json": {
                "keys": [{**jwk, "kid": "rsa-1", "iss": HTTPS_ISSUER}]
            },
            "https://university.example/jwk/1": jwk,
        }
    )
    resolver = DocumentResolver(fetcher)
    from_set = resolver.resolve("https://university.example/.well-known/jwks.json#rsa-1")
    assert from_set.public_key.public_numbers() == RSA.public_key.public_numbers()  # type: ignore[union-attr]
    assert from_set.controller == HTTPS_ISSUER
    assert resolver.resolve("https://university.example/jwk/1").controller is None
    with pytest.raises(KeyResolutionError, match="no key with kid"):
        resolver.resolve("https://university.example/.well-known/jwks.json#rsa-2")


def test_document_resolver_ob2_cryptographic_key_over_http() -> None:
    key = load_json(OB2 / "assets" / "key1.json")
    fetcher = DictFetcher({key["id"]: key})
    with pytest.raises(KeyResolutionError, match="plain http"):
        DocumentResolver(fetcher).resolve(key["id"])
    found = DocumentResolver(fetcher, allow_http=True).resolve(key["id"])
    assert found.controller == key["owner"]


def test_document_resolver_refusals() -> None:
    fetcher = DictFetcher(
        {
            "https://a.example/list": ["not", "an", "object"],
            "https://a.example/x": {"id": "https://b.example/y"},
        }
    )
    resolver = DocumentResolver(fetcher)
    with pytest.raises(UnsupportedMethodError):
        resolver.resolve("did:key:z6Mk")
    with pytest.raises(KeyResolutionError, match="not a JSON object"):
        resolver.resolve("https://a.example/list")
    with pytest.raises(KeyResolutionError, match="does not describe"):
        resolver.resolve("https://a.example/x")


def test_public_key_from_method_formats() -> None:
    raw = KEY.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = RSA.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert public_key_from_method({"publicKeyBase58": base58_encode(raw)}) == KEY.public_key
    assert public_key_from_method({"publicKeyJwk": public_key_to_jwk(KEY.public_key)}) == KEY.public_key
    assert public_key_from_method({"publicKeyPem": pem.decode()}) is not None
    for bad in (
        {"id": "x"},
        {"publicKeyBase58": base58_encode(raw[:5])},
        {"publicKeyPem": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"},
        {"publicKeyMultibase": "zzz"},
    ):
        with pytest.raises(KeyResolutionError):
            public_key_from_method(bad)
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    x_pem = (
        X25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(KeyResolutionError, match="unsupported PEM key type"):
        public_key_from_method({"publicKeyPem": x_pem.decode()})


def test_chain_resolver_falls_back_only_when_not_retrieved() -> None:
    method = f"{HTTPS_ISSUER}#{KEY.public_multikey}"
    offline = default_resolver()
    assert offline.resolve(method).source == "embedded"
    unreachable = default_resolver(DictFetcher())
    found = unreachable.resolve(method)
    assert found.source == "embedded"
    assert "could not fetch" in found.note
    listing_other = {"id": HTTPS_ISSUER, "verificationMethod": []}
    with pytest.raises(KeyResolutionError, match="not listed"):
        default_resolver(DictFetcher({HTTPS_ISSUER: listing_other})).resolve(method)
    with pytest.raises(KeyNotRetrievedError):
        default_resolver(DictFetcher()).resolve(f"{HTTPS_ISSUER}#key-1")
    with pytest.raises(UnsupportedMethodError):
        offline.resolve(f"{HTTPS_ISSUER}#key-1")
    served = default_resolver(
        DictFetcher(
            {
                HTTPS_ISSUER: {
                    "id": HTTPS_ISSUER,
                    "verificationMethod": [{"id": method, "publicKeyMultibase": KEY.public_multikey}],
                }
            }
        )
    )
    assert served.resolve(method).source == "document"
    assert ChainResolver(DidKeyResolver()).resolve(f"did:key:{KEY.public_multikey}").source == "did:key"


def test_default_resolver_without_embedded_keys() -> None:
    method = f"{HTTPS_ISSUER}#{KEY.public_multikey}"
    with pytest.raises(UnsupportedMethodError):
        default_resolver(allow_embedded=False).resolve(method)
    with pytest.raises(KeyNotRetrievedError):
        default_resolver(DictFetcher(), allow_embedded=False).resolve(method)
