"""Resolving a proof's ``verificationMethod`` (or a JWT ``kid``) to a public key.

The library never touches the network: documents are read through a caller-injected ``fetch`` function
(url -> parsed JSON). Implementations of :class:`KeyResolver`:

- :class:`DidKeyResolver` -- ``did:key`` offline (https://w3c-ccg.github.io/did-method-key/);
- :class:`StaticKeyResolver` -- keys given in advance (tests, pinned issuers, the platform's own keys);
- :class:`DocumentResolver` -- ``did:web`` DID documents and https controller documents, key documents,
  JWKs and JWK Sets, OB 2.0 ``CryptographicKey`` documents, all through ``fetch``;
- :class:`EmbeddedKeyResolver` -- a Multikey written in the verification method's own fragment
  (``https://issuer.example#z6Mk...``), as the 1EdTech validator accepts. Nothing vouches for such a key
  except the URL's shape, so the result is marked ``source="embedded"`` and verifiers report a warning;
- :class:`ChainResolver` -- tries several in order.

Controller documents: https://www.w3.org/TR/controller-document/#retrieve-verification-method
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeAlias
from urllib.parse import urljoin

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from microcred.openbadges.errors import KeyMaterialError, KeyResolutionError
from microcred.openbadges.keys.did import DID_KEY_RELATIONSHIPS, did_web_to_url, resolve_did_key
from microcred.openbadges.keys.jwk import jwk_to_public_key
from microcred.openbadges.keys.multibase import base58_decode
from microcred.openbadges.keys.multikey import PublicKey, decode_multikey_public

__all__ = [
    "RELATIONSHIPS",
    "ChainResolver",
    "DidKeyResolver",
    "DocumentResolver",
    "EmbeddedKeyResolver",
    "Fetcher",
    "KeyNotRetrievedError",
    "KeyResolver",
    "ResolvedKey",
    "StaticKeyResolver",
    "UnsupportedMethodError",
    "default_resolver",
    "public_key_from_method",
    "verification_method_kind",
]

#: ``fetch(url)`` returns the parsed JSON found at ``url`` or raises (any exception counts as "not found").
Fetcher: TypeAlias = Callable[[str], Any]

#: Verification relationships of controller documents (DID Core section 5.3).
RELATIONSHIPS = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
)


class UnsupportedMethodError(KeyResolutionError):
    """This resolver does not handle this kind of verification method (a chain tries the next one)."""


class KeyNotRetrievedError(KeyResolutionError):
    """The document that should hold the key could not be fetched (a chain may try a fallback)."""


@dataclass(frozen=True)
class ResolvedKey:
    """A public key found for a verification method, with what is known about its provenance.

    ``relationships`` are the verification relationships (``assertionMethod``...) its controller document
    lists it under, or None when no controller document was consulted. ``source`` is ``did:key``,
    ``document``, ``static`` or ``embedded`` (unauthenticated: see :class:`EmbeddedKeyResolver`).
    """

    verification_method: str
    public_key: PublicKey
    controller: str | None
    relationships: frozenset[str] | None
    source: str
    note: str = ""

    @property
    def authenticated(self) -> bool:
        """False when nothing but the verification method id itself vouches for the key."""
        return self.source != "embedded"


class KeyResolver(Protocol):
    """Resolves a verification method id (or JWT ``kid``) to a :class:`ResolvedKey`."""

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Return the key or raise :class:`~microcred.openbadges.errors.KeyResolutionError`."""
        ...


def verification_method_kind(verification_method: str) -> str:
    """Classify a verification method id.

    Returns ``did:key``, ``did:web``, ``did`` (another DID method), ``https``, ``http``, ``urn`` or
    ``invalid`` (no URI scheme, or an unknown one).
    """
    if not isinstance(verification_method, str) or ":" not in verification_method:
        return "invalid"
    scheme = verification_method.split(":", 1)[0].lower()
    if scheme == "did":
        if verification_method.startswith("did:key:"):
            return "did:key"
        if verification_method.startswith("did:web:"):
            return "did:web"
        return "did"
    if scheme in ("https", "http") and verification_method.split(":", 1)[1].startswith("//"):
        return scheme
    if scheme == "urn" and verification_method.count(":") >= 2:
        return "urn"
    return "invalid"


