"""JSON-LD document -> RDF dataset."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from microcred.openbadges.canon.nquads import Quad
from microcred.openbadges.jsonld.errors import InvalidJsonLdError
from microcred.openbadges.jsonld.expand import expand
from microcred.openbadges.jsonld.fast import document_to_quads_checked
from microcred.openbadges.jsonld.tordf import expanded_to_quads

__all__ = ["reusing_conversions", "to_rdf", "to_rdf_checked", "to_rdf_via_expansion"]


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
    return to_rdf_checked(document)[0]


def to_rdf_checked(document: Mapping[str, Any] | list[Any]) -> tuple[list[Quad], bool]:
    """:func:`to_rdf`, and whether the conversion certainly dropped nothing, from the same single pass.

    False means that something may have been dropped: :func:`~microcred.openbadges.jsonld.find_dropped`
    tells what, if anything.
    """
    memo = _REUSED.get()
    if memo is None or type(document) is not dict:
        return _to_rdf_checked(document)
    key = tuple((name, id(value)) for name, value in document.items())
    found = memo.get(key)
    if found is None:
        # The shallow copy keeps the values alive, so that no other object can take their ids meanwhile.
        found = memo[key] = (dict(document), _to_rdf_checked(document))
    return found[1]


def _to_rdf_checked(document: Mapping[str, Any] | list[Any]) -> tuple[list[Quad], bool]:
    try:
        return document_to_quads_checked(_plain(document))
    except RecursionError:
        raise InvalidJsonLdError("the JSON-LD document is nested too deeply") from None


#: Conversions made inside :func:`reusing_conversions`: (key, id of its value)... -> (document, result).
_REUSED: ContextVar[
    dict[tuple[tuple[str, int], ...], tuple[dict[str, Any], tuple[list[Quad], bool]]] | None
] = ContextVar("microcred_openbadges_reused_rdf", default=None)


@contextmanager
def reusing_conversions() -> Iterator[None]:
    """Inside this block, converting the same document to RDF again reuses the first conversion.

    "The same document" is a dict with the same keys, in the same order, bound to the very same objects
    (such as two ``without_proof`` copies of one credential), so use it only where nothing mutates the
    documents meanwhile: the verifier wraps one verification in it, and its dropped-terms check and
    signature check then share one pass over the credential. Callers must not modify the quads returned.
    """
    if _REUSED.get() is not None:  # nested: the outer block's memo serves
        yield
        return
    token = _REUSED.set({})
    try:
        yield
    finally:
        _REUSED.reset(token)


def to_rdf_via_expansion(document: Mapping[str, Any] | list[Any]) -> list[Quad]:
    """Same dataset as :func:`to_rdf`, through the expanded document (reference implementation, slower)."""
    try:
        return expanded_to_quads(expand(_plain(document)))
    except RecursionError:
        raise InvalidJsonLdError("the JSON-LD document is nested too deeply") from None
