"""W3C Bitstring Status List v1.0: the list, its encoding, and the credentials that carry it.

https://www.w3.org/TR/vc-bitstring-status-list/

- section 2.1 ``BitstringStatusListEntry`` (#bitstringstatuslistentry): ``statusPurpose``,
  ``statusListIndex`` (an integer expressed as a string), ``statusListCredential``;
- section 2.2 ``BitstringStatusListCredential`` (#bitstringstatuslistcredential) whose subject is a
  ``BitstringStatusList`` with ``encodedList``: the GZIP-compressed bitstring, base64url-encoded with no
  padding, as a multibase value with the ``u`` prefix;
- section 3.1 "Bitstring Generation Algorithm" (#bitstring-generation-algorithm): at least 131,072
  entries (16 KiB) for group privacy; index 0 is the left-most (most significant) bit of the first byte;
- section 3.2 "Bitstring Expansion Algorithm" (#bitstring-expansion-algorithm).

Microcred uses ``revocation`` (permanent) and ``suspension`` (reversible) lists with 1-bit entries.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from microcred.openbadges.errors import KeyMaterialError, StatusListError
from microcred.openbadges.keys.multibase import b64url_decode, multibase_decode, multibase_encode
from microcred.openbadges.proofs.data_integrity import format_datetime

__all__ = [
    "MIN_LIST_LENGTH",
    "STATUS_PURPOSES",
    "VC_V2_CONTEXT",
    "BitstringStatusList",
    "status_list_credential",
    "status_list_entry",
]

#: Minimum number of entries of a list (section 3.1: 131,072 bits = 16 KiB for 1-bit entries).
MIN_LIST_LENGTH = 131_072
#: The purposes Microcred issues; ``refresh`` and ``message`` also exist in the spec.
STATUS_PURPOSES = ("revocation", "suspension")
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"

#: Largest decompressed list accepted when reading (bytes): 16 MiB, i.e. 134 million 1-bit entries.
MAX_DECODED_BYTES = 16 * 1024 * 1024


class BitstringStatusList:
    """A bitstring of ``length`` entries of ``status_size`` bits each (all zero initially)."""

    def __init__(self, length: int = MIN_LIST_LENGTH, *, status_size: int = 1) -> None:
        if status_size < 1 or status_size > 8:
            raise StatusListError("statusSize must be between 1 and 8 bits")
        if length < 1:
            raise StatusListError("a status list needs at least one entry")
        self.status_size = status_size
        self.length = length
        self._bits = bytearray((length * status_size + 7) // 8)

    @classmethod
    def decode(cls, encoded_list: str, *, status_size: int = 1) -> BitstringStatusList:
        """Expand an ``encodedList`` (section 3.2): multibase ``u`` base64url of GZIP bytes.

        The unprefixed base64url of the older StatusList2021 (``H4sI...``) is accepted too.
        """
        if not isinstance(encoded_list, str) or not encoded_list:
            raise StatusListError("encodedList must be a non-empty string")
        try:
            compressed = (
                b64url_decode(encoded_list)
                if encoded_list.startswith("H4sI")
                else multibase_decode(encoded_list)
            )
        except KeyMaterialError as exc:
            raise StatusListError(f"encodedList is not multibase base64url: {exc}") from exc
        raw = _gunzip(compressed)
        if not raw:
            raise StatusListError("encodedList decodes to an empty bitstring")
        status_list = cls(len(raw) * 8 // status_size, status_size=status_size)
        status_list._bits[:] = raw[: len(status_list._bits)]
        return status_list

    def encode(self) -> str:
        """Return the ``encodedList`` (section 3.1): GZIP, then multibase ``u`` base64url without padding."""
        return multibase_encode(gzip.compress(bytes(self._bits), mtime=0), "u")

    def _check(self, index: int) -> None:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < self.length:
            raise StatusListError(f"status list index {index!r} is outside 0..{self.length - 1}")

    def get(self, index: int) -> int:
        """Return the status value at ``index`` (0 or 1 for 1-bit entries)."""
        self._check(index)
        value = 0
        for bit in range(index * self.status_size, (index + 1) * self.status_size):
            value = (value << 1) | ((self._bits[bit // 8] >> (7 - bit % 8)) & 1)
        return value

    def set(self, index: int, value: int = 1) -> None:
        """Set the status value at ``index`` (1 = revoked/suspended for 1-bit entries)."""
        self._check(index)
        if not 0 <= value < (1 << self.status_size):
            raise StatusListError(f"status value {value} does not fit in {self.status_size} bit(s)")
        first = index * self.status_size
        for offset in range(self.status_size):
            bit = first + offset
            mask = 1 << (7 - bit % 8)
            if (value >> (self.status_size - 1 - offset)) & 1:
                self._bits[bit // 8] |= mask
            else:
                self._bits[bit // 8] &= ~mask & 0xFF

    def clear(self, index: int) -> None:
        """Reset the status value at ``index`` to 0 (e.g. lift a suspension)."""
        self.set(index, 0)

    def set_indexes(self) -> list[int]:
        """Return every index whose status value is not 0."""
        return [index for index in range(self.length) if self.get(index)]

    def __len__(self) -> int:
        return self.length


def _gunzip(data: bytes) -> bytes:
    """Decompress GZIP data, refusing more than :data:`MAX_DECODED_BYTES` (decompression bombs)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        output = decompressor.decompress(data, MAX_DECODED_BYTES + 1)
    except zlib.error as exc:
        raise StatusListError(f"encodedList is not GZIP data: {exc}") from exc
    if len(output) > MAX_DECODED_BYTES or decompressor.unconsumed_tail:
        raise StatusListError(f"the status list expands to more than {MAX_DECODED_BYTES} bytes")
    if not decompressor.eof:
        raise StatusListError("encodedList is truncated GZIP data")
    return output


def status_list_credential(
    *,
    list_id: str,
    issuer: str | Mapping[str, Any],
    status_list: BitstringStatusList,
    purpose: str = "revocation",
    valid_from: datetime,
    valid_until: datetime | None = None,
    ttl_ms: int | None = None,
) -> dict[str, Any]:
    """Build an unsigned ``BitstringStatusListCredential`` (section 2.2); sign it with ``sign_credential``.

    ``list_id`` is the URL the credential is published at (the entries' ``statusListCredential``).
    """
    if purpose not in STATUS_PURPOSES:
        raise StatusListError(f"status purpose {purpose!r} is not one of {', '.join(STATUS_PURPOSES)}")
    if status_list.length < MIN_LIST_LENGTH:
        raise StatusListError(f"a published list needs at least {MIN_LIST_LENGTH} entries (group privacy)")
    subject: dict[str, Any] = {
        "id": f"{list_id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": status_list.encode(),
    }
    if status_list.status_size != 1:
        subject["statusSize"] = status_list.status_size
    if ttl_ms is not None:
        subject["ttl"] = ttl_ms
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": dict(issuer) if isinstance(issuer, Mapping) else issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = subject
    return credential


def status_list_entry(list_credential_url: str, index: int, purpose: str = "revocation") -> dict[str, Any]:
    """Build the ``credentialStatus`` entry (section 2.1) pointing at ``index`` of a published list."""
    if purpose not in STATUS_PURPOSES:
        raise StatusListError(f"status purpose {purpose!r} is not one of {', '.join(STATUS_PURPOSES)}")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise StatusListError(f"invalid status list index {index!r}")
    return {
        "id": f"{list_credential_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_credential_url,
    }