class DidKeyResolver:
    """Resolves ``did:key`` Ed25519 verification methods offline."""

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Return the key of a ``did:key`` DID or DID URL (the fragment must repeat the key)."""
        if verification_method_kind(verification_method) != "did:key":
            raise UnsupportedMethodError(f"{verification_method!r} is not a did:key")
        return _resolve_did_key(verification_method)


@functools.lru_cache(maxsize=1024)
def _resolve_did_key(verification_method: str) -> ResolvedKey:
    # A did:key is its own key: the answer never changes, so keep the decoded key objects of recent ones
    # (ResolvedKey is frozen and the public key immutable). Failures raise, and are not cached.
    document = resolve_did_key(verification_method)
    method = document["verificationMethod"][0]
    return ResolvedKey(
        verification_method=verification_method,
        public_key=decode_multikey_public(method["publicKeyMultibase"]),
        controller=document["id"],
        relationships=frozenset(DID_KEY_RELATIONSHIPS),
        source="did:key",
    )


class StaticKeyResolver:
    """Resolves verification methods from keys given in advance: id -> public key (or full ResolvedKey).

    A bare public key's controller is taken to be the id without its fragment.
    """

    def __init__(self, keys: Mapping[str, PublicKey | ResolvedKey]) -> None:
        self._keys = dict(keys)

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Return the pinned key for ``verification_method``."""
        found = self._keys.get(verification_method)
        if found is None:
            raise UnsupportedMethodError(f"no pinned key for {verification_method!r}")
        if isinstance(found, ResolvedKey):
            return found
        return ResolvedKey(
            verification_method=verification_method,
            public_key=found,
            controller=verification_method.split("#", 1)[0],
            relationships=None,
            source="static",
        )


