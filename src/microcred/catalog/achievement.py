"""A published micro-credential version as machine-readable documents.

* the Open Badges 3.0 ``Achievement`` (what awards of this version point at) and the institution's
  ``Profile``, built with the library's Pydantic models so that what is served is what the library validates;
* the schema.org ``EducationalOccupationalCredential`` embedded in the public page for search engines.

Every URL is absolute, under ``settings.PUBLIC_URL``. An Achievement's id names the *version*: the document
at ``/catalog/achievements/<uuid>/v<n>.json`` never changes once published, and awards earned under version 1
keep pointing at version 1 after version 2 is published. ``/catalog/achievements/<uuid>.json`` serves the
current one.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from microcred.catalog import public_selectors
from microcred.openbadges.models import Achievement, Alignment, Criteria, Profile, json_number
from microcred.openbadges.models.profile import Image
from microcred.openbadges.models.vocab import OB3_CONTEXT, VC_V2_CONTEXT

if TYPE_CHECKING:
    from microcred.catalog.models import Competency, MicroCredentialVersion
    from microcred.institutions.models import Institution

CONTEXTS = [VC_V2_CONTEXT, OB3_CONTEXT]


def absolute(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


def achievement_url(version: MicroCredentialVersion) -> str:
    return absolute(
        reverse("public:achievement-version", args=[version.micro_credential.uuid, version.number])
    )


def detail_url(version: MicroCredentialVersion) -> str:
    credential = version.micro_credential
    return absolute(reverse("public:detail", args=[credential.institution.slug, credential.slug]))


def profile_url(institution: Institution) -> str:
    return absolute(reverse("public:profile", args=[institution.slug]))


def has_badge(version: MicroCredentialVersion) -> bool:
    return bool(version.badge_image) or bool(version.badge_design)


def badge_url(version: MicroCredentialVersion) -> str | None:
    if not has_badge(version):
        return None
    return absolute(reverse("public:badge", args=[version.uuid]))


def institution_profile(institution: Institution) -> Profile:
    """The institution as an OB 3.0 Profile (the creator of its achievements)."""
    catalog = absolute(reverse("public:institution", args=[institution.slug]))
    return Profile(
        id=profile_url(institution),
        name=institution.name,
        url=institution.website or catalog,
        description=institution.description or None,
    )


def alignment(competency: Competency) -> Alignment:
    framework = competency.framework
    return Alignment(
        target_name=competency.name,
        target_code=competency.code or None,
        target_description=competency.description or None,
        target_framework=framework.name,
        # A NACE competency, an industry standard's item, a skill: each is a competency (the CEASN term).
        target_type="ceasn:Competency",
        # OB 3.0 requires a targetUrl; a competency without a web page is named by its stable uuid.
        target_url=competency.url or f"urn:uuid:{competency.uuid}",
    )


def _description(version: MicroCredentialVersion) -> str:
    return version.summary or version.purpose or version.title


def _criteria_narrative(version: MicroCredentialVersion) -> str | None:
    parts = [version.criteria.strip()] if version.criteria.strip() else []
    lines = public_selectors.requirement_lines(version)
    if lines is not None:
        parts.append(requirements_text(lines))
    return "\n\n".join(parts) or None


def requirements_text(line: public_selectors.RequirementLine, depth: int = 0) -> str:
    """The requirement tree as indented Markdown bullets ("All of:", "At least 2 of:", courses)."""
    if line.kind == "course" and line.course is not None:
        text = f"{line.course.code} {line.course.title}"
    else:
        text = line.text
    out = [f"{'  ' * depth}- {text}" if depth else text]
    for child in line.children:
        out.append(requirements_text(child, depth + 1))
    return "\n".join(out)


def build_achievement(version: MicroCredentialVersion) -> Achievement:
    """The OB 3.0 Achievement of a published (or once published) version."""
    credential = version.micro_credential
    competencies = public_selectors.competencies_of(version)
    image = badge_url(version)
    credits = version.credit_hours_min if version.credit_type == "credit" else None
    return Achievement(
        id=achievement_url(version),
        type=["Achievement"],
        achievement_type="MicroCredential",
        name=version.title,
        description=_description(version),
        criteria=Criteria(id=detail_url(version), narrative=_criteria_narrative(version)),
        image=Image(id=image, caption=f"The badge of {version.title}") if image else None,
        alignment=[alignment(c) for c in competencies],
        credits_available=json_number(credits) if credits else None,
        field_of_study=credential.unit.name,
        tag=[str(t) for t in version.tags or []],
        version=str(version.number),
        human_code=credential.slug,
        in_language="en",
        creator=institution_profile(credential.institution),
    )


def achievement_document(version: MicroCredentialVersion) -> dict[str, Any]:
    """The JSON-LD document served for the Achievement: contexts first, then the validated model."""
    return {"@context": CONTEXTS, **build_achievement(version).to_dict()}


def profile_document(institution: Institution) -> dict[str, Any]:
    return {"@context": CONTEXTS, **institution_profile(institution).to_dict()}


# schema.org ----------------------------------------------------------------------------------------------


def _duration(hours: Decimal) -> str:
    """An ISO 8601 duration in hours: ``PT12H``, ``PT7.5H``."""
    return f"PT{hours.normalize():f}H"


def schema_org(version: MicroCredentialVersion) -> dict[str, Any]:
    """The version as a schema.org ``EducationalOccupationalCredential``."""
    credential = version.micro_credential
    institution = credential.institution
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": detail_url(version),
        "name": version.title,
        "description": _description(version),
        "url": detail_url(version),
        "credentialCategory": "certificate" if version.credit_type == "credit" else "badge",
        "educationalLevel": version.get_level_display(),
        "competencyRequired": [
            {
                "@type": "DefinedTerm",
                "name": c.name,
                "termCode": c.code,
                "inDefinedTermSet": c.framework.url or c.framework.name,
                **({"url": c.url} if c.url else {}),
            }
            for c in public_selectors.competencies_of(version)
        ],
        "recognizedBy": {
            "@type": "CollegeOrUniversity",
            "name": institution.name,
            "url": institution.website or absolute(reverse("public:institution", args=[institution.slug])),
        },
        "version": str(version.number),
    }
    if image := badge_url(version):
        data["image"] = image
    if version.fees:
        data["offers"] = [
            {
                "@type": "Offer",
                "name": str(fee.get("label", "")),
                "price": str(fee.get("amount", "0")),
                "priceCurrency": str(fee.get("currency", "USD")),
            }
            for fee in version.fees
        ]
    elif version.no_fees:
        data["offers"] = [{"@type": "Offer", "price": "0", "priceCurrency": "USD"}]
    if version.training_hours_min > 0:
        data["timeRequired"] = _duration(version.training_hours_min)
    return data


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_text(data: dict[str, Any]) -> SafeString:
    """JSON safe inside ``<script type="application/ld+json">`` (as ``json_script`` escapes it)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - <, > and & are escaped above, so no markup can close the script
