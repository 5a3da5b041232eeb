"""factory_boy factories for the models of every app."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from microcred.accounts.models import EmailAddress
from microcred.catalog.models import Competency, CompetencyFramework
from microcred.institutions.models import (
    ApprovalStage,
    Institution,
    Membership,
    OrgUnit,
    Policy,
    ReviewBody,
)

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.edu")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified_at=timezone.now())


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"University {n}")
    slug = factory.Sequence(lambda n: f"university-{n}")

    @factory.post_generation
    def policy(obj, create, extracted, **kwargs):
        """Like the service: a policy whose approval chain is the office of micro-credentials."""
        if create:
            office = ReviewBody.objects.create(
                institution=obj, name="Office of Micro-credentials", kind="office"
            )
            policy = Policy.objects.create(institution=obj)
            ApprovalStage.objects.create(policy=policy, position=1, review_body=office)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Department {n}")
    kind = "department"


class ReviewBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewBody

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = "review_committee"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = "learner"


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyFramework

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Framework {n}")
    kind = "industry_standard"


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"C-{n}")
    name = factory.Sequence(lambda n: f"Competency {n}")


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """An extra, unverified address; pass ``verified_at=timezone.now()`` for a confirmed one."""

    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.Sequence(lambda n: f"other{n}@example.org")
    verified_at = None


# Micro-credentials (public catalog tests) ----------------------------------------------------------------


class MicroCredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.MicroCredential"

    institution = factory.SubFactory(InstitutionFactory)
    unit = factory.LazyAttribute(lambda o: UnitFactory(institution=o.institution))
    slug = factory.Sequence(lambda n: f"micro-credential-{n}")


class PublishedVersionFactory(factory.django.DjangoModelFactory):
    """A published micro-credential version, set directly (no governance): for tables of catalog tests.

    ``PublishedVersionFactory(micro_credential__institution=institution, title=...)``; pass ``status`` for
    a draft, a version in review etc., and ``competencies=[...]`` to align it.
    """

    class Meta:
        model = "catalog.MicroCredentialVersion"
        skip_postgeneration_save = True

    micro_credential = factory.SubFactory(MicroCredentialFactory)
    number = 1
    status = "published"
    title = factory.Sequence(lambda n: f"Micro-credential {n}")
    summary = "A focused program."
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def competencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.competencies.set(extracted)


# Courses, learners, completions (learners and awards tests) -------------------------------------------------


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Course"

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"MNT {100 + n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    credit_hours = 3
    contact_hours = 45


class LearnerFactory(factory.django.DjangoModelFactory):
    """A learner record; ``LearnerFactory(institution=institution)`` makes the person too."""

    class Meta:
        model = "learners.Learner"

    institution = factory.SubFactory(InstitutionFactory)
    user = factory.SubFactory(UserFactory)
    institutional_id = factory.Sequence(lambda n: f"B{n:08d}")


def requirement_tree(*items: object, rule: str = "all", minimum: int | None = None) -> dict[str, object]:
    """A requirement tree as stored JSON: ints are course ids, ("mc", id) a micro-credential, dicts groups."""
    nodes: list[object] = []
    for item in items:
        if isinstance(item, int):
            nodes.append({"kind": "course", "course_id": item})
        elif isinstance(item, tuple):
            nodes.append({"kind": "credential", "micro_credential_id": item[1]})
        else:
            nodes.append(item)
    tree: dict[str, object] = {"kind": "group", "rule": rule, "items": nodes}
    if minimum is not None:
        tree["minimum"] = minimum
    return tree