class EmbeddedKeyResolver:
    """Reads an Ed25519 Multikey from the fragment of the verification method id itself.

    ``https://example.com/issuers/876543#z6Mk...`` resolves to that key with controller
    ``https://example.com/issuers/876543``. Unauthenticated: anyone can write such an id.
    """

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Return the fragment key, or raise if the fragment looks like a Multikey but is not a valid one."""
        base, hash_sign, fragment = str(verification_method).partition("#")
        if not hash_sign or not fragment.startswith("z6Mk"):
            raise UnsupportedMethodError(f"{verification_method!r} carries no Multikey fragment")
        if verification_method_kind(base) == "invalid":
            raise KeyResolutionError(f"the verification method {verification_method!r} is not a URI")
        try:
            key = decode_multikey_public(fragment)
        except KeyMaterialError as exc:
            raise KeyResolutionError(
                f"the fragment of {verification_method!r} is not a valid key: {exc}"
            ) from exc
        return ResolvedKey(
            verification_method=verification_method,
            public_key=key,
            controller=base,
            relationships=None,
            source="embedded",
            note="key read from the verification method id's own fragment, not from a document "
            "published by its controller",
        )


class DocumentResolver:
    """Resolves ``did:web`` and https(/http) verification methods by fetching documents through ``fetch``."""

    def __init__(self, fetch: Fetcher, *, allow_http: bool = False) -> None:
        self._fetch = fetch
        self._allow_http = allow_http

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Fetch the controller (or key) document and return the listed key."""
        kind = verification_method_kind(verification_method)
        if kind == "did:web":
            return self._from_did_web(verification_method)
        if kind == "https" or (kind == "http" and self._allow_http):
            return self._from_url(verification_method)
        if kind == "http":
            raise KeyResolutionError(f"refusing to fetch a key over plain http: {verification_method}")
        raise UnsupportedMethodError(f"{verification_method!r} is neither did:web nor an https URL")

    def _get(self, url: str) -> Any:
        try:
            return self._fetch(url)
        except Exception as exc:  # the fetcher is caller code: any failure means "not retrieved"
            raise KeyNotRetrievedError(f"could not fetch {url}: {exc}") from exc

    def _from_did_web(self, verification_method: str) -> ResolvedKey:
        did = verification_method.split("#", 1)[0]
        url = did_web_to_url(did)
        document = self._get(url)
        if not isinstance(document, Mapping) or document.get("id") != did:
            raise KeyResolutionError(f"the DID document at {url} is not the document of {did}")
        return _from_controller_document(document, verification_method, f"DID document {url}")

    def _from_url(self, verification_method: str) -> ResolvedKey:
        url = verification_method.split("#", 1)[0]
        document = self._get(url)
        if not isinstance(document, Mapping):
            raise KeyResolutionError(f"the document at {url} is not a JSON object")
        if "verificationMethod" in document:
            return _from_controller_document(document, verification_method, f"controller document {url}")
        if isinstance(document.get("keys"), list):  # a JWK Set
            return _from_jwk_set(document["keys"], verification_method, url)
        if document.get("id") not in (verification_method, url) and "kty" not in document:
            raise KeyResolutionError(f"the document at {url} does not describe {verification_method}")
        key = public_key_from_method(document)
        controller = _text(document.get("controller")) or _text(document.get("owner"))
        relationships: frozenset[str] | None = None
        note = f"key document {url}"
        if controller and controller != url:
            relationships, checked = self._controller_relationships(controller, verification_method)
            note += f"; controller {controller} " + ("lists it" if checked else "not retrieved")
        return ResolvedKey(verification_method, key, controller, relationships, "document", note)

    def _controller_relationships(
        self, controller: str, method_id: str
    ) -> tuple[frozenset[str] | None, bool]:
        kind = verification_method_kind(controller)
        if kind not in ("https", "did:web"):
            return None, False
        try:
            document = self._get(did_web_to_url(controller) if kind == "did:web" else controller)
        except KeyNotRetrievedError:
            return None, False
        if not isinstance(document, Mapping):
            return None, False
        return _relationships(document, method_id), True


def _from_controller_document(document: Mapping[str, Any], method_id: str, where: str) -> ResolvedKey:
    base = _text(document.get("id")) or method_id.split("#", 1)[0]
    methods = document.get("verificationMethod")
    candidates = methods if isinstance(methods, list) else [methods]
    # Relationships may also embed whole verification methods.
    for relationship in RELATIONSHIPS:
        entries = document.get(relationship)
        if isinstance(entries, list):
            candidates = candidates + [entry for entry in entries if isinstance(entry, Mapping)]
    for candidate in candidates:
        if isinstance(candidate, Mapping) and _absolute(candidate.get("id"), base) == method_id:
            key = public_key_from_method(candidate)
            controller = _text(candidate.get("controller")) or base
            return ResolvedKey(
                method_id, key, controller, _relationships(document, method_id), "document", where
            )
    raise KeyResolutionError(f"{method_id} is not listed in the {where}")


def _from_jwk_set(keys: Sequence[Any], method_id: str, url: str) -> ResolvedKey:
    fragment = method_id.partition("#")[2]
    for jwk in keys:
        if isinstance(jwk, Mapping) and jwk.get("kid") in (method_id, fragment) and jwk.get("kid"):
            controller = _text(jwk.get("iss"))
            return ResolvedKey(
                method_id, jwk_to_public_key(jwk), controller, None, "document", f"JWK Set {url}"
            )
    raise KeyResolutionError(f"no key with kid {method_id!r} in the JWK Set at {url}")


