"""Competency frameworks (NACE, industry standards, skills) and their competencies."""

from __future__ import annotations

import uuid

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
