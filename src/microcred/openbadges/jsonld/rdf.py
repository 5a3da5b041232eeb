"""JSON-LD document -> RDF dataset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microcred.openbadges.canon.nquads import Quad
from microcred.openbadges.jsonld.errors import InvalidJsonLdError
from microcred.openbadges.jsonld.expand import expand
from microcred.openbadges.jsonld.fast import document_to_quads
from microcred.openbadges.jsonld.tordf import expanded_to_quads

__all__ = ["to_rdf", "to_rdf_via_expansion"]


def _plain(document: Mapping[str, Any] | list[Any]) -> Any:
    if isinstance(document, Mapping) and not isinstance(document, dict):
        return dict(document)
    return document


def to_rdf(document: Mapping[str, Any] | list[Any]) -> list[Quad]:
    """Return the RDF dataset of a JSON-LD document as a list of quads (duplicates possible).

    Each quad is a tuple ``(subject, predicate, object, graph)`` of canonical N-Quads terms, ``graph`` being
    ``""`` for the default graph; see :mod:`microcred.openbadges.canon.nquads`. Uses the single-pass fast
    path of :mod:`~microcred.openbadges.jsonld.fast` (which defers to the complete algorithms when needed).
    """
    try:
        return document_to_quads(_plain(document))
    except RecursionError:
        raise InvalidJsonLdError("the JSON-LD document is nested too deeply") from None


def to_rdf_via_expansion(document: Mapping[str, Any] | list[Any]) -> list[Quad]:
    """Same dataset as :func:`to_rdf`, through the expanded document (reference implementation, slower)."""
    try:
        return expanded_to_quads(expand(_plain(document)))
    except RecursionError:
        raise InvalidJsonLdError("the JSON-LD document is nested too deeply") from None
