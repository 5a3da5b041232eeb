"""The course and activity pages, per role: every staff role may look; the office and registrar may change.

A refused change leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microcred.catalog.models import Course

ROLES = [
    "admin",
    "registrar",
    "operator",
    "unit_lead",
    "reviewer",
    "budget",
    "learner",
    "outsider",
    "other_admin",
    "anonymous",
]
STAFF = frozenset({"admin", "unit_lead", "reviewer", "budget", "registrar", "operator"})
KEEPERS = frozenset({"admin", "registrar", "operator"})
CSV = b"code,title,credit_hours\nNEW 100,Imported course,3\n"


@pytest.fixture(scope="module")
def place(site):
    """The shared site, with one course."""
    course = Course.objects.create(
        institution=site.institution,
        code="MNT 210",
        title="Mechatronics I",
        credit_hours=3,
        unit=site.department,
    )
    return SimpleNamespace(site=site, slug=site.slug, course=course)


def assert_sent_to_sign_in(response) -> None:
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in") + "?next=")


PAGES: dict[str, tuple[Callable[[SimpleNamespace], str], frozenset[str]]] = {
    "list": (lambda p: reverse("catalog:courses", args=[p.slug]), STAFF),
    "list, filtered": (lambda p: reverse("catalog:courses", args=[p.slug]) + "?q=mnt&kind=course", STAFF),
    "template CSV": (lambda p: reverse("catalog:course-template", args=[p.slug]), STAFF),
    "add": (lambda p: reverse("catalog:course-add", args=[p.slug]), KEEPERS),
    "edit": (lambda p: reverse("catalog:course-edit", args=[p.slug, p.course.pk]), KEEPERS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_who_may_see_each_page(visit, place, page, role):
    make_url, allowed = PAGES[page]
    response = visit(role).get(make_url(place))
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    elif role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", sorted(STAFF))
def test_only_the_keepers_see_the_controls_to_change_courses(visit, place, role):
    response = visit(role).get(reverse("catalog:courses", args=[place.slug]))
    assert b"Mechatronics I" in response.content
    for control in (b"Add a course or activity", b"Import from a CSV file", b"Deactivate"):
        assert (control in response.content) is (role in KEEPERS)


def test_the_subnav_links_to_the_courses(visit, place):
    response = visit("reviewer").get(reverse("institutions:overview", args=[place.slug]))
    assert reverse("catalog:courses", args=[place.slug]).encode() in response.content


def add_data(p: SimpleNamespace) -> dict[str, object]:
    return {
        "code": "NEW 100",
        "title": "New course",
        "kind": "course",
        "level": "undergraduate",
        "credit_hours": "3",
    }


def edit_data(p: SimpleNamespace) -> dict[str, object]:
    return {
        "code": "MNT 210",
        "title": "Renamed",
        "kind": "course",
        "level": "undergraduate",
        "credit_hours": "3",
    }


ACTIONS = {
    "add": (
        lambda p: reverse("catalog:course-add", args=[p.slug]),
        add_data,
        lambda p: Course.objects.filter(code="NEW 100").exists(),
    ),
    "edit": (
        lambda p: reverse("catalog:course-edit", args=[p.slug, p.course.pk]),
        edit_data,
        lambda p: Course.objects.filter(pk=p.course.pk, title="Renamed").exists(),
    ),
    "deactivate": (
        lambda p: reverse("catalog:course-active", args=[p.slug, p.course.pk]),
        lambda p: {"active": "0"},
        lambda p: Course.objects.filter(pk=p.course.pk, is_active=False).exists(),
    ),
    "import (preview and confirm)": (
        lambda p: reverse("catalog:course-import", args=[p.slug]),
        lambda p: {"confirm": "1", "csv_text": CSV.decode()},
        lambda p: Course.objects.filter(code="NEW 100", title="Imported course").exists(),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_who_may_change_courses(visit, place, action, role):
    make_url, data, done = ACTIONS[action]
    response = visit(role).post(make_url(place), data(place))
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    elif role in KEEPERS:
        assert response.status_code == 302
        assert done(place)
        return
    else:
        assert response.status_code == 403
    assert not done(place)


@pytest.mark.parametrize("role", ["unit_lead", "learner", "other_admin"])
def test_a_preview_upload_is_refused_to_those_who_may_not_change(visit, place, role):
    response = visit(role).post(
        reverse("catalog:course-import", args=[place.slug]),
        {"file": SimpleUploadedFile("c.csv", CSV, content_type="text/csv")},
    )
    assert response.status_code == 403


def test_a_course_of_another_institution_is_not_found(visit, place):
    other = Course.objects.create(
        institution=place.site.people["other_admin"].memberships.first().institution,
        code="X 1",
        title="Elsewhere",
        credit_hours=1,
    )
    for name in ("catalog:course-edit", "catalog:course-active"):
        response = visit("admin").post(reverse(name, args=[place.slug, other.pk]), {"active": "0"})
        assert response.status_code == 404
    assert Course.objects.get(pk=other.pk).is_active
