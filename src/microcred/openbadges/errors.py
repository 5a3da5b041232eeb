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
