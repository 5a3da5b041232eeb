"""Offline JSON-LD 1.1: bundled contexts, an allowlisted loader, expansion to RDF and dropped-term checks.

Never imports Django nor fetches anything: only the contexts bundled in ``contexts/`` are available.
"""

from microcred.openbadges.jsonld.errors import (
    InvalidJsonLdError,
    JsonLdError,
    UnknownContextError,
    UnsupportedJsonLdError,
)
from microcred.openbadges.jsonld.loader import bundled_context_urls, load_context, pyld_document_loader

__all__ = [
    "InvalidJsonLdError",
    "JsonLdError",
    "UnknownContextError",
    "UnsupportedJsonLdError",
    "bundled_context_urls",
    "load_context",
    "pyld_document_loader",
]
