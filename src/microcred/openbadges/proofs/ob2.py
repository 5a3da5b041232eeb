"""Verifying Open Badges 2.0 assertions (hosted and signed), and recipient identity hashes.

Open Badges 2.0 (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html):

- Assertion (#Assertion): required ``id``, ``type``, ``recipient``, ``badge``, ``verification``, ``issuedOn``;
  optional ``expires``, ``revoked``, ``revocationReason``;
- IdentityObject / IdentityHash (#IdentityObject, #IdentityHash): ``sha256$`` + hex(sha256(identity + salt))
  (``md5$`` also exists); OB 3.0 reuses it for ``IdentityObject.identityHash``;
- Hosted verification (#HostedBadge): the assertion is fetched from its ``id``, which must lie in the
  issuer's scope (same origin, or ``verification.allowedOrigins`` / ``startsWith``); HTTP 410 = revoked;
- Signed verification (#SignedBadge): a JWS of the assertion, key at ``verification.creator`` (a
  ``CryptographicKey`` with ``publicKeyPem`` and ``owner`` = the issuer), revocation through the issuer's
  ``revocationList`` (``revokedAssertions``).

Linked documents (badge class, issuer, key, revocation list, hosted copy) are read only through the
injected ``fetcher``; without one, those checks are reported as skipped.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from microcred.openbadges.bake import PNG_SIGNATURE, unbake
from microcred.openbadges.errors import FetchError, OpenBadgesError
from microcred.openbadges.keys.resolver import DocumentResolver, Fetcher
from microcred.openbadges.proofs.data_integrity import parse_datetime
from microcred.openbadges.proofs.report import VerificationReport
from microcred.openbadges.proofs.vc_jwt import DecodedJws, decode_jws, verify_jws_signature
from microcred.openbadges.status.check import check_ob2_revocation

__all__ = ["OB2_CONTEXTS", "identity_hash", "identity_matches", "verify_ob2_assertion"]

OB2_CONTEXTS = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")
_REQUIRED = ("id", "recipient", "badge", "verification", "issuedOn")
_HASHES = {"sha256": hashlib.sha256, "md5": hashlib.md5}


def identity_hash(identity: str, salt: str = "", algorithm: str = "sha256") -> str:
    """Return the IdentityHash of ``identity``: ``sha256$`` + hex(sha256(identity + salt))."""
    if algorithm not in _HASHES:
        raise OpenBadgesError(f"unsupported identity hash algorithm {algorithm!r}")
    digest = _HASHES[algorithm]((identity + salt).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{algorithm}${digest}"


def identity_matches(identity_object: Any, value: str) -> bool:
    """Tell whether an IdentityObject (OB 2.0 ``identity`` or OB 3.0 ``identityHash``) designates ``value``.

    Hashed identities are recomputed with the object's ``salt`` and compared case-insensitively (as the
    1EdTech OB 2.0 validator does); plaintext ones are compared exactly.
    """
    if not isinstance(identity_object, Mapping) or not isinstance(value, str):
        return False
    stored = identity_object.get("identityHash", identity_object.get("identity"))
    if not isinstance(stored, str):
        return False
    if identity_object.get("hashed") is not True:
        return stored == value
    algorithm, dollar, _digest = stored.partition("$")
    salt = identity_object.get("salt")
    if not dollar or algorithm.lower() not in _HASHES or not isinstance(salt, str | None):
        return False
    return identity_hash(value, salt or "", algorithm.lower()) == stored.lower()


def verify_ob2_assertion(
    assertion: Mapping[str, Any] | str | bytes,
    *,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    recipient: str | None = None,
) -> VerificationReport:
    """Verify an OB 2.0 assertion (JSON, signed JWS, hosted URL, or baked PNG/SVG); never raises."""
    report = VerificationReport()
    try:
        parsed = _parse(report, assertion, fetcher)
        if parsed is not None:
            document, jws = parsed
            report.credential = document
            _verify(report, document, jws, fetcher, now or datetime.now(UTC), recipient)
    except Exception as exc:  # last resort: report, never raise
        report.failed("internal", f"unexpected error while verifying: {type(exc).__name__}: {exc}")
    return report


def _parse(
    report: VerificationReport, data: Mapping[str, Any] | str | bytes, fetcher: Fetcher | None
) -> tuple[dict[str, Any], DecodedJws | None] | None:
    if isinstance(data, Mapping):
        report.format = "json"
        report.passed("parse", "OB 2.0 assertion given as a JSON object")
        return dict(data), None
    if isinstance(data, bytes | bytearray):
        data = bytes(data)
        if data.startswith(PNG_SIGNATURE) or data.lstrip().startswith(b"<"):
            report.format = "png" if data.startswith(PNG_SIGNATURE) else "svg"
            try:
                baked = unbake(data)
            except OpenBadgesError as exc:
                report.failed("parse", f"unreadable image: {exc}")
                return None
            if baked is None or baked.version != "2.0":
                report.failed("parse", "the image carries no OB 2.0 assertion")
                return None
            data = baked.text
        else:
            data = data.decode("utf-8", errors="replace")
    text = str(data).strip()
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as exc:
            report.failed("parse", f"not valid JSON: {exc}")
            return None
        report.passed("parse", "OB 2.0 assertion (JSON)")
        return document, None
    if re.match(r"https?://", text):
        return _parse_hosted_url(report, text, fetcher)
    try:
        jws = decode_jws(text)
    except OpenBadgesError as exc:
        report.failed("parse", f"neither JSON, a URL nor a JWS: {exc}")
        return None
    report.passed("parse", f"signed OB 2.0 assertion (JWS, alg {jws.header.get('alg')})")
    return jws.payload, jws


def _parse_hosted_url(
    report: VerificationReport, url: str, fetcher: Fetcher | None
) -> tuple[dict[str, Any], DecodedJws | None] | None:
    if fetcher is None:
        report.skipped("parse", f"hosted assertion URL {url}: not fetched (offline)")
        return None
    document = _fetch(fetcher, url)
    if not isinstance(document, dict):
        report.failed("parse", f"the hosted assertion at {url} could not be retrieved")
        return None
    report.passed("parse", f"OB 2.0 assertion fetched from {url}")
    return document, None


def _fetch(fetcher: Fetcher | None, url: Any) -> Any:
    if fetcher is None or not isinstance(url, str):
        return None
    try:
        return fetcher(url)
    except Exception:  # caller code: any failure is "not retrieved"
        return None


def _node(value: Any, fetcher: Fetcher | None) -> Mapping[str, Any] | None:
    found = value if isinstance(value, Mapping) else _fetch(fetcher, value)
    return found if isinstance(found, Mapping) else None


def _verify(
    report: VerificationReport,
    assertion: dict[str, Any],
    jws: DecodedJws | None,
    fetcher: Fetcher | None,
    now: datetime,
    recipient: str | None,
) -> None:
    context = assertion.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if any(item in OB2_CONTEXTS for item in contexts):
        report.passed("context", "Open Badges 2.0 context")
    else:
        report.failed("context", f"@context must be {OB2_CONTEXTS[0]}; found {context!r}")
    types = assertion.get("type")
    if types in ("Assertion", "https://w3id.org/openbadges#Assertion") or (
        isinstance(types, list) and "Assertion" in types
    ):
        report.passed("type", "an OB 2.0 Assertion")
    else:
        report.failed("type", f"type must be 'Assertion'; found {types!r}")
    missing = [name for name in _REQUIRED if not assertion.get(name)]
    verification = assertion.get("verification")
    if missing:
        report.failed("structure", "missing required properties: " + ", ".join(missing))
    elif not isinstance(assertion["recipient"], Mapping) or not isinstance(verification, Mapping):
        report.failed("structure", "recipient and verification must be objects")
    else:
        report.passed("structure", "required properties present")
    _check_dates(report, assertion, now)
    if assertion.get("revoked") is True:
        reason = assertion.get("revocationReason")
        report.failed("status.revoked", "the assertion is marked revoked" + (f": {reason}" if reason else ""))
    if recipient is not None:
        if identity_matches(assertion.get("recipient"), recipient):
            report.passed("recipient", "the assertion's recipient identity matches")
        else:
            report.failed("recipient", "the assertion's recipient identity does not match")
    kind = verification.get("type") if isinstance(verification, Mapping) else None
    if kind in ("signed", "SignedBadge"):
        _verify_signed(report, assertion, jws, fetcher)
    elif kind in ("hosted", "HostedBadge"):
        _verify_hosted(report, assertion, fetcher)
    else:
        report.failed("proof", f"unknown verification type {kind!r} (hosted or signed)")


def _check_dates(report: VerificationReport, assertion: Mapping[str, Any], now: datetime) -> None:
    for check_id, name in (("validity.from", "issuedOn"), ("validity.until", "expires")):
        if name not in assertion:
            continue
        try:
            moment = parse_datetime(assertion[name])
        except OpenBadgesError as exc:
            report.failed(check_id, f"{name}: {exc}")
            continue
        if name == "issuedOn" and moment > now:
            report.failed(check_id, f"issued in the future: issuedOn is {assertion[name]}")
        elif name == "expires" and moment < now:
            report.failed(check_id, f"expired: expires was {assertion[name]}")
        else:
            report.passed(check_id, f"{name} {assertion[name]}")


def _issuer(assertion: Mapping[str, Any], fetcher: Fetcher | None) -> Mapping[str, Any] | None:
    badge = _node(assertion.get("badge"), fetcher)
    return _node(badge.get("issuer"), fetcher) if badge is not None else None


def _verify_signed(
    report: VerificationReport, assertion: Mapping[str, Any], jws: DecodedJws | None, fetcher: Fetcher | None
) -> None:
    if jws is None:
        report.failed(
            "proof", "the verification type is 'signed' but the assertion was given without its JWS"
        )
        return
    creator = assertion["verification"].get("creator")
    if fetcher is None:
        report.skipped("proof", f"the signing key {creator} was not fetched (offline); signature not checked")
        return
    try:
        key = DocumentResolver(fetcher, allow_http=True).resolve(str(creator))
    except OpenBadgesError as exc:
        report.failed("key", f"the signing key {creator!r} cannot be used: {exc}")
        report.failed("proof", "the signature cannot be checked without the key")
        return
    report.passed("key", f"signing key {creator} retrieved")
    try:
        verified = verify_jws_signature(jws, key.public_key)
    except OpenBadgesError as exc:
        report.failed("proof", f"the JWS cannot be verified: {exc}")
        return
    if not verified:
        report.failed("proof", "the JWS signature does not match")
        return
    report.passed("proof", f"JWS {jws.header.get('alg')} signature is valid")
    issuer = _issuer(assertion, fetcher)
    if issuer is None:
        report.skipped("issuer", "the badge class or issuer profile could not be retrieved")
        return
    listed = issuer.get("publicKey")
    listed_ids = {item.get("id") if isinstance(item, Mapping) else item for item in _as_list(listed)}
    if key.controller != issuer.get("id") or creator not in listed_ids:
        report.failed(
            "issuer", f"the key {creator} is not a publicKey owned by the issuer {issuer.get('id')}"
        )
    else:
        report.passed("issuer", f"the key belongs to the issuer {issuer.get('id')}")
    revocation_url = issuer.get("revocationList")
    if revocation_url is None:
        return
    revocation_list = _fetch(fetcher, revocation_url)
    if revocation_list is None:
        report.warning("status.revocation", f"the revocation list {revocation_url} could not be retrieved")
        return
    try:
        result = check_ob2_revocation(assertion.get("id"), revocation_list, str(revocation_url))
    except OpenBadgesError as exc:
        report.failed("status.revocation", str(exc))
        return
    if result.is_set:
        reason = f": {result.reason}" if result.reason else ""
        report.failed("status.revocation", f"revoked by the issuer's revocation list{reason}")
    else:
        report.passed("status.revocation", f"not in the revocation list {revocation_url}")


def _verify_hosted(report: VerificationReport, assertion: Mapping[str, Any], fetcher: Fetcher | None) -> None:
    url = assertion.get("id")
    if fetcher is None:
        report.skipped("proof", f"the hosted assertion at {url} was not fetched (offline)")
        return
    try:
        hosted = fetcher(str(url))
    except FetchError as exc:
        if exc.status == 410:
            report.failed("status.revocation", f"the hosted assertion is gone (HTTP 410): revoked ({url})")
        else:
            report.failed("proof", f"the hosted assertion could not be retrieved from {url}: {exc}")
        return
    except Exception as exc:  # caller code
        report.failed("proof", f"the hosted assertion could not be retrieved from {url}: {exc}")
        return
    if not isinstance(hosted, Mapping) or hosted.get("id") != url:
        report.failed("proof", f"the document at {url} is not this assertion")
        return
    if any(hosted.get(name) != assertion.get(name) for name in ("recipient", "badge", "issuedOn")):
        report.failed(
            "proof", "the hosted assertion differs from the one given (recipient, badge or issuedOn)"
        )
        return
    if hosted.get("revoked") is True:
        report.failed("status.revoked", "the hosted assertion is marked revoked")
    report.passed("proof", f"hosted assertion retrieved from {url}")
    issuer = _issuer(assertion, fetcher)
    if issuer is None:
        report.skipped("issuer", "the badge class or issuer profile could not be retrieved")
    elif _in_scope(str(url), issuer):
        report.passed("issuer", f"the assertion is hosted within the scope of issuer {issuer.get('id')}")
    else:
        report.failed("issuer", f"the assertion URL is outside the verification scope of {issuer.get('id')}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _in_scope(url: str, issuer: Mapping[str, Any]) -> bool:
    found = issuer.get("verification")
    policy: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    starts = [item for item in _as_list(policy.get("startsWith")) if isinstance(item, str)]
    origins = [item for item in _as_list(policy.get("allowedOrigins")) if isinstance(item, str)]
    host = urlsplit(url).hostname or ""
    if starts:
        return any(url.startswith(prefix) for prefix in starts)
    if origins:
        return host in origins
    return host == (urlsplit(str(issuer.get("id", ""))).hostname or "") and bool(host)
