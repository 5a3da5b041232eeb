"""A first pass over the administration pages: the office sees them, a learner is refused."""

import pytest
from django.urls import reverse

PAGES = ["overview", "units", "people", "review-bodies", "policy", "policy-history"]


@pytest.mark.parametrize("page_name", PAGES)
def test_admin_sees_page(client_as, institution, page_name):
    response = client_as("admin").get(reverse(f"institutions:{page_name}", args=[institution.slug]))
    assert response.status_code == 200
    assert institution.name.encode() in response.content


@pytest.mark.parametrize("page_name", PAGES)
def test_learner_is_refused(client_as, institution, page_name):
    response = client_as("learner").get(reverse(f"institutions:{page_name}", args=[institution.slug]))
    assert response.status_code == 403
