"""The wallet: a person's own badges, at every institution where they learn.

The wallet is personal: only the award's learner sees these pages. Anyone else (another learner, the
institution's staff, an operator) gets a 404, as if the award did not exist; staff look at awards through
the management pages instead.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from microcred.awards import access, selectors, services, share
from microcred.awards.credential import award_page_url
from microcred.catalog import achievement
from microcred.core.errors import NotAllowed
from microcred.core.http import signed_in_user

STATUS_WORDS = {
    "valid": "Valid",
    "expired": "Expired",
    "suspended": "Suspended",
    "revoked": "Revoked",
    "superseded": "Replaced by a renewal",
}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    awards = list(selectors.awards_of_user(signed_in_user(request).pk))
    rows = [
        {
            "award": award,
            "status": award.status,
            "status_words": STATUS_WORDS.get(award.status, award.status),
            "has_badge": achievement.has_badge(award.version),
        }
        for award in awards
    ]
    return render(request, "awards/wallet.html", {"rows": rows})


@login_required
@require_GET
def detail(request: HttpRequest, award_uuid: UUID) -> HttpResponse:
    award = access.own_award(request, award_uuid)
    public_url = award_page_url(award)
    context = {
        "award": award,
        "version": award.version,
        "status": award.status,
        "status_words": STATUS_WORDS.get(award.status, award.status),
        "has_badge": achievement.has_badge(award.version),
        "public_url": public_url,
    }
    if award.is_public:
        context["linkedin_url"] = share.linkedin_url_of(award)
        # segno's markup of our own URL: no user input reaches it
        context["qr_svg"] = mark_safe(share.qr_svg(public_url))  # noqa: S308
    return render(request, "awards/wallet_detail.html", context)


@login_required
@require_POST
def visibility(request: HttpRequest, award_uuid: UUID) -> HttpResponse:
    award = access.own_award(request, award_uuid)
    public = request.POST.get("public") == "1"
    try:
        services.set_award_visibility(award=award, public=public, by=signed_in_user(request))
    except NotAllowed as exc:  # the learner check above makes this unreachable; keep the 404 promise
        raise Http404("no such badge in your wallet") from exc
    if public:
        messages.success(request, "The badge is public: anyone with the link can see and verify it.")
    else:
        messages.success(request, "The badge is private: its page and credential are hidden from others.")
    return redirect("wallet:detail", award.uuid)


@login_required
@require_GET
def qr(request: HttpRequest, award_uuid: UUID) -> HttpResponse:
    """The QR code of the badge's public page, as an SVG file to download (public badges only)."""
    award = access.own_award(request, award_uuid)
    if not award.is_public:
        messages.info(request, "Make the badge public before sharing its QR code.")
        return redirect("wallet:detail", award.uuid)
    response = HttpResponse(share.qr_svg_document(award_page_url(award)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="badge-{award.uuid}-qr.svg"'
    return response
