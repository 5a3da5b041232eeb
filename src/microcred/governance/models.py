"""Proposals and their review: every decision kept with who, when, what and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Proposal(models.Model):
    """A version of a micro-credential going through the approval chain (new, change or termination)."""

    class Kind(models.TextChoices):
        NEW = "new", "New micro-credential"
        CHANGE = "change", "Change (next version)"
        MINOR_CHANGE = "minor_change", "Minor change"
        TERMINATION = "termination", "Termination"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved, waiting to be published"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    version = models.ForeignKey("catalog.MicroCredentialVersion", on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEW)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    stage = models.PositiveSmallIntegerField(default=0)
    returned_from = models.PositiveSmallIntegerField(default=0)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    warning_reasons = models.JSONField(default=dict, blank=True)
    termination_reason = models.TextField(blank=True)
    terminates_on = models.DateField(null=True, blank=True)
    teach_out_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.version}"


class ReviewEvent(models.Model):
    """One step on a proposal's timeline: submitted, approved at a stage, changes requested, published..."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20)
    stage = models.PositiveSmallIntegerField(default=0)
    review_body = models.ForeignKey(
        "institutions.ReviewBody", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    field_comments = models.JSONField(default=dict, blank=True)  # field name -> comment
    snapshot = models.JSONField(default=dict, blank=True)  # the version's content at this moment
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} at {self.created_at:%Y-%m-%d %H:%M}"


class IssuerAuthorizationRequest(models.Model):
    """A unit's application for the right to issue micro-credentials, and the office's answer."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    unit = models.ForeignKey("institutions.OrgUnit", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(help_text="How the unit's training meets the mission and academic rigor.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Issuer authorization for unit {self.unit_id} ({self.state})"
