"""The learner's downloads of one award: OB 3.0 JSON, baked PNG/SVG, OB 2.0 baked PNG, PDF certificate.

Only the award's learner may download (anyone else gets 404, as for a private award); the files are built on
request from the stored, signed credential (see ``awards.downloads``).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from microcred.awards import access, downloads


@login_required
@require_safe
def download(request: HttpRequest, award_uuid: UUID, kind: str) -> HttpResponse:
    award = access.own_award(request, award_uuid)
    try:
        file = downloads.download(award, kind)
    except KeyError:
        raise Http404("no such download") from None
    except downloads.NotIssuedError:
        messages.warning(
            request,
            f"The credential of {award.version.title} is being signed; its downloads are ready in a minute.",
        )
        return render(request, "errors/404.html", status=404)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
