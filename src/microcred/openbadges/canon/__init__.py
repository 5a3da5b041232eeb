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
from microcred.openbadges.canon.nquads import parse_nquads
from microcred.openbadges.canon.rdfc10 import DEFAULT_MAX_WORK, rdfc10_nquads
from microcred.openbadges.errors import DroppedTermsError

__all__ = [
    "CanonicalizationError",
    "CanonicalizationLimitError",
    "JcsError",
    "NQuadsSyntaxError",
    "canonicalize",
    "canonicalize_nquads",
    "jcs",
]


def canonicalize(
    document: Mapping[str, Any],
    *,
    hash_algorithm: str = "sha256",
    max_work: int = DEFAULT_MAX_WORK,
    safe: bool = False,
) -> str:
    """Return the RDFC-1.0 canonical N-Quads of a JSON-LD document, using the bundled contexts only.

    The document is expanded and turned into RDF by :mod:`microcred.openbadges.jsonld` (contexts are never
    fetched), then canonicalized by :mod:`microcred.openbadges.canon.rdfc10`. Anything the document says
    that does not map to RDF is silently left out, as JSON-LD requires -- unless ``safe`` is set: then
    (like jsonld.js's "safe mode") a document JSON-LD would drop something from raises
    :class:`~microcred.openbadges.errors.DroppedTermsError` naming each dropped term
    (:func:`microcred.openbadges.jsonld.find_dropped_terms`); the check shares the conversion's single pass.

    Raises :class:`~microcred.openbadges.jsonld.errors.UnknownContextError` for a context that is not bundled,
    :class:`~microcred.openbadges.jsonld.errors.InvalidJsonLdError` for invalid JSON-LD and
    :class:`CanonicalizationLimitError` for poison datasets.
    """
    # deferred: jsonld imports canon.nquads
    from microcred.openbadges.jsonld import find_dropped_terms
    from microcred.openbadges.jsonld.rdf import to_rdf_checked

    quads, lossless = to_rdf_checked(document)
    if safe and not lossless:  # the fast pass cannot vouch for the document: ask the complete algorithm
        dropped = find_dropped_terms(document)
        if dropped:
            raise DroppedTermsError(dropped)
    return rdfc10_nquads(quads, hash_algorithm=hash_algorithm, max_work=max_work)


def canonicalize_nquads(
    nquads: str, *, hash_algorithm: str = "sha256", max_work: int = DEFAULT_MAX_WORK
) -> str:
    """Return the RDFC-1.0 canonical N-Quads of an N-Quads dataset (SHA-256 unless told otherwise).

    Raises :class:`NQuadsSyntaxError` for unparsable input and :class:`CanonicalizationLimitError` when the
    dataset needs more than ``max_work`` units of N-degree work (poison graphs).
    """
    return rdfc10_nquads(parse_nquads(nquads), hash_algorithm=hash_algorithm, max_work=max_work)
