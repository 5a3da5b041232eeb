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

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

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
    from microcred.catalog.models import Course, MicroCredentialVersion
    from microcred.institutions.models import Institution

CONTEXTS = [VC_V2_CONTEXT, OB3_CONTEXT]


class Cited(Protocol):
    """What a credential says of a completion it cites (a ``Completion`` or a ``CitedCompletion``)."""

    @property
    def uuid(self) -> UUID: ...
    @property
    def course(self) -> Course: ...
    @property
    def completed_on(self) -> date: ...
    @property
    def result(self) -> str: ...
    @property
    def grade(self) -> str: ...
    @property
    def hours(self) -> Decimal | None: ...
    @property
    def evidence_url(self) -> str: ...
    @property
    def evidence_file(self) -> Any: ...  # a FieldFile or the file's name: only its truth is read
    @property
    def evidence_narrative(self) -> str: ...


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


def evidence_file_url(award: Award | AwardFacts, completion: Cited) -> str:
    return absolute(reverse("publishing:evidence", args=[award.uuid, completion.uuid]))


def issuer_profile(institution: Institution, issuer_did: str) -> Profile:
    """The institution as the credential's issuer: its did:web id, name, web site and catalog Profile."""
    base = catalog_achievement.institution_profile(institution)
    return Profile(
        id=issuer_did,
        name=institution.name,
        url=base.url,
        description=base.description,
    )


@dataclass(slots=True)
class AwardFacts:
    """What an award's credential says of it. Issuing many awards reads these in one query
    (``awards.bulk``); a single award gives them with :meth:`of`."""

    uuid: UUID
    version: MicroCredentialVersion
    institution: Institution
    learner_name: str  # the name the learner shows (display name, else full name)
    learner_did: str
    email: str
    method: str
    reason: str
    credits_earned: Decimal | None
    awarded_at: datetime
    valid_from: datetime
    valid_until: datetime | None
    status_list_id: int
    status_list_uuid: UUID
    status_index: int

    @classmethod
    def of(cls, award: Award) -> AwardFacts:
        user = award.learner.user
        return cls(
            uuid=award.uuid,
            version=award.version,
            institution=award.institution,
            learner_name=user.display_name or user.full_name,
            learner_did=award.learner.did,
            email=user.email,
            method=award.method,
            reason=award.reason,
            credits_earned=award.credits_earned,
            awarded_at=award.awarded_at,
            valid_from=award.valid_from,
            valid_until=award.valid_until,
            status_list_id=award.status_list_id,
            status_list_uuid=award.status_list.uuid,
            status_index=award.status_index,
        )


def _result(completion: Cited) -> dict[str, Any]:
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


def _evidence(award: AwardFacts, completion: Cited) -> dict[str, Any]:
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
    _credential_url: tuple[str, str] | None = None
    _times: dict[datetime, str] = field(default_factory=dict)
    _days: dict[date, str] = field(default_factory=dict)
    _results: dict[tuple[int, str, str], dict[str, Any]] = field(default_factory=dict)
    _evidence: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)

    def result(self, completion: Cited) -> dict[str, Any]:
        """``_result(completion)``, built once per course, grade and result: the results of an import's
        awards are a few dozen distinct objects (shared, like the Achievement; nothing changes them)."""
        key = (completion.course.pk, completion.grade, completion.result)
        built = self._results.get(key)
        if built is None:
            built = self._results[key] = _result(completion)
        return built

    def evidence(self, award: AwardFacts, completion: Cited) -> dict[str, Any]:
        """``_evidence(award, completion)``; built once per course, result, day, grade, hours and narrative
        when the completion has no evidence link or file of its own (an import's results share a few
        hundred: the narrative's date and decimal formatting cost more than signing's share of them)."""
        if completion.evidence_url or completion.evidence_file:
            return _evidence(award, completion)
        key = (
            completion.course.pk, completion.result, completion.completed_on, completion.grade,
            completion.hours, completion.evidence_narrative,
        )  # fmt: skip
        built = self._evidence.get(key)
        if built is None:
            built = self._evidence[key] = _evidence(award, completion)
        return built

    def datetime_text(self, value: datetime) -> str:
        """``format_datetime(value)``, written once per distinct value: the awards of one import share
        their award, start and end times."""
        text = self._times.get(value)
        if text is None:
            text = self._times[value] = format_datetime(value)
        return text

    def end_of_day_text(self, day: date) -> str:
        """The last second of ``day`` (UTC) as a date-time, written once per day."""
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = format_datetime(_end_of_day(day))
        return text

    def credential_url(self, award: AwardFacts) -> str:
        """``credential_url(award)``, with the URL pattern resolved once (not one ``reverse`` per award)."""
        if self._credential_url is None:
            marker = "00000000-0000-4000-8000-000000000000"
            url = absolute(reverse("publishing:credential", args=[marker]))
            head, _, tail = url.partition(marker)
            self._credential_url = (head, tail)
        head, tail = self._credential_url
        return f"{head}{award.uuid}{tail}"

    def achievement(self, version: MicroCredentialVersion) -> dict[str, Any]:
        if version.pk not in self.achievements:
            self.achievements[version.pk] = catalog_achievement.build_achievement(version).to_dict()
        return self.achievements[version.pk]

    def issuer(self, institution: Institution, issuer_did: str) -> dict[str, Any]:
        key = (institution.pk, issuer_did)
        if key not in self.issuers:
            self.issuers[key] = issuer_profile(institution, issuer_did).to_dict()
        return self.issuers[key]

    def status_url(self, award: AwardFacts) -> str:
        if award.status_list_id not in self.status_urls:
            path = reverse("publishing:status-list", args=[award.status_list_uuid, "revocation"])
            self.status_urls[award.status_list_id] = absolute(path)
        return self.status_urls[award.status_list_id]


def build_credential(
    award: AwardFacts,
    *,
    issuer_did: str,
    completions: Sequence[Cited],
    salt: str | None = None,
    parts: SharedParts | None = None,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of ``award`` (contexts first, validated by the library's models)."""
    parts = parts or SharedParts()
    name = award.learner_name
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
            "identityHash": identity_hash(award.email, salt),
            "identityType": "emailAddress",
            "salt": salt,
        }
    )
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if award.learner_did:
        subject["id"] = award.learner_did
    last_activity = max((c.completed_on for c in completions), default=None)
    if last_activity is not None:
        subject["activityEndDate"] = parts.end_of_day_text(last_activity)
    if award.credits_earned:
        subject["creditsEarned"] = json_number(award.credits_earned)
    subject["achievement"] = parts.achievement(award.version)
    subject["identifier"] = identifiers
    if award.reason and award.method != "automatic":
        subject["narrative"] = award.reason
    if completions:
        subject["result"] = [parts.result(c) for c in completions]
    title = award.version.title
    document: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": parts.credential_url(award),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": title,
        "description": f"{name or 'The learner'} earned {title} from {award.institution.name}.",
        "issuer": parts.issuer(award.institution, issuer_did),
        "validFrom": parts.datetime_text(award.valid_from),
    }
    if award.valid_until is not None:
        document["validUntil"] = parts.datetime_text(award.valid_until)
    document["credentialSubject"] = subject
    document["awardedDate"] = parts.datetime_text(award.awarded_at)
    if completions:
        document["evidence"] = [parts.evidence(award, c) for c in completions]
    document["credentialStatus"] = status_list_entry(parts.status_url(award), award.status_index)
    return document


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