def _relationships(document: Mapping[str, Any], method_id: str) -> frozenset[str]:
    base = _text(document.get("id")) or method_id.split("#", 1)[0]
    found: set[str] = set()
    for relationship in RELATIONSHIPS:
        entries = document.get(relationship)
        for entry in entries if isinstance(entries, list) else [entries]:
            reference = entry.get("id") if isinstance(entry, Mapping) else entry
            if _absolute(reference, base) == method_id:
                found.add(relationship)
    return frozenset(found)


def public_key_from_method(method: Mapping[str, Any]) -> PublicKey:
    """Return the public key of a verification method object.

    Accepts ``publicKeyMultibase`` (Multikey, Ed25519VerificationKey2020), ``publicKeyJwk`` (JsonWebKey,
    JsonWebKey2020), a bare JWK, ``publicKeyBase58`` (Ed25519VerificationKey2018) and ``publicKeyPem``
    (OB 2.0 CryptographicKey).
    """
    try:
        if isinstance(method.get("publicKeyMultibase"), str):
            return decode_multikey_public(method["publicKeyMultibase"])
        if isinstance(method.get("publicKeyJwk"), Mapping):
            return jwk_to_public_key(method["publicKeyJwk"])
        if "kty" in method:
            return jwk_to_public_key(method)
        if isinstance(method.get("publicKeyBase58"), str):
            raw = base58_decode(method["publicKeyBase58"])
            if len(raw) != 32:
                raise KeyMaterialError("publicKeyBase58 is not a 32-byte Ed25519 key")
            return Ed25519PublicKey.from_public_bytes(raw)
        if isinstance(method.get("publicKeyPem"), str):
            return _from_pem(method["publicKeyPem"])
    except KeyMaterialError as exc:
        raise KeyResolutionError(f"invalid key in verification method {method.get('id')!r}: {exc}") from exc
    raise KeyResolutionError(f"the verification method {method.get('id')!r} holds no supported public key")


def _from_pem(pem: str) -> PublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode("utf-8"))
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyMaterialError(f"invalid publicKeyPem: {exc}") from exc
    if isinstance(key, Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        return key
    raise KeyMaterialError(f"unsupported PEM key type {type(key).__name__}")


class ChainResolver:
    """Tries resolvers in order.

    It moves on when a resolver does not handle the method (:class:`UnsupportedMethodError`) or could not
    fetch its document (:class:`KeyNotRetrievedError`, noted on the result). Any other failure is final:
    a controller document that was fetched but does not list the key must not fall back to a weaker source.
    """

    def __init__(self, *resolvers: KeyResolver) -> None:
        self._resolvers = resolvers

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Return the first resolver's answer, as described above."""
        not_retrieved: list[str] = []
        for resolver in self._resolvers:
            try:
                found = resolver.resolve(verification_method)
            except KeyNotRetrievedError as exc:
                not_retrieved.append(str(exc))
                continue
            except UnsupportedMethodError:
                continue
            if not_retrieved:
                note = "; ".join([found.note, *not_retrieved] if found.note else not_retrieved)
                found = replace(found, note=note)
            return found
        if not_retrieved:
            raise KeyNotRetrievedError("; ".join(not_retrieved))
        raise UnsupportedMethodError(f"no resolver handles {verification_method!r}")


def default_resolver(fetch: Fetcher | None = None, *, allow_embedded: bool = True) -> ChainResolver:
    """did:key, then (with ``fetch``) did:web/https documents, then keys embedded in the method id.

    Pass ``allow_embedded=False`` to accept only keys a DID method or a fetched document vouches for.
    """
    resolvers: list[KeyResolver] = [DidKeyResolver()]
    if fetch is not None:
        resolvers.append(DocumentResolver(fetch))
    if allow_embedded:
        resolvers.append(EmbeddedKeyResolver())
    return ChainResolver(*resolvers)


def _absolute(reference: Any, base: str) -> str | None:
    if not isinstance(reference, str):
        return None
    if reference.startswith("#"):
        return base + reference
    return urljoin(base, reference) if reference.startswith("/") else reference


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
