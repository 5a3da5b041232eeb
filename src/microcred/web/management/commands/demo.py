"""``microcred demo``: load (or refresh) the demo institutions and people; print how to sign in as each role.

Every write goes through the apps' services, with the demo site operator as the actor. Each object is looked
up by its natural key first (an institution by slug, a unit by its place in the tree, a person by e-mail,
...), so a second run finds everything in place and changes nothing.

Then the seeds' courses and micro-credentials: each proposal is drafted by its unit lead and taken through the
governance services by the demo people of each stage (submitted, approved, sent back, published), as a person
would through the pages. A course is found by its code, a micro-credential by its slug; one that exists is
left in whatever state it has reached.

Last, the demo learners (``demo_data.load_learners``): enrolled, their results recorded and their badges
awarded and signed through the services; a learner who already has a record is left alone.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from microcred.accounts import selectors as account_selectors
from microcred.accounts import services as account_services
from microcred.catalog import selectors as catalog_selectors
from microcred.catalog import services as catalog_services
from microcred.core.errors import MicrocredError
from microcred.governance import services as governance_services
from microcred.institutions import rules as institution_rules
from microcred.institutions import selectors as institution_selectors
from microcred.institutions import services as institution_services
from microcred.web.demo_data import (
    APPROVED,
    CHANGES_REQUESTED,
    DEMO_PASSWORD,
    DRAFT,
    INSTITUTIONS,
    NACE,
    OPERATOR_EMAIL,
    OPERATOR_NAME,
    PROGRAMS,
    PUBLISHED,
    CredentialSpec,
    FrameworkSpec,
    InstitutionSpec,
    PersonSpec,
    ProgramsSpec,
    load_learners,
)

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.catalog.models import CompetencyFramework, Course, MicroCredential
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
        "password, their courses and micro-credentials at every stage of review, and print how to sign in as "
        "each. Refuses unless MICROCRED_DEBUG is on."
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
            with transaction.atomic(), account_services.mail_suppressed():
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
        self.units: dict[str, dict[str, OrgUnit]] = {}  # by institution slug, then unit key

    def load(self) -> None:
        for spec in INSTITUTIONS:
            self._load_institution(spec)
        for programs in PROGRAMS:
            self._programs(programs)
        load_learners(self.made)

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
        self.units[spec.slug] = units
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

    # Courses and micro-credentials: the seeds' examples, each at its own stage of the governance path

    def _programs(self, programs: ProgramsSpec) -> None:
        spec = next(s for s in INSTITUTIONS if s.slug == programs.slug)
        institution = institution_selectors.institution_by_slug(spec.slug)
        assert institution is not None  # loaded just before
        units = self.units[spec.slug]
        courses: dict[str, Course] = {c.code.upper(): c for c in catalog_selectors.courses_of(institution.pk)}
        for course in programs.courses:
            if course.code.upper() in courses:
                continue
            courses[course.code.upper()] = catalog_services.save_course(
                actor=self.operator,
                institution_id=institution.pk,
                code=course.code,
                title=course.title,
                kind=course.kind,
                level=course.level,
                credit_hours=course.credit_hours,
                contact_hours=course.contact_hours,
                unit_id=units[course.unit].pk,
                description=course.description,
            )
            self.made["course"] += 1
        competencies = {
            competency.code: competency.pk
            for framework in catalog_selectors.frameworks_for(institution.pk)
            for competency in catalog_selectors.competencies_of(framework)
        }
        credentials: dict[str, MicroCredential] = {}
        for credential in programs.credentials:
            found = catalog_selectors.micro_credential_by_slug(institution.pk, slugify(credential.title))
            if found is None:
                found = self._propose(spec, institution, credential, courses, competencies, credentials)
                self.made["micro-credential"] += 1
            credentials[credential.title] = found

    def _demo_user(self, spec: InstitutionSpec, mailbox: str) -> User:
        user = account_selectors.find_user_by_email(f"{mailbox}@{spec.domain}")
        assert user is not None  # every person of the spec was loaded before
        return user

    def _reviewer_at(self, spec: InstitutionSpec, stage: int) -> User:
        body = spec.policy.stages[stage - 1]
        person = next(
            p for p in spec.people if any(r.role == "reviewer" and r.review_body == body for r in p.roles)
        )
        return self._demo_user(spec, person.mailbox)

    def _propose(
        self,
        spec: InstitutionSpec,
        institution: Institution,
        credential: CredentialSpec,
        courses: dict[str, Course],
        competencies: dict[str, int],
        stacked: dict[str, MicroCredential],
    ) -> MicroCredential:
        """Draft it as its unit lead, then submit, decide and publish as the people of each stage would."""
        lead = self._demo_user(spec, credential.proposer)
        proposal = governance_services.start_proposal(
            actor=lead,
            institution_id=institution.pk,
            unit_id=self.units[spec.slug][credential.unit].pk,
            title=credential.title,
        )
        items: list[dict[str, object]] = [
            {"kind": "course", "course_id": courses[code.upper()].pk} for code in credential.courses
        ]
        items += [
            {"kind": "credential", "micro_credential_id": stacked[title].pk} for title in credential.stacks
        ]
        governance_services.save_draft(
            actor=lead,
            proposal=proposal,
            changes={
                **credential.content,
                "requirements": {"kind": "group", "rule": "all", "items": items},
                "competency_ids": [competencies[code] for code in credential.competencies],
            },
        )
        if credential.state != DRAFT:
            governance_services.submit_proposal(actor=lead, proposal=proposal, warning_reasons={})
            approvals = (
                len(spec.policy.stages) if credential.state in {APPROVED, PUBLISHED} else credential.stage - 1
            )
            for stage in range(1, approvals + 1):
                governance_services.decide(
                    actor=self._reviewer_at(spec, stage), proposal=proposal, action="approve"
                )
            if credential.state == CHANGES_REQUESTED:
                governance_services.decide(
                    actor=self._reviewer_at(spec, credential.stage),
                    proposal=proposal,
                    action="request_changes",
                    comment=credential.comment,
                    field_comments=dict(credential.field_comments),
                )
            if credential.state == PUBLISHED:
                admin = self._demo_user(spec, "admin")
                governance_services.publish_proposal(actor=admin, proposal=proposal)
        return proposal.version.micro_credential
