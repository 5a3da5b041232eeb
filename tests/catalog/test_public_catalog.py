"""The public catalog as anyone sees it without signing in: index, search and filters, detail pages."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microcred.catalog.models import Competency, Course
from tests.factories import (
    CompetencyFactory,
    FrameworkFactory,
    InstitutionFactory,
    MicroCredentialFactory,
    PublishedVersionFactory,
    UnitFactory,
)

NACE_NAME = "NACE Career Readiness Competencies"


def _version(institution, unit, slug, **fields):
    credential = MicroCredentialFactory(institution=institution, unit=unit, slug=slug)
    return PublishedVersionFactory(micro_credential=credential, **fields)


@pytest.fixture(scope="module")
def catalog(module_db):
    """One institution's catalog: three listed micro-credentials, one terminated, and versions never shown."""
    institution = InstitutionFactory(name="Hudson Valley College", slug="hudson")
    unit = UnitFactory(institution=institution, name="Engineering Technology")
    nace_ct = Competency.objects.get(framework__name=NACE_NAME, code="NACE-CT")
    ipc = FrameworkFactory(institution=institution, name="IPC Electronics Assembly")
    soldering = CompetencyFactory(framework=ipc, code="IPC-1", name="Soldering")
    safety = Course.objects.create(
        institution=institution, code="MNT 101", title="Environmental Health and Safety", credit_hours=3
    )
    fab = Course.objects.create(institution=institution, code="MNT 210", title="Fabrication", credit_hours=4)
    char = Course.objects.create(
        institution=institution, code="MNT 220", title="Characterization", credit_hours=4, contact_hours=60
    )
    mnt = _version(
        institution, unit, "mnt",
        title="Micro and Nano Technology",
        summary="Clean-room skills for technicians.",
        objectives=["Work safely in a clean room"],
        tags=["semiconductors"],
        credit_type="credit", credit_hours_min=11, credit_hours_max=11, modality="on_campus",
        level="undergraduate", audiences=["EET majors", "Local industry"],
        fees=[{"label": "Lab fee", "amount": "150.00", "currency": "USD"},
              {"label": "Materials", "amount": "50.00", "currency": "USD"}],
        financial_aid="Federal aid applies to the courses.",
        transferability="Transfers as three courses to SUNY campuses.",
        stackability="Counts toward the AAS in Engineering Technology.",
        stacks_toward=[{"name": "AAS Engineering Technology", "kind": "degree", "credits": "11.00"}],
        open_electives="All three courses count as open electives.",
        requirements={"kind": "group", "rule": "all", "items": [
            {"kind": "course", "course_id": safety.pk},
            {"kind": "group", "rule": "at_least", "minimum": 1, "items": [
                {"kind": "course", "course_id": fab.pk}, {"kind": "course", "course_id": char.pk}]},
        ]},
        competencies=[nace_ct],
    )  # fmt: skip
    vacuum = _version(
        institution, unit, "vacuum",
        title="Vacuum Technology",
        summary="Low and high vacuum, leak detection.",
        tags=["vacuum"],
        credit_type="noncredit", training_hours_min=12, training_hours_max=12, modality="online",
        level="professional", audiences=["Local industry"], no_fees=True,
        competencies=[soldering],
    )  # fmt: skip
    ai = _version(
        institution, unit, "applied-ai",
        title="Applied Artificial Intelligence",
        summary="Robotics and machine learning together.",
        objectives=["Deploy a machine learning model on a robot"],
        credit_type="credit", credit_hours_min=15, credit_hours_max=15, modality="hybrid", level="graduate",
        fees=[{"label": "Tuition", "amount": "900.00", "currency": "USD"}],
        requirements={"kind": "group", "rule": "all", "items": [
            {"kind": "credential", "micro_credential_id": mnt.micro_credential_id}]},
    )  # fmt: skip
    terminated = _version(
        institution,
        unit,
        "old-welding",
        title="Legacy Welding",
        terminates_on=timezone.now().date() - dt.timedelta(days=10),
        teach_out_until=dt.date(2031, 5, 31),
    )
    hidden = {
        status: _version(
            institution, unit, f"hidden-{status}", title=f"Secret {status} program", status=status
        )
        for status in ("draft", "in_review", "approved", "rejected", "withdrawn")
    }
    # A change under way of a published micro-credential: its draft v2 is never shown.
    PublishedVersionFactory(
        micro_credential=mnt.micro_credential, number=2, status="draft", title="MNT draft rewrite"
    )
    # An institution with nothing published is not in the index.
    quiet = InstitutionFactory(name="Quiet University", slug="quiet")
    _version(quiet, UnitFactory(institution=quiet), "q-draft", title="Quiet draft", status="draft")
    return SimpleNamespace(
        institution=institution,
        mnt=mnt,
        vacuum=vacuum,
        ai=ai,
        terminated=terminated,
        hidden=hidden,
        nace_ct=nace_ct,
        soldering=soldering,
        url=reverse("public:institution", args=["hudson"]),
    )


