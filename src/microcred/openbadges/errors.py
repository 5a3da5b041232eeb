"""Base error classes of the ``microcred.openbadges`` library.

Every error raised on purpose by the library subclasses :class:`OpenBadgesError`, so callers can catch the
whole family at once; each sub-package defines narrower classes on top of the bases below.
"""


class OpenBadgesError(Exception):
    """Base class of every error raised by ``microcred.openbadges``."""


class JsonLdError(OpenBadgesError):
    """A JSON-LD document or context cannot be processed (offline, by the bundled contexts only)."""


class CanonicalizationError(OpenBadgesError):
    """An RDF dataset or JSON value cannot be canonicalized."""


# --- keys, proofs, status lists, baking (keys/, proofs/, status/, bake.py, issue.py, verify.py) ---


class KeyMaterialError(OpenBadgesError):
    """A key, multibase/base58/base64url value, Multikey or JWK is malformed or of an unsupported kind."""


class KeyResolutionError(OpenBadgesError):
    """A verification method cannot be resolved to a public key (unknown scheme, not found, not allowed)."""


class FetchError(OpenBadgesError):
    """An injected fetcher could not return a JSON document; ``status`` is the HTTP status when known."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ProofError(OpenBadgesError):
    """A proof cannot be created or verified (bad options, wrong cryptosuite, malformed proof value)."""


class DroppedTermsError(ProofError):
    """Signing refused: JSON-LD expansion would drop these terms, so they would sit outside the signature."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = list(terms)
        super().__init__(
            "refusing to sign: these terms are not defined by the document's @context and would be dropped "
            "by JSON-LD expansion (left unsigned): " + ", ".join(self.terms)
        )


class UnreadableInputError(OpenBadgesError):
    """No credential can be read from the input; ``format`` is what it looked like (``png``, ``jwt``...)."""

    def __init__(self, message: str, *, format: str = "unknown") -> None:
        super().__init__(message)
        self.format = format


class StatusListError(OpenBadgesError):
    """A status list, status entry or revocation list is malformed or an index is out of range."""


class BakingError(OpenBadgesError):
    """A PNG or SVG image cannot be baked or read (not an image, malformed chunk, unsafe XML)."""


class AlreadyBakedError(BakingError):
    """The image already carries a *different* badge; re-baking the same one is allowed."""
