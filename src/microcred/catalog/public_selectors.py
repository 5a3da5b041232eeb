"""Read queries of the public catalog: what anyone may see, without signing in.

Only published versions are public. A published version whose termination date has passed is no longer
listed, but its page (and its JSON) stays reachable for the learners who enrolled before. Superseded versions
stay reachable as JSON only: awards earned under them point at their Achievement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from pydantic import ValidationError

from microcred.catalog import requirements
from microcred.catalog.models import Competency, Course, MicroCredential, MicroCredentialVersion
from microcred.institutions import selectors as institution_selectors

if TYPE_CHECKING:
    from microcred.institutions.models import Institution

PUBLISHED = MicroCredentialVersion.Status.PUBLISHED
SUPERSEDED = MicroCredentialVersion.Status.SUPERSEDED


def _today() -> date:
    return timezone.now().date()


def _public_versions() -> QuerySet[MicroCredentialVersion]:
    return MicroCredentialVersion.objects.select_related(
        "micro_credential", "micro_credential__institution", "micro_credential__unit"
    )


def listed_versions(institution_id: int | None = None) -> QuerySet[MicroCredentialVersion]:
    """Published versions still offered (not past their termination date), by title."""
    versions = (
        _public_versions()
        .filter(status=PUBLISHED)
        .filter(Q(terminates_on__isnull=True) | Q(terminates_on__gt=_today()))
    )
    if institution_id is not None:
        versions = versions.filter(micro_credential__institution_id=institution_id)
    return versions.order_by("title", "pk")


def institutions_with_catalog() -> list[tuple[Institution, int]]:
    """Institutions with at least one listed micro-credential, with how many, by name."""
    counts = dict(
        listed_versions()
        .order_by()
        .values_list("micro_credential__institution_id")
        .annotate(n=Count("pk"))
        .values_list("micro_credential__institution_id", "n")
    )
    institutions = institution_selectors.all_institutions().filter(pk__in=list(counts))
    return [(institution, counts[institution.pk]) for institution in institutions]


def published_version(institution_id: int, slug: str) -> MicroCredentialVersion | None:
    """The published version of the institution's micro-credential ``slug`` (listed or terminated)."""
    return (
        _public_versions()
        .filter(
            micro_credential__institution_id=institution_id, micro_credential__slug=slug, status=PUBLISHED
        )
        .first()
    )


def current_published_version(micro_credential_uuid: UUID) -> MicroCredentialVersion | None:
    return _public_versions().filter(micro_credential__uuid=micro_credential_uuid, status=PUBLISHED).first()


def public_version(micro_credential_uuid: UUID, number: int) -> MicroCredentialVersion | None:
    """Version ``number`` if it is or was published (published or superseded); drafts and the rest: None."""
    return (
        _public_versions()
        .filter(
            micro_credential__uuid=micro_credential_uuid,
            number=number,
            status__in=[PUBLISHED, SUPERSEDED],
            published_at__isnull=False,
        )
        .first()
    )


def public_version_by_uuid(version_uuid: UUID) -> MicroCredentialVersion | None:
    """A version that is or was published, by its own uuid (for its badge image)."""
    return (
        _public_versions()
        .filter(uuid=version_uuid, status__in=[PUBLISHED, SUPERSEDED], published_at__isnull=False)
        .first()
    )


def is_withdrawn_from_offer(version: MicroCredentialVersion) -> bool:
    """Past its termination date: no longer offered, learners already enrolled finish (teach-out)."""
    return version.terminates_on is not None and version.terminates_on <= _today()


# Stacking ----------------------------------------------------------------------------------------------


def _tree(version: MicroCredentialVersion) -> requirements.Group:
    try:
        return requirements.parse_tree(version.requirements)
    except ValidationError:  # a published tree was validated; never let an old one break the catalog
        return requirements.Group()


def larger_micro_credentials() -> dict[int, list[MicroCredentialVersion]]:
    """For each micro-credential id, the listed versions whose requirement tree contains it (its stacks)."""
    larger: dict[int, list[MicroCredentialVersion]] = defaultdict(list)
    for version in listed_versions().exclude(requirements={}):
        for stacked_id in requirements.credential_ids(_tree(version)):
            larger[stacked_id].append(version)
    return larger


@dataclass(frozen=True)
class StacksInto:
    """A larger credential a micro-credential counts toward: another micro-credential, or a degree etc."""

    name: str
    kind: str
    credits: Decimal | None = None
    version: MicroCredentialVersion | None = (
        None  # when the larger credential is a published micro-credential
    )

    @property
    def key(self) -> str:
        """The filter value naming it: ``mc:<id>`` or ``name:<name>``."""
        if self.version is not None:
            return f"mc:{self.version.micro_credential_id}"
        return f"name:{self.name}"


def stacks_into(
    version: MicroCredentialVersion, larger: dict[int, list[MicroCredentialVersion]]
) -> list[StacksInto]:
    """What ``version`` counts toward: the larger micro-credentials first, then its declared degrees etc."""
    found = [
        StacksInto(name=other.title, kind="micro-credential", version=other)
        for other in larger.get(version.micro_credential_id, [])
    ]
    for item in version.stacks_toward or []:
        credits = item.get("credits")
        found.append(
            StacksInto(
                name=str(item.get("name", "")),
                kind=str(item.get("kind", "other")),
                credits=Decimal(str(credits)) if credits not in (None, "") else None,
            )
        )
    return found


# Search and filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogQuery:
    """What a visitor searched for; empty values mean "any"."""

    text: str = ""
    competency_id: int | None = None
    modality: str = ""
    credit_type: str = ""
    level: str = ""
    cost: str = ""  # "" (any), "free" or "under"
    max_cost: Decimal | None = None
    audience: str = ""
    stacks_into: str = ""  # a StacksInto.key


