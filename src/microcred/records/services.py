"""Learner records: the learner's CLR 2.0 credential at one institution, built and signed on request.

Nothing is stored: a record is a view of the learner's signed awards at the moment it is asked for, signed
with the institution's current key (the same issuer and key as its awards).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from microcred.catalog import achievement as catalog_achievement
from microcred.core.errors import MicrocredError
from microcred.openbadges.issue import sign_credential
from microcred.openbadges.models import Profile
from microcred.records import clr
from microcred.records.selectors import record_of
from microcred.signing import services as signing_services

if TYPE_CHECKING:
    from microcred.learners.models import Learner

__all__ = ["EmptyRecordError", "learner_record"]


class EmptyRecordError(MicrocredError):
    """The learner holds no signed award there yet: a CLR needs at least one credential."""


def learner_record(*, learner: Learner, now: datetime | None = None) -> dict[str, Any]:
    """The learner's signed ClrCredential at their institution; ``EmptyRecordError`` if it holds no award."""
    record = record_of(learner)
    if not record.entries:
        raise EmptyRecordError("there is no signed award in this record yet")
    institution = learner.institution
    signer = signing_services.current_signing_key(institution=institution)
    profile = catalog_achievement.institution_profile(institution)
    issuer = Profile(
        id=signer.issuer_did, name=institution.name, url=profile.url, description=profile.description
    )
    user = learner.user
    moment = (now or timezone.now()).replace(microsecond=0)
    unsigned = clr.build_clr(
        entries=record.entries,
        issuer=issuer,
        learner_name=user.display_name or user.full_name,
        email=user.email,
        learner_did=learner.did,
        institution_name=institution.name,
        now=moment,
    )
    return sign_credential(
        unsigned, key=signer.key, verification_method=signer.verification_method, created=moment
    )
