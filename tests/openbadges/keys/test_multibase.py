"""base58btc, base64url and multibase."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.openbadges.errors import KeyMaterialError
from microcred.openbadges.keys import (
    b64url_decode,
    b64url_encode,
    base58_decode,
    base58_encode,
    multibase_decode,
    multibase_encode,
)


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        (b"", ""),
        (b"\0", "1"),
        (b"\0\0\x01", "112"),
        (b"hello world", "StV1DL6CwTryKyV"),  # draft-msporny-base58 test vector
        (bytes.fromhex("0000287fb4cd"), "11233QC4"),
    ],
)
def test_base58_known_values(raw: bytes, encoded: str) -> None:
    assert base58_encode(raw) == encoded
    assert base58_decode(encoded) == raw


@settings(database=None)
@given(st.binary(max_size=80))
def test_base58_round_trip(raw: bytes) -> None:
    assert base58_decode(base58_encode(raw)) == raw


@settings(database=None)
@given(st.binary(max_size=80))
def test_multibase_round_trip(raw: bytes) -> None:
    assert multibase_decode(multibase_encode(raw)) == raw
    assert multibase_decode(multibase_encode(raw, "u")) == raw


def test_base58_rejects_characters_outside_the_alphabet() -> None:
    with pytest.raises(KeyMaterialError, match="'0'"):
        base58_decode("z0O")
    with pytest.raises(KeyMaterialError, match="longer"):
        base58_decode("2" * 5000)


def test_b64url() -> None:
    assert b64url_encode(b"\xfb\xff") == "-_8"
    assert b64url_decode("-_8") == b"\xfb\xff"
    assert b64url_decode("-_8=") == b"\xfb\xff"
    for bad in ("a+b", "a/b", "abcde", 5):
        with pytest.raises(KeyMaterialError):
            b64url_decode(bad)  # type: ignore[arg-type]


def test_multibase_prefixes() -> None:
    assert multibase_encode(b"\x01", "u") == "uAQ"
    with pytest.raises(KeyMaterialError, match="unsupported multibase prefix"):
        multibase_encode(b"x", "m")
    with pytest.raises(KeyMaterialError, match="unsupported multibase prefix"):
        multibase_decode("mAQ")
    with pytest.raises(KeyMaterialError, match="empty"):
        multibase_decode("")
