"""Proof checks of the verification report: embedded Data Integrity proofs and the VC-JWT proof.

For each embedded proof ``proof[i]``: ``.cryptosuite`` (known?), ``.key`` (verification method resolved),
``.controller`` (the key's controller is the issuer), ``.purpose`` (proof purpose), ``.signature`` and
``.expires``. For a VC-JWT: ``jwt.header``, ``jwt.key``, ``jwt.controller``, ``jwt.signature``,
``jwt.claims``. Proof types this library cannot verify are ``skipped``; every supported proof that is
present must verify (VC Data Integrity "proof sets", https://www.w3.org/TR/vc-data-integrity/#proof-sets),
and at least one must (OB 3.0 section 8, https://www.imsglobal.org/spec/ob/v3p0/#data-integrity).

Nothing here raises: every failure becomes a check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from microcred.openbadges.errors import KeyResolutionError, OpenBadgesError
from microcred.openbadges.keys.jwk import jwk_to_public_key
from microcred.openbadges.keys.multikey import PublicKey
from microcred.openbadges.keys.resolver import (
    KeyNotRetrievedError,
    KeyResolver,
    ResolvedKey,
    UnsupportedMethodError,
    verification_method_kind,
)
from microcred.openbadges.proofs import ed25519_signature_2020, eddsa_rdfc_2022
from microcred.openbadges.proofs.data_integrity import (
    DATA_INTEGRITY_PROOF,
    check_proof_purpose,
    parse_datetime,
    proof_shape_problems,
    proofs_of,
)
from microcred.openbadges.proofs.report import CheckStatus, VerificationReport
from microcred.openbadges.proofs.vc_jwt import (
    ALLOWED_HEADERS,
    SUPPORTED_ALGORITHMS,
    DecodedJws,
    claim_problems,
    verify_jws_signature,
)

__all__ = ["ProofTally", "check_embedded_proofs", "check_jwt_proof"]

_Verifier = Callable[[Mapping[str, Any], Mapping[str, Any], PublicKey], bool]

#: (proof type, cryptosuite) -> (verify function, deprecation note or "").
_SUITES: dict[tuple[str, str | None], tuple[_Verifier, str]] = {
    (DATA_INTEGRITY_PROOF, eddsa_rdfc_2022.CRYPTOSUITE): (eddsa_rdfc_2022.verify_proof, ""),
    (DATA_INTEGRITY_PROOF, eddsa_rdfc_2022.LEGACY_CRYPTOSUITE): (
        eddsa_rdfc_2022.verify_proof,
        "eddsa-2022 is the deprecated name of eddsa-rdfc-2022",
    ),
    (ed25519_signature_2020.PROOF_TYPE, None): (
        ed25519_signature_2020.verify_proof,
        "Ed25519Signature2020 is a legacy proof type",
    ),
}


@dataclass
class ProofTally:
    """Which proofs verified, failed or could not be checked (for the overall ``proof`` check)."""

    verified: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


def check_embedded_proofs(
    report: VerificationReport,
    document: Mapping[str, Any],
    *,
    resolver: KeyResolver,
    issuer_id: str | None,
    purpose: str,
    now: datetime,
    tally: ProofTally,
) -> None:
    """Add the checks of every embedded proof of ``document`` to ``report`` and count them in ``tally``."""
    for index, proof in enumerate(proofs_of(document)):
        label = f"proof[{index}]"
        proof_type = proof.get("type") if isinstance(proof, Mapping) else None
        suite = proof.get("cryptosuite") if proof_type == DATA_INTEGRITY_PROOF else None
        entry = _SUITES.get((str(proof_type), suite if isinstance(suite, str) else None))
        if entry is None:
            what = f"cryptosuite {suite!r}" if proof_type == DATA_INTEGRITY_PROOF else f"type {proof_type!r}"
            report.skipped(
                f"{label}.cryptosuite", f"proof {what} is not supported; this proof was not checked"
            )
            tally.unchecked.append(label)
            continue
        verify, note = entry
        name = f"{proof_type}/{suite}" if suite else str(proof_type)
        if note:
            report.warning(f"{label}.cryptosuite", f"{name}: {note}; verified anyway")
        else:
            report.passed(f"{label}.cryptosuite", f"{name} is supported")
        problems = proof_shape_problems(proof)
        if problems:
            report.failed(f"{label}.shape", "malformed proof: " + "; ".join(problems))
            tally.failed.append(label)
            continue
        key = _resolve(report, f"{label}.key", proof["verificationMethod"], resolver)
        if key is None:
            (tally.unchecked if report.checks[-1].status is CheckStatus.SKIPPED else tally.failed).append(
                label
            )
            continue
        _check_controller(report, f"{label}.controller", key, issuer_id)
        try:
            check_proof_purpose(proof, purpose, key.relationships)
            report.passed(f"{label}.purpose", f"proofPurpose {purpose} is allowed for this key")
        except OpenBadgesError as exc:
            report.failed(f"{label}.purpose", str(exc))
        if "expires" in proof and parse_datetime(proof["expires"]) < now:
            report.failed(f"{label}.expires", f"the proof expired on {proof['expires']}")
        if _run_signature(
            report, f"{label}.signature", name, partial(verify, document, proof, key.public_key)
        ):
            tally.verified.append(label)
        else:
            tally.failed.append(label)


def check_jwt_proof(
    report: VerificationReport, jws: DecodedJws, *, resolver: KeyResolver, tally: ProofTally
) -> None:
    """Add the checks of a VC-JWT's header, key, signature and claims to ``report``."""
    header = jws.header
    alg, typ = header.get("alg"), header.get("typ")
    extra = sorted(set(header) - ALLOWED_HEADERS)
    if alg not in SUPPORTED_ALGORITHMS:
        report.failed("jwt.header", f"alg {alg!r} is not supported ({', '.join(SUPPORTED_ALGORITHMS)})")
    elif "crit" in header:
        report.failed("jwt.header", "the JOSE header has critical extensions ('crit') this verifier ignores")
    elif typ not in (None, "JWT") or extra:
        why = [f"typ {typ!r} (OB 3.0 says 'JWT')"] if typ not in (None, "JWT") else []
        why += [f"headers not allowed by OB 3.0: {', '.join(extra)}"] if extra else []
        report.warning("jwt.header", f"alg {alg}; " + "; ".join(why))
    else:
        report.passed("jwt.header", f"alg {alg}" + (", typ JWT" if typ else ""))
    key = _jwt_key(report, header, resolver)
    if key is None:
        (tally.unchecked if report.checks[-1].status is CheckStatus.SKIPPED else tally.failed).append("jwt")
    else:
        issuer = jws.credential.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
        _check_controller(report, "jwt.controller", key, issuer_id if isinstance(issuer_id, str) else None)
        if _run_signature(
            report, "jwt.signature", f"JWS {alg}", lambda: verify_jws_signature(jws, key.public_key)
        ):
            tally.verified.append("jwt")
        else:
            tally.failed.append("jwt")
    mismatches, missing = claim_problems(jws)
    if mismatches:
        report.failed("jwt.claims", "JWT claims differ from the credential: " + "; ".join(mismatches))
    elif missing:
        report.warning("jwt.claims", "claims matching the credential; missing: " + ", ".join(missing))
    else:
        report.passed("jwt.claims", "iss, jti, nbf, sub and exp agree with the credential")


