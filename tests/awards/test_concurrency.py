"""Two completions arriving at the same moment award exactly once (PostgreSQL: real row locks).

Each thread is a separate database connection, as two web requests or two workers would be. The threads
wait on a barrier and record their result at the same instant; the learner's row lock serializes them, so
the second sees the first's result: the badge is awarded exactly once, never zero times and never twice.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from microcred.awards.models import Award
from microcred.learners import services as learner_services
from microcred.learners.models import Completion

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _race(stack, codes: list[str]) -> list[BaseException]:
    barrier = threading.Barrier(len(codes))
    errors: list[BaseException] = []

    def worker(code: str) -> None:
        try:
            barrier.wait(timeout=10)
            learner_services.record_completion(
                learner=stack.learner,
                data=learner_services.CompletionInput(
                    course=stack.courses[code], completed_on=date(2026, 5, 4)
                ),
            )
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.parametrize("attempt", range(3))
def test_the_two_last_completions_together_award_once(stack, attempt) -> None:
    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    assert _race(stack, ["ROB 101", "ROB 201"]) == []
    assert Completion.objects.filter(learner=stack.learner).count() == 2
    assert Award.objects.filter(learner=stack.learner).count() == 1


def test_the_same_last_completion_sent_twice_awards_once(stack) -> None:
    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    learner_services.record_completion(
        learner=stack.learner,
        data=learner_services.CompletionInput(course=stack.courses["ROB 101"], completed_on=date(2026, 5, 1)),
    )
    errors = _race(stack, ["ROB 201", "ROB 201"])
    assert errors == []
    assert Completion.objects.filter(learner=stack.learner).count() == 2
    assert Award.objects.filter(learner=stack.learner).count() == 1


def test_a_stack_and_its_parts_under_concurrency(stack) -> None:
    for version in (stack.robotics, stack.ml):
        learner_services.enroll_learner(learner=stack.learner, micro_credential=version.micro_credential)
    learner_services.record_completion(
        learner=stack.learner,
        data=learner_services.CompletionInput(course=stack.courses["ROB 101"], completed_on=date(2026, 5, 1)),
    )
    assert _race(stack, ["ROB 201", "CS 301", "CS 302"]) == []
    titles = sorted(Award.objects.filter(learner=stack.learner).values_list("version__title", flat=True))
    assert titles == ["Artificial Intelligence", "Machine Learning", "Robotics"]


def test_two_api_requests_at_the_same_moment_award_once(stack, people) -> None:
    """Through the whole request stack: two API calls at once, each with the last result that is needed."""
    from django.test import Client

    learner_services.enroll_learner(learner=stack.learner, micro_credential=stack.robotics.micro_credential)
    barrier = threading.Barrier(2)
    answers: list[int] = []
    errors: list[BaseException] = []
    url = f"/api/v1/institutions/{stack.learner.institution.slug}/completions"

    def request(code: str, who: str) -> None:
        client = Client()
        client.force_login(people[who])
        item = {"learner_email": "ada@example.edu", "course_code": code, "completed_on": "2026-05-04"}
        try:
            barrier.wait(timeout=10)
            answers.append(client.post(url, [item], content_type="application/json").status_code)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=request, args=("ROB 101", "registrar")),
        threading.Thread(target=request, args=("ROB 201", "admin")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert answers == [200, 200]
    assert Completion.objects.filter(learner=stack.learner).count() == 2
    assert Award.objects.filter(learner=stack.learner).count() == 1
