"""Base58btc and the two multibase encodings Open Badges needs.

- ``z`` + base58btc (Bitcoin alphabet): Multikey values and Data Integrity ``proofValue``
  (https://www.w3.org/TR/controller-document/#multibase-0,
  https://datatracker.ietf.org/doc/html/draft-msporny-base58-03).
- ``u`` + base64url without padding: the Bitstring Status List ``encodedList``
  (https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslist).

Also the unpadded base64url used by JOSE (RFC 7515 section 2).
"""

from __future__ import annotations

import base64
import binascii

from microcred.openbadges.errors import KeyMaterialError

__all__ = [
    "b64url_decode",
    "b64url_encode",
    "base58_decode",
    "base58_encode",
    "multibase_decode",
    "multibase_encode",
]

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(_ALPHABET)}

#: Longest base58 text accepted; far above any key or signature, it bounds the quadratic big-int work.
MAX_BASE58_LENGTH = 4096


def base58_encode(data: bytes) -> str:
    """Encode bytes as base58btc: leading zero bytes become ``1`` characters, the rest a big-endian number."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def base58_decode(text: str) -> bytes:
    """Decode base58btc text; raise :class:`KeyMaterialError` for a character outside the alphabet."""
    if len(text) > MAX_BASE58_LENGTH:
        raise KeyMaterialError(f"base58 value longer than {MAX_BASE58_LENGTH} characters")
    number = 0
    for position, char in enumerate(text):
        value = _INDEX.get(char)
        if value is None:
            raise KeyMaterialError(f"invalid base58btc character {char!r} at position {position}")
        number = number * 58 + value
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def b64url_encode(data: bytes) -> str:
    """Encode bytes as base64url without ``=`` padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded (or padded) base64url; raise :class:`KeyMaterialError` on anything else."""
    if not isinstance(text, str) or any(c not in _B64URL_CHARS for c in text.rstrip("=")):
        raise KeyMaterialError("invalid base64url value")
    stripped = text.rstrip("=")
    if len(stripped) % 4 == 1:
        raise KeyMaterialError("invalid base64url length")
    try:
        return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - guarded by the checks above
        raise KeyMaterialError(f"invalid base64url value: {exc}") from exc


_B64URL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def multibase_encode(data: bytes, base: str = "z") -> str:
    """Encode bytes as multibase: ``z`` (base58btc, the default) or ``u`` (base64url, no padding)."""
    if base == "z":
        return "z" + base58_encode(data)
    if base == "u":
        return "u" + b64url_encode(data)
    raise KeyMaterialError(f"unsupported multibase prefix {base!r} (only 'z' and 'u')")


def multibase_decode(text: str) -> bytes:
    """Decode a ``z`` (base58btc) or ``u`` (base64url) multibase string."""
    if not isinstance(text, str) or not text:
        raise KeyMaterialError("empty multibase value")
    prefix, body = text[0], text[1:]
    if prefix == "z":
        return base58_decode(body)
    if prefix == "u":
        return b64url_decode(body)
    raise KeyMaterialError(f"unsupported multibase prefix {prefix!r} (only 'z' base58btc and 'u' base64url)")
