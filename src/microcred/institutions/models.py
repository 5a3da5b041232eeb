"""Institutions (the tenants), their organizational units, people's roles, review bodies and policy."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone


class Institution(models.Model):
    """A college or university: the tenant. One deployment serves many (a state system holds several)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in web addresses: /manage/<slug>/")
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    """A college, school, department, institute or office; units form a tree inside an institution."""

    class Kind(models.TextChoices):
        COLLEGE = "college", "College or school"
        DEPARTMENT = "department", "Department"
        INSTITUTE = "institute", "Institute or center"
        OFFICE = "office", "Office"
        PROGRAM = "program", "Program"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    code = models.CharField(max_length=20, blank=True, help_text="A short code such as CHEM or SoE.")
    issuer_authorized_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the institution authorized this unit to issue micro-credentials.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "parent", "name"], name="institutions_unit_unique_name"
            ),
            models.UniqueConstraint(
                fields=["institution", "name"],
                condition=Q(parent__isnull=True),
                name="institutions_root_unit_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewBody(models.Model):
    """A group that reviews proposals: a department, a curriculum committee, a review committee, an office."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Department review"
        CURRICULUM_COMMITTEE = "curriculum_committee", "Curriculum committee (faculty governance)"
        REVIEW_COMMITTEE = "review_committee", "Micro-credential review committee"
        OFFICE = "office", "Office of micro-credentials"
        BUDGET_OFFICE = "budget_office", "Budget office"

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="review_bodies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_bodies",
        help_text="For a department review: the department whose proposals it reviews.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="institutions_reviewbody_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    INSTITUTION_ADMIN = "institution_admin", "Institution administrator (office of micro-credentials)"
    UNIT_LEAD = "unit_lead", "Unit lead (proposer)"
    REVIEWER = "reviewer", "Reviewer"
    BUDGET_OFFICE = "budget_office", "Budget office"
    REGISTRAR = "registrar", "Registrar / issuing staff"
    LEARNER = "learner", "Learner"


class Membership(models.Model):
    """One role a person holds at an institution, optionally in a unit or a review body."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    review_body = models.ForeignKey(
        ReviewBody, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["institution", "role"]
        constraints = [
            # Coalesce: NULL unit/review body count as equal on SQLite and PostgreSQL alike.
            models.UniqueConstraint(
                F("user"),
                F("institution"),
                F("role"),
                Coalesce(F("unit"), Value(0)),
                Coalesce(F("review_body"), Value(0)),
                name="institutions_membership_unique",
            ),
            models.CheckConstraint(
                condition=~Q(role="reviewer") | Q(review_body__isnull=False),
                name="institutions_reviewer_needs_body",
            ),
            models.CheckConstraint(
                condition=~Q(role="unit_lead") | Q(unit__isnull=False),
                name="institutions_unit_lead_needs_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.institution}"


class Policy(models.Model):
    """The institution's rules for micro-credentials. Every change is kept in ``PolicyChange``."""

    class Transcript(models.TextChoices):
        MUST = "must", "Must appear on the transcript"
        MAY = "may", "May appear on the transcript"
        NEVER = "never", "Never appears on the transcript"

    class CreditTypes(models.TextChoices):
        BOTH = "both", "Credit and non-credit"
        CREDIT_ONLY = "credit", "Credit-bearing only"
        NONCREDIT_ONLY = "noncredit", "Non-credit only"

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="policy")
    credit_types = models.CharField(max_length=10, choices=CreditTypes.choices, default=CreditTypes.BOTH)
    credit_hours_min = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    credit_hours_min_inclusive = models.BooleanField(default=True)
    credit_hours_max = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    credit_hours_max_inclusive = models.BooleanField(default=True)
    min_training_hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    required_frameworks = models.ManyToManyField("catalog.CompetencyFramework", blank=True, related_name="+")
    min_competencies = models.PositiveSmallIntegerField(default=0)
    transcript = models.CharField(max_length=10, choices=Transcript.choices, default=Transcript.MAY)
    stacking_unit_hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    require_issuer_authorization = models.BooleanField(default=False)
    noncredit_fees_need_budget_review = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return f"Policy of {self.institution}"


class ApprovalStage(models.Model):
    """One step of the approval chain: a proposal passes the stages in ``position`` order."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    review_body = models.ForeignKey(ReviewBody, on_delete=models.PROTECT, related_name="stages")
    for_minor_changes = models.BooleanField(
        default=True, help_text="Minor changes pass only the stages marked so (all of them when none is)."
    )

    class Meta:
        ordering = ["policy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "position"], name="institutions_stage_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.review_body}"


class PolicyChange(models.Model):
    """A kept record of one policy edit: who, when, the policy before and after."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField()
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"Policy change of {self.changed_at:%Y-%m-%d %H:%M}"