@dataclass
class CatalogEntry:
    version: MicroCredentialVersion
    totals: dict[str, Decimal]
    stacks_into: list[StacksInto]
    competencies: list[Competency] = field(default_factory=list)


@dataclass
class CatalogPage:
    """Every listed micro-credential of an institution, and the choices each filter offers."""

    entries: list[CatalogEntry]
    competencies: list[Competency]
    audiences: list[str]
    larger: list[StacksInto]


def fee_totals(version: MicroCredentialVersion) -> dict[str, Decimal]:
    """The total of the fees per currency (empty when there are none)."""
    totals: dict[str, Decimal] = {}
    for fee in version.fees or []:
        currency = str(fee.get("currency", "USD"))
        totals[currency] = totals.get(currency, Decimal(0)) + Decimal(str(fee.get("amount", "0")))
    return totals


def catalog_of(institution_id: int) -> CatalogPage:
    """The institution's listed micro-credentials with what the filters need (competencies, stacks...)."""
    larger = larger_micro_credentials()
    entries = [
        CatalogEntry(
            version=v,
            totals=fee_totals(v),
            stacks_into=stacks_into(v, larger),
            competencies=sorted(v.competencies.all(), key=lambda c: (c.framework.name, c.name)),
        )
        for v in listed_versions(institution_id).prefetch_related("competencies__framework")
    ]
    competencies = {c.pk: c for entry in entries for c in entry.competencies}
    audiences = {a.casefold(): a for entry in entries for a in entry.version.audiences or []}
    larger_choices = {s.key: s for entry in entries for s in entry.stacks_into}
    return CatalogPage(
        entries=entries,
        competencies=sorted(competencies.values(), key=lambda c: (c.framework.name, c.name)),
        audiences=sorted(audiences.values(), key=str.casefold),
        larger=sorted(larger_choices.values(), key=lambda s: (s.kind, s.name.casefold())),
    )


def _costs_match(entry: CatalogEntry, query: CatalogQuery) -> bool:
    version, totals = entry.version, entry.totals
    free = (version.no_fees and not totals) or (bool(totals) and not any(totals.values()))
    if query.cost == "free":
        return free
    if query.cost == "under" and query.max_cost is not None:
        return free or (bool(totals) and all(amount < query.max_cost for amount in totals.values()))
    return True


def _text_matches(version: MicroCredentialVersion, words: list[str]) -> bool:
    haystack = " ".join(
        [version.title, version.summary, *map(str, version.objectives or []), *map(str, version.tags or [])]
    ).casefold()
    return all(word in haystack for word in words)


def _matches(entry: CatalogEntry, query: CatalogQuery, words: list[str]) -> bool:
    version = entry.version
    checks = (
        not words or _text_matches(version, words),
        query.competency_id is None or query.competency_id in {c.pk for c in entry.competencies},
        not query.modality or version.modality == query.modality,
        not query.credit_type or version.credit_type == query.credit_type,
        not query.level or version.level == query.level,
        not query.audience
        or query.audience.casefold() in {str(a).casefold() for a in version.audiences or []},
        not query.stacks_into or query.stacks_into in {s.key for s in entry.stacks_into},
        _costs_match(entry, query),
    )
    return all(checks)


def search(page: CatalogPage, query: CatalogQuery) -> list[CatalogEntry]:
    """The entries matching every filter; every word of the text must appear (any order, any case).

    Runs in Python, the same on SQLite and PostgreSQL (the searched fields are partly JSON lists); an
    institution's catalog holds tens of micro-credentials, not millions.
    """
    words = query.text.casefold().split()
    return [entry for entry in page.entries if _matches(entry, query, words)]


# The detail page ---------------------------------------------------------------------------------------


@dataclass
class RequirementLine:
    """One line of the requirement tree as a reader sees it."""

    kind: str  # "group", "course", "credential"
    text: str
    course: Course | None = None
    version: MicroCredentialVersion | None = None
    children: list[RequirementLine] = field(default_factory=list)


def _group_text(group: requirements.Group) -> str:
    lead = "All of" if group.rule == "all" else f"At least {group.minimum} of"
    return f"{group.label}: {lead.lower()}:" if group.label else f"{lead}:"


def requirement_lines(version: MicroCredentialVersion) -> RequirementLine | None:
    """The requirement tree with course codes, titles and hours and the stacked micro-credentials."""
    tree = _tree(version)
    if not tree.items:
        return None
    courses = {c.pk: c for c in Course.objects.filter(pk__in=requirements.course_ids(tree))}
    stacked = {
        v.micro_credential_id: v
        for v in _public_versions().filter(
            micro_credential_id__in=list(requirements.credential_ids(tree)), status=PUBLISHED
        )
    }
    names = dict(
        MicroCredential.objects.filter(pk__in=list(requirements.credential_ids(tree))).values_list(
            "pk", "slug"
        )
    )

    def line(node: requirements.Item) -> RequirementLine:
        if isinstance(node, requirements.CourseItem):
            course = courses.get(node.course_id)
            return RequirementLine(
                "course", "" if course else "A course no longer in the course list", course
            )
        if isinstance(node, requirements.CredentialItem):
            other = stacked.get(node.micro_credential_id)
            text = other.title if other else names.get(node.micro_credential_id, "another micro-credential")
            return RequirementLine("credential", text, version=other)
        return RequirementLine("group", _group_text(node), children=[line(item) for item in node.items])

    return line(tree)


def competencies_of(version: MicroCredentialVersion) -> list[Competency]:
    return list(version.competencies.select_related("framework").order_by("framework__name", "name"))