def titles(html: str) -> set[str]:
    return set(re.findall(r'<h3 class="catalog-card-title"><a href="[^"]+">([^<]+)</a></h3>', html))


LISTED = {"Micro and Nano Technology", "Vacuum Technology", "Applied Artificial Intelligence"}


def test_anonymous_visitors_see_the_index_of_institutions_with_published_micro_credentials(db, catalog):
    response = Client().get(reverse("public:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hudson Valley College" in html
    assert "3 micro-credentials" in html
    assert "Quiet University" not in html
    assert f'href="{reverse("public:institution", args=["hudson"])}"' in html


def test_the_institution_catalog_lists_only_published_versions_still_offered(db, catalog):
    response = Client().get(catalog.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == LISTED
    assert "Secret" not in html
    assert "MNT draft rewrite" not in html
    assert "Legacy Welding" not in html
    assert 'hx-get="/catalog/hudson/"' in html
    assert 'hx-push-url="true"' in html
    assert 'role="search"' in html
    assert '<label for="catalog-q"' in html


def test_an_unknown_institution_is_a_404_and_an_empty_one_says_so(db, catalog):
    assert Client().get("/catalog/nowhere/").status_code == 404
    response = Client().get("/catalog/quiet/")
    assert response.status_code == 200
    assert "has not published a micro-credential yet" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "clean room"}, {"Micro and Nano Technology"}),  # an objective
        ({"q": "LEAK"}, {"Vacuum Technology"}),  # the summary, any case
        ({"q": "semiconductors"}, {"Micro and Nano Technology"}),  # a tag
        ({"q": "artificial"}, {"Applied Artificial Intelligence"}),  # the title
        ({"q": "secret"}, set()),
        ({"modality": "online"}, {"Vacuum Technology"}),
        ({"modality": "hybrid"}, {"Applied Artificial Intelligence"}),
        ({"credit_type": "credit"}, {"Micro and Nano Technology", "Applied Artificial Intelligence"}),
        ({"credit_type": "noncredit"}, {"Vacuum Technology"}),
        ({"level": "graduate"}, {"Applied Artificial Intelligence"}),
        ({"cost": "free"}, {"Vacuum Technology"}),
        ({"cost": "under", "max_cost": "500"}, {"Micro and Nano Technology", "Vacuum Technology"}),
        ({"cost": "under", "max_cost": "200"}, {"Vacuum Technology"}),
        ({"cost": ""}, LISTED),
        ({"max_cost": "250"}, {"Micro and Nano Technology", "Vacuum Technology"}),
        ({"cost": "free", "max_cost": "250"}, {"Vacuum Technology"}),
        ({"audience": "Local industry"}, {"Micro and Nano Technology", "Vacuum Technology"}),
        ({"audience": "EET majors"}, {"Micro and Nano Technology"}),
        ({"stacks_into": "name:AAS Engineering Technology"}, {"Micro and Nano Technology"}),
        ({"credit_type": "credit", "q": "robot"}, {"Applied Artificial Intelligence"}),
    ],
)
def test_search_and_each_filter(db, catalog, params, expected):
    assert titles(Client().get(catalog.url, params).content.decode()) == expected


def test_the_competency_and_stacks_into_filters_offer_what_the_catalog_holds(db, catalog):
    html = Client().get(catalog.url).content.decode()
    assert f'value="{catalog.nace_ct.pk}"' in html
    assert "Critical thinking/problem solving (NACE" in html
    assert f'value="mc:{catalog.ai.micro_credential_id}"' in html
    assert "AAS Engineering Technology (degree)" in html
    by_competency = Client().get(catalog.url, {"competency": catalog.soldering.pk}).content.decode()
    assert titles(by_competency) == {"Vacuum Technology"}
    into_ai = Client().get(catalog.url, {"stacks_into": f"mc:{catalog.ai.micro_credential_id}"})
    assert titles(into_ai.content.decode()) == {"Micro and Nano Technology"}


def test_a_filter_value_not_offered_is_shown_as_an_error_and_ignored(db, catalog):
    html = Client().get(catalog.url, {"competency": "999999", "modality": "online"}).content.decode()
    assert "Some filters were not understood" in html
    assert titles(html) == {"Vacuum Technology"}


