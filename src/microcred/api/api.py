"""The HTTP API (django-ninja, OpenAPI 3.1) mounted at /api/v1/. Docs at /api/v1/docs."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from microcred import __version__
from microcred.api.completions import router as completions_router
from microcred.core.http import signed_in_user
from microcred.institutions import permissions
from microcred.institutions import selectors as institution_selectors

api = NinjaAPI(
    title="Microcred API",
    version="1",
    description="Micro-credentials end to end. Session-authenticated endpoints need the CSRF token.",
    urls_namespace="api",
)


class Health(Schema):
    status: str
    version: str


class InstitutionOut(Schema):
    uuid: str
    name: str
    slug: str
    short_name: str
    website: str


class MembershipOut(Schema):
    institution: str
    role: str
    unit: str | None
    review_body: str | None


class MeOut(Schema):
    email: str
    full_name: str
    display_name: str
    memberships: list[MembershipOut]


@api.get("/health", response=Health, tags=["service"], auth=None)
def health(request: HttpRequest) -> Health:
    """Liveness check for load balancers."""
    return Health(status="ok", version=__version__)


@api.get("/institutions", response=list[InstitutionOut], tags=["institutions"], auth=None)
def list_institutions(request: HttpRequest) -> list[InstitutionOut]:
    """Every institution on this deployment (public facts only)."""
    return [
        InstitutionOut(uuid=str(i.uuid), name=i.name, slug=i.slug, short_name=i.short_name, website=i.website)
        for i in institution_selectors.all_institutions()
    ]


@api.get("/me", response=MeOut, tags=["people"], auth=django_auth)
def me(request: HttpRequest) -> MeOut:
    """The signed-in person and their roles."""
    user = signed_in_user(request)
    permissions.grants(user)
    return MeOut(
        email=user.email,
        full_name=user.full_name,
        display_name=user.display_name,
        memberships=[
            MembershipOut(
                institution=m.institution.slug,
                role=m.role,
                unit=m.unit.name if m.unit else None,
                review_body=m.review_body.name if m.review_body else None,
            )
            for m in institution_selectors.memberships_of_user(user.pk)
        ],
    )


# Completions and progress (learners app): POST /institutions/{slug}/completions, GET .../progress
api.add_router("/", completions_router)
