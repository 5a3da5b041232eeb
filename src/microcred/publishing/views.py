"""Public verification endpoints (being written)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


award_page = evidence_file = credential_json = ob2_assertion = ob2_badge_class = ob2_issuer = status_list = (
    _todo
)
