"""Credential status: W3C Bitstring Status List (issue and read) and the 1EdTech / OB 2.0 revocation lists.

Lists are built here unsigned; sign a ``BitstringStatusListCredential`` with
:func:`microcred.openbadges.issue.sign_credential`. Reading takes documents the caller fetched.
"""

from microcred.openbadges.status.bitstring import (
    MIN_LIST_LENGTH,
    STATUS_PURPOSES,
    BitstringStatusList,
    status_list_credential,
    status_list_entry,
)
from microcred.openbadges.status.check import (
    StatusResult,
    check_1edtech_revocation,
    check_bitstring_entry,
    check_ob2_revocation,
    status_entries,
)

__all__ = [
    "MIN_LIST_LENGTH",
    "STATUS_PURPOSES",
    "BitstringStatusList",
    "StatusResult",
    "check_1edtech_revocation",
    "check_bitstring_entry",
    "check_ob2_revocation",
    "status_entries",
    "status_list_credential",
    "status_list_entry",
]
