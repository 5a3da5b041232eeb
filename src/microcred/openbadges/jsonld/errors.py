"""Errors of the offline JSON-LD processor."""

from microcred.openbadges.errors import JsonLdError

__all__ = ["InvalidJsonLdError", "JsonLdError", "UnknownContextError", "UnsupportedJsonLdError"]


class UnknownContextError(JsonLdError):
    """A ``@context`` URL is not one of the bundled contexts (contexts are never fetched)."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"unknown JSON-LD context {url!r}: contexts are never fetched from the network, "
            "only the bundled contexts of microcred.openbadges.jsonld are allowed"
        )


class InvalidJsonLdError(JsonLdError):
    """The document (or a context) is not valid JSON-LD 1.1; the message names the problem and where."""


class UnsupportedJsonLdError(JsonLdError):
    """The document uses a JSON-LD feature that this processor deliberately does not implement."""
