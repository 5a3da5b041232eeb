"""Open Badges 2.0 hosted verification: the Assertion, BadgeClass and Issuer documents of an award.

Every document is built with the library's OB 2.0 models (``microcred.openbadges.models.ob2``), so what is
served is what the models validate, and follows what 1EdTech's OB 2.0 validator checks:

* ids are the absolute URLs the documents are served at (``settings.PUBLIC_URL``), all on one origin, so the
  hosted assertion lies within its issuer's verification scope;
* the Assertion's ``verification`` is ``{"type": "HostedBadge"}`` (the spec's ``hosted`` alias compacts to
  the same term);
* the recipient is the learner's e-mail, hashed with a salt derived from the award's uuid: the document is
  the same on every request (a verifier compares the fetched copy with the one it was given);
* the Issuer has the ``url`` and ``email`` the validator requires; the BadgeClass an ``image`` (the version's
  badge, or a neutral placeholder) and ``criteria`` (the catalog page and the requirements as Markdown);
* alignments need an http(s) ``targetUrl``: a competency without a web page is pointed at the catalog page.

A revoked award's assertion is the OB 2.0 revocation stub ``{"id", "revoked": true, "revocationReason"}``,
served with HTTP 410 by the view.
"""

from __future__ import annotations

import hashlib
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from microcred.catalog import achievement as catalog_achievement
from microcred.catalog import public_selectors
from microcred.openbadges.models import (
    Ob2Alignment,
    Ob2Assertion,
    Ob2BadgeClass,
    Ob2Criteria,
    Ob2Evidence,
    Ob2Issuer,
    Ob2VerificationObject,
    ob2_hashed_email_recipient,
)
from microcred.openbadges.models.vocab import OB2_CONTEXT

if TYPE_CHECKING:
    from microcred.awards.models import Award
    from microcred.catalog.models import MicroCredentialVersion
    from microcred.institutions.models import Institution

PLACEHOLDER_BADGE = "publishing/badge-placeholder.svg"
#: The revocation reason a suspended award's assertion carries: OB 2.0 has no suspension, so a suspended
#: award is reported as revoked (HTTP 410) until it is reinstated.
SUSPENDED_REASON = "suspended"


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.PUBLIC_URL.rstrip("/") + path


def assertion_url(award: Award) -> str:
    return absolute(reverse("publishing:ob2-assertion", args=[award.uuid]))


def badge_class_url(version: MicroCredentialVersion) -> str:
    return absolute(reverse("publishing:ob2-badge", args=[version.uuid]))


def issuer_url(institution: Institution) -> str:
    return absolute(reverse("publishing:ob2-issuer", args=[institution.slug]))


def placeholder_badge_url() -> str:
    """The neutral badge shown (and served as the BadgeClass image) when a version has no badge."""
    return absolute(static(PLACEHOLDER_BADGE))


def badge_image_url(version: MicroCredentialVersion) -> str:
    """The absolute URL of the version's badge image, or of the placeholder."""
    return catalog_achievement.badge_url(version) or placeholder_badge_url()


def recipient_salt(award: Award) -> str:
    """A salt derived from the award's uuid, so that the hosted assertion is the same on every request."""
    return hashlib.sha256(f"microcred-ob2-recipient:{award.uuid}".encode()).hexdigest()[:32]


def _issuer_email(institution: Institution) -> str | None:
    """The institution's contact address; else the platform's sender address (the validator needs one)."""
    if institution.contact_email:
        return institution.contact_email
    fallback = parseaddr(str(getattr(settings, "DEFAULT_FROM_EMAIL", "") or ""))[1]
    return fallback if "@" in fallback else None


def build_issuer(institution: Institution) -> dict[str, Any]:
    catalog_page = absolute(reverse("public:institution", args=[institution.slug]))
    issuer = Ob2Issuer(
        id=issuer_url(institution),
        type="Issuer",
        name=institution.name,
        url=institution.website or catalog_page,
        email=_issuer_email(institution),
        description=institution.description or None,
    )
    return issuer.to_dict()


def _alignment_url(competency: Any, version: MicroCredentialVersion) -> str:
    url = str(competency.url or "")
    if url.startswith(("http://", "https://")):
        return url
    return f"{catalog_achievement.detail_url(version)}#competencies"


def _criteria_narrative(version: MicroCredentialVersion) -> str | None:
    parts = [version.criteria.strip()] if version.criteria.strip() else []
    lines = public_selectors.requirement_lines(version)
    if lines is not None:
        parts.append(catalog_achievement.requirements_text(lines))
    return "\n\n".join(parts) or None


def build_badge_class(version: MicroCredentialVersion) -> dict[str, Any]:
    institution = version.micro_credential.institution
    badge = Ob2BadgeClass(
        id=badge_class_url(version),
        name=version.title,
        description=version.summary or version.purpose or version.title,
        image=badge_image_url(version),
        criteria=Ob2Criteria(
            id=catalog_achievement.detail_url(version), narrative=_criteria_narrative(version)
        ),
        issuer=issuer_url(institution),
        alignment=[
            Ob2Alignment(
                target_name=competency.name,
                target_url=_alignment_url(competency, version),
                target_description=competency.description or None,
                target_framework=competency.framework.name,
                target_code=competency.code or None,
            )
            for competency in public_selectors.competencies_of(version)
        ],
        tags=[str(tag) for tag in version.tags or []],
    )
    return badge.to_dict()


def _evidence(award: Award) -> list[str | Ob2Evidence]:
    """The evidence of the signed OB 3.0 credential, as OB 2.0 Evidence (nothing before it is issued)."""
    credential = award.credential or {}
    items: list[str | Ob2Evidence] = []
    for item in credential.get("evidence") or []:
        if not isinstance(item, dict):
            continue
        items.append(
            Ob2Evidence(
                id=item.get("id") or None,
                name=item.get("name") or None,
                narrative=item.get("narrative") or None,
                description=item.get("description") or None,
                genre=item.get("genre") or None,
            )
        )
    return items


def is_revoked(award: Award) -> bool:
    """Whether the hosted assertion is served as revoked (HTTP 410): revoked, or suspended for now."""
    return award.state in ("revoked", "suspended")


def revoked_assertion(award: Award) -> dict[str, Any]:
    """The OB 2.0 stub of a revoked assertion (served with HTTP 410 Gone)."""
    reason = award.revocation_reason if award.state == "revoked" else SUSPENDED_REASON
    return {
        "@context": OB2_CONTEXT,
        "id": assertion_url(award),
        "revoked": True,
        "revocationReason": reason or "revoked",
    }


def build_assertion(award: Award) -> dict[str, Any]:
    """The hosted OB 2.0 Assertion of a (not revoked) award."""
    evidence = _evidence(award)
    assertion = Ob2Assertion(
        id=assertion_url(award),
        recipient=ob2_hashed_email_recipient(award.learner.user.email, recipient_salt(award)),
        badge=badge_class_url(award.version),
        verification=Ob2VerificationObject(type="HostedBadge"),
        issued_on=award.awarded_at,
        expires=award.valid_until,
        evidence=evidence or None,
        narrative=award.reason if award.reason and award.method != "automatic" else None,
    )
    return assertion.to_dict()
