"""Public verification endpoints: what an employer or a verifier opens to check an award. No sign-in needed.

The learner decides whether an award is public (``Award.is_public``). A private award is a 404 to everyone
except the learner themself and the staff who may see the institution's learners
(``permissions.can_view_learners``); they see the page with a "private" notice. That rule applies to the
page, the signed credential JSON, the OB 2.0 hosted assertion and the evidence files alike. Revoked,
suspended, expired and superseded awards stay visible with their status: a verifier must be able to learn
that a credential was revoked. Status lists, OB 2.0 badge classes and issuers are public.

Documents are served as ``application/ld+json`` with ``Access-Control-Allow-Origin: *`` so that browser
verifiers on other sites can fetch them.
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from microcred.awards import downloads as award_downloads
from microcred.awards import selectors as award_selectors
from microcred.awards import services as award_services
from microcred.catalog import achievement as catalog_achievement
from microcred.catalog import public_selectors
from microcred.institutions import access, permissions
from microcred.learners import selectors as learner_selectors
from microcred.publishing import ob2
from microcred.signing import selectors as signing_selectors

if TYPE_CHECKING:
    from microcred.awards.models import Award

R = TypeVar("R", bound=HttpResponseBase)

PURPOSES = ("revocation", "suspension")
DOCUMENT_MAX_AGE = 60
#: Evidence files shown in the browser; anything else is downloaded (an uploaded HTML or SVG file must
#: never run on this origin).
INLINE_EVIDENCE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})


@dataclass(frozen=True)
class Viewer:
    """Who looks at an award: its learner, staff of its institution, or anyone."""

    is_learner: bool
    is_staff: bool

    @property
    def is_privileged(self) -> bool:
        return self.is_learner or self.is_staff


def _viewer(request: HttpRequest, award: Award) -> Viewer:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return Viewer(is_learner=False, is_staff=False)
    return Viewer(
        is_learner=permissions.is_own_record(user, award.learner.user_id),
        is_staff=permissions.can_view_learners(user, award.institution_id),
    )


def _may_see(award: Award, viewer: Viewer) -> bool:
    return award.is_public or viewer.is_privileged


def _visible_award(request: HttpRequest, award_uuid: UUID) -> tuple[Award, Viewer]:
    """The award if the requester may see it; a 404 otherwise (as if a private award did not exist)."""
    award = award_selectors.award_by_uuid(award_uuid)
    if award is None:
        raise Http404("no such award")
    viewer = _viewer(request, award)
    if not _may_see(award, viewer):
        raise Http404("no such award")
    return award, viewer


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _cache_for(response: R, award: Award | None) -> R:
    """Public documents may be cached a minute; a private award's never leaves the requester's browser."""
    if award is not None and not award.is_public:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=DOCUMENT_MAX_AGE)
    return response


def _json(data: Any, *, status: int = 200) -> HttpResponse:
    return _json_text(json.dumps(data, ensure_ascii=False, indent=2), status=status)


def _json_text(text: str, *, status: int = 200) -> HttpResponse:
    return _cors(HttpResponse(text, status=status, content_type="application/ld+json; charset=utf-8"))


def _absolute(path: str) -> str:
    return ob2.absolute(path)


# The page -----------------------------------------------------------------------------------------------


def learner_name(award: Award) -> str:
    """The name shown for the learner: their display name or full name, never their e-mail address."""
    user = award.learner.user
    return user.display_name or user.full_name or "A learner"


@dataclass(frozen=True)
class Status:
    code: str  # valid, expired, suspended, revoked, superseded
    headline: str
    reason: str = ""
    newer: Award | None = None


def _day(moment: datetime) -> str:
    """``May 4, 2026`` in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{local:%B} {local.day}, {local:%Y}"


def award_status(award: Award, viewer: Viewer) -> Status:
    """The big status line: Valid / Expired on … / Suspended / Revoked on … / Replaced by a renewal."""
    code = award.status
    if code == "expired" and award.valid_until is not None:
        return Status(code, f"Expired on {_day(award.valid_until)}")
    if code == "suspended":
        return Status(code, "Suspended")
    if code == "revoked":
        if award.revoked_at is None:
            return Status(code, "Revoked", award.revocation_reason)
        return Status(code, f"Revoked on {_day(award.revoked_at)}", award.revocation_reason)
    if code == "superseded":
        newer: Award | None = getattr(award, "superseded_by", None)
        if newer is not None and not _may_see(newer, viewer):
            newer = None
        return Status(code, "Replaced by a renewal", newer=newer)
    return Status("valid", "Valid")


def _evidence_items(award: Award) -> list[dict[str, str]]:
    """The evidence of the signed credential, for display (name, narrative, genre, link)."""
    credential = award.credential or {}
    items = []
    for item in credential.get("evidence") or []:
        if isinstance(item, dict):
            link = str(item.get("id") or "")
            items.append(
                {
                    "name": str(item.get("name") or "Evidence"),
                    "narrative": str(item.get("narrative") or ""),
                    "genre": str(item.get("genre") or ""),
                    "url": link if link.startswith(("http://", "https://")) else "",
                }
            )
    return items


def _badge_path(award: Award) -> str:
    if catalog_achievement.has_badge(award.version):
        return reverse("public:badge", args=[award.version.uuid])
    return static(ob2.PLACEHOLDER_BADGE)


