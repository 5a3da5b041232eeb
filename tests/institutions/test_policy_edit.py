"""Changing the policy: a valid save is kept in the history, an invalid one saves nothing; live check."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from microcred.core.errors import NotAllowed
from microcred.institutions import rules, selectors, services
from microcred.institutions.models import Policy, PolicyChange
from tests.institutions.policy_form import office_of, policy_form_data


@pytest.fixture
def office(institution):
    return office_of(institution)


def edit(client, institution, data):
    return client.post(reverse("institutions:policy-edit", args=[institution.slug]), data)


def check(client, institution, data):
    return client.post(
        reverse("institutions:policy-check", args=[institution.slug]), data, headers={"HX-Request": "true"}
    )


def test_a_valid_policy_is_saved_with_who_when_before_and_after(
    client_as, people, institution, office, committee, nace
):
    data = policy_form_data(committee, office, required_frameworks=[str(nace.pk)], min_competencies="2")
    response = edit(client_as("admin"), institution, data)
    assert response.status_code == 302
    assert response.url == reverse("institutions:policy", args=[institution.slug])
    policy = Policy.objects.get(institution=institution)
    assert policy.credit_hours_max == Decimal("24")
    assert policy.credit_hours_max_inclusive is False
    assert policy.transcript == "must"
    assert list(policy.required_frameworks.all()) == [nace]
    assert [s.review_body for s in selectors.stages_of(policy)] == [committee, office]
    assert policy.updated_by == people["admin"]
    change = PolicyChange.objects.filter(policy=policy).first()
    assert change.changed_by == people["admin"]
    assert change.reason == "SUNY-style band"
    assert change.old["transcript"] == "may"
    assert change.old["stages"] == ["Office of Micro-credentials"]
    assert change.new["transcript"] == "must"
    assert change.new["credit_hours_max"] == "24"
    assert change.new["stages"] == ["Curriculum Committee", "Office of Micro-credentials"]
    assert change.new["required_frameworks"] == ["NACE Career Readiness Competencies"]
    assert change.changed_at >= policy.updated_at.replace(microsecond=0)


def test_the_edit_form_starts_from_the_current_policy(client_as, people, institution, office, committee):
    services.update_policy(
        actor=people["admin"],
        institution=institution,
        data=rules.PolicyData(
            credit_hours_max=Decimal("24"), stage_review_body_ids=(committee.pk, office.pk)
        ),
    )
    form = (
        client_as("admin").get(reverse("institutions:policy-edit", args=[institution.slug])).context["form"]
    )
    assert form.initial["credit_hours_max"] == Decimal("24")
    assert form.initial["stage_1"] == str(committee.pk)
    assert form.initial["stage_2"] == str(office.pk)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"credit_hours_min": "30"}, "credit_hours_max", "below the minimum"),
        ({"credit_types": "noncredit"}, "credit_hours_min", "non-credit-only policy has no credit-hour band"),
        ({"min_competencies": "3"}, "required_frameworks", "choose the framework"),
        ({"credit_hours_max": "lots"}, "credit_hours_max", "Enter a number"),
        ({"min_training_hours": "2001"}, "min_training_hours", "at most 2000"),
    ],
)
def test_an_invalid_policy_shows_the_problem_at_its_field_and_saves_nothing(
    client_as, institution, office, changes, field, message
):
    before = PolicyChange.objects.count()
    response = edit(client_as("admin"), institution, policy_form_data(office, **changes))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert PolicyChange.objects.count() == before
    policy = Policy.objects.get(institution=institution)
    assert policy.transcript == "may"
    assert policy.credit_hours_max is None


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ((), "the approval chain needs at least one stage"),
        (("office", "office"), "stage 2: the same review body appears twice in the chain"),
    ],
)
def test_approval_chain_problems_are_shown_in_the_approval_chain(
    client_as, institution, office, stages, message
):
    response = edit(client_as("admin"), institution, policy_form_data(*[office for _ in stages]))
    assert response.status_code == 200
    assert response.context["form"].stage_errors == [message]
    html = response.content.decode()
    chain = html[html.index("<legend>Approval chain</legend>") :]
    assert message[0].upper() + message[1:] in chain
    assert [s.review_body for s in selectors.stages_of(Policy.objects.get(institution=institution))] == [
        office
    ]


def test_saving_the_same_policy_again_records_nothing(client_as, institution, office):
    admin = client_as("admin")
    edit(admin, institution, policy_form_data(office))
    count = PolicyChange.objects.count()
    response = edit(admin, institution, policy_form_data(office, reason="no real change"))
    assert response.status_code == 302
    assert PolicyChange.objects.count() == count


def test_a_review_body_of_another_institution_cannot_be_a_stage(people, institution, other_institution):
    from microcred.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        services.update_policy(
            actor=people["admin"],
            institution=institution,
            data=rules.PolicyData(stage_review_body_ids=(office_of(other_institution).pk,)),
        )
    assert list(error.value.by_field()) == ["stages"]


def test_the_policy_cannot_be_changed_by_other_roles_through_the_service(people, institution, office):
    for role in ["unit_lead", "reviewer", "budget", "registrar", "learner", "outsider"]:
        with pytest.raises(NotAllowed):
            services.update_policy(
                actor=people[role],
                institution=institution,
                data=rules.PolicyData(stage_review_body_ids=(office.pk,)),
            )


def test_the_live_check_answers_a_fragment_listing_the_problems(client_as, institution, office):
    response = check(
        client_as("admin"), institution, policy_form_data(office, credit_hours_min="30", stage_1="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "This policy cannot be saved yet" in html
    assert "Maximum credit hours: the maximum (24) is below the minimum (30)" in html
    assert "Approval chain: the approval chain needs at least one stage" in html
    assert PolicyChange.objects.filter(policy__institution=institution).count() == 0


def test_the_live_check_of_a_valid_policy_says_so_in_words(client_as, institution, office):
    response = check(client_as("admin"), institution, policy_form_data(office))
    assert (
        response.content.decode().strip()
        == '<p class="ok">The policy is valid: fewer than 24 credit hours.</p>'
    )


def test_the_live_check_reports_fields_the_form_cannot_read(client_as, institution, office):
    response = check(client_as("admin"), institution, policy_form_data(office, credit_hours_max="many"))
    assert "Maximum credit hours: Enter a number." in response.content.decode()


def test_the_history_page_shows_what_changed(client_as, people, institution, office, committee):
    admin = client_as("admin")
    edit(admin, institution, policy_form_data(committee, office, reason="Faculty senate joins the chain"))
    page = admin.get(reverse("institutions:policy-history", args=[institution.slug]))
    assert page.status_code == 200
    newest = page.context["changes"][0]
    assert newest["change"].changed_by == people["admin"]
    assert newest["fields"] == [
        ("Maximum credit hours", "\u2014", "24"),
        ("The maximum itself is allowed", "yes", "no"),
        ("Transcript", "may", "must"),
        (
            "Approval chain",
            "Office of Micro-credentials",
            "Curriculum Committee, Office of Micro-credentials",
        ),
    ]
    html = page.content.decode()
    assert "Faculty senate joins the chain" in html
    assert people["admin"].shown_name in html
    assert "[" not in html.split("<h1>History of the policy</h1>")[1]  # lists are shown in words


def test_the_policy_page_states_the_band_in_words(client_as, people, institution, office):
    services.update_policy(
        actor=people["admin"],
        institution=institution,
        data=rules.PolicyData(
            credit_hours_min=Decimal("6"),
            credit_hours_max=Decimal("12"),
            credit_hours_max_inclusive=False,
            stage_review_body_ids=(office.pk,),
        ),
    )
    page = client_as("registrar").get(reverse("institutions:policy", args=[institution.slug]))
    assert b"at least 6 and fewer than 12 credit hours" in page.content
