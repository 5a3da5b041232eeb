"""Canonicalization: RDFC-1.0 for JSON-LD documents and N-Quads datasets, JCS (RFC 8785) for JSON.

Public API (the Data Integrity proof code depends on exactly these names):

- :func:`canonicalize` -- JSON-LD document -> canonical N-Quads (RDFC-1.0, SHA-256), bundled contexts only;
- :func:`canonicalize_nquads` -- N-Quads dataset -> canonical N-Quads;
- :func:`jcs` -- RFC 8785 canonical JSON text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microcred.openbadges.canon.errors import (
    CanonicalizationError,
    CanonicalizationLimitError,
    JcsError,
    NQuadsSyntaxError,
)
from microcred.openbadges.canon.jcs import jcs
from microcred.openbadges.errors import JsonLdError
from microcred.openbadges.jsonld.errors import UnknownContextError
from microcred.openbadges.jsonld.loader import pyld_document_loader

__all__ = [
    "CanonicalizationError",
    "CanonicalizationLimitError",
    "JcsError",
    "NQuadsSyntaxError",
    "canonicalize",
    "canonicalize_nquads",
    "jcs",
]


def _unknown_context_cause(exc: BaseException) -> UnknownContextError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, UnknownContextError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def canonicalize(document: Mapping[str, Any]) -> str:
    """Return the RDFC-1.0 (SHA-256) canonical N-Quads of a JSON-LD document, using bundled contexts only.

    Raises :class:`~microcred.openbadges.jsonld.errors.UnknownContextError` for a context that is not bundled
    and :class:`~microcred.openbadges.errors.JsonLdError` for invalid JSON-LD.
    """
    from pyld import jsonld  # temporary backend, replaced by the native implementation

    try:
        result = jsonld.normalize(
            dict(document),
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": pyld_document_loader,
            },
        )
    except jsonld.JsonLdError as exc:
        unknown = _unknown_context_cause(exc)
        if unknown is not None:
            raise UnknownContextError(unknown.url) from exc
        raise JsonLdError(str(exc)) from exc
    return str(result)


def canonicalize_nquads(nquads: str) -> str:
    """Return the RDFC-1.0 (SHA-256) canonical N-Quads of an N-Quads dataset."""
    from pyld import jsonld  # temporary backend, replaced by the native implementation

    return str(
        jsonld.normalize(
            nquads,
            {"algorithm": "URDNA2015", "inputFormat": "application/n-quads", "format": "application/n-quads"},
        )
    )
