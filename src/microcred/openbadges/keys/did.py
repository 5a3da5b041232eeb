"""Issuer DIDs: ``did:key`` (resolved offline) and ``did:web`` (documents built here, fetched by callers).

- did:key: https://w3c-ccg.github.io/did-method-key/ (document creation algorithm, section 3.1.1).
- did:web: https://w3c-ccg.github.io/did-method-web/ (section 3.2 "Read (Resolve)": ``:`` becomes ``/``,
  ``%3A`` a port colon, ``/.well-known`` when there is no path, then ``/did.json``).
- Controller documents / Multikey: https://www.w3.org/TR/controller-document/.

Key rotation in a did:web (or https controller) document: every key stays listed under
``verificationMethod`` so old credentials keep resolving; ``assertionMethod`` lists every key that may
still verify credentials, the current signing key first; a retired-and-distrusted key is dropped from
``assertionMethod`` and its signatures then fail the proof-purpose check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from microcred.openbadges.errors import KeyMaterialError, KeyResolutionError
from microcred.openbadges.keys.jwk import public_key_to_jwk
from microcred.openbadges.keys.multikey import PublicKey, decode_multikey_public, encode_multikey_public

__all__ = [
    "DID_CONTEXT",
    "MULTIKEY_CONTEXT",
    "IssuerKey",
    "build_did_document",
    "did_key_from_public_key",
    "did_key_verification_method",
    "did_web_from_url",
    "did_web_to_url",
    "resolve_did_key",
]

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
JWK_CONTEXT = "https://w3id.org/security/jwk/v1"

#: Verification relationships a did:key document grants its single key (did-method-key section 3.1.1).
DID_KEY_RELATIONSHIPS = ("authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation")

_HOST = re.compile(r"^[A-Za-z0-9.-]+(%3A[0-9]{1,5})?$")


def did_key_from_public_key(key: Ed25519PublicKey) -> str:
    """Return the ``did:key`` DID of an Ed25519 public key (``did:key:z6Mk...``)."""
    return "did:key:" + encode_multikey_public(key)


def did_key_verification_method(key: Ed25519PublicKey) -> str:
    """Return the verification method id of a did:key: ``did:key:z6Mk...#z6Mk...``."""
    multikey = encode_multikey_public(key)
    return f"did:key:{multikey}#{multikey}"


def resolve_did_key(did_url: str) -> dict[str, Any]:
    """Resolve a ``did:key`` DID (or DID URL) offline to its DID document.

    The fragment, if any, must equal the method-specific id (the key itself); only Ed25519 keys are
    supported. Raises :class:`KeyResolutionError` otherwise.
    """
    if not isinstance(did_url, str) or not did_url.startswith("did:key:"):
        raise KeyResolutionError(f"{did_url!r} is not a did:key DID")
    did, _, fragment = did_url.partition("#")
    multikey = did[len("did:key:") :]
    if fragment and fragment != multikey:
        raise KeyResolutionError(f"the fragment of {did_url} does not match its key {multikey}")
    try:
        decode_multikey_public(multikey)
    except KeyMaterialError as exc:
        raise KeyResolutionError(f"{did} does not hold an Ed25519 Multikey: {exc}") from exc
    vm_id = f"{did}#{multikey}"
    document: dict[str, Any] = {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": multikey}
        ],
    }
    for relationship in DID_KEY_RELATIONSHIPS:
        document[relationship] = [vm_id]
    return document


def did_web_to_url(did: str) -> str:
    """Return the https URL of the ``did.json`` of a ``did:web`` DID (a fragment or query is ignored).

    ``did:web:example.com`` -> ``https://example.com/.well-known/did.json``;
    ``did:web:example.com%3A8443:issuers:42`` -> ``https://example.com:8443/issuers/42/did.json``.
    """
    if not isinstance(did, str) or not did.startswith("did:web:"):
        raise KeyResolutionError(f"{did!r} is not a did:web DID")
    specific = did[len("did:web:") :].split("#", 1)[0].split("?", 1)[0]
    host, *path = specific.split(":")
    if not host or not _HOST.match(host) or any(not segment for segment in path):
        raise KeyResolutionError(f"{did!r} is not a valid did:web DID")
    segments = [quote(unquote(segment), safe="") for segment in path]
    base = "https://" + host.replace("%3A", ":")
    return base + ("/" + "/".join(segments) if segments else "/.well-known") + "/did.json"


def did_web_from_url(url: str) -> str:
    """Return the ``did:web`` DID of an https URL.

    ``https://example.edu/issuers/1`` -> ``did:web:example.edu:issuers:1``.
    """
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise KeyResolutionError(f"{url!r} is not an https URL without query or fragment")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments[-2:] == [".well-known", "did.json"]:
        segments = segments[:-2]
    elif segments and segments[-1] == "did.json":
        segments = segments[:-1]
    return ":".join(["did:web", host, *segments])


@dataclass(frozen=True)
class IssuerKey:
    """One key of an issuer's DID / controller document.

    ``fragment`` names it (``key-1`` -> ``<controller>#key-1``); ``may_verify`` False keeps it listed under
    ``verificationMethod`` but removes it from ``assertionMethod`` (a distrusted, rotated-out key).
    """

    fragment: str
    public_key: PublicKey
    may_verify: bool = True


def build_did_document(controller: str, keys: Sequence[IssuerKey], *, current: str) -> dict[str, Any]:
    """Build the DID document (or https controller document) publishing an issuer's keys.

    Ed25519 keys become ``Multikey`` verification methods, RSA/P-256 keys ``JsonWebKey`` ones (for
    VC-JWTs). ``current`` is the fragment of the key used for signing now; it is listed first in
    ``assertionMethod``. Serve the result at :func:`did_web_to_url` of a did:web ``controller``.
    """
    fragments = [key.fragment for key in keys]
    if len(set(fragments)) != len(fragments):
        raise KeyMaterialError("key fragments must be unique")
    by_fragment = {key.fragment: key for key in keys}
    if current not in by_fragment or not by_fragment[current].may_verify:
        raise KeyMaterialError(f"the current key {current!r} must be one of the keys and allowed to verify")
    contexts = [DID_CONTEXT, MULTIKEY_CONTEXT]
    methods: list[dict[str, Any]] = []
    for key in keys:
        if not re.fullmatch(r"[A-Za-z0-9._~-]+", key.fragment):
            raise KeyMaterialError(f"invalid key fragment {key.fragment!r}")
        method: dict[str, Any] = {"id": f"{controller}#{key.fragment}", "controller": controller}
        if isinstance(key.public_key, Ed25519PublicKey):
            method.update(type="Multikey", publicKeyMultibase=encode_multikey_public(key.public_key))
        else:
            method.update(type="JsonWebKey", publicKeyJwk=public_key_to_jwk(key.public_key))
            if JWK_CONTEXT not in contexts:
                contexts.append(JWK_CONTEXT)
        methods.append(method)
    ordered = [current] + [key.fragment for key in keys if key.may_verify and key.fragment != current]
    return {
        "@context": contexts,
        "id": controller,
        "verificationMethod": methods,
        "assertionMethod": [f"{controller}#{fragment}" for fragment in ordered],
    }
