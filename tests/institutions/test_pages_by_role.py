"""Every administration page (institutions and catalog), per role: who may see it and who may change it.

Roles: the people at this institution, a site operator, an outsider with no role, an administrator of ANOTHER
institution, and an anonymous visitor (sent to sign in). A refused change must leave the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import reverse

from microcred.catalog.models import Competency, CompetencyFramework
from microcred.institutions.models import Institution, Membership, OrgUnit, PolicyChange, ReviewBody
from tests.institutions.policy_form import policy_form_data

ROLES = [
    "admin",
    "unit_lead",
    "reviewer",
    "budget",
    "registrar",
    "learner",
    "outsider",
    "operator",
    "other_admin",
    "anonymous",
]
STAFF = frozenset({"admin", "unit_lead", "reviewer", "budget", "registrar", "operator"})
MANAGERS = frozenset({"admin", "operator"})
OPERATOR = frozenset({"operator"})


def url(name: str, *args: Callable[[SimpleNamespace], object]) -> Callable[[SimpleNamespace], str]:
    return lambda s: reverse(name, args=[a(s) for a in args])


def slug(s: SimpleNamespace) -> str:
    return s.slug


def assert_sent_to_sign_in(response) -> None:
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in") + "?next=")


# ---- seeing the pages ----------------------------------------------------------------------------------

PAGES = {
    "institutions:list": (url("institutions:list"), STAFF | {"other_admin"}),
    "institutions:create": (url("institutions:create"), OPERATOR),
    "institutions:overview": (url("institutions:overview", slug), STAFF),
    "institutions:edit": (url("institutions:edit", slug), MANAGERS),
    "institutions:units": (url("institutions:units", slug), STAFF),
    "institutions:unit-edit": (url("institutions:unit-edit", slug, lambda s: s.department.pk), MANAGERS),
    "institutions:people": (url("institutions:people", slug), STAFF),
    "institutions:review-bodies": (url("institutions:review-bodies", slug), STAFF),
    "institutions:review-body-edit": (
        url("institutions:review-body-edit", slug, lambda s: s.committee.pk),
        MANAGERS,
    ),
    "institutions:policy": (url("institutions:policy", slug), STAFF),
    "institutions:policy-edit": (url("institutions:policy-edit", slug), MANAGERS),
    "institutions:policy-history": (url("institutions:policy-history", slug), STAFF),
    "catalog:frameworks": (url("catalog:frameworks", slug), STAFF),
    "catalog:framework (own)": (url("catalog:framework", slug, lambda s: s.framework.pk), STAFF),
    "catalog:framework (NACE)": (url("catalog:framework", slug, lambda s: s.nace.pk), STAFF),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", PAGES)
def test_who_may_see_each_page(visit, site, page_name, role):
    make_url, allowed = PAGES[page_name]
    response = visit(role).get(make_url(site))
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    elif role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert b"You may not open this page" in response.content


def test_the_list_shows_each_administrator_only_their_institutions(visit, site):
    mine = visit("other_admin").get(reverse("institutions:list"))
    assert b"Other University" in mine.content
    assert site.institution.name.encode() not in mine.content
    everything = visit("operator").get(reverse("institutions:list"))
    assert b"Other University" in everything.content
    assert site.institution.name.encode() in everything.content


@pytest.mark.parametrize(
    ("page_name", "control"),
    [
        ("institutions:people", b"Give someone a role"),
        ("institutions:units", b"Add a unit"),
        ("institutions:review-bodies", b"Add a review body"),
        ("institutions:policy", b"Change the policy"),
        ("institutions:overview", b"Edit the details"),
        ("catalog:frameworks", b"Add a framework"),
        ("catalog:framework (own)", b"Import from a CSV file"),
    ],
)
@pytest.mark.parametrize("role", ["admin", "operator", "unit_lead", "reviewer", "budget", "registrar"])
def test_only_managers_see_the_controls_to_change_things(visit, site, page_name, control, role):
    response = visit(role).get(PAGES[page_name][0](site))
    assert response.status_code == 200
    assert (control in response.content) is (role in MANAGERS)


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_the_shared_framework_offers_no_edit_controls_to_an_institution_admin(visit, site, role):
    response = visit(role).get(reverse("catalog:framework", args=[site.slug, site.nace.pk]))
    assert (b"Import from a CSV file" in response.content) is (role == "operator")


# ---- changing things -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    url: Callable[[SimpleNamespace], str]
    data: Callable[[SimpleNamespace], dict[str, object]]
    done: Callable[[SimpleNamespace], bool]
    allowed: frozenset[str]
    status: int = 302  # what an allowed person gets back


def policy_changes(s: SimpleNamespace) -> int:
    return PolicyChange.objects.filter(policy__institution=s.institution).count()


ACTIONS = {
    "create an institution": Action(
        url("institutions:create"),
        lambda s: {"name": "New Community College", "slug": "ncc"},
        lambda s: Institution.objects.filter(slug="ncc").exists(),
        OPERATOR,
    ),
    "edit the institution": Action(
        url("institutions:edit", slug),
        lambda s: {"name": "Renamed University"},
        lambda s: Institution.objects.filter(pk=s.institution.pk, name="Renamed University").exists(),
        MANAGERS,
    ),
    "add a unit": Action(
        url("institutions:units", slug),
        lambda s: {"name": "Chemistry", "kind": "department", "parent": s.college.pk},
        lambda s: OrgUnit.objects.filter(name="Chemistry", parent=s.college).exists(),
        MANAGERS,
    ),
    "edit a unit": Action(
        url("institutions:unit-edit", slug, lambda s: s.department.pk),
        lambda s: {"name": "ECE", "kind": "department", "parent": s.college.pk},
        lambda s: OrgUnit.objects.filter(pk=s.department.pk, name="ECE").exists(),
        MANAGERS,
    ),
    "delete a unit": Action(
        url("institutions:unit-delete", slug, lambda s: s.leaf.pk),
        lambda s: {},
        lambda s: not OrgUnit.objects.filter(pk=s.leaf.pk).exists(),
        MANAGERS,
    ),
    "authorize a unit to issue": Action(
        url("institutions:unit-authorize", slug, lambda s: s.department.pk),
        lambda s: {"authorized": "1"},
        lambda s: OrgUnit.objects.get(pk=s.department.pk).issuer_authorized_at is not None,
        MANAGERS,
    ),
    "give a role": Action(
        url("institutions:people", slug),
        lambda s: {"email": "new.person@example.edu", "full_name": "New Person", "role": "registrar"},
        lambda s: Membership.objects.filter(user__email="new.person@example.edu").exists(),
        MANAGERS,
    ),
    "remove a role": Action(
        url("institutions:membership-revoke", slug, lambda s: s.learner_role.pk),
        lambda s: {},
        lambda s: not Membership.objects.filter(pk=s.learner_role.pk).exists(),
        MANAGERS,
    ),
    "add a review body": Action(
        url("institutions:review-bodies", slug),
        lambda s: {"name": "Budget Review", "kind": "budget_office"},
        lambda s: ReviewBody.objects.filter(name="Budget Review").exists(),
        MANAGERS,
    ),
    "edit a review body": Action(
        url("institutions:review-body-edit", slug, lambda s: s.committee.pk),
        lambda s: {"name": "Faculty Senate", "kind": "curriculum_committee"},
        lambda s: ReviewBody.objects.filter(pk=s.committee.pk, name="Faculty Senate").exists(),
        MANAGERS,
    ),
    "delete a review body": Action(
        url("institutions:review-body-edit", slug, lambda s: s.spare_body.pk),
        lambda s: {"delete": "1"},
        lambda s: not ReviewBody.objects.filter(pk=s.spare_body.pk).exists(),
        MANAGERS,
    ),
    "change the policy": Action(
        url("institutions:policy-edit", slug),
        lambda s: policy_form_data(s.committee, s.office),
        lambda s: policy_changes(s) == 1,
        MANAGERS,
    ),
    "check a policy (htmx)": Action(
        url("institutions:policy-check", slug),
        lambda s: policy_form_data(s.committee, s.office),
        lambda s: False,  # checking never saves
        MANAGERS,
        status=200,
    ),
    "add a framework": Action(
        url("catalog:frameworks", slug),
        lambda s: {"name": "AWS Skills", "kind": "skills"},
        lambda s: CompetencyFramework.objects.filter(name="AWS Skills").exists(),
        MANAGERS,
    ),
    "add a competency": Action(
        url("catalog:framework", slug, lambda s: s.framework.pk),
        lambda s: {"code": "IPC-3", "name": "Cable assembly"},
        lambda s: Competency.objects.filter(framework=s.framework, code="IPC-3").exists(),
        MANAGERS,
    ),
    "import competencies": Action(
        url("catalog:competency-import", slug, lambda s: s.framework.pk),
        lambda s: {"confirm": "1", "csv_text": "code,name\nIPC-9,Crimping\n"},
        lambda s: Competency.objects.filter(framework=s.framework, code="IPC-9").exists(),
        MANAGERS,
    ),
    "remove a competency": Action(
        url("catalog:competency-delete", slug, lambda s: s.framework.pk, lambda s: s.competency.pk),
        lambda s: {},
        lambda s: not Competency.objects.filter(pk=s.competency.pk).exists(),
        MANAGERS,
    ),
    "add a competency to NACE": Action(
        url("catalog:framework", slug, lambda s: s.nace.pk),
        lambda s: {"code": "NACE-X", "name": "Extra"},
        lambda s: Competency.objects.filter(framework=s.nace, code="NACE-X").exists(),
        OPERATOR,
    ),
    "remove a NACE competency": Action(
        url("catalog:competency-delete", slug, lambda s: s.nace.pk, lambda s: s.nace.competencies.first().pk),
        lambda s: {},
        lambda s: s.nace.competencies.count() == 7,
        OPERATOR,
    ),
    "import into NACE": Action(
        url("catalog:competency-import", slug, lambda s: s.nace.pk),
        lambda s: {"confirm": "1", "csv_text": "code,name\nNACE-X,Extra\n"},
        lambda s: Competency.objects.filter(framework=s.nace, code="NACE-X").exists(),
        OPERATOR,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_who_may_change_what(visit, site, action, role):
    step = ACTIONS[action]
    target = step.url(site)  # read ids before anything changes
    before = policy_changes(site)
    response = visit(role).post(target, step.data(site))
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    elif role in step.allowed:
        assert response.status_code == step.status, response.content[:2000]
        if step.status == 302:
            assert not response.url.startswith(reverse("accounts:sign-in"))
        assert step.done(site) or action == "check a policy (htmx)"
    else:
        assert response.status_code == 403
    if role not in step.allowed:
        assert not step.done(site)
    if action != "change the policy" or role not in step.allowed:
        assert policy_changes(site) == before


POST_ONLY = [
    url("institutions:unit-delete", slug, lambda s: s.leaf.pk),
    url("institutions:unit-authorize", slug, lambda s: s.department.pk),
    url("institutions:membership-revoke", slug, lambda s: s.learner_role.pk),
    url("institutions:policy-check", slug),
    url("catalog:competency-import", slug, lambda s: s.framework.pk),
    url("catalog:competency-delete", slug, lambda s: s.framework.pk, lambda s: s.competency.pk),
]


@pytest.mark.parametrize("role", ["admin", "learner", "anonymous"])
@pytest.mark.parametrize("make_url", POST_ONLY)
def test_actions_refuse_a_get(visit, site, make_url, role):
    response = visit(role).get(make_url(site))
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == 405
    assert OrgUnit.objects.filter(pk=site.leaf.pk).exists()
    assert Competency.objects.filter(pk=site.competency.pk).exists()


# ---- reaching this institution's things through another institution's address ------------------------

OTHER = lambda s: "other"  # noqa: E731  the other administrator's own institution

CROSSINGS = {
    "edit our unit": (
        "post",
        url("institutions:unit-edit", OTHER, lambda s: s.department.pk),
        {"name": "Stolen", "kind": "department"},
    ),
    "see our unit": ("get", url("institutions:unit-edit", OTHER, lambda s: s.department.pk), {}),
    "delete our unit": ("post", url("institutions:unit-delete", OTHER, lambda s: s.leaf.pk), {}),
    "authorize our unit": (
        "post",
        url("institutions:unit-authorize", OTHER, lambda s: s.department.pk),
        {"authorized": "1"},
    ),
    "remove our role": (
        "post",
        url("institutions:membership-revoke", OTHER, lambda s: s.learner_role.pk),
        {},
    ),
    "see our review body": ("get", url("institutions:review-body-edit", OTHER, lambda s: s.committee.pk), {}),
    "delete our review body": (
        "post",
        url("institutions:review-body-edit", OTHER, lambda s: s.committee.pk),
        {"delete": "1"},
    ),
    "see our framework": ("get", url("catalog:framework", OTHER, lambda s: s.framework.pk), {}),
    "add to our framework": (
        "post",
        url("catalog:framework", OTHER, lambda s: s.framework.pk),
        {"code": "X-1", "name": "Stolen"},
    ),
    "import into our framework": (
        "post",
        url("catalog:competency-import", OTHER, lambda s: s.framework.pk),
        {"confirm": "1", "csv_text": "code,name\nX-1,Stolen\n"},
    ),
    "remove our competency": (
        "post",
        url("catalog:competency-delete", OTHER, lambda s: s.framework.pk, lambda s: s.competency.pk),
        {},
    ),
}


@pytest.mark.parametrize("crossing", CROSSINGS)
def test_another_administrator_cannot_reach_our_things_through_their_own_address(visit, site, crossing):
    method, make_url, data = CROSSINGS[crossing]
    client = visit("other_admin")
    response = getattr(client, method)(make_url(site), data)
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    site.department.refresh_from_db()
    assert site.department.name == "Electrical Engineering"
    assert site.department.issuer_authorized_at is None
    assert OrgUnit.objects.filter(pk=site.leaf.pk).exists()
    assert Membership.objects.filter(pk=site.learner_role.pk).exists()
    assert ReviewBody.objects.filter(pk=site.committee.pk).exists()
    assert site.framework.competencies.count() == 1


@pytest.mark.parametrize("role", ["admin", "learner", "anonymous"])
def test_an_unknown_institution_is_not_found(visit, site, role):
    response = visit(role).get(reverse("institutions:overview", args=["nowhere"]))
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == 404
