"""Competency frameworks (NACE, industry standards, skills) and their competencies."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone


class CompetencyFramework(models.Model):
    """A set of competencies to align micro-credentials to; with no ``institution`` it is shared by all."""

    class Kind(models.TextChoices):
        CAREER_READINESS = "career_readiness", "Career readiness"
        INDUSTRY_STANDARD = "industry_standard", "Industry or sector standard"
        SKILLS = "skills", "Skills taxonomy"
        ACADEMIC = "academic", "Academic outcomes"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey(
        "institutions.Institution", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.SKILLS)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Coalesce(F("institution"), Value(0)), Lower("name"), name="catalog_framework_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.institution_id is None


class Competency(models.Model):
    """One competency of a framework; ``code`` is its stable short identifier (e.g. NACE-CT)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(CompetencyFramework, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["framework", "name"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="catalog_competency_unique_code"),
            models.UniqueConstraint(fields=["framework", "name"], name="catalog_competency_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """An existing course, laboratory, workshop, seminar, assessment or activity that requirements reuse."""

    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        LABORATORY = "laboratory", "Laboratory"
        WORKSHOP = "workshop", "Workshop"
        SEMINAR = "seminar", "Seminar"
        ASSESSMENT = "assessment", "Assessment"
        ACTIVITY = "activity", "Activity"

    class Level(models.TextChoices):
        UNDERGRADUATE = "undergraduate", "Undergraduate"
        GRADUATE = "graduate", "Graduate"
        PROFESSIONAL = "professional", "Professional / continuing education"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "institutions.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(max_length=30, help_text="The catalog code, e.g. MNT 210.")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COURSE)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.UNDERGRADUATE)
    credit_hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    contact_hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="catalog_course_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class MicroCredential(models.Model):
    """The lasting identity of a micro-credential; its content lives in numbered versions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("institutions.OrgUnit", on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(max_length=80)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "slug"], name="catalog_microcredential_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return self.slug


class MicroCredentialVersion(models.Model):
    """One version of a micro-credential's content. A published version never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved, waiting to be published"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded by a later version"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class CreditType(models.TextChoices):
        CREDIT = "credit", "Credit-bearing"
        NONCREDIT = "noncredit", "Non-credit"

    class Modality(models.TextChoices):
        ONLINE = "online", "Online"
        ON_CAMPUS = "on_campus", "On campus"
        HYBRID = "hybrid", "Hybrid"

    class Transcript(models.TextChoices):
        ON = "on_transcript", "Appears on the transcript"
        OFF = "not_on_transcript", "Does not appear on the transcript"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    micro_credential = models.ForeignKey(MicroCredential, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Step 1: the program
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    purpose = models.TextField(blank=True)
    market_need = models.TextField(blank=True, help_text="Evidence of market need: data, sources.")
    industry_partners = models.TextField(blank=True)
    objectives = models.JSONField(default=list, blank=True)
    competencies = models.ManyToManyField(Competency, blank=True, related_name="+")
    requirements = models.JSONField(default=dict, blank=True)
    credit_type = models.CharField(max_length=10, choices=CreditType.choices, default=CreditType.CREDIT)
    credit_hours_min = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    credit_hours_max = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    training_hours_min = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    training_hours_max = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    level = models.CharField(max_length=20, choices=Course.Level.choices, default=Course.Level.UNDERGRADUATE)
    prerequisites = models.TextField(blank=True)
    eligibility = models.TextField(blank=True)
    modality = models.CharField(max_length=20, choices=Modality.choices, default=Modality.ON_CAMPUS)
    audiences = models.JSONField(default=list, blank=True)
    # Disclosures (SUNY): costs, aid, transfer, stacking, open electives
    fees = models.JSONField(default=list, blank=True)  # [{"label", "amount" (string decimal), "currency"}]
    no_fees = models.BooleanField(default=False)
    financial_aid = models.TextField(blank=True)
    transferability = models.TextField(blank=True)
    stackability = models.TextField(blank=True)
    stacks_toward = models.JSONField(default=list, blank=True)  # [{"name", "kind", "credits"}]
    open_electives = models.TextField(blank=True)
    transcript = models.CharField(max_length=20, choices=Transcript.choices, default=Transcript.OFF)
    validity_months = models.PositiveSmallIntegerField(null=True, blank=True)
    recertification = models.TextField(blank=True)
    # Step 2: the badge
    badge_image = models.FileField(upload_to="badges/", blank=True)
    badge_design = models.JSONField(default=dict, blank=True)
    criteria = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    # Step 3: who will be issued
    issuance_plan = models.TextField(blank=True)
    # Termination (set by an approved termination proposal)
    terminates_on = models.DateField(null=True, blank=True)
    teach_out_until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["micro_credential", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["micro_credential", "number"], name="catalog_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["micro_credential"],
                condition=models.Q(status="published"),
                name="catalog_one_published_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"
