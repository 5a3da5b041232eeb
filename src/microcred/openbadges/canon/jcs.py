"""JSON Canonicalization Scheme (JCS), `RFC 8785 <https://www.rfc-editor.org/rfc/rfc8785>`_."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from microcred.openbadges.canon.errors import JcsError

__all__ = ["jcs", "jcs_number"]

_encode_string = json.encoder.encode_basestring
_MAX_SAFE = 2**53


def jcs_number(value: float | int) -> str:
    """Serialize a number as ECMAScript ``Number.prototype.toString`` does (RFC 8785 section 3.2.2.3).

    Integers beyond 2**53 are first rounded to the nearest IEEE-754 double, as a JSON parser of the
    I-JSON profile would; NaN and infinities are rejected with :class:`JcsError`.
    """
    if isinstance(value, int) and -_MAX_SAFE < value < _MAX_SAFE:
        return str(value)
    try:
        number = float(value)
    except OverflowError as exc:
        raise JcsError(f"number {value!r} is out of the IEEE-754 double range") from exc
    if not math.isfinite(number):
        raise JcsError(f"number {value!r} is not allowed in canonical JSON (RFC 8785 section 3.2.2.3)")
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    # repr() gives the shortest round-tripping decimal digits, as ECMAScript requires.
    mantissa, _, exp_text = repr(abs(number)).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    all_digits = int_part + frac_part
    digits = all_digits.lstrip("0")
    # value = 0.<digits> * 10**n, which is ECMAScript's n
    n = len(int_part) + (int(exp_text) if exp_text else 0) - (len(all_digits) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        exp = n - 1
        exp_str = ("+" if exp >= 0 else "-") + str(abs(exp))
        text = digits + "e" + exp_str if k == 1 else digits[0] + "." + digits[1:] + "e" + exp_str
    return sign + text


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _serialize(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_encode_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int | float):
        out.append(jcs_number(value))
    elif isinstance(value, Mapping):
        out.append("{")
        first = True
        for key in sorted(value, key=_key_for_sort):
            if not first:
                out.append(",")
            first = False
            out.append(_encode_string(key))
            out.append(":")
            _serialize(value[key], out)
        out.append("}")
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _serialize(item, out)
        out.append("]")
    else:
        raise JcsError(f"value of type {type(value).__name__} is not JSON")


def _key_for_sort(key: object) -> bytes:
    if not isinstance(key, str):
        raise JcsError(f"JSON object keys must be strings, not {type(key).__name__}")
    return _utf16_key(key)


def jcs(value: Any) -> str:
    """Return the RFC 8785 canonical JSON text of ``value`` (a JSON-compatible Python value).

    Object members are sorted by the UTF-16 code units of their names, strings use the minimal
    ECMAScript escapes and numbers the ECMAScript shortest form. Encode the result as UTF-8 to hash or
    sign it. Raises :class:`JcsError` for non-JSON values, non-finite numbers and lone surrogates.
    """
    out: list[str] = []
    _serialize(value, out)
    text = "".join(out)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise JcsError("canonical JSON must be valid Unicode (lone surrogate in a string)") from exc
    return text
