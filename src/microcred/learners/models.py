"""Learners at an institution, their enrollments in micro-credentials and their completions with evidence."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Learner(models.Model):
    """A person learning at an institution: a student, alumnus, non-degree learner or partner employee.

    The person's name and e-mail addresses (several, each verified) belong to their account; the learner
    record adds what the institution knows: its own id for them, their category and level.
    """

    class Category(models.TextChoices):
        STUDENT = "student", "Enrolled student"
        ALUMNI = "alumni", "Alumni"
        NON_DEGREE = "non_degree", "Non-degree learner"
        PARTNER_EMPLOYEE = "partner_employee", "Employee of a partner organization"

    class Level(models.TextChoices):
        UNDERGRADUATE = "undergraduate", "Undergraduate"
        GRADUATE = "graduate", "Graduate"
        PROFESSIONAL = "professional", "Professional / continuing education"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    institutional_id = models.CharField(
        max_length=60, blank=True, help_text="The institution's own id for the learner (student number)."
    )
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.STUDENT)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.UNDERGRADUATE)
    organization = models.CharField(max_length=200, blank=True, help_text="Employer, for partner employees.")
    did = models.CharField(
        max_length=500, blank=True, help_text="The learner's own DID, named as the subject of their badges."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["institution", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "user"], name="learners_one_record_per_person"),
            models.UniqueConstraint(
                fields=["institution", "institutional_id"],
                condition=~models.Q(institutional_id=""),
                name="learners_unique_institutional_id",
            ),
        ]

    def __str__(self) -> str:
        return f"learner {self.institutional_id or self.pk}"


class Enrollment(models.Model):
    """A learner pursuing a micro-credential (under the version published when they enrolled)."""

    class Source(models.TextChoices):
        SELF = "self", "Enrolled themselves from the catalog"
        STAFF = "staff", "Enrolled by staff"
        CSV = "csv", "Bulk enrollment (CSV)"
        API = "api", "Enrolled through the API"
        STACKING = "stacking", "Earned through a stack"

    class Status(models.TextChoices):
        ACTIVE = "active", "In progress"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the unique (learner, micro-credential) index serves look-ups by learner.
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="enrollments", db_index=False)
    micro_credential = models.ForeignKey(
        "catalog.MicroCredential", on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey("catalog.MicroCredentialVersion", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    reason = models.TextField(
        blank=True, help_text="Why staff enrolled the learner past an eligibility check."
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "micro_credential"], name="learners_one_enrollment_per_credential"
            )
        ]

    def __str__(self) -> str:
        return f"enrollment {self.uuid}"


class Completion(models.Model):
    """A result in a course, laboratory, workshop, seminar, activity or assessment, with its evidence.

    One learner has at most one result per course and date: importing the same row twice updates it.
    """

    class Result(models.TextChoices):
        PASSED = "passed", "Passed"
        FAILED = "failed", "Not passed"
        IN_PROGRESS = "in_progress", "In progress"

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        CSV = "csv", "Imported from CSV"
        API = "api", "Recorded through the API"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the unique (learner, course, day) index serves look-ups by learner, and every
    # index here is paid for on each of the hundreds of thousands of rows a term's import writes.
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="completions", db_index=False)
    course = models.ForeignKey("catalog.Course", on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField()
    result = models.CharField(max_length=20, choices=Result.choices, default=Result.PASSED)
    grade = models.CharField(max_length=20, blank=True)
    hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
    evidence_file = models.FileField(upload_to="evidence/", blank=True)
    evidence_narrative = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course", "completed_on"], name="learners_one_result_per_course_day"
            )
        ]

    def __str__(self) -> str:
        return f"completion {self.uuid}"

    @property
    def passed(self) -> bool:
        return self.result == self.Result.PASSED
