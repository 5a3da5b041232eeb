"""Proofs for Open Badges credentials: Data Integrity (``eddsa-rdfc-2022``, verify-only
``Ed25519Signature2020``), VC-JWT, and the checks and report of credential verification.

Signing goes through :mod:`microcred.openbadges.issue`, verification through
:mod:`microcred.openbadges.verify`; the modules here follow the specs' algorithms step by step.
"""

from microcred.openbadges.proofs.data_integrity import (
    DATA_INTEGRITY_PROOF,
    ProofOptions,
    ensure_no_dropped_terms,
    format_datetime,
    parse_datetime,
    proofs_of,
    without_proof,
)
from microcred.openbadges.proofs.report import Check, CheckStatus, Verdict, VerificationReport

__all__ = [
    "DATA_INTEGRITY_PROOF",
    "Check",
    "CheckStatus",
    "ProofOptions",
    "Verdict",
    "VerificationReport",
    "ensure_no_dropped_terms",
    "format_datetime",
    "parse_datetime",
    "proofs_of",
    "without_proof",
]
