"""Offline JSON-LD 1.1: bundled contexts, an allowlisted loader, expansion to RDF and dropped-term checks.

Never imports Django nor fetches anything: only the contexts bundled in ``contexts/`` are available.
"""

from microcred.openbadges.jsonld.dropped import DroppedTerm, find_dropped, find_dropped_terms
from microcred.openbadges.jsonld.errors import (
    InvalidJsonLdError,
    JsonLdError,
    UnknownContextError,
    UnsupportedJsonLdError,
)
from microcred.openbadges.jsonld.expand import expand
from microcred.openbadges.jsonld.loader import bundled_context_urls, load_context, pyld_document_loader
from microcred.openbadges.jsonld.rdf import to_rdf

__all__ = [
    "DroppedTerm",
    "InvalidJsonLdError",
    "JsonLdError",
    "UnknownContextError",
    "UnsupportedJsonLdError",
    "bundled_context_urls",
    "expand",
    "find_dropped",
    "find_dropped_terms",
    "load_context",
    "pyld_document_loader",
    "to_rdf",
]
