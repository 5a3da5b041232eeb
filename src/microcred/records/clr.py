"""A learner's record at one institution as a CLR 2.0 ``ClrCredential`` (unsigned), built with the library.

What goes in (https://www.imsglobal.org/spec/clr/v2p0/):

* ``issuer``: the institution's ``did:web`` Profile, the same issuer as its awards;
* ``credentialSubject``: the learner, identified like in their awards (their DID as ``id`` when they gave
  one, their name and a salted hash of their e-mail address as ``identifier``);
* ``verifiableCredential``: the learner's current awards there (active, valid or expired; never suspended,
  revoked or superseded), each the signed OB 3.0 credential exactly as stored, so its own proof verifies;
* ``achievement``: the achievement of every embedded credential, so the record lists them in one place;
* ``association``: stacking, as "part ``isPartOf`` stack" between achievement ids, for every pair of awards
  where one's micro-credential appears in the other's requirement tree.

No ``credentialSchema``: the CLR 2.0.1 context leaves the ``1EdTechJsonSchemaValidator2019`` type undefined
inside it, so it would fall outside the signature (the library refuses to sign it); verifiers pick the CLR
schema from ``type``. The services sign the result with the institution's current key (``records.services``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

from microcred.openbadges.models import (
    AchievementCredential,
    Association,
    AssociationType,
    ClrCredential,
    ClrSubject,
    Profile,
)
from microcred.openbadges.models.ob3 import IdentityObject, hashed_email_identity, new_salt

__all__ = ["RecordEntry", "build_clr", "stacking_pairs"]


@dataclass(frozen=True)
class RecordEntry:
    """One award in the record: its micro-credential, those its requirements name, its signed credential."""

    micro_credential_id: int
    parts: frozenset[int]  # micro-credential ids named in its requirement tree (what stacks into it)
    credential: Mapping[str, Any]

    @property
    def achievement_id(self) -> str:
        return str(self.credential["credentialSubject"]["achievement"]["id"])


def stacking_pairs(entries: Sequence[RecordEntry]) -> list[tuple[RecordEntry, RecordEntry]]:
    """``(part, stack)`` for every pair where the part's micro-credential is in the stack's tree."""
    return [
        (part, whole)
        for whole in entries
        for part in entries
        if part is not whole and part.micro_credential_id in whole.parts
    ]


def _associations(entries: Sequence[RecordEntry]) -> list[Association]:
    seen: set[tuple[str, str]] = set()
    out: list[Association] = []
    for part, whole in stacking_pairs(entries):
        key = (part.achievement_id, whole.achievement_id)
        if key not in seen:
            seen.add(key)
            out.append(
                Association(
                    association_type=AssociationType.IS_PART_OF,
                    source_id=part.achievement_id,
                    target_id=whole.achievement_id,
                )
            )
    return out


def _unique_achievements(credentials: Iterable[AchievementCredential]) -> list[Any]:
    found: dict[str, Any] = {}
    for credential in credentials:
        achievement = credential.credential_subject.achievement
        found.setdefault(achievement.id, achievement)
    return list(found.values())


def build_clr(
    *,
    entries: Sequence[RecordEntry],
    issuer: Profile,
    learner_name: str,
    email: str,
    learner_did: str = "",
    institution_name: str,
    now: datetime,
    record_id: str | None = None,
    salt: str | None = None,
) -> dict[str, Any]:
    """The unsigned ClrCredential; ``ValueError`` (pydantic's) if there is no credential to put in it.

    The embedded credentials are written back exactly as given (not re-serialized by the models), so that
    their proofs keep verifying byte for byte.
    """
    parsed = [AchievementCredential.from_dict(entry.credential) for entry in entries]
    identifiers = [hashed_email_identity(email, salt or new_salt())]
    if learner_name:
        identifiers.insert(0, IdentityObject(hashed=False, identity_hash=learner_name, identity_type="name"))
    subject = ClrSubject(
        id=learner_did or None,
        identifier=identifiers,
        verifiable_credential=list[AchievementCredential | str](parsed),
        achievement=_unique_achievements(parsed),
        association=_associations(entries),
    )
    who = learner_name or "Learner"
    record = ClrCredential(
        id=record_id or f"urn:uuid:{uuid4()}",
        name=f"{who}: learner record at {institution_name}",
        description=f"The micro-credentials {who} holds from {institution_name}, and how they stack.",
        issuer=issuer,
        valid_from=now,
        awarded_date=now,
        credential_subject=subject,
    )
    document = record.to_dict()
    document["credentialSubject"]["verifiableCredential"] = [dict(entry.credential) for entry in entries]
    return document
