"""Find what JSON-LD processing would silently drop from a document (so that nobody signs it unknowingly).

JSON-LD expansion ignores properties that the ``@context`` does not define, and conversion to RDF ignores
relative IRIs (there is no base IRI here) and blank node properties. A signature over the canonical form
then does not cover those parts of the JSON, although a reader sees them: the signer refuses such
documents, naming each path returned by :func:`find_dropped_terms`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from microcred.openbadges.jsonld.expand import expand
from microcred.openbadges.jsonld.rdf import to_rdf_checked

__all__ = ["DroppedTerm", "find_dropped", "find_dropped_terms"]


@dataclass(frozen=True, slots=True)
class DroppedTerm:
    """One dropped item: its JSON path (``credentialSubject.achievement.foo``), the term or value, and why."""

    path: str
    term: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def find_dropped(document: Mapping[str, Any] | list[Any]) -> list[DroppedTerm]:
    """Return every property, ``@type`` value or IRI of ``document`` that JSON-LD to RDF would drop.

    Paths use dots for object keys and ``[i]`` for array items, from the document root. Raises the errors of
    :func:`~microcred.openbadges.jsonld.expand.expand` (unknown context, invalid JSON-LD).
    """
    found: dict[tuple[str, str], DroppedTerm] = {}

    def report(path: str, term: str, reason: str) -> None:
        found.setdefault((path, term), DroppedTerm(path or "(document)", term, reason))

    if isinstance(document, Mapping) and not isinstance(document, dict):
        document = dict(document)
    # Both raise InvalidJsonLdError for documents nested too deeply.
    if isinstance(document, dict) and to_rdf_checked(document)[1]:
        return []  # the common case, decided by the fast path (about twice as fast as the full check)
    expand(document, report)
    return list(found.values())


def find_dropped_terms(document: Mapping[str, Any] | list[Any]) -> list[str]:
    """Return the JSON paths of everything :func:`find_dropped` reports (empty when nothing is dropped).

    Example: ``["credentialSubject.achievement.foo", "credentialSubject.achievement.image"]`` for an
    undefined ``foo`` term and a relative ``image`` IRI.
    """
    return [item.path for item in find_dropped(document)]
