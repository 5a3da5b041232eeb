"""Conformance checks of the verification report: ``@context``, ``type``, dropped terms, JSON Schema,
issuer and credential subject.

OB 3.0 section 9.1 step 1 "Conformance" (https://www.imsglobal.org/spec/ob/v3p0/#verification-and-validation):
validate against the ``credentialSchema`` JSON Schemas and check that ``credentialSubject`` has an ``id``
and/or an ``identifier``; plus the checks of the 1EdTech validator (VC context first, OB context second,
known types, embedded issuer Profile) and the Data Integrity trap of terms JSON-LD would drop (they are not
signed). Single values where the strict JSON Schema wants arrays only warn: JSON-LD compaction writes
one-element arrays that way and the OB 3.0 v1.3 "json-ld" schemas accept it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from microcred.openbadges.jsonld import bundled_context_urls, find_dropped_terms
from microcred.openbadges.proofs.data_integrity import without_proof
from microcred.openbadges.proofs.ob2 import identity_matches
from microcred.openbadges.proofs.report import VerificationReport
from microcred.openbadges.schemas import SCHEMA_URLS, SchemaNotFoundError, validate_against, validate_schema

__all__ = [
    "CLR_TYPES",
    "OB_TYPES",
    "STATUS_LIST_TYPES",
    "VC_V1",
    "VC_V2",
    "check_context",
    "check_dropped_terms",
    "check_issuer",
    "check_schema",
    "check_subject",
    "check_type",
    "issuer_id",
]

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB3_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"
CLR_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/clr/v2p0/context"
OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"})
CLR_TYPES = frozenset({"ClrCredential"})
STATUS_LIST_TYPES = frozenset({"BitstringStatusListCredential", "StatusList2021Credential"})


def issuer_id(credential: Mapping[str, Any]) -> str | None:
    """Return the issuer id of a credential (``issuer`` may be a Profile object or a URI)."""
    issuer = credential.get("issuer")
    found = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return found if isinstance(found, str) and found else None


def check_context(report: VerificationReport, credential: Mapping[str, Any], types: set[str]) -> str:
    """Report whether @context starts with VC v2 (or 1.1) then OB 3.0 or CLR 2.0; return the VC version."""
    context = credential.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if not contexts or contexts[0] not in (VC_V2, VC_V1):
        first = contexts[0] if contexts else None
        report.failed(
            "context", f"the first @context must be {VC_V2} (or {VC_V1} for VC 1.1); found {first!r}"
        )
        return "2.0"
    generation = "2.0" if contexts[0] == VC_V2 else "1.1"
    known = set(bundled_context_urls())
    unknown = [item for item in contexts if not isinstance(item, dict) and item not in known]
    if unknown:
        report.failed(
            "context", f"unknown @context {unknown[0]!r}: contexts are never fetched, only bundled ones"
        )
        return generation
    second = contexts[1] if len(contexts) > 1 else None
    if types & CLR_TYPES:
        expected, prefix = "a CLR 2.0 context", CLR_CONTEXT_PREFIX
    elif types & OB_TYPES:
        expected, prefix = OB3_CONTEXT, OB3_CONTEXT_PREFIX
    else:
        report.passed("context", f"VC {generation} context first; all contexts known")
        return generation
    if not isinstance(second, str) or not second.startswith(prefix):
        report.failed("context", f"the second @context must be {expected}; found {second!r}")
    elif generation == "1.1":
        report.warning(
            "context", f"VC 1.1 credential with {second}: a legacy format, verified for compatibility"
        )
    elif types & OB_TYPES and second != OB3_CONTEXT:
        report.warning("context", f"{second} is not the current OB 3.0 context {OB3_CONTEXT}")
    else:
        report.passed("context", f"VC 2.0 context first, {second} second; all contexts known")
    return generation


def check_type(report: VerificationReport, types: set[str], any_vc: bool) -> None:
    """Report whether ``type`` names VerifiableCredential and a credential type this library knows."""
    if "VerifiableCredential" not in types:
        report.failed("type", "type must include VerifiableCredential")
    elif types & (OB_TYPES | CLR_TYPES | STATUS_LIST_TYPES):
        report.passed("type", "type: " + ", ".join(sorted(types - {"VerifiableCredential"})))
    elif any_vc:
        report.passed("type", "a VerifiableCredential (not an Open Badges credential)")
    else:
        wanted = ", ".join(sorted(OB_TYPES | CLR_TYPES))
        report.failed("type", f"not an Open Badges credential: type lists none of {wanted}")


_TYPE_VALUE = re.compile(r"(^|\.)type(\[\d+\])?$")


def check_dropped_terms(report: VerificationReport, credential: Mapping[str, Any]) -> None:
    """Report every term the @context does not define (JSON-LD would drop it, so it is not signed)."""
    try:
        dropped = find_dropped_terms(without_proof(credential))
    except Exception as exc:  # unknown contexts, invalid JSON-LD: reported by the context/proof checks too
        report.skipped("jsonld.terms", f"JSON-LD expansion failed: {exc}")
        return
    properties = [path for path in dropped if not _TYPE_VALUE.search(path)]
    if properties:
        report.failed(
            "jsonld.terms", "terms the @context does not define, so not signed: " + ", ".join(dropped)
        )
    elif dropped:
        report.warning(
            "jsonld.terms", "type values the @context does not define (not signed): " + ", ".join(dropped)
        )
    else:
        report.passed("jsonld.terms", "every term is defined by the @context (nothing is left unsigned)")


def check_schema(report: VerificationReport, credential: Mapping[str, Any]) -> None:
    """Report the credential against the bundled 1EdTech JSON Schema for its type."""
    try:
        _schema_outcome(report, "schema", credential, validate_schema, "the bundled 1EdTech JSON Schema")
    except SchemaNotFoundError as exc:
        report.skipped("schema", f"no bundled JSON Schema applies: {exc}")
    schemas = credential.get("credentialSchema")
    for index, entry in enumerate(schemas if isinstance(schemas, list) else [schemas] if schemas else []):
        url = entry.get("id") if isinstance(entry, Mapping) else None
        check_id = f"schema.credentialSchema[{index}]"
        if not isinstance(url, str) or url not in SCHEMA_URLS:
            report.skipped(check_id, f"schema {url!r} is not available offline; not checked")
        else:
            _schema_outcome(report, check_id, credential, partial(_validate_against, url=url), url)


def _validate_against(document: Mapping[str, Any], *, url: str) -> list[Any]:
    return validate_against(document, url)


def _schema_outcome(
    report: VerificationReport,
    check_id: str,
    document: Mapping[str, Any],
    validate: Callable[[Mapping[str, Any]], list[Any]],
    schema: str,
) -> None:
    """Validate; single values where the strict schema wants arrays (JSON-LD compaction) only warn."""
    problems = validate(document)
    relaxed: Any = None  # a copy, made only when a single value is to be wrapped
    wrapped: list[str] = []
    for _round in range(8):  # wrapping an outer value can reveal an inner one
        wanted = [problem.path for problem in problems if _wants_array(problem)]
        if not wanted:
            break
        if relaxed is None:
            relaxed = copy.deepcopy(dict(document))
        fixed = [_wrap(relaxed, path) for path in wanted]
        if not any(fixed):
            break
        wrapped += [path for path in fixed if path]
        problems = validate(relaxed)
    if problems:
        shown = "; ".join(str(problem) for problem in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        report.failed(check_id, f"{len(problems)} problem(s) against {schema}: {shown}{more}")
    elif wrapped:
        report.warning(
            check_id,
            f"valid against {schema} once single values are read as one-element arrays (JSON-LD compaction, "
            "as the OB 3.0 v1.3 json-ld schemas allow); the strict schema wants arrays at "
            + ", ".join(wrapped),
        )
    else:
        report.passed(check_id, f"valid against {schema}")


def _wants_array(problem: Any) -> bool:
    return bool(problem.keyword == "type" and "'array'" in problem.message)


_PATH_STEP = re.compile(r"\.([^.\[\]]+)|\['([^']*)'\]|\[(\d+)\]")


def _wrap(document: Any, path: str) -> str | None:
    """Replace the single value at JSONPath ``path`` (``$.a.b[0]['@context']``) by a one-element array."""
    steps: list[str | int] = []
    position = 1
    while path.startswith("$") and position < len(path):
        match = _PATH_STEP.match(path, position)
        if match is None:
            return None
        steps.append(int(match[3]) if match[3] is not None else match[1] or match[2])
        position = match.end()
    node: Any = document
    for step in steps[:-1]:
        node = _child(node, step)
    last = steps[-1] if steps else None
    if (
        not isinstance(node, dict)
        or not isinstance(last, str)
        or last not in node
        or isinstance(node[last], list)
    ):
        return None
    node[last] = [node[last]]
    return path


def check_issuer(report: VerificationReport, credential: Mapping[str, Any], is_ob: bool) -> None:
    """Report whether the credential names its issuer (an embedded Profile with an id for OB 3.0)."""
    issuer = credential.get("issuer")
    if issuer_id(credential) is None:
        report.failed("issuer", "the credential has no issuer id")
    elif not isinstance(issuer, Mapping) and is_ob:
        report.warning("issuer", "issuer is a bare URI; OB 3.0 expects an embedded Profile {id, type, name}")
    else:
        report.passed("issuer", f"issued by {issuer_id(credential)}")


def check_subject(report: VerificationReport, credential: Mapping[str, Any], recipient: str | None) -> None:
    """Report whether the subject is identified, and whether it matches ``recipient`` when one is given."""
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, Mapping) or not (subject.get("id") or subject.get("identifier")):
        report.failed(
            "subject", "credentialSubject needs an 'id' and/or an 'identifier' (OB 3.0 section 9.1)"
        )
        return
    report.passed("subject", "the subject is identified by " + ("id" if subject.get("id") else "identifier"))
    if recipient is None:
        return
    identifiers = subject.get("identifier")
    candidates = identifiers if isinstance(identifiers, list) else [identifiers] if identifiers else []
    if subject.get("id") == recipient or any(identity_matches(item, recipient) for item in candidates):
        report.passed("recipient", "the credential subject matches the expected recipient")
    else:
        report.failed("recipient", "the credential subject does not match the expected recipient")


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, dict) and isinstance(step, str):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and step < len(node):
        return node[step]
    return None