def _jwt_key(
    report: VerificationReport, header: Mapping[str, Any], resolver: KeyResolver
) -> ResolvedKey | None:
    kid = header.get("kid")
    if isinstance(kid, str) and kid:
        return _resolve(report, "jwt.key", kid, resolver)
    jwk = header.get("jwk")
    if isinstance(jwk, Mapping):
        try:
            public_key = jwk_to_public_key(jwk)
        except OpenBadgesError as exc:
            report.failed("jwt.key", f"the embedded jwk is not usable: {exc}")
            return None
        report.warning(
            "jwt.key", "public key embedded in the JWT header (jwk); nothing links it to the issuer"
        )
        return ResolvedKey("jwk", public_key, None, None, "embedded", "JWT header jwk")
    report.failed("jwt.key", "the JWT header names no key: neither 'kid' nor 'jwk'")
    return None


def _resolve(
    report: VerificationReport, check_id: str, method: Any, resolver: KeyResolver
) -> ResolvedKey | None:
    kind = verification_method_kind(method)
    try:
        key = resolver.resolve(method)
    except UnsupportedMethodError as exc:
        if kind in ("https", "did:web"):
            report.skipped(
                check_id, f"{method} not checked: resolving {kind} keys needs network access ({exc})"
            )
        elif kind == "invalid":
            report.failed(check_id, f"the verification method {method!r} is not a URI with a known scheme")
        else:
            report.failed(check_id, f"cannot resolve {method}: {exc}")
        return None
    except KeyNotRetrievedError as exc:
        report.failed(check_id, f"the key document could not be retrieved: {exc}")
        return None
    except KeyResolutionError as exc:
        report.failed(check_id, str(exc))
        return None
    except Exception as exc:  # a caller-supplied resolver may raise anything
        report.failed(check_id, f"the key resolver failed: {type(exc).__name__}: {exc}")
        return None
    where = f" ({key.note})" if key.note else ""
    if key.authenticated:
        report.passed(check_id, f"{method} resolved via {key.source}{where}")
    else:
        report.warning(check_id, f"{method} resolved, but unauthenticated{where}")
    return key


def _check_controller(
    report: VerificationReport, check_id: str, key: ResolvedKey, issuer_id: str | None
) -> None:
    if issuer_id is None:
        report.skipped(check_id, "no issuer id to compare the key controller with")
    elif key.controller is None:
        report.warning(check_id, f"the key has no known controller; cannot link it to issuer {issuer_id}")
    elif key.controller == issuer_id:
        report.passed(check_id, f"the key is controlled by the issuer {issuer_id}")
    elif key.source == "did:key" and verification_method_kind(issuer_id) not in ("https", "http", "did:web"):
        report.warning(
            check_id,
            f"issuer {issuer_id} cannot be resolved; accepting {key.controller} as its key, unlinked",
        )
    else:
        report.failed(check_id, f"the key controller {key.controller} is not the issuer {issuer_id}")


def _run_signature(report: VerificationReport, check_id: str, name: str, verify: Callable[[], bool]) -> bool:
    try:
        verified = verify()
    except Exception as exc:  # malformed documents surface as JSON-LD, canonicalization or proof errors
        report.failed(check_id, f"{name} cannot be verified: {type(exc).__name__}: {exc}")
        return False
    if verified:
        report.passed(check_id, f"{name} signature is valid")
    else:
        report.failed(check_id, f"{name} signature does not match the document")
    return verified
