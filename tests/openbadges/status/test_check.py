"""Reading statuses: Bitstring Status List entries, 1EdTech and OB 2.0 revocation lists."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from microcred.openbadges.errors import StatusListError
from microcred.openbadges.status import (
    BitstringStatusList,
    check_1edtech_revocation,
    check_bitstring_entry,
    check_ob2_revocation,
    status_entries,
    status_list_credential,
    status_list_entry,
)
from tests.openbadges.proofs.fixtures import OB2, OB3, VC, load_json

URL = "https://university.example/status/1"


def list_credential(*revoked: int, purpose: str = "revocation") -> dict[str, Any]:
    status_list = BitstringStatusList()
    for index in revoked:
        status_list.set(index)
    return status_list_credential(
        list_id=URL,
        issuer="https://u.example",
        status_list=status_list,
        purpose=purpose,
        valid_from=datetime(2025, 1, 1, tzinfo=UTC),
    )


def test_bitstring_entry_set_and_unset() -> None:
    credential = list_credential(7)
    assert check_bitstring_entry(status_list_entry(URL, 7), credential).is_set
    result = check_bitstring_entry(status_list_entry(URL, 8), credential)
    assert not result.is_set
    assert (result.purpose, result.index, result.list_url) == ("revocation", 8, URL)


def test_the_1edtech_fixture_is_revoked() -> None:
    credential = load_json(OB3 / "bitstring-credential-status-revoked.json")
    entry = status_entries(credential)[0]
    result = check_bitstring_entry(
        entry, load_json(VC / "examples" / "bitstring-status-list-credential.testlist.json")
    )
    assert result.is_set
    assert result.index == 23


def test_status_list_2021_entry() -> None:
    credential = list_credential(3)
    credential["type"] = ["VerifiableCredential", "StatusList2021Credential"]
    entry = {
        "type": "StatusList2021Entry",
        "statusPurpose": "revocation",
        "statusListIndex": "3",
        "statusListCredential": URL,
    }
    assert check_bitstring_entry(entry, credential).is_set


@pytest.mark.parametrize(
    ("entry_changes", "list_changes", "message"),
    [
        ({"type": "Other"}, {}, "unsupported status entry type"),
        ({"statusPurpose": None}, {}, "no statusPurpose"),
        ({"statusListCredential": None}, {}, "no statusListCredential"),
        ({"statusListIndex": "x1"}, {}, "not a non-negative integer"),
        ({"statusListIndex": True}, {}, "integer expressed as a string"),
        ({"statusListIndex": 131_072}, {}, "beyond"),
        ({"statusPurpose": "suspension"}, {}, "is not 'suspension'"),
        ({}, {"type": ["VerifiableCredential"]}, "is not a BitstringStatusListCredential"),
        ({}, {"credentialSubject": "x"}, "no credentialSubject"),
        ({}, {"credentialSubject": {"statusPurpose": "revocation", "statusSize": 9}}, "statusSize"),
        (
            {},
            {
                "credentialSubject": {
                    "statusPurpose": "revocation",
                    "encodedList": BitstringStatusList(8).encode(),
                }
            },
            "fewer than",
        ),
    ],
)
def test_bitstring_entry_errors(
    entry_changes: dict[str, Any], list_changes: dict[str, Any], message: str
) -> None:
    entry = {**status_list_entry(URL, 1), **entry_changes}
    credential = {**list_credential(), **list_changes}
    with pytest.raises(StatusListError, match=message):
        check_bitstring_entry(entry, credential)


def test_list_with_several_purposes_and_list_subject() -> None:
    credential = list_credential(1)
    credential["credentialSubject"]["statusPurpose"] = ["revocation", "suspension"]
    credential["credentialSubject"] = [credential["credentialSubject"]]
    assert check_bitstring_entry(status_list_entry(URL, 1, "suspension"), credential).is_set


def test_1edtech_revocation_list() -> None:
    listing = {
        "revokedCredentials": [
            {"id": "urn:a", "revocationReason": "cheating"},
            {"id": "urn:b", "revoked": False},
            {"id": "urn:c", "revoked": True},
        ]
    }
    revoked = check_1edtech_revocation("urn:a", listing, "https://l.example")
    assert revoked.is_set
    assert revoked.reason == "cheating"
    assert not check_1edtech_revocation("urn:b", listing).is_set
    assert check_1edtech_revocation("urn:c", listing).is_set
    assert not check_1edtech_revocation("urn:d", listing).is_set
    with pytest.raises(StatusListError):
        check_1edtech_revocation("urn:a", {"revoked": []})


def test_ob2_revocation_list() -> None:
    listing = load_json(OB2 / "assets" / "revocation-list.json")
    revoked = check_ob2_revocation("https://example.org/beths-robotics-badge-revoked.json", listing)
    assert revoked.is_set
    assert revoked.reason == "A good reason, for sure"
    assert check_ob2_revocation("urn:uuid:52e4c6b3-8c13-4fa8-8482-a5cf34ef37a9", listing).reason is None
    assert check_ob2_revocation("urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4", listing).is_set
    assert not check_ob2_revocation("https://example.org/beths-robotics-badge.json", listing).is_set
    assert not check_ob2_revocation("x", load_json(OB2 / "assets" / "empty-revocation-list.json")).is_set
    with pytest.raises(StatusListError):
        check_ob2_revocation("x", [])


def test_status_entries() -> None:
    assert status_entries({}) == []
    assert status_entries({"credentialStatus": {"a": 1}}) == [{"a": 1}]
    assert status_entries({"credentialStatus": [{"a": 1}]}) == [{"a": 1}]
