"""Errors of the canonicalization package."""

from microcred.openbadges.errors import CanonicalizationError

__all__ = ["CanonicalizationError", "CanonicalizationLimitError", "JcsError", "NQuadsSyntaxError"]


class JcsError(CanonicalizationError):
    """A value cannot be serialized as RFC 8785 canonical JSON."""


class NQuadsSyntaxError(CanonicalizationError):
    """An N-Quads document cannot be parsed; the message names the line."""


class CanonicalizationLimitError(CanonicalizationError):
    """RDFC-1.0 gave up because the dataset needs more work than allowed.

    Raised for "poison" datasets (RDFC-1.0 section 4.4.3 and section 6): the Hash N-Degree Quads
    algorithm exceeded its configured recursion or call budget.
    """
