"""Awards (a learner earned a micro-credential), the credentials issued for them and their status lists."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

#: Entries in one Bitstring Status List (the spec's minimum, 16 KiB of bits: group privacy).
STATUS_LIST_LENGTH = 131_072


class StatusList(models.Model):
    """One of an issuer's Bitstring Status Lists; each award owns one index in it.

    The same index is used in the list's two published credentials: the revocation list (referenced by
    the award's ``credentialStatus``) and the suspension list. The signed list credentials are cached in
    ``revocation_document`` / ``suspension_document`` and rebuilt when a bit changes.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    length = models.PositiveIntegerField(default=STATUS_LIST_LENGTH)
    next_index = models.PositiveIntegerField(default=0)
    revocation_document = models.JSONField(null=True, blank=True)
    suspension_document = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["institution", "number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="awards_status_list_number")
        ]

    def __str__(self) -> str:
        return f"status list {self.number}"

    @property
    def is_full(self) -> bool:
        return self.next_index >= self.length


class Award(models.Model):
    """A learner earned (a version of) a micro-credential.

    Created in the same transaction as the completion or decision that earned it; the signed Open Badges
    3.0 credential is stored once issued (an :class:`IssuedCredential`, read as ``award.credential``), and
    the OB 2.0 hosted assertion is built from the row on request. At most one award per learner and
    micro-credential is current (active or suspended).
    """

    class State(models.TextChoices):
        ACTIVE = "active", "Valid"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"
        SUPERSEDED = "superseded", "Replaced by a renewal"

    class Method(models.TextChoices):
        AUTOMATIC = "automatic", "Requirements met"
        MANUAL = "manual", "Awarded by staff"
        RENEWAL = "renewal", "Renewed (recertification)"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey("learners.Learner", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    micro_credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey("catalog.MicroCredentialVersion", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.AUTOMATIC)
    reason = models.TextField(blank=True, help_text="Why staff awarded or renewed it by hand.")
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    awarded_at = models.DateTimeField(default=timezone.now)
    valid_from = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(null=True, blank=True)
    # What earned it: {"completions": [uuid, ...], "awards": [uuid, ...]}, and the totals.
    basis = models.JSONField(default=dict, blank=True)
    credits_earned = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    hours_earned = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # Bitstring status
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="awards")
    status_index = models.PositiveIntegerField()
    # The learner decides whether the award's page and JSON are public.
    is_public = models.BooleanField(default=False)
    notified_at = models.DateTimeField(null=True, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Lifecycle
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-awarded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "micro_credential"],
                condition=models.Q(state__in=["active", "suspended"]),
                name="awards_one_current_award",
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="awards_unique_status_index"
            ),
        ]
        indexes = [models.Index(fields=["state", "valid_until"], name="awards_expiry_idx")]

    def __str__(self) -> str:
        return f"award {self.uuid}"

    @property
    def credential(self) -> dict[str, Any] | None:
        """The signed OB 3.0 credential, or None until the issuing task has run (``select_related("issued")``
        reads it with the award)."""
        issued = self._issued
        return issued.document if issued is not None else None

    @property
    def credential_text(self) -> str | None:
        """The signed credential's JSON text, exactly as signed (what its id URL serves)."""
        issued = self._issued
        return issued.text if issued is not None else None

    @property
    def issued_at(self) -> datetime | None:
        issued = self._issued
        return issued.issued_at if issued is not None else None

    @property
    def _issued(self) -> IssuedCredential | None:
        try:
            return self.issued
        except IssuedCredential.DoesNotExist:
            return None

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until <= timezone.now()

    @property
    def status(self) -> str:
        """What a verifier should say: valid, expired, suspended, revoked or superseded."""
        if self.state == self.State.ACTIVE:
            return "expired" if self.is_expired else "valid"
        return str(self.state)


class IssuedCredential(models.Model):
    """An award's signed OB 3.0 credential: written once, never changed (revocation and suspension live in
    the status lists, a renewal is a new award).

    A table of its own so that issuing inserts rows (PostgreSQL: ``COPY``) instead of rewriting every award
    row and its indexes, and so that lists of awards do not carry ~4 KB of JSON each. Stored as the JSON text
    that was signed, byte for byte, and served as it is: a JSON column would not keep it (PostgreSQL's
    ``jsonb`` reorders the keys, ``@context`` no longer first) and would parse and re-encode every credential
    on insert, which cost more than storing it (35 against 13 µs per credential)."""

    award = models.OneToOneField(Award, primary_key=True, on_delete=models.CASCADE, related_name="issued")
    text = models.TextField(help_text="The signed credential's JSON, exactly as signed and served.")
    issued_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"credential of award {self.award_id}"

    @staticmethod
    def encode(credential: Mapping[str, Any]) -> str:
        """The JSON text stored (and served) for a signed credential: compact UTF-8, keys in their order."""
        return orjson.dumps(credential).decode()

    @cached_property
    def document(self) -> dict[str, Any]:
        """The credential as JSON data (parsed once per instance; callers must not change it)."""
        parsed: dict[str, Any] = orjson.loads(self.text)
        return parsed


class AwardEvent(models.Model):
    """The history of an award: awarded, issued, made public/private, suspended, reinstated, revoked..."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"