def test_htmx_gets_only_the_results(db, catalog):
    response = Client().get(catalog.url, {"modality": "online"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<h2 id="results-heading">')
    # the count, for screen readers, goes to the status line outside the swapped results
    assert '<div hx-swap-oob="innerHTML:#results-status">1 of 3 micro-credentials match' in html
    assert titles(html) == {"Vacuum Technology"}
    assert "HX-Request" in response["Vary"]
    everything = Client().get(catalog.url, {"q": "", "modality": ""}, headers={"HX-Request": "true"})
    assert "3 micro-credentials" in everything.content.decode()
    restore = Client().get(catalog.url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def detail(slug: str) -> str:
    response = Client().get(reverse("public:detail", args=["hudson", slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_detail_page_states_costs_aid_transfer_and_stacking(db, catalog):
    html = detail("mnt")
    for text in (
        "Lab fee", "150.00 USD", "Materials", "Total", "200.00 USD",
        "Federal aid applies to the courses.",
        "Transfers as three courses to SUNY campuses.",
        "Counts toward the AAS in Engineering Technology.",
        "AAS Engineering Technology (degree): 11 credits",
        "All three courses count as open electives.",
        "Credit-bearing: 11 credit hours", "Undergraduate", "On campus", "EET majors",
        "Work safely in a clean room",
        "Critical thinking/problem solving", NACE_NAME,
        "Offered by Engineering Technology, Hudson Valley College. Version 1, published",
    ):  # fmt: skip
        assert text in html, text
    # "what it stacks into": the larger micro-credential, linked
    assert "Counts toward these larger micro-credentials" in html
    assert (
        f'href="{reverse("public:detail", args=["hudson", "applied-ai"])}">Applied Artificial Intelligence'
        in html
    )


def test_the_detail_page_renders_the_requirement_tree_readably(db, catalog):
    html = re.sub(r"\s+", " ", detail("mnt"))
    assert "All of: <ul>" in html
    assert "<strong>MNT 101</strong> Environmental Health and Safety, 3 credit hours" in html
    assert "At least 1 of: <ul>" in html
    assert "<strong>MNT 220</strong> Characterization, 4 credit hours, 60 hours" in html
    larger = detail("applied-ai")
    assert (
        f'<a href="{reverse("public:detail", args=["hudson", "mnt"])}">Micro and Nano Technology</a>'
        in larger
    )


def test_a_free_non_credit_one_says_no_fees_and_its_hours(db, catalog):
    html = detail("vacuum")
    assert "No fees." in html
    assert "Non-credit; 12 hours of instruction or training" in html
    assert "Online" in html
    assert "Professional / continuing education" in html


@pytest.mark.parametrize("status", ["draft", "in_review", "approved", "rejected", "withdrawn"])
def test_versions_never_published_are_never_shown(db, catalog, status):
    version = catalog.hidden[status]
    slug = version.micro_credential.slug
    assert Client().get(reverse("public:detail", args=["hudson", slug])).status_code == 404
    credential_uuid = version.micro_credential.uuid
    assert Client().get(reverse("public:achievement", args=[credential_uuid])).status_code == 404
    assert Client().get(reverse("public:achievement-version", args=[credential_uuid, 1])).status_code == 404
    assert Client().get(reverse("public:badge", args=[version.uuid])).status_code == 404


def test_a_terminated_one_is_not_listed_but_shows_the_teach_out_notice(db, catalog):
    html = detail("old-welding")
    assert "No longer offered" in html
    assert "enrolled learners can finish until May 31, 2031" in html


def test_one_closing_soon_is_listed_with_its_date(db, catalog):
    catalog.vacuum.terminates_on = timezone.now().date() + dt.timedelta(days=30)
    catalog.vacuum.teach_out_until = timezone.now().date() + dt.timedelta(days=400)
    catalog.vacuum.save()
    assert "Vacuum Technology" in titles(Client().get(catalog.url).content.decode())
    assert "Closes to new learners on" in detail("vacuum")


def test_the_header_and_the_home_page_link_to_the_catalog(db, catalog):
    html = Client().get(reverse("web:home")).content.decode()
    assert f'<a href="{reverse("public:index")}">Catalog</a>' in html
    assert f'href="{reverse("public:institution", args=["hudson"])}"' in html


def test_signed_in_people_see_the_same_catalog(db, catalog, client_as):
    assert titles(client_as("learner").get(catalog.url).content.decode()) == LISTED
