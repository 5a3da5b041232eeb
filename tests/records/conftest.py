"""Shared by the download and learner-record tests: a learner who has earned signed awards, and a fetch
function that answers did:web and status-list requests from the Django test client."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from microcred.learners import services as learner_services
from microcred.openbadges.keys.resolver import default_resolver
from microcred.signing import services as signing_services
from tests.awards.conftest import Stack

DAY = date(2026, 5, 4)


def fetch_from_test_client(url: str) -> Any:
    """did:web resolution (https) and status lists (http://testserver) answered by the test client."""
    parts = urlsplit(url)
    if parts.netloc != "testserver":
        raise LookupError(f"not this server: {url}")
    response = Client().get(parts.path)
    if response.status_code != 200:
        raise LookupError(f"{url}: {response.status_code}")
    return json.loads(response.content)


def resolver() -> Any:
    return default_resolver(fetch_from_test_client, allow_embedded=False)


def earn(stack: Stack, *codes: str, capture: Any) -> list[Any]:
    """Enroll the stack's learner in everything, record passes for ``codes``; the signed awards they earn."""
    for version in (stack.robotics, stack.ml, stack.ai):
        learner_services.enroll_learner(learner=stack.learner, micro_credential=version.micro_credential)
    awards = []
    with capture(execute=True):
        for code in codes:
            outcome = learner_services.record_completion(
                learner=stack.learner,
                data=learner_services.CompletionInput(
                    course=stack.courses[code], completed_on=DAY, result="passed", grade="A"
                ),
            )
            awards += outcome.awards
    for award in awards:
        award.refresh_from_db()
    return awards


@pytest.fixture(autouse=True)
def _empty_key_cache():
    signing_services.clear_key_cache()
    yield
    signing_services.clear_key_cache()
