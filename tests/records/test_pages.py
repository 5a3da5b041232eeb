"""The learner's records pages: one record per institution, only their own, with the download link."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.awards.conftest import stack  # noqa: F401
from tests.factories import InstitutionFactory, LearnerFactory, UserFactory
from tests.records.conftest import earn

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def earned(stack, django_capture_on_commit_callbacks):  # noqa: F811
    return earn(stack, "ROB 101", "ROB 201", "CS 301", capture=django_capture_on_commit_callbacks)


def test_my_records_list_every_institution_where_i_learn(stack, earned):  # noqa: F811
    elsewhere = InstitutionFactory(name="Zenith College", slug="zenith")
    LearnerFactory(institution=elsewhere, user=stack.learner.user)
    response = signed_in(stack.learner.user).get(reverse("records:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Binghamton-style University") < page.index("Zenith College")
    assert reverse("records:clr", args=["bingham"]) in page
    assert reverse("records:clr", args=["zenith"]) not in page  # nothing earned there yet
    assert "Nothing to download until you earn a badge there." in page
    assert reverse("records:record", args=["zenith"]) in page


def test_the_record_page_lists_awards_credits_and_stacks(stack, earned):  # noqa: F811
    response = signed_in(stack.learner.user).get(reverse("records:record", args=["bingham"]))
    assert response.status_code == 200
    page = response.content.decode()
    for title in ("Robotics", "Machine Learning", "Artificial Intelligence"):
        assert title in page
    assert "Robotics is part of Artificial Intelligence" in page
    assert "Machine Learning is part of Artificial Intelligence" in page
    assert "Made of Robotics, Machine Learning." in page or "Made of Machine Learning, Robotics." in page
    assert "<td>9</td>" in page  # 6 + 3 credits
    assert reverse("records:clr", args=["bingham"]) in page


def test_a_record_with_nothing_yet_says_so(stack):  # noqa: F811
    client = signed_in(stack.learner.user)
    response = client.get(reverse("records:record", args=["bingham"]))
    assert response.status_code == 200
    assert "No badge here yet" in response.content.decode()
    assert client.get(reverse("records:clr", args=["bingham"])).status_code == 404


@pytest.mark.parametrize("name", ["record", "clr"])
def test_only_a_learner_there_sees_a_record(stack, earned, people, name):  # noqa: F811
    url = reverse(f"records:{name}", args=["bingham"])
    assert signed_in(UserFactory()).get(url).status_code == 404
    assert signed_in(people["admin"]).get(url).status_code == 404
    assert signed_in(stack.learner.user).get(reverse(f"records:{name}", args=["nowhere"])).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:sign-in"))


def test_another_learner_gets_their_own_record_not_adas(stack, earned):  # noqa: F811
    other = LearnerFactory(institution=stack.learner.institution)
    response = signed_in(other.user).get(reverse("records:record", args=["bingham"]))
    assert response.status_code == 200
    assert "Robotics" not in response.content.decode()
    assert signed_in(other.user).get(reverse("records:clr", args=["bingham"])).status_code == 404
