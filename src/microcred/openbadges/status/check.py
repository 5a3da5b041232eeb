"""Reading a credential's status: Bitstring Status List entries and the 1EdTech / OB 2.0 revocation lists.

- W3C Bitstring Status List v1.0, section 3.2 "Validate Algorithm"
  (https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm); the older ``StatusList2021Entry``
  (VC 1.1 era) is read the same way.
- OB 3.0 / CLR 2.0 ``1EdTechRevocationList`` ("1EdTech Revocation List Status Method", VCRL-10,
  https://www.imsglobal.org/spec/ob/v3p0/#revocation-list): the list at ``credentialStatus.id`` has
  ``revokedCredentials``: ``{id, revoked?, revocationReason?}``; the credential is revoked when its id is
  listed and ``revoked`` is true or omitted. Deprecated by OB 3.0 v1.3 in favour of Bitstring Status List.
- OB 2.0 ``RevocationList`` (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#RevocationList):
  ``revokedAssertions``: assertion ids, or ``{id, revocationReason}``.

These functions take documents the caller already fetched; nothing here touches the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from microcred.openbadges.errors import StatusListError
from microcred.openbadges.status.bitstring import MIN_LIST_LENGTH, BitstringStatusList

__all__ = [
    "LIST_CREDENTIAL_TYPES",
    "StatusResult",
    "check_1edtech_revocation",
    "check_bitstring_entry",
    "check_ob2_revocation",
    "status_entries",
]

#: Status entry type -> the type its list credential must have.
LIST_CREDENTIAL_TYPES = {
    "BitstringStatusListEntry": "BitstringStatusListCredential",
    "StatusList2021Entry": "StatusList2021Credential",
}


@dataclass(frozen=True)
class StatusResult:
    """The status a list gives a credential: ``value`` 0 means "not set" (not revoked / not suspended)."""

    purpose: str
    value: int
    list_url: str
    index: int | None = None
    reason: str | None = None

    @property
    def is_set(self) -> bool:
        """True when the credential is revoked (or suspended, for a suspension entry)."""
        return self.value != 0


def status_entries(credential: Mapping[str, Any]) -> list[Any]:
    """Return the ``credentialStatus`` entries of a credential as a list (it may be one object)."""
    status = credential.get("credentialStatus")
    if status is None:
        return []
    return list(status) if isinstance(status, list) else [status]


def _types(node: Mapping[str, Any]) -> list[str]:
    value = node.get("type")
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, str)]


def _index(entry: Mapping[str, Any]) -> int:
    raw = entry.get("statusListIndex")
    if isinstance(raw, bool):
        raise StatusListError("statusListIndex must be an integer expressed as a string")
    if isinstance(raw, int):
        index = raw
    elif isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 12:
        index = int(raw)
    else:
        raise StatusListError(f"statusListIndex {raw!r} is not a non-negative integer")
    return index


def check_bitstring_entry(entry: Mapping[str, Any], list_credential: Mapping[str, Any]) -> StatusResult:
    """Read the status of a ``BitstringStatusListEntry`` (or ``StatusList2021Entry``) from its list.

    Checks the list credential's type, that its ``statusPurpose`` covers the entry's, the list's minimum
    length and the index bounds; raises :class:`StatusListError` when any fails. The caller verifies the
    list credential's own proof and validity period.
    """
    entry_types = [name for name in _types(entry) if name in LIST_CREDENTIAL_TYPES]
    if not entry_types:
        raise StatusListError(f"unsupported status entry type {entry.get('type')!r}")
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str) or not purpose:
        raise StatusListError("the status entry has no statusPurpose")
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or not url:
        raise StatusListError("the status entry has no statusListCredential URL")
    index = _index(entry)
    expected_type = LIST_CREDENTIAL_TYPES[entry_types[0]]
    if expected_type not in _types(list_credential):
        raise StatusListError(f"the document at {url} is not a {expected_type}")
    subject = list_credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, Mapping):
        raise StatusListError(f"the {expected_type} has no credentialSubject")
    purposes = subject.get("statusPurpose")
    purposes = purposes if isinstance(purposes, list) else [purposes]
    if purpose not in purposes:
        raise StatusListError(f"the list's statusPurpose {subject.get('statusPurpose')!r} is not {purpose!r}")
    size = subject.get("statusSize", 1)
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 8:
        raise StatusListError(f"unsupported statusSize {size!r}")
    status_list = BitstringStatusList.decode(str(subject.get("encodedList") or ""), status_size=size)
    if status_list.length < MIN_LIST_LENGTH:
        raise StatusListError(
            f"the list has {status_list.length} entries, fewer than the minimum {MIN_LIST_LENGTH}"
        )
    if index >= status_list.length:
        raise StatusListError(f"statusListIndex {index} is beyond the list's {status_list.length} entries")
    return StatusResult(purpose, status_list.get(index), url, index)


def check_1edtech_revocation(credential_id: Any, revocation_list: Any, list_url: str = "") -> StatusResult:
    """Read a credential's revocation from a 1EdTech Revocation List document (``revokedCredentials``)."""
    if not isinstance(revocation_list, Mapping) or not isinstance(
        revocation_list.get("revokedCredentials"), list
    ):
        raise StatusListError("the revocation list has no 'revokedCredentials' array")
    for item in revocation_list["revokedCredentials"]:
        if (
            isinstance(item, Mapping)
            and item.get("id") == credential_id
            and item.get("revoked", True) is not False
        ):
            reason = item.get("revocationReason")
            return StatusResult("revocation", 1, list_url, reason=reason if isinstance(reason, str) else None)
    return StatusResult("revocation", 0, list_url)


def check_ob2_revocation(assertion_id: Any, revocation_list: Any, list_url: str = "") -> StatusResult:
    """Read an OB 2.0 assertion's revocation from an issuer's ``RevocationList`` (``revokedAssertions``)."""
    if not isinstance(revocation_list, Mapping) or not isinstance(
        revocation_list.get("revokedAssertions"), list
    ):
        raise StatusListError("the revocation list has no 'revokedAssertions' array")
    for item in revocation_list["revokedAssertions"]:
        if item == assertion_id:
            return StatusResult("revocation", 1, list_url)
        if isinstance(item, Mapping) and item.get("id") == assertion_id:
            reason = item.get("revocationReason")
            return StatusResult("revocation", 1, list_url, reason=reason if isinstance(reason, str) else None)
    return StatusResult("revocation", 0, list_url)
