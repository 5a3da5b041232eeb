"""API of results: record many completions at once (all or none) and read a learner's progress.

Mounted under /api/v1/ (``api.add_router``). Session-authenticated like the rest of the API; recording
needs ``permissions.can_manage_learners``, reading progress ``can_view_learners``. An unknown institution
or learner is 404; a person without the role gets 403.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from microcred.awards import selectors as award_selectors
from microcred.core.csvfile import CsvRow
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.institutions import permissions
from microcred.institutions import selectors as institution_selectors
from microcred.learners import imports
from microcred.learners import selectors as learner_selectors

router = Router(tags=["completions"], auth=django_auth)


class CompletionIn(Schema):
    """One result, with the columns of the CSV import (the learner by e-mail or institutional id)."""

    learner_email: str = ""
    institutional_id: str = ""
    full_name: str = ""
    course_code: str
    completed_on: str  # YYYY-MM-DD
    result: str = "passed"
    grade: str = ""
    hours: str | float | None = None
    evidence_url: str = ""
    evidence_narrative: str = ""


class CompletionsOut(Schema):
    created: int
    updated: int
    unchanged: int
    new_learners: int
    awards: list[str]  # uuids of the awards made


class ProblemOut(Schema):
    where: str  # e.g. items[3].course_code
    message: str


class ProblemsOut(Schema):
    detail: str
    problems: list[ProblemOut]


class ProgressOut(Schema):
    micro_credential: str  # slug
    title: str
    satisfied: bool
    done: int
    needed: int
    missing: list[str]
    award: str | None  # the current award's uuid


def _institution_id(request: HttpRequest, slug: str, *, manage: bool) -> int:
    institution = institution_selectors.institution_by_slug(slug)
    if institution is None:
        raise Http404("no such institution")
    check = permissions.can_manage_learners if manage else permissions.can_view_learners
    if not check(signed_in_user(request), institution.pk):
        raise HttpError(403, "no role at this institution gives access to learners' records")
    return institution.pk


@router.post(
    "/institutions/{slug}/completions",
    response={200: CompletionsOut, 422: ProblemsOut},
    summary="Record results (all or none)",
)
def record_completions(
    request: HttpRequest, slug: str, items: list[CompletionIn]
) -> Status[CompletionsOut | ProblemsOut]:
    """Record many results at once and award what they earn, in one transaction: every item, or none
    (422 naming each wrong field as ``items[i].field``). Recording the same item again changes nothing."""
    institution_id = _institution_id(request, slug, manage=True)
    records = [
        CsvRow(
            index,
            {
                **{k: str(v) for k, v in item.model_dump().items() if v is not None and k != "hours"},
                "hours": "" if item.hours is None else str(item.hours),
            },
        )
        for index, item in enumerate(items)
    ]
    if not records:
        problem = ProblemOut(where="items", message="give at least one result")
        return Status(422, ProblemsOut(detail="nothing was recorded", problems=[problem]))
    try:
        result = imports.save_completions(
            actor=signed_in_user(request),
            institution_id=institution_id,
            records=records,
            source="api",
            where="items[{index}].{column}",
        )
    except InvalidInput as exc:
        problems = [ProblemOut(where=p.where, message=p.message) for p in exc.problems]
        return Status(422, ProblemsOut(detail="nothing was recorded", problems=problems))
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    return Status(
        200,
        CompletionsOut(
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            new_learners=result.new_learners,
            awards=result.award_uuids,
        ),
    )


@router.get(
    "/institutions/{slug}/learners/{learner_uuid}/progress",
    response=list[ProgressOut],
    summary="A learner's progress",
)
def learner_progress(request: HttpRequest, slug: str, learner_uuid: UUID) -> list[ProgressOut]:
    """Per enrollment: whether the requirements are met, exactly what is missing, and the award if any."""
    institution_id = _institution_id(request, slug, manage=False)
    learner = learner_selectors.learner_in(institution_id, learner_uuid)
    if learner is None:
        raise Http404("no such learner")
    out = []
    for progress in award_selectors.progress_of(learner):
        done, needed = progress.evaluation.progress
        out.append(
            ProgressOut(
                micro_credential=progress.version.micro_credential.slug,
                title=progress.version.title,
                satisfied=progress.evaluation.satisfied,
                done=done,
                needed=needed,
                missing=list(progress.evaluation.missing),
                award=str(progress.award.uuid) if progress.award else None,
            )
        )
    return out
