"""Read queries about learners, enrollments and completions."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet

from microcred.learners.models import Completion, Enrollment, Learner


def learner_of(institution_id: int, user_id: int) -> Learner | None:
    return Learner.objects.filter(institution_id=institution_id, user_id=user_id).first()


def learner_records_of_user(user_id: int) -> QuerySet[Learner]:
    """Every learner record of one person (one per institution where they learn)."""
    return Learner.objects.filter(user_id=user_id).select_related("institution")


def learner_in(institution_id: int, learner_uuid: UUID | str) -> Learner | None:
    return (
        Learner.objects.filter(institution_id=institution_id, uuid=learner_uuid)
        .select_related("user", "institution")
        .first()
    )


def learner_by_uuid(learner_uuid: UUID | str) -> Learner | None:
    return Learner.objects.filter(uuid=learner_uuid).select_related("user", "institution").first()


def learner_by_id(learner_id: int) -> Learner | None:
    return Learner.objects.filter(pk=learner_id).select_related("user", "institution").first()


def learner_by_institutional_id(institution_id: int, institutional_id: str) -> Learner | None:
    if not institutional_id:
        return None
    return Learner.objects.filter(institution_id=institution_id, institutional_id=institutional_id).first()


def learners_of(institution_id: int, *, query: str = "") -> QuerySet[Learner]:
    learners = Learner.objects.filter(institution_id=institution_id).select_related("user")
    for word in query.split():
        learners = learners.filter(
            Q(user__full_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(institutional_id__icontains=word)
        )
    return learners.order_by("user__full_name", "id")


def enrollments_of(learner: Learner) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(learner=learner).select_related(
        "micro_credential", "version", "micro_credential__institution"
    )


def enrollment_of(learner: Learner, micro_credential_id: int) -> Enrollment | None:
    return Enrollment.objects.filter(learner=learner, micro_credential_id=micro_credential_id).first()


def enrollment_by_uuid(enrollment_uuid: UUID | str) -> Enrollment | None:
    return (
        Enrollment.objects.filter(uuid=enrollment_uuid)
        .select_related("learner", "learner__user", "micro_credential", "version")
        .first()
    )


def enrolled_credential_ids(learner_id: int) -> set[int]:
    return set(
        Enrollment.objects.filter(learner_id=learner_id)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .values_list("micro_credential_id", flat=True)
    )


def enrollments_in(micro_credential_id: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(micro_credential_id=micro_credential_id).select_related("learner__user")


def completions_of(learner: Learner) -> QuerySet[Completion]:
    return Completion.objects.filter(learner=learner).select_related("course")


def completion_in(learner: Learner, completion_uuid: UUID | str) -> Completion | None:
    return Completion.objects.filter(learner=learner, uuid=completion_uuid).select_related("course").first()


def completions_by_uuids(uuids: list[str]) -> list[Completion]:
    """Completions by uuid with their course, oldest first (same day: in the order they were recorded, so
    a credential lists its results in the same order however often it is built)."""
    return list(
        Completion.objects.filter(uuid__in=uuids).select_related("course").order_by("completed_on", "pk")
    )
