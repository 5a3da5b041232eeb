"""Status checks of the verification report (``status.revocation``, ``status.suspension``...).

Status lists are read only through the fetcher the caller injects; without one every entry is reported
``skipped`` ("not checked"). A fetched ``BitstringStatusListCredential`` is itself verified (through the
``verify_list`` callback, i.e. :func:`microcred.openbadges.verify.verify_credential` without status)
before its bits are trusted (https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from microcred.openbadges.keys.resolver import Fetcher
from microcred.openbadges.proofs.report import Verdict, VerificationReport
from microcred.openbadges.status.check import (
    LIST_CREDENTIAL_TYPES,
    StatusResult,
    check_1edtech_revocation,
    check_bitstring_entry,
    status_entries,
)

__all__ = ["check_credential_status"]

REVOCATION_LIST_1EDTECH = "1EdTechRevocationList"


def check_credential_status(
    report: VerificationReport,
    credential: Mapping[str, Any],
    *,
    fetcher: Fetcher | None,
    verify_list: Callable[[Mapping[str, Any]], VerificationReport],
) -> None:
    """Add one status check per ``credentialStatus`` entry of ``credential`` to ``report``."""
    entries = status_entries(credential)
    for position, entry in enumerate(entries):
        suffix = f"[{position}]" if len(entries) > 1 else ""
        if not isinstance(entry, Mapping):
            report.failed(f"status{suffix}", "credentialStatus entries must be JSON objects")
            continue
        kind = next(
            (name for name in _types(entry) if name in (*LIST_CREDENTIAL_TYPES, REVOCATION_LIST_1EDTECH)),
            None,
        )
        purpose = entry.get("statusPurpose") if kind in LIST_CREDENTIAL_TYPES else None
        purpose = "revocation" if kind == REVOCATION_LIST_1EDTECH else purpose
        check_id = (
            f"status.{purpose if isinstance(purpose, str) and purpose.isidentifier() else 'entry'}{suffix}"
        )
        if kind is None:
            report.skipped(check_id, f"status type {entry.get('type')!r} is not supported; not checked")
            continue
        url = entry.get("statusListCredential") if kind in LIST_CREDENTIAL_TYPES else entry.get("id")
        if fetcher is None:
            report.skipped(check_id, f"{kind} not checked: no status fetcher (offline); list {url}")
            continue
        try:
            document = fetcher(str(url))
        except Exception as exc:  # caller code: any failure is "not retrieved"
            report.warning(check_id, f"the status list {url} could not be retrieved: {exc}")
            continue
        if kind == REVOCATION_LIST_1EDTECH:
            _apply(
                report, check_id, partial(check_1edtech_revocation, credential.get("id"), document, str(url))
            )
            continue
        if not _list_credential_trusted(report, check_id, document, verify_list):
            continue
        _apply(report, check_id, partial(check_bitstring_entry, entry, document))


def _types(node: Mapping[str, Any]) -> list[str]:
    value = node.get("type")
    return [item for item in (value if isinstance(value, list) else [value]) if isinstance(item, str)]


def _list_credential_trusted(
    report: VerificationReport,
    check_id: str,
    document: Any,
    verify_list: Callable[[Mapping[str, Any]], VerificationReport],
) -> bool:
    if not isinstance(document, Mapping):
        report.failed(check_id, "the status list credential is not a JSON object")
        return False
    try:
        list_report = verify_list(document)
    except Exception as exc:  # defensive: the callback is expected not to raise
        report.failed(check_id, f"the status list credential could not be verified: {exc}")
        return False
    if list_report.verdict is Verdict.INVALID:
        reasons = "; ".join(f"{check.id}: {check.message}" for check in list_report.failures[:3])
        report.failed(check_id, f"the status list credential is not valid ({reasons})")
        return False
    if list_report.verdict is Verdict.INDETERMINATE:
        report.warning(f"{check_id}.list", "the status list credential's proof could not be checked")
    return True


def _apply(report: VerificationReport, check_id: str, read: Callable[[], StatusResult]) -> None:
    try:
        result = read()
    except Exception as exc:  # StatusListError and anything a malformed list triggers
        report.failed(check_id, f"the status cannot be read: {exc}")
        return
    where = f"index {result.index} of {result.list_url}" if result.index is not None else result.list_url
    if not result.is_set:
        report.passed(check_id, f"not {_past(result.purpose)} ({where})")
        return
    reason = f": {result.reason}" if result.reason else ""
    if result.purpose in ("revocation", "suspension"):
        report.failed(check_id, f"the credential is {_past(result.purpose)} ({where}){reason}")
    else:
        report.warning(check_id, f"status {result.purpose} is set to {result.value} ({where}){reason}")


def _past(purpose: str) -> str:
    return {"revocation": "revoked", "suspension": "suspended"}.get(purpose, f"flagged for {purpose}")
