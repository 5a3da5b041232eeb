"""The public catalog (no sign-in): published micro-credentials, search and filters, details, JSON.

Everything here is public by nature: only published versions are shown or served, so no permission check
applies beyond "is it published"; drafts, versions in review, rejected or withdrawn ones are a 404.
"""

from __future__ import annotations

import json
import mimetypes
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from microcred.catalog import achievement, badges, public_selectors
from microcred.catalog.content import BadgeDesign
from microcred.catalog.public_forms import CatalogSearchForm
from microcred.institutions import access

if TYPE_CHECKING:
    from microcred.institutions.models import Institution

MAX_AGE = 300


def _institution(slug: str) -> Institution:
    return access.institution_or_404(slug)


def _public(response: HttpResponse) -> HttpResponse:
    """A public document any site may fetch and any cache may keep for a few minutes."""
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _json(data: dict[str, Any]) -> HttpResponse:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _public(HttpResponse(text, content_type="application/ld+json; charset=utf-8"))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "catalog/public_index.html", {"institutions": public_selectors.institutions_with_catalog()}
    )


@require_safe
def institution_catalog(request: HttpRequest, slug: str) -> HttpResponse:
    """The institution's catalog; an htmx request (filters changed) gets only the results."""
    institution = _institution(slug)
    page = public_selectors.catalog_of(institution.pk)
    form = CatalogSearchForm(request.GET or None, page=page)
    if form.is_bound:
        form.is_valid()
    query = form.query()
    context = {
        "institution": institution,
        "form": form,
        "results": public_selectors.search(page, query),
        "total": len(page.entries),
        "filtered": query != public_selectors.CatalogQuery(),
    }
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "catalog/public_results.html" if partial else "catalog/public_institution.html"
    response = render(request, template, {**context, "partial": partial})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def detail(request: HttpRequest, slug: str, credential_slug: str) -> HttpResponse:
    institution = _institution(slug)
    version = public_selectors.published_version(institution.pk, credential_slug)
    if version is None:
        raise Http404("no published micro-credential here")
    larger = public_selectors.larger_micro_credentials()
    stacks = public_selectors.stacks_into(version, larger)
    context = {
        "institution": institution,
        "version": version,
        "credential": version.micro_credential,
        "withdrawn": public_selectors.is_withdrawn_from_offer(version),
        "totals": public_selectors.fee_totals(version),
        "larger_credentials": [s for s in stacks if s.version is not None],
        "degrees": [s for s in stacks if s.version is None],
        "requirements": public_selectors.requirement_lines(version),
        "competencies": public_selectors.competencies_of(version),
        "has_badge": achievement.has_badge(version),
        "achievement_url": achievement.achievement_url(version),
        "schema_org": achievement.json_ld_text(achievement.schema_org(version)),
    }
    return render(request, "catalog/public_detail.html", context)


@require_safe
def achievement_current(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """The Achievement of the version published now (its id names that version)."""
    version = public_selectors.current_published_version(credential_uuid)
    if version is None:
        raise Http404("no published version")
    return _json(achievement.achievement_document(version))


@require_safe
def achievement_version(request: HttpRequest, credential_uuid: UUID, number: int) -> HttpResponse:
    """The Achievement of one version, as long as it is or was published (awards keep pointing at it)."""
    version = public_selectors.public_version(credential_uuid, number)
    if version is None:
        raise Http404("no such published version")
    return _json(achievement.achievement_document(version))


@require_safe
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    return _json(achievement.profile_document(_institution(slug)))


@require_safe
def badge(request: HttpRequest, version_uuid: UUID) -> HttpResponse:
    """The badge image of a published version: the uploaded file, or the SVG drawn from the design."""
    version = public_selectors.public_version_by_uuid(version_uuid)
    if version is None:
        raise Http404("no such published version")
    if version.badge_image:
        with version.badge_image.open("rb") as image:
            data = image.read()
        content_type = mimetypes.guess_type(version.badge_image.name or "")[0] or "application/octet-stream"
    elif version.badge_design:
        data = badges.design_svg(BadgeDesign.model_validate(version.badge_design), version.title)
        content_type = "image/svg+xml"
    else:
        raise Http404("this micro-credential has no badge image")
    response = HttpResponse(data, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return _public(response)


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("achievements/<uuid:credential_uuid>.json", achievement_current, name="achievement"),
    path(
        "achievements/<uuid:credential_uuid>/v<int:number>.json",
        achievement_version,
        name="achievement-version",
    ),
    path("badges/<uuid:version_uuid>/", badge, name="badge"),
    path("<slug:slug>/", institution_catalog, name="institution"),
    path("<slug:slug>/profile.json", profile, name="profile"),
    path("<slug:slug>/<slug:credential_slug>/", detail, name="detail"),
]
