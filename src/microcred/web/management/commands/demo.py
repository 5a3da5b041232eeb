"""``microcred demo``: load (or refresh) the demo institutions and people; print how to sign in as each role.

Every write goes through the apps' services, with the demo site operator as the actor. Each object is looked
up by its natural key first (an institution by slug, a unit by its place in the tree, a person by e-mail,
...), so a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse

from microcred.accounts import selectors as account_selectors
from microcred.accounts import services as account_services
from microcred.catalog import selectors as catalog_selectors
from microcred.catalog import services as catalog_services
from microcred.core.errors import MicrocredError
from microcred.institutions import rules as institution_rules
from microcred.institutions import selectors as institution_selectors
from microcred.institutions import services as institution_services
from microcred.web.demo_data import (
    DEMO_PASSWORD,
    INSTITUTIONS,
    NACE,
    OPERATOR_EMAIL,
    OPERATOR_NAME,
    FrameworkSpec,
    InstitutionSpec,
    PersonSpec,
)

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.catalog.models import CompetencyFramework
    from microcred.institutions.models import Institution, OrgUnit, ReviewBody

ROLE_LABELS = {
    "institution_admin": "Institution admin",
    "unit_lead": "Unit lead",
    "reviewer": "Reviewer",
    "budget_office": "Budget office",
    "registrar": "Registrar",
    "learner": "Learner",
}


class Command(BaseCommand):
    help = (
        "Load (or refresh) four demo institutions with a person in every role, all sharing one published "
        "password, and print how to sign in as each. Refuses unless MICROCRED_DEBUG is on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--accounts-only",
            action="store_true",
            help="Change nothing; print the demo accounts that exist in this database.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo data although MICROCRED_DEBUG is off (its accounts share a known password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["accounts_only"]:
            self._print_accounts()
            return
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "The demo accounts share a published password, so `microcred demo` runs only with "
                "MICROCRED_DEBUG=1. Pass --allow-production to load them into this deployment anyway, or "
                "start with `microcred run --no-demo`."
            )
        try:
            with transaction.atomic():
                loader = DemoLoader()
                loader.load()
        except MicrocredError as exc:
            raise CommandError(f"The demo data could not be loaded, nothing was changed: {exc}") from exc
        if loader.made:
            made = ", ".join(_counted(count, what) for what, count in loader.made.items())
            self.stdout.write(f"Demo data loaded: {made}.")
        else:
            self.stdout.write("The demo data is already in place; nothing changed.")
        self._print_accounts()

    def _print_accounts(self) -> None:
        rows: list[tuple[str, str]] = []
        operator = account_selectors.find_user_by_email(OPERATOR_EMAIL)
        for spec in INSTITUTIONS:
            institution = institution_selectors.institution_by_slug(spec.slug)
            if institution is None:
                continue
            rows.append(("", ""))
            overview = settings.PUBLIC_URL + reverse("institutions:overview", args=[spec.slug])
            rows.append((f"{spec.name}  ({overview})", ""))
            for person in spec.people:
                if account_selectors.find_user_by_email(spec.email(person)) is None:
                    continue
                for role in person.roles:
                    rows.append(
                        (f"  {_role_label(spec, role.role, role.unit, role.review_body)}", spec.email(person))
                    )
        if operator is None and not rows:
            self.stdout.write("No demo accounts in this database (`microcred demo` loads them).")
            return
        sign_in = settings.PUBLIC_URL + reverse("accounts:sign-in")
        self.stdout.write(self.style.SUCCESS(f"\nMicrocred demo: sign in at {sign_in}"))
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        if operator is not None:
            rows.insert(0, ("Site operator (every institution)", OPERATOR_EMAIL))
        width = max((len(label) for label, email in rows if email), default=0)
        for label, email in rows:
            self.stdout.write(f"{label:<{width}}  {email}".rstrip() if email else label)
        self.stdout.write("")


PLURALS = {
    "person": "people",
    "review body": "review bodies",
    "competency": "competencies",
    "policy": "policies",
}


def _counted(count: int, thing: str) -> str:
    return f"{count} {thing if count == 1 else PLURALS.get(thing, thing + 's')}"


def _role_label(spec: InstitutionSpec, role: str, unit_key: str | None, body_key: str | None) -> str:
    label = ROLE_LABELS[role]
    if unit_key is not None:
        label += " · " + next(u.name for u in spec.units if u.key == unit_key)
    if body_key is not None:
        label += " · " + next(b.name for b in spec.review_bodies if b.key == body_key)
    return label


class DemoLoader:
    """Creates what is missing of the demo data; leaves what is there alone. ``made`` counts what it did."""

    def __init__(self) -> None:
        self.made: Counter[str] = Counter()
        self.operator: User = self._operator()

    def load(self) -> None:
        for spec in INSTITUTIONS:
            self._load_institution(spec)

    def _operator(self) -> User:
        user = self._person(OPERATOR_EMAIL, OPERATOR_NAME)
        if not user.is_superuser or not user.is_staff:
            user = account_services.make_site_operator(user=user)
            self.made["site operator"] += 1
        return user

    def _person(self, email: str, full_name: str) -> User:
        user = account_selectors.find_user_by_email(email)
        if user is None:
            user = account_services.create_person(
                email=email, full_name=full_name, password=DEMO_PASSWORD, verified=True
            )
            self.made["person"] += 1
        return user

    def _load_institution(self, spec: InstitutionSpec) -> None:
        details = {
            "name": spec.name,
            "short_name": spec.short_name,
            "website": "",
            "contact_email": f"microcredentials@{spec.domain}",
            "description": spec.description,
        }
        institution = institution_selectors.institution_by_slug(spec.slug)
        if institution is None:
            institution = institution_services.create_institution(
                actor=self.operator, slug=spec.slug, **details
            )
            self.made["institution"] += 1
        elif any(getattr(institution, name) != value for name, value in details.items()):
            institution = institution_services.update_institution(
                actor=self.operator, institution=institution, **details
            )
            self.made["changed institution"] += 1
        units = self._units(spec, institution)
        bodies = self._review_bodies(spec, institution, units)
        for person in spec.people:
            self._memberships(spec, institution, person, units, bodies)
        frameworks = {f.name: self._framework(institution, f) for f in spec.frameworks}
        self._policy(spec, institution, frameworks, bodies)

    def _units(self, spec: InstitutionSpec, institution: Institution) -> dict[str, OrgUnit]:
        units: dict[str, OrgUnit] = {}
        for unit_spec in spec.units:  # parents come before their children in the spec
            parent = units[unit_spec.parent] if unit_spec.parent else None
            unit = institution_selectors.unit_named(institution, unit_spec.name, parent)
            if unit is None:
                unit = institution_services.create_unit(
                    actor=self.operator,
                    institution=institution,
                    name=unit_spec.name,
                    kind=unit_spec.kind,
                    code=unit_spec.code,
                    parent=parent,
                )
                self.made["unit"] += 1
            if unit_spec.authorized != (unit.issuer_authorized_at is not None):
                unit = institution_services.set_issuer_authorization(
                    actor=self.operator, unit=unit, authorized=unit_spec.authorized
                )
                self.made["issuer authorization"] += 1
            units[unit_spec.key] = unit
        return units

    def _review_bodies(
        self, spec: InstitutionSpec, institution: Institution, units: dict[str, OrgUnit]
    ) -> dict[str, ReviewBody]:
        bodies: dict[str, ReviewBody] = {}
        for body_spec in spec.review_bodies:
            body = institution_selectors.review_body_named(institution, body_spec.name)
            if body is None:
                body = institution_services.create_review_body(
                    actor=self.operator,
                    institution=institution,
                    name=body_spec.name,
                    kind=body_spec.kind,
                    unit=units[body_spec.unit] if body_spec.unit else None,
                )
                self.made["review body"] += 1
            bodies[body_spec.key] = body
        return bodies

    def _memberships(
        self,
        spec: InstitutionSpec,
        institution: Institution,
        person: PersonSpec,
        units: dict[str, OrgUnit],
        bodies: dict[str, ReviewBody],
    ) -> None:
        # The person exists (with the demo password, verified) before the role is granted, so granting sends
        # no invitation e-mail.
        user = self._person(spec.email(person), person.full_name)
        for role in person.roles:
            unit = units[role.unit] if role.unit else None
            body = bodies[role.review_body] if role.review_body else None
            if institution_selectors.membership_exists(
                user_id=user.pk, institution=institution, role=role.role, unit=unit, review_body=body
            ):
                continue
            institution_services.grant_membership(
                actor=self.operator,
                institution=institution,
                email=user.email,
                full_name=user.full_name,
                role=role.role,
                unit=unit,
                review_body=body,
            )
            self.made["role"] += 1

    def _framework(self, institution: Institution, spec: FrameworkSpec) -> CompetencyFramework:
        framework = catalog_selectors.own_framework_named(institution.pk, spec.name)
        if framework is None:
            framework = catalog_services.create_framework(
                actor=self.operator,
                institution_id=institution.pk,
                name=spec.name,
                kind=spec.kind,
                publisher=spec.publisher,
                description=spec.description,
            )
            self.made["competency framework"] += 1
        codes = set(catalog_selectors.competencies_of(framework).values_list("code", flat=True))
        for competency in spec.competencies:
            if competency.code not in codes:
                catalog_services.add_competency(
                    actor=self.operator,
                    framework=framework,
                    code=competency.code,
                    name=competency.name,
                    description=competency.description,
                )
                self.made["competency"] += 1
        return framework

    def _policy(
        self,
        spec: InstitutionSpec,
        institution: Institution,
        frameworks: dict[str, CompetencyFramework],
        bodies: dict[str, ReviewBody],
    ) -> None:
        framework_ids = []
        for name in spec.policy.required_frameworks:
            framework = catalog_selectors.nace_framework() if name == NACE else frameworks[name]
            if framework is None:
                raise CommandError("The shared NACE framework is missing: run `microcred migrate` first.")
            framework_ids.append(framework.pk)
        policy = spec.policy
        data = institution_rules.PolicyData(
            credit_types=policy.credit_types,
            credit_hours_min=policy.credit_hours_min,
            credit_hours_min_inclusive=policy.credit_hours_min_inclusive,
            credit_hours_max=policy.credit_hours_max,
            credit_hours_max_inclusive=policy.credit_hours_max_inclusive,
            min_training_hours=policy.min_training_hours,
            required_framework_ids=tuple(sorted(framework_ids)),
            min_competencies=policy.min_competencies,
            transcript=policy.transcript,
            stacking_unit_hours=policy.stacking_unit_hours,
            require_issuer_authorization=policy.require_issuer_authorization,
            noncredit_fees_need_budget_review=policy.noncredit_fees_need_budget_review,
            stage_review_body_ids=tuple(bodies[key].pk for key in policy.stages),
        )
        current = institution_selectors.policy_data(institution_selectors.policy_of(institution))
        if data != current:
            institution_services.update_policy(
                actor=self.operator, institution=institution, data=data, reason="Demo data"
            )
            self.made["policy"] += 1
