"""Bitstring Status List: the list, its encoding, the list credential and entries."""

from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime

import pytest

from microcred.openbadges.errors import StatusListError
from microcred.openbadges.keys import multibase_encode
from microcred.openbadges.status import (
    MIN_LIST_LENGTH,
    BitstringStatusList,
    status_list_credential,
    status_list_entry,
)
from tests.openbadges.proofs.fixtures import VC, load_json

LIST_URL = "https://university.example/status/1"


def test_new_list_is_all_zero_and_large_enough() -> None:
    status_list = BitstringStatusList()
    assert len(status_list) == MIN_LIST_LENGTH == 131_072
    assert status_list.set_indexes() == []
    decoded = BitstringStatusList.decode(status_list.encode())
    assert len(decoded) == MIN_LIST_LENGTH


def test_set_clear_and_bit_order() -> None:
    status_list = BitstringStatusList(16)
    status_list.set(0)
    status_list.set(9)
    assert status_list.get(0) == 1
    assert status_list.get(1) == 0
    raw = gzip.decompress(base64.urlsafe_b64decode(status_list.encode()[1:] + "=="))
    assert raw == bytes([0b1000_0000, 0b0100_0000])  # index 0 is the left-most bit
    status_list.clear(0)
    assert status_list.set_indexes() == [9]


def test_encoded_list_format() -> None:
    encoded = BitstringStatusList().encode()
    assert encoded.startswith("uH4sI")  # multibase base64url of GZIP data
    assert "=" not in encoded


def test_multi_bit_entries() -> None:
    status_list = BitstringStatusList(10, status_size=2)
    status_list.set(3, 2)
    status_list.set(4, 3)
    assert [status_list.get(index) for index in range(6)] == [0, 0, 0, 2, 3, 0]
    status_list.set(4, 1)
    assert status_list.get(4) == 1
    round_trip = BitstringStatusList.decode(status_list.encode(), status_size=2)
    assert round_trip.get(3) == 2
    with pytest.raises(StatusListError, match="does not fit"):
        status_list.set(0, 4)


@pytest.mark.parametrize("index", [-1, 16, True, "1"])
def test_index_bounds(index: object) -> None:
    with pytest.raises(StatusListError, match="outside"):
        BitstringStatusList(16).get(index)  # type: ignore[arg-type]


def test_constructor_limits() -> None:
    with pytest.raises(StatusListError):
        BitstringStatusList(0)
    with pytest.raises(StatusListError):
        BitstringStatusList(8, status_size=9)


def test_decode_the_1edtech_fixture() -> None:
    credential = load_json(VC / "examples" / "bitstring-status-list-credential.testlist.json")
    status_list = BitstringStatusList.decode(credential["credentialSubject"]["encodedList"])
    assert status_list.set_indexes() == [23]


def test_decode_legacy_unprefixed_base64url() -> None:
    legacy = base64.urlsafe_b64encode(gzip.compress(b"\x80" + b"\0" * 15)).decode().rstrip("=")
    assert legacy.startswith("H4sI")
    assert BitstringStatusList.decode(legacy).get(0) == 1


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ("", "non-empty"),
        ("u!!", "multibase"),
        (multibase_encode(b"not gzip", "u"), "GZIP"),
        (multibase_encode(gzip.compress(b""), "u"), "empty"),
        (multibase_encode(gzip.compress(b"\0" * 100)[:-12], "u"), "truncated"),
        (multibase_encode(gzip.compress(b"\0" * (16 * 1024 * 1024 + 1)), "u"), "more than"),
    ],
)
def test_decode_errors(encoded: str, message: str) -> None:
    with pytest.raises(StatusListError, match=message):
        BitstringStatusList.decode(encoded)


def test_status_list_credential_and_entry() -> None:
    status_list = BitstringStatusList()
    status_list.set(42)
    credential = status_list_credential(
        list_id=LIST_URL,
        issuer={"id": "https://university.example/issuers/1", "type": ["Profile"], "name": "U"},
        status_list=status_list,
        purpose="suspension",
        valid_from=datetime(2025, 1, 1, tzinfo=UTC),
        valid_until=datetime(2026, 1, 1, tzinfo=UTC),
        ttl_ms=300_000,
    )
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["validUntil"] == "2026-01-01T00:00:00Z"
    subject = credential["credentialSubject"]
    assert subject["id"] == f"{LIST_URL}#list"
    assert subject["statusPurpose"] == "suspension"
    assert subject["ttl"] == 300_000
    assert BitstringStatusList.decode(subject["encodedList"]).set_indexes() == [42]
    entry = status_list_entry(LIST_URL, 42, "suspension")
    assert entry == {
        "id": f"{LIST_URL}#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "suspension",
        "statusListIndex": "42",
        "statusListCredential": LIST_URL,
    }
    two_bits = status_list_credential(
        list_id=LIST_URL,
        issuer="https://university.example/issuers/1",
        status_list=BitstringStatusList(MIN_LIST_LENGTH, status_size=2),
        valid_from=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert two_bits["credentialSubject"]["statusSize"] == 2


def test_builder_errors() -> None:
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    with pytest.raises(StatusListError, match="purpose"):
        status_list_credential(
            list_id=LIST_URL, issuer="x", status_list=BitstringStatusList(), purpose="x", valid_from=moment
        )
    with pytest.raises(StatusListError, match="group privacy"):
        status_list_credential(
            list_id=LIST_URL, issuer="x", status_list=BitstringStatusList(8), valid_from=moment
        )
    with pytest.raises(StatusListError, match="purpose"):
        status_list_entry(LIST_URL, 1, "refresh")
    with pytest.raises(StatusListError, match="index"):
        status_list_entry(LIST_URL, -1)
