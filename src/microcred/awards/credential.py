"""An award as an Open Badges 3.0 ``OpenBadgeCredential`` (unsigned).

What goes in: the version's Achievement (embedded in full, its id the stable per-version URL), the learner
as ``credentialSubject`` (their DID as ``id`` when they gave one; their name and a salted hash of their
e-mail as identifiers), the results that earned it (one per course, aligned to the course), credits earned,
evidence, ``validFrom``/``validUntil`` and a Bitstring Status List entry. The issuer is the institution's
``did:web`` Profile; the signing app's key signs it (``awards.services.issue_credential``).

The parts many awards share (the Achievement, the issuer Profile) are built with the library's Pydantic
models, once (:class:`SharedParts`); each award's own parts are written as plain JSON, since issuing a
large import builds a hundred thousand of them. The tests validate what this writes with the library's
models and the OB 3.0 JSON schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from microcred.catalog import achievement as catalog_achievement
from microcred.openbadges.models import Profile, format_datetime, identity_hash, json_number, new_salt
from microcred.openbadges.models.vocab import (
    OB3_CONTEXT,
    VC_V2_CONTEXT,
)
from microcred.openbadges.status import status_list_entry

if TYPE_CHECKING:
    from microcred.awards.models import Award, StatusList
    from microcred.catalog.models import MicroCredentialVersion
    from microcred.learners.models import Completion

CONTEXTS = [VC_V2_CONTEXT, OB3_CONTEXT]
#: Labels of results and course kinds (``get_FOO_display`` re-hashes the choices on every call).
RESULT_LABELS = {"passed": "Passed", "failed": "Not passed", "in_progress": "In progress"}
KIND_LABELS = {
    "course": "Course",
    "laboratory": "Laboratory",
    "workshop": "Workshop",
    "seminar": "Seminar",
    "assessment": "Assessment",
    "activity": "Activity",
}


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


def _result(completion: Completion) -> dict[str, Any]:
    course = completion.course
    return {
        "type": ["Result"],
        "alignment": [
            {
                "type": ["Alignment"],
                "targetCode": course.code,
                "targetName": f"{course.code} {course.title}",
                "targetType": "ext:Course",
                "targetUrl": f"urn:uuid:{course.uuid}",
            }
        ],
        "value": completion.grade or RESULT_LABELS.get(completion.result, completion.result),
    }


def _evidence(award: Award, completion: Completion) -> dict[str, Any]:
    course = completion.course
    label = RESULT_LABELS.get(completion.result, completion.result)
    parts = [f"{label} on {completion.completed_on:%Y-%m-%d}"]
    if completion.grade:
        parts.append(f"grade {completion.grade}")
    if completion.hours is not None:
        parts.append(f"{completion.hours.normalize():f} hours")
    narrative = "; ".join(parts) + "."
    if completion.evidence_narrative:
        narrative += "\n\n" + completion.evidence_narrative
    evidence: dict[str, Any] = {"type": ["Evidence"]}
    if completion.evidence_url:
        evidence["id"] = completion.evidence_url
    elif completion.evidence_file:
        evidence["id"] = evidence_file_url(award, completion)
    evidence.update(
        narrative=narrative,
        name=f"{course.code} {course.title}",
        genre=KIND_LABELS.get(course.kind, course.kind),
    )
    return evidence


@dataclass
class SharedParts:
    """What many awards share, built once: each version's Achievement, each issuer's Profile, each status
    list's URL. Issuing a batch passes one of these to every ``build_credential`` call (building the
    Achievement takes several queries)."""

    achievements: dict[int, dict[str, Any]] = field(default_factory=dict)
    issuers: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    status_urls: dict[int, str] = field(default_factory=dict)

    def achievement(self, version: MicroCredentialVersion) -> dict[str, Any]:
        if version.pk not in self.achievements:
            self.achievements[version.pk] = catalog_achievement.build_achievement(version).to_dict()
        return self.achievements[version.pk]

    def issuer(self, award: Award, issuer_did: str) -> dict[str, Any]:
        key = (award.institution_id, issuer_did)
        if key not in self.issuers:
            self.issuers[key] = issuer_profile(award, issuer_did).to_dict()
        return self.issuers[key]

    def status_url(self, status_list: StatusList) -> str:
        if status_list.pk not in self.status_urls:
            self.status_urls[status_list.pk] = status_list_url(status_list)
        return self.status_urls[status_list.pk]


def build_credential(
    award: Award,
    *,
    issuer_did: str,
    completions: list[Completion],
    email: str,
    salt: str | None = None,
    parts: SharedParts | None = None,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of ``award`` (contexts first, validated by the library's models)."""
    parts = parts or SharedParts()
    learner = award.learner
    user = learner.user
    name = user.display_name or user.full_name
    salt = salt or new_salt()
    identifiers: list[dict[str, Any]] = []
    if name:
        identifiers.append(
            {"type": "IdentityObject", "hashed": False, "identityHash": name, "identityType": "name"}
        )
    identifiers.append(
        {
            "type": "IdentityObject",
            "hashed": True,
            "identityHash": identity_hash(email, salt),
            "identityType": "emailAddress",
            "salt": salt,
        }
    )
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if learner.did:
        subject["id"] = learner.did
    last_activity = max((c.completed_on for c in completions), default=None)
    if last_activity is not None:
        subject["activityEndDate"] = format_datetime(_end_of_day(last_activity))
    if award.credits_earned:
        subject["creditsEarned"] = json_number(award.credits_earned)
    subject["achievement"] = parts.achievement(award.version)
    subject["identifier"] = identifiers
    if award.reason and award.method != "automatic":
        subject["narrative"] = award.reason
    if completions:
        subject["result"] = [_result(c) for c in completions]
    document: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": credential_url(award),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": award.version.title,
        "description": f"{name or 'The learner'} earned {award.version.title} from {award.institution.name}.",
        "issuer": parts.issuer(award, issuer_did),
        "validFrom": format_datetime(award.valid_from),
    }
    if award.valid_until is not None:
        document["validUntil"] = format_datetime(award.valid_until)
    document["credentialSubject"] = subject
    document["awardedDate"] = format_datetime(award.awarded_at)
    if completions:
        document["evidence"] = [_evidence(award, c) for c in completions]
    document["credentialStatus"] = status_list_entry(parts.status_url(award.status_list), award.status_index)
    return document


def _end_of_day(day: Any) -> Any:
    from datetime import UTC, datetime, time

    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
