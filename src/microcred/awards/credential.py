"""An award as an Open Badges 3.0 ``OpenBadgeCredential`` (unsigned), built with the library's models.

What goes in: the version's Achievement (embedded in full, its id the stable per-version URL), the learner
as ``credentialSubject`` (their DID as ``id`` when they gave one; their name and a salted hash of their
e-mail as identifiers), the results that earned it (one per course, aligned to the course), credits earned,
evidence, ``validFrom``/``validUntil`` and a Bitstring Status List entry. The issuer is the institution's
``did:web`` Profile; the signing app's key signs it (``awards.services.issue_credential``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from microcred.catalog import achievement as catalog_achievement
from microcred.openbadges.models import (
    AchievementCredential,
    AchievementSubject,
    Alignment,
    Evidence,
    Profile,
    Result,
    json_number,
)
from microcred.openbadges.models.ob3 import IdentityObject, hashed_email_identity, new_salt
from microcred.openbadges.models.vocab import (
    OB3_CONTEXT,
    VC_V2_CONTEXT,
)
from microcred.openbadges.status import status_list_entry

if TYPE_CHECKING:
    from microcred.awards.models import Award, StatusList
    from microcred.learners.models import Completion

CONTEXTS = [VC_V2_CONTEXT, OB3_CONTEXT]


def absolute(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


def credential_url(award: Award) -> str:
    """The credential's id: the URL its signed JSON is served at."""
    return absolute(reverse("publishing:credential", args=[award.uuid]))


def award_page_url(award: Award) -> str:
    """The public verification page of the award."""
    return absolute(reverse("publishing:award", args=[award.uuid]))


def status_list_url(status_list: StatusList, purpose: str = "revocation") -> str:
    return absolute(reverse("publishing:status-list", args=[status_list.uuid, purpose]))


def evidence_file_url(award: Award, completion: Completion) -> str:
    return absolute(reverse("publishing:evidence", args=[award.uuid, completion.uuid]))


def issuer_profile(award: Award, issuer_did: str) -> Profile:
    """The institution as the credential's issuer: its did:web id, name, web site and catalog Profile."""
    institution = award.institution
    base = catalog_achievement.institution_profile(institution)
    return Profile(
        id=issuer_did,
        name=institution.name,
        url=base.url,
        description=base.description,
    )


def _result(completion: Completion) -> Result:
    course = completion.course
    return Result(
        value=completion.grade or completion.get_result_display(),
        alignment=[
            Alignment(
                target_name=f"{course.code} {course.title}",
                target_type="ext:Course",
                target_url=f"urn:uuid:{course.uuid}",
                target_code=course.code,
            )
        ],
    )


def _evidence(award: Award, completion: Completion) -> Evidence:
    course = completion.course
    parts = [f"{completion.get_result_display()} on {completion.completed_on:%Y-%m-%d}"]
    if completion.grade:
        parts.append(f"grade {completion.grade}")
    if completion.hours is not None:
        parts.append(f"{completion.hours.normalize():f} hours")
    narrative = "; ".join(parts) + "."
    if completion.evidence_narrative:
        narrative += "\n\n" + completion.evidence_narrative
    evidence_id: str | None = completion.evidence_url or None
    if evidence_id is None and completion.evidence_file:
        evidence_id = evidence_file_url(award, completion)
    return Evidence(
        id=evidence_id,
        name=f"{course.code} {course.title}",
        narrative=narrative,
        genre=course.get_kind_display(),
    )


def build_credential(
    award: Award, *, issuer_did: str, completions: list[Completion], email: str, salt: str | None = None
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of ``award`` (contexts first, validated by the library's models)."""
    learner = award.learner
    user = learner.user
    name = user.display_name or user.full_name
    identifiers = [hashed_email_identity(email, salt or new_salt())]
    if name:
        identifiers.insert(0, IdentityObject(hashed=False, identity_hash=name, identity_type="name"))
    if award.reason and award.method != "automatic":
        subject_narrative: str | None = award.reason
    else:
        subject_narrative = None
    last_activity = max((c.completed_on for c in completions), default=None)
    subject = AchievementSubject(
        id=learner.did or None,
        achievement=catalog_achievement.build_achievement(award.version),
        identifier=identifiers,
        credits_earned=json_number(award.credits_earned) if award.credits_earned else None,
        result=[_result(c) for c in completions],
        narrative=subject_narrative,
        activity_end_date=None if last_activity is None else _end_of_day(last_activity),
    )
    credential = AchievementCredential(
        id=credential_url(award),
        name=award.version.title,
        description=f"{name or 'The learner'} earned {award.version.title} from {award.institution.name}.",
        issuer=issuer_profile(award, issuer_did),
        valid_from=award.valid_from,
        valid_until=award.valid_until,
        awarded_date=award.awarded_at,
        credential_subject=subject,
        evidence=[_evidence(award, c) for c in completions],
    )
    document = credential.to_dict()
    document["@context"] = CONTEXTS
    document["credentialStatus"] = status_list_entry(status_list_url(award.status_list), award.status_index)
    return {"@context": CONTEXTS, **{k: v for k, v in document.items() if k != "@context"}}


def _end_of_day(day: Any) -> Any:
    from datetime import UTC, datetime, time

    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
