"""The learner's records: one per institution where they learn, as a page and as a signed CLR 2.0 file.

Only the learner sees their own record (``/records/<slug>/`` is 404 for anyone who is not a learner there).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from microcred.core.http import signed_in_user
from microcred.institutions import selectors as institution_selectors
from microcred.records import selectors, services

if TYPE_CHECKING:
    from microcred.learners.models import Learner


def _my_learner(request: HttpRequest, slug: str) -> Learner:
    institution = institution_selectors.institution_by_slug(slug)
    learner = None if institution is None else selectors.learner_at(institution, signed_in_user(request).pk)
    if learner is None:
        raise Http404("you have no learner record at this institution")
    return learner


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    learners = selectors.learner_records_of_user(signed_in_user(request).pk)
    records = [(learner, len(selectors.awards_in_record(learner))) for learner in learners]
    return render(request, "records/home.html", {"records": records})


@login_required
@require_safe
def record(request: HttpRequest, slug: str) -> HttpResponse:
    learner = _my_learner(request, slug)
    summary = selectors.record_of(learner)
    rows = [(award, summary.parts_of(award), summary.stacks_into(award)) for award in summary.awards]
    return render(
        request,
        "records/record.html",
        {"learner": learner, "institution": learner.institution, "record": summary, "rows": rows},
    )


@login_required
@require_safe
def clr(request: HttpRequest, slug: str) -> HttpResponse:
    learner = _my_learner(request, slug)
    try:
        document = services.learner_record(learner=learner)
    except services.EmptyRecordError:
        raise Http404("there is no signed award in this record yet") from None
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{slug}-learner-record.json")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