def _meta_description(award: Award, name: str, status: Status) -> str:
    text = f"{name} earned {award.version.title} from {award.institution.name}"
    text += f" on {_day(award.awarded_at)}"
    text += "." if status.code == "valid" else f". Status: {status.headline}."
    summary = award.version.summary.strip()
    return f"{text} {summary}" if summary else text


@require_safe
def award_page(request: HttpRequest, award_uuid: UUID) -> HttpResponse:
    award, viewer = _visible_award(request, award_uuid)
    version = award.version
    institution = award.institution
    name = learner_name(award)
    status = award_status(award, viewer)
    badge_path = _badge_path(award)
    page_url = _absolute(reverse("publishing:award", args=[award.uuid]))
    context = {
        "award": award,
        "version": version,
        "institution": institution,
        "learner_name": name,
        "status": status,
        "private": not award.is_public,
        "viewer": viewer,
        "has_badge": catalog_achievement.has_badge(version),
        "badge_path": badge_path,
        "requirements": public_selectors.requirement_lines(version),
        "competencies": public_selectors.competencies_of(version),
        "evidence": _evidence_items(award),
        "issuer_did": signing_selectors.issuer_did(institution),
        "catalog_url": reverse("public:institution", args=[institution.slug]),
        "detail_url": reverse("public:detail", args=[institution.slug, version.micro_credential.slug]),
        "credential_url": (
            reverse("publishing:credential", args=[award.uuid]) if award.credential is not None else ""
        ),
        "credential_absolute_url": _absolute(reverse("publishing:credential", args=[award.uuid])),
        "ob2_url": reverse("publishing:ob2-assertion", args=[award.uuid]),
        "og": {
            "title": f"{name}: {version.title}",
            "description": _meta_description(award, name, status),
            # A PNG: link previews (LinkedIn, X, chat apps) do not show SVG badges.
            "image": _absolute(reverse("publishing:award-image", args=[award.uuid])),
            "image_alt": f"The badge of {version.title}",
            "url": page_url,
        },
    }
    response = render(request, "publishing/award.html", context)
    if not award.is_public:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def award_image(request: HttpRequest, award_uuid: UUID) -> HttpResponse:
    """The award's badge as a PNG (for link previews): the uploaded PNG, or one drawn from the design."""
    award, _ = _visible_award(request, award_uuid)
    png = award_downloads.badge_png(award.version, award.institution.name)
    response = HttpResponse(png, content_type="image/png")
    if award.is_public:
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def evidence_file(request: HttpRequest, award_uuid: UUID, completion_uuid: UUID) -> FileResponse:
    """A completion's evidence file, when the completion earned this award and the award is visible."""
    award, _ = _visible_award(request, award_uuid)
    if str(completion_uuid) not in {str(ref) for ref in award.basis.get("completions", [])}:
        raise Http404("no such evidence for this award")
    completion = learner_selectors.completion_in(award.learner, completion_uuid)
    if completion is None or not completion.evidence_file:
        raise Http404("no such evidence file")
    filename = (completion.evidence_file.name or "evidence").rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    inline = content_type in INLINE_EVIDENCE_TYPES
    response = FileResponse(
        completion.evidence_file.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    _cache_for(response, award)
    return response


# Machine-readable documents ------------------------------------------------------------------------------


@require_safe
def credential_json(request: HttpRequest, award_uuid: UUID) -> HttpResponse:
    """The signed OB 3.0 credential at its id URL (revoked ones too: verifiers read the status list)."""
    award, _ = _visible_award(request, award_uuid)
    text = award.credential_text
    if text is None:
        raise Http404("the credential has not been issued yet")
    return _cache_for(_json_text(text), award)  # exactly as signed


@require_safe
def ob2_assertion(request: HttpRequest, award_uuid: UUID) -> HttpResponse:
    """The OB 2.0 hosted assertion; revoked or suspended: 410 Gone with the OB 2.0 revocation stub."""
    award, _ = _visible_award(request, award_uuid)
    if ob2.is_revoked(award):
        return _cache_for(_json(ob2.revoked_assertion(award), status=410), award)
    return _cache_for(_json(ob2.build_assertion(award)), award)


@require_safe
def ob2_badge_class(request: HttpRequest, version_uuid: UUID) -> HttpResponse:
    version = public_selectors.public_version_by_uuid(version_uuid)
    if version is None:
        raise Http404("no such published version")
    return _cache_for(_json(ob2.build_badge_class(version)), None)


@require_safe
def ob2_issuer(request: HttpRequest, slug: str) -> HttpResponse:
    return _cache_for(_json(ob2.build_issuer(access.institution_or_404(slug))), None)


@require_safe
def status_list(request: HttpRequest, list_uuid: UUID, purpose: str) -> HttpResponse:
    """The signed Bitstring Status List credential (revocation or suspension) of one list."""
    if purpose not in PURPOSES:
        raise Http404("no such status purpose")
    found = award_selectors.status_list_by_uuid(list_uuid)
    if found is None:
        raise Http404("no such status list")
    document = award_services.status_list_document(status_list=found, purpose=purpose)
    return _cache_for(_json(document), None)
