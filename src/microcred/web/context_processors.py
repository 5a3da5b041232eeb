"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from microcred import __version__


def microcred(request: HttpRequest) -> dict[str, object]:
    return {"microcred_version": __version__, "public_url": settings.PUBLIC_URL}
