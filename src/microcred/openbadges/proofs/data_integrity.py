"""Data Integrity proofs: the proof object's shape, proof options, proof purposes and proof sets.

W3C Verifiable Credential Data Integrity 1.0 (https://www.w3.org/TR/vc-data-integrity/):

- section 2.1 "Proofs" (https://www.w3.org/TR/vc-data-integrity/#proofs): ``type``, ``cryptosuite``,
  ``verificationMethod``, ``proofPurpose``, ``created``, ``expires``, ``domain``, ``challenge``, ``nonce``,
  ``proofValue``;
- section 2.1.2 "Proof Purposes" (https://www.w3.org/TR/vc-data-integrity/#proof-purposes): a proof's
  purpose must match a verification relationship under which its controller lists the key;
- section 2.1.1 "Proof Sets" (https://www.w3.org/TR/vc-data-integrity/#proof-sets): ``proof`` may be one
  object or a list; each proof of a set signs the document without any ``proof``.

Before signing, :func:`ensure_no_dropped_terms` refuses documents whose terms JSON-LD expansion would
drop (they would sit outside the signature; see the OB 3.0 ``endorsementJwt`` trap).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from microcred.openbadges.errors import DroppedTermsError, ProofError
from microcred.openbadges.jsonld import find_dropped_terms

__all__ = [
    "DATA_INTEGRITY_PROOF",
    "ProofOptions",
    "check_proof_purpose",
    "ensure_no_dropped_terms",
    "format_datetime",
    "parse_datetime",
    "proof_shape_problems",
    "proofs_of",
    "without_proof",
]

DATA_INTEGRITY_PROOF = "DataIntegrityProof"

# XSD dateTime (https://www.w3.org/TR/xmlschema11-2/#dateTime); a time zone is required here because
# VC 2.0 dateTimeStamp values need one and comparing naive times is meaningless.
_DATETIME = re.compile(
    r"^(?P<date>-?\d{4,}-\d{2}-\d{2})T(?P<time>\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})$"
)


def parse_datetime(value: Any) -> datetime:
    """Parse an XSD ``dateTimeStamp`` (``2010-01-01T19:23:24Z``, offsets and fractions allowed) to an aware
    UTC datetime; raise :class:`ProofError` for anything else (including a missing time zone)."""
    match = _DATETIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise ProofError(f"{value!r} is not an XSD dateTimeStamp (e.g. 2024-01-01T00:00:00Z)")
    fraction = (match["fraction"] or "")[:7]  # Python keeps microseconds: at most 6 digits
    zone = "+00:00" if match["zone"] == "Z" else match["zone"]
    try:
        parsed = datetime.fromisoformat(f"{match['date']}T{match['time']}{fraction}{zone}")
    except ValueError as exc:
        raise ProofError(f"{value!r} is not a valid date and time: {exc}") from exc
    return parsed.astimezone(UTC)


def format_datetime(moment: datetime) -> str:
    """Format an aware datetime as an XSD ``dateTimeStamp`` in UTC to the second (``...T19:23:24Z``)."""
    if moment.tzinfo is None:
        raise ProofError("refusing a naive datetime: pass an aware one (e.g. datetime.now(UTC))")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def proofs_of(document: Mapping[str, Any]) -> list[Any]:
    """Return the proofs of a secured document as a list (``proof`` may be one object or a proof set)."""
    proof = document.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def without_proof(document: Mapping[str, Any]) -> dict[str, Any]:
    """Return a shallow copy of ``document`` without its ``proof`` (the unsecured document)."""
    return {key: value for key, value in document.items() if key != "proof"}


@dataclass(frozen=True)
class ProofOptions:
    """The options of a Data Integrity proof (everything but ``proofValue``), in the spec's names.

    https://www.w3.org/TR/vc-data-integrity/#proofs
    """

    verification_method: str
    cryptosuite: str
    proof_purpose: str = "assertionMethod"
    created: datetime | None = None
    expires: datetime | None = None
    type: str = DATA_INTEGRITY_PROOF
    id: str | None = None
    domain: str | None = None
    challenge: str | None = None
    nonce: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the options, omitting unset members."""
        options: dict[str, Any] = {"type": self.type, "cryptosuite": self.cryptosuite}
        if self.id is not None:
            options = {"id": self.id, **options}
        if self.created is not None:
            options["created"] = format_datetime(self.created)
        if self.expires is not None:
            options["expires"] = format_datetime(self.expires)
        options["verificationMethod"] = self.verification_method
        options["proofPurpose"] = self.proof_purpose
        for name in ("domain", "challenge", "nonce"):
            value = getattr(self, name)
            if value is not None:
                options[name] = value
        return options


def proof_shape_problems(proof: Any) -> list[str]:
    """Return what is wrong with the shape of one proof object (empty when it is well formed)."""
    if not isinstance(proof, Mapping):
        return ["the proof is not a JSON object"]
    problems: list[str] = []
    for name in ("type", "verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(name), str) or not proof.get(name):
            problems.append(f"'{name}' is missing or not a string")
    if proof.get("type") == DATA_INTEGRITY_PROOF and not isinstance(proof.get("cryptosuite"), str):
        problems.append("a DataIntegrityProof needs a 'cryptosuite' string")
    for name in ("created", "expires"):
        if name in proof:
            try:
                parse_datetime(proof[name])
            except ProofError as exc:
                problems.append(f"'{name}': {exc}")
    return problems


def check_proof_purpose(
    proof: Mapping[str, Any], expected: str, relationships: frozenset[str] | None
) -> None:
    """Check the proof purpose (https://www.w3.org/TR/vc-data-integrity/#proof-purposes).

    ``proofPurpose`` must equal ``expected`` and, when the controller document was consulted
    (``relationships`` is not None), the key must be listed under that verification relationship.
    """
    purpose = proof.get("proofPurpose")
    if purpose != expected:
        raise ProofError(f"proofPurpose is {purpose!r}, expected {expected!r}")
    if relationships is not None and expected not in relationships:
        listed = ", ".join(sorted(relationships)) or "no relationship"
        raise ProofError(f"the controller lists the key under {listed}, not under {expected!r}")


def ensure_no_dropped_terms(document: Mapping[str, Any]) -> None:
    """Raise :class:`DroppedTermsError` naming every term JSON-LD expansion would drop from ``document``.

    Such terms are silently left out of the canonical form, hence out of the signature
    (https://www.w3.org/TR/vc-data-model-2.0/#securing-mechanism-specifications, OB 3.0 ``endorsementJwt``).
    """
    dropped = find_dropped_terms(document)
    if dropped:
        raise DroppedTermsError(list(dropped))
