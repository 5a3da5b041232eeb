"""Competency frameworks: NACE is loaded and shared; institutions add frameworks and competencies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microcred.catalog import nace as nace_data
from microcred.catalog import selectors, services
from microcred.catalog.models import Competency, CompetencyFramework
from microcred.core.errors import InvalidInput, NotAllowed
from tests.factories import FrameworkFactory


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_migration_loads_the_eight_nace_competencies_as_a_shared_framework(nace):
    assert nace.is_shared
    assert nace.kind == "career_readiness"
    assert nace.publisher == "National Association of Colleges and Employers"
    codes = set(nace.competencies.values_list("code", flat=True))
    assert codes == {code for code, _, _ in nace_data.COMPETENCIES}
    assert len(codes) == 8
    assert nace.competencies.get(code="NACE-CT").name == "Critical thinking/problem solving"


def test_every_institution_sees_nace_and_its_own_frameworks_only(
    institution, other_institution, nace, framework
):
    FrameworkFactory(institution=other_institution, name="Theirs")
    mine = {f.name: f.competency_count for f in selectors.frameworks_for(institution.pk)}
    assert mine == {"NACE Career Readiness Competencies": 8, "IPC Electronics Assembly": 2}
    theirs = {f.name for f in selectors.frameworks_for(other_institution.pk)}
    assert theirs == {"NACE Career Readiness Competencies", "Theirs"}


def test_the_frameworks_page_lists_nace_as_shared(client_as, institution, nace):
    html = client_as("reviewer").get(reverse("catalog:frameworks", args=[institution.slug])).content.decode()
    assert "NACE Career Readiness Competencies" in html
    assert "shared" in html


def test_an_admin_adds_a_framework(client_as, institution):
    response = client_as("admin").post(
        reverse("catalog:frameworks", args=[institution.slug]),
        {"name": " IPC-A-610 ", "kind": "industry_standard", "publisher": "IPC", "url": "ipc.org"},
    )
    framework = CompetencyFramework.objects.get(name="IPC-A-610")
    assert response.status_code == 302
    assert response.url == reverse("catalog:framework", args=[institution.slug, framework.pk])
    assert (framework.institution, framework.url) == (institution, "https://ipc.org")


def test_an_institution_may_name_a_framework_like_the_shared_one(people, institution, nace):
    own = services.create_framework(
        actor=people["admin"], institution_id=institution.pk, name=nace.name, kind="career_readiness"
    )
    assert own.institution == institution


def test_a_framework_name_is_unique_within_the_institution(client_as, institution, framework):
    response = client_as("admin").post(
        reverse("catalog:frameworks", args=[institution.slug]),
        {"name": "ipc electronics ASSEMBLY", "kind": "skills"},
    )
    assert response.status_code == 200
    assert "exists already" in response.context["form"].errors["name"][0]


@pytest.mark.parametrize("role", ["unit_lead", "reviewer", "budget", "registrar", "learner", "outsider"])
def test_only_admins_add_frameworks_through_the_service(people, institution, role):
    with pytest.raises(NotAllowed):
        services.create_framework(
            actor=people[role], institution_id=institution.pk, name="Mine", kind="skills"
        )


def test_an_admin_adds_and_removes_a_competency(client_as, institution, framework):
    admin = client_as("admin")
    page = reverse("catalog:framework", args=[institution.slug, framework.pk])
    response = admin.post(
        page, {"code": "IPC-3", "name": "Cable assembly", "url": "https://ipc.org/3"}, follow=True
    )
    competency = Competency.objects.get(framework=framework, code="IPC-3")
    assert "Cable assembly has been added." in messages_of(response)
    response = admin.post(
        reverse("catalog:competency-delete", args=[institution.slug, framework.pk, competency.pk]),
        follow=True,
    )
    assert "Cable assembly has been removed." in messages_of(response)
    assert not Competency.objects.filter(pk=competency.pk).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "IPC-1", "name": "Again"}, "already used in this framework"),
        ({"code": "IPC-9", "name": "soldering"}, "already used by code 'IPC-1'"),
        ({"code": "bad code!", "name": "Odd"}, "use up to 40 letters"),
    ],
)
def test_a_competency_that_clashes_is_refused(client_as, institution, framework, fields, message):
    response = client_as("admin").post(
        reverse("catalog:framework", args=[institution.slug, framework.pk]), fields
    )
    assert response.status_code == 200
    assert any(
        message in e
        for e in response.context["form"].non_field_errors() + response.context["form"].errors.get("code", [])
    )
    assert framework.competencies.count() == 2


def test_an_institution_admin_cannot_change_the_shared_nace_framework(people, nace):
    with pytest.raises(NotAllowed):
        services.add_competency(actor=people["admin"], framework=nace, code="NACE-X", name="Extra")
    with pytest.raises(NotAllowed):
        services.delete_competency(actor=people["admin"], competency=nace.competencies.first())
    assert nace.competencies.count() == 8


def test_the_site_operator_keeps_the_shared_framework(people, nace):
    services.add_competency(actor=people["operator"], framework=nace, code="NACE-X", name="Extra")
    assert nace.competencies.count() == 9


def test_the_framework_page_lists_competencies_by_code(client_as, institution, nace):
    response = client_as("registrar").get(reverse("catalog:framework", args=[institution.slug, nace.pk]))
    codes = [c.code for c in response.context["competencies"]]
    assert codes == sorted(codes)
    assert len(codes) == 8
    assert b"the site operator (shared by every institution)" in response.content


def test_another_institutions_framework_is_not_found_here(client_as, institution, other_institution):
    theirs = FrameworkFactory(institution=other_institution)
    response = client_as("admin").get(reverse("catalog:framework", args=[institution.slug, theirs.pk]))
    assert response.status_code == 404


def test_the_service_checks_new_competencies_like_an_import_row(people, framework):
    with pytest.raises(InvalidInput) as error:
        services.add_competency(actor=people["admin"], framework=framework, code="", name="", url="ftp://x")
    assert len(error.value.problems) == 3
