"""Verify an Open Badges 3.0 / CLR 2.0 credential (JSON, VC-JWT, or baked in PNG/SVG) in one call.

:func:`verify_credential` follows OB 3.0 section 9 "Verification and Validation"
(https://www.imsglobal.org/spec/ob/v3p0/#verification-and-validation) and returns a
:class:`VerificationReport`: checks for parsing, ``@context``, ``type``, terms JSON-LD would drop, the JSON
Schema, the credential subject and issuer, every proof (suite, key, controller, purpose, signature),
the validity window (``validFrom``/``validUntil``, or ``issuanceDate``/``expirationDate`` for VC 1.1),
the status lists and embedded endorsements -- and a verdict.

It never raises, and it touches the network only through the callables passed in: ``resolver`` (keys;
the default resolves did:key and keys embedded in the method id only) and ``status_fetcher`` (status
lists; without one the status is reported as not checked). OB 2.0 assertions are handed to
:func:`verify_ob2_assertion` (from :mod:`microcred.openbadges.proofs.ob2`, re-exported here).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from microcred.openbadges.bake import PNG_SIGNATURE, unbake
from microcred.openbadges.errors import OpenBadgesError, UnreadableInputError
from microcred.openbadges.jsonld.rdf import reusing_conversions
from microcred.openbadges.keys.resolver import Fetcher, KeyResolver, default_resolver
from microcred.openbadges.proofs.checks import ProofTally, check_embedded_proofs, check_jwt_proof
from microcred.openbadges.proofs.conformance import (
    CLR_TYPES,
    OB_TYPES,
    VC_V1,
    VC_V2,
    check_context,
    check_dropped_terms,
    check_issuer,
    check_schema,
    check_subject,
    check_type,
    issuer_id,
)
from microcred.openbadges.proofs.data_integrity import parse_datetime, proofs_of
from microcred.openbadges.proofs.ob2 import identity_hash, identity_matches, verify_ob2_assertion
from microcred.openbadges.proofs.report import Check, CheckStatus, Verdict, VerificationReport
from microcred.openbadges.proofs.vc_jwt import DecodedJws, decode_jws
from microcred.openbadges.status.checks import check_credential_status

__all__ = [
    "Check",
    "CheckStatus",
    "ReadInput",
    "Verdict",
    "VerificationReport",
    "identity_hash",
    "identity_matches",
    "read_input",
    "verify_credential",
    "verify_ob2_assertion",
]

#: Largest input accepted, in bytes (a baked image included).
MAX_INPUT_BYTES = 20 * 1024 * 1024
#: How deep endorsements / CLR-embedded credentials / status lists are verified.
MAX_DEPTH = 3


def verify_credential(
    document_or_jwt: Mapping[str, Any] | str | bytes,
    *,
    resolver: KeyResolver | None = None,
    now: datetime | None = None,
    status_fetcher: Fetcher | None = None,
    recipient: str | None = None,
    check_schema: bool = True,
    any_vc: bool = False,
    expected_purpose: str = "assertionMethod",
    _depth: int = 0,
) -> VerificationReport:
    """Verify a credential given as a dict, JSON text, compact VC-JWT, or PNG/SVG bytes; never raises.

    ``resolver`` resolves verification methods (default: did:key and Multikey fragments, offline);
    ``status_fetcher`` (url -> JSON) reads status lists; ``recipient`` is an identifier the subject must
    match (id, or a plaintext/hashed ``identifier``); ``any_vc`` accepts VCs that are not Open Badges or
    CLR credentials (e.g. W3C test vectors); ``expected_purpose`` is the proof purpose required.
    OB 2.0 assertions are handed to ``verify_ob2_assertion``, with ``status_fetcher`` as its fetcher.
    """
    report = VerificationReport()
    moment = now or datetime.now(UTC)
    try:
        try:
            read = read_input(document_or_jwt)
        except UnreadableInputError as exc:
            report.format = exc.format
            report.failed("parse", str(exc))
            return report
        report.format = read.format
        report.passed("parse", read.description)
        credential, jws = read.credential, read.jws
        if _is_ob2(credential):
            return verify_ob2_assertion(
                document_or_jwt, fetcher=status_fetcher, now=moment, recipient=recipient
            )
        report.credential = credential
        options = _Options(
            resolver or default_resolver(), moment, status_fetcher, check_schema, any_vc, _depth
        )
        with reusing_conversions():  # the dropped-terms and signature checks share one pass to RDF
            _verify(report, credential, jws, options, expected_purpose, recipient)
    except Exception as exc:  # last resort: the verifier reports, it never raises
        report.failed("internal", f"unexpected error while verifying: {type(exc).__name__}: {exc}")
    return report


@dataclass(frozen=True)
class _Options:
    resolver: KeyResolver
    now: datetime
    fetcher: Fetcher | None
    check_schema: bool
    any_vc: bool
    depth: int


# --- parsing ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadInput:
    """A credential read from the input: the JSON, the VC-JWT it came in (if any) and where it was found.

    ``format`` is ``json``, ``jwt``, ``png``, ``svg``, ``png+jwt`` or ``svg+jwt``.
    """

    credential: dict[str, Any]
    jws: DecodedJws | None
    format: str
    description: str


def read_input(data: Mapping[str, Any] | str | bytes) -> ReadInput:
    """Read a credential from a dict, JSON text, a compact JWS, or PNG/SVG bytes carrying one.

    Raises :class:`~microcred.openbadges.errors.UnreadableInputError` (with the detected ``format``) when
    nothing can be read.
    """
    if isinstance(data, Mapping):
        return ReadInput(dict(data), None, "json", "credential given as a JSON object")
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_INPUT_BYTES:
            raise UnreadableInputError(f"input larger than {MAX_INPUT_BYTES} bytes", format="unknown")
        data = bytes(data)
        if data.startswith(PNG_SIGNATURE) or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return _read_image(data)
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableInputError("the input is neither a PNG, an SVG, nor UTF-8 text") from None
    if not isinstance(data, str):
        raise UnreadableInputError(f"cannot verify a {type(data).__name__}")
    return _read_text(data, "")


def _read_image(data: bytes) -> ReadInput:
    image = "png" if data.startswith(PNG_SIGNATURE) else "svg"
    try:
        baked = unbake(data)
    except OpenBadgesError as exc:
        raise UnreadableInputError(f"unreadable {image.upper()}: {exc}", format=image) from exc
    if baked is None:
        raise UnreadableInputError(f"the {image.upper()} image carries no baked badge", format=image)
    return _read_text(baked.text, image)


def _read_text(text: str, image: str) -> ReadInput:
    text = text.strip()
    where = f"baked in the {image.upper()} image" if image else "given as text"
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise UnreadableInputError(f"not valid JSON: {exc}", format=image or "json") from exc
        return ReadInput(document, None, image or "json", f"JSON credential {where}")
    kind = f"{image}+jwt" if image else "jwt"
    try:
        jws = decode_jws(text)
    except OpenBadgesError as exc:
        raise UnreadableInputError(f"neither JSON nor a compact JWS ({exc})", format=kind) from exc
    encoding = "VC 1.1 'vc' claim" if jws.is_vc11 else "VC 2.0 payload"
    return ReadInput(jws.credential, jws, kind, f"VC-JWT {where} ({encoding}, alg {jws.header.get('alg')})")


def _is_ob2(document: Mapping[str, Any]) -> bool:
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if contexts and contexts[0] in (VC_V1, VC_V2):
        return False
    ob2_context = any(
        isinstance(item, str) and ("w3id.org/openbadges" in item or "openbadgespec.org" in item)
        for item in contexts
    )
    return ob2_context or document.get("type") == "Assertion"


# --- the checks -------------------------------------------------------------------------------------------


def _types(node: Any) -> list[str]:
    value = node.get("type") if isinstance(node, Mapping) else None
    return [item for item in (value if isinstance(value, list) else [value]) if isinstance(item, str)]


def _verify(
    report: VerificationReport,
    credential: dict[str, Any],
    jws: DecodedJws | None,
    options: _Options,
    purpose: str,
    recipient: str | None,
) -> None:
    types = set(_types(credential))
    is_ob = bool(types & (OB_TYPES | CLR_TYPES))
    generation = check_context(report, credential, types)
    check_type(report, types, options.any_vc)
    check_dropped_terms(report, credential)
    if is_ob and options.check_schema:
        check_schema(report, credential)
    check_issuer(report, credential, is_ob)
    if "AchievementCredential" in types or "OpenBadgeCredential" in types:
        check_subject(report, credential, recipient)
    tally = ProofTally()
    if jws is not None:
        check_jwt_proof(report, jws, resolver=options.resolver, tally=tally)
    check_embedded_proofs(
        report,
        credential,
        resolver=options.resolver,
        issuer_id=issuer_id(credential),
        purpose=purpose,
        now=options.now,
        tally=tally,
    )
    _summarize_proofs(report, tally, has_any=jws is not None or bool(proofs_of(credential)))
    _check_validity(report, credential, generation, options.now)
    check_credential_status(
        report,
        credential,
        fetcher=options.fetcher,
        verify_list=lambda document: _verify_nested(document, options),
    )
    _check_embedded_credentials(report, credential, options)


def _summarize_proofs(report: VerificationReport, tally: ProofTally, *, has_any: bool) -> None:
    if not has_any:
        report.failed("proof", "the credential has no proof (neither embedded nor VC-JWT)")
    elif tally.verified:
        report.passed("proof", f"verified by {', '.join(tally.verified)}")
    elif tally.failed:
        report.failed("proof", f"no proof verified ({', '.join(tally.failed)} failed)")
    else:
        report.skipped("proof", "no proof could be checked: " + ", ".join(tally.unchecked))


def _check_validity(
    report: VerificationReport, credential: Mapping[str, Any], generation: str, now: datetime
) -> None:
    start_name, end_name = (
        ("validFrom", "validUntil") if generation == "2.0" else ("issuanceDate", "expirationDate")
    )
    for check_id, name in (("validity.from", start_name), ("validity.until", end_name)):
        value = credential.get(name)
        if value is None:
            if check_id == "validity.from" and generation == "1.1":
                report.failed(check_id, "a VC 1.1 credential needs an issuanceDate")
            elif check_id == "validity.until":
                report.passed(check_id, f"no {name}: the credential does not expire")
            else:
                report.skipped(check_id, f"no {name}")
            continue
        try:
            moment = parse_datetime(value)
        except OpenBadgesError as exc:
            report.failed(check_id, f"{name}: {exc}")
            continue
        if check_id == "validity.from" and moment > now:
            report.failed(check_id, f"not yet valid: {name} is {value}")
        elif check_id == "validity.until" and moment < now:
            report.failed(check_id, f"expired: {name} was {value}")
        else:
            report.passed(check_id, f"{name} {value}")


def _verify_nested(
    document: Mapping[str, Any] | str, options: _Options, *, status: bool = False
) -> VerificationReport:
    if options.depth >= MAX_DEPTH:
        report = VerificationReport()
        report.failed("depth", f"credentials nested more than {MAX_DEPTH} levels deep are not verified")
        return report
    return verify_credential(
        document,
        resolver=options.resolver,
        now=options.now,
        status_fetcher=options.fetcher if status else None,
        check_schema=options.check_schema,
        any_vc=True,
        _depth=options.depth + 1,
    )


def _embedded(node: Any, path: str) -> list[tuple[str, Any]]:
    """Embedded credentials: ``endorsement``/``endorsementJwt`` anywhere, CLR ``verifiableCredential``."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            if type(item) not in _SCALARS:  # JSON scalars hold nothing: no call for them
                found += _embedded(item, f"{path}[{index}]")
    elif isinstance(node, Mapping):
        for key, value in node.items():
            if key in _EMBEDDING:
                where = f"{path}.{key}" if path else key
                for index, item in enumerate(value if isinstance(value, list) else [value]):
                    found.append((f"{where}[{index}]", item))
            elif key not in ("proof", "@context") and type(value) not in _SCALARS:
                found += _embedded(value, f"{path}.{key}" if path else key)
    return found


_EMBEDDING = frozenset({"endorsement", "endorsementJwt", "verifiableCredential"})
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _check_embedded_credentials(
    report: VerificationReport, credential: Mapping[str, Any], options: _Options
) -> None:
    for path, item in _embedded(credential, ""):
        check_id = f"embedded.{path}"
        if not isinstance(item, Mapping | str) or (isinstance(item, Mapping) and "proof" not in item):
            report.skipped(check_id, "an embedded credential without a proof: not checked")
            continue
        nested = _verify_nested(item, options, status=True)
        failures = "; ".join(f"{check.id}: {check.message}" for check in nested.failures[:3])
        if nested.verdict is Verdict.VALID:
            report.passed(check_id, "the embedded credential verifies")
        elif nested.verdict is Verdict.INDETERMINATE:
            report.warning(check_id, "the embedded credential's proof could not be checked")
        else:
            report.warning(check_id, f"the embedded credential does not verify and is ignored ({failures})")
