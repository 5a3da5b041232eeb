"""Sharing an award from the wallet: the LinkedIn add-to-profile link and the QR code of its public page.

Everything here is built from our own data (the award's public URL is ``PUBLIC_URL`` plus a uuid); the QR
SVG is segno's output, never a string a person typed, so pages may include it as markup.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import segno
from django.utils import timezone

from microcred.awards.credential import award_page_url

if TYPE_CHECKING:
    from microcred.awards.models import Award

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
QR_ERROR_CORRECTION = "m"  # survives a smudged print-out, keeps the code small
QR_SCALE = 4


def linkedin_url(
    *,
    name: str,
    organization_name: str,
    issued: datetime,
    expires: datetime | None,
    cert_url: str,
    cert_id: str,
) -> str:
    """LinkedIn's "Add licence or certification" form, prefilled.

    The expiration fields are sent only when the badge expires: LinkedIn then ticks "does not expire".
    """
    issued = timezone.localtime(issued)
    params: list[tuple[str, str | int]] = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", name),
        ("organizationName", organization_name),
        ("issueYear", issued.year),
        ("issueMonth", issued.month),
    ]
    if expires is not None:
        expires = timezone.localtime(expires)
        params += [("expirationYear", expires.year), ("expirationMonth", expires.month)]
    params += [("certUrl", cert_url), ("certId", cert_id)]
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params)}"


def linkedin_url_of(award: Award) -> str:
    """The LinkedIn link for one award: its title, institution, dates, public page and uuid."""
    return linkedin_url(
        name=award.version.title,
        organization_name=award.institution.name,
        issued=award.awarded_at,
        expires=award.valid_until,
        cert_url=award_page_url(award),
        cert_id=str(award.uuid),
    )


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error=QR_ERROR_CORRECTION)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an inline ``<svg>`` element (segno's markup, safe to include as is)."""
    return str(_qr(url).svg_inline(scale=QR_SCALE, svgclass="qr-code", lineclass="qr-line"))


def qr_svg_document(url: str) -> bytes:
    """The QR code of ``url`` as a standalone SVG file (with its XML declaration), for download."""
    out = io.BytesIO()
    _qr(url).save(out, kind="svg", scale=QR_SCALE * 2, xmldecl=True)
    return out.getvalue()
