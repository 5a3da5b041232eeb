"""Bundled JSON-LD contexts and an allowlisted, offline document loader.

Contexts are never fetched from the network: every URL accepted here maps to a file in ``contexts/``
(see ``contexts/SOURCES.md`` for where each file was copied from). Anything else raises
:class:`~microcred.openbadges.jsonld.errors.UnknownContextError`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from microcred.openbadges.jsonld.errors import UnknownContextError

__all__ = ["CONTEXT_FILES", "bundled_context_urls", "load_context", "pyld_document_loader"]

_CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"

#: Every allowlisted context URL -> file name in ``contexts/``.
CONTEXT_FILES: dict[str, str] = {
    # W3C Verifiable Credentials
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://www.w3.org/ns/credentials/undefined-terms/v2": "credentials-undefined-terms-v2.jsonld",
    # W3C Data Integrity, keys, DIDs
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-2020-v1.jsonld",
    "https://w3id.org/security/jwk/v1": "jwk-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    # Status lists
    "https://w3id.org/vc/status-list/2021/v1": "status-list-2021-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "status-list-v1.jsonld",
    # Open Badges 3.0
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "ob-v3p0-context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
    # Comprehensive Learner Record 2.0
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json": "clr-v2p0-context.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-context-2.0.1.json",
    # Open Badges 2.0 (and the 1.1 context it may still reference)
    "https://w3id.org/openbadges/v2": "ob-v2-context.json",
    "https://openbadgespec.org/v2/context.json": "ob-v2-context.json",
    "https://w3id.org/openbadges/v1": "ob-v1-context.json",
    "https://openbadgespec.org/v1/context.json": "ob-v1-context.json",
    "https://openbadgespec.org/extensions/endorsement/context.json": "ob-v2-endorsement-context.json",
    "https://w3id.org/openbadges/extensions/endorsement/context.json": "ob-v2-endorsement-context.json",
}

_cache: dict[str, dict[str, Any]] = {}


def bundled_context_urls() -> list[str]:
    """Return the sorted list of every context URL that :func:`load_context` serves."""
    return sorted(CONTEXT_FILES)


def load_context(url: str) -> dict[str, Any]:
    """Return the parsed JSON document of the bundled context published at ``url``.

    The result is cached and shared: callers must not mutate it. Raises
    :class:`~microcred.openbadges.jsonld.errors.UnknownContextError` for any URL that is not bundled;
    nothing is ever fetched from the network.
    """
    doc = _cache.get(url)
    if doc is None:
        name = CONTEXT_FILES.get(url)
        if name is None:
            raise UnknownContextError(url)
        with (_CONTEXT_DIR / name).open(encoding="utf-8") as fh:
            loaded = json.load(fh)
        if not isinstance(loaded, dict):  # pragma: no cover - bundled files are all objects
            raise UnknownContextError(url)
        doc = _cache[url] = loaded
    return doc


def pyld_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld-compatible document loader serving only the bundled contexts (for tests and benchmarks).

    Pass it as ``{"documentLoader": pyld_document_loader}`` in pyld options. It returns pyld's
    ``RemoteDocument`` shape (a deep copy, since pyld may mutate documents) and raises
    :class:`~microcred.openbadges.jsonld.errors.UnknownContextError` for anything else.
    """
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(load_context(url)),
        # bundled contexts never change: let pyld cache them across operations
        "tag": "static",
    }
