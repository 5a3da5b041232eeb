"""insert_rows writes what bulk_create would: every field type prepared for the database at hand, defaults
filled in, constraints enforced, all inside the caller's transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from microcred.core.fastinsert import insert_rows
from microcred.learners.models import Completion, Enrollment
from tests.factories import CourseFactory, LearnerFactory, PublishedVersionFactory

pytestmark = pytest.mark.django_db


def daily_results(institution, count: int) -> list[dict]:
    """``count`` results of one learner in one course, one a day from 2020-01-01 (so none collide)."""
    learner = LearnerFactory(institution=institution)
    course = CourseFactory(institution=institution)
    first = date(2020, 1, 1).toordinal()
    return [
        {"learner_id": learner.pk, "course_id": course.pk, "completed_on": date.fromordinal(first + n)}
        for n in range(count)
    ]


def test_values_and_defaults_round_trip(institution) -> None:
    learner = LearnerFactory(institution=institution)
    course = CourseFactory(institution=institution)
    chosen = uuid.uuid4()
    count = insert_rows(
        Completion,
        [
            {
                "uuid": chosen,
                "learner_id": learner.pk,
                "course_id": course.pk,
                "completed_on": date(2026, 5, 4),
                "grade": "A-",
                "hours": Decimal("12.50"),
                "evidence_narrative": "Built a robot ✓",
            },
            {"learner_id": learner.pk, "course_id": course.pk, "completed_on": date(2026, 5, 5)},
        ],
    )
    assert count == 2
    first = Completion.objects.get(uuid=chosen)
    assert (first.completed_on, first.grade, first.hours) == (date(2026, 5, 4), "A-", Decimal("12.50"))
    assert first.evidence_narrative == "Built a robot ✓"
    assert (first.result, first.source, first.evidence_file.name) == ("passed", "manual", "")
    second = Completion.objects.get(completed_on=date(2026, 5, 5))
    assert second.uuid != first.uuid  # each row gets its own default uuid
    assert second.hours is None
    assert second.recorded_at is not None


def test_default_uuids_are_random_version_4_and_distinct(institution) -> None:
    """Default uuid4 ids are made from randomness read for many rows at a time: each row still gets its
    own, a valid RFC 4122 version 4 uuid, however many rows (the buffer is refilled as it runs out)."""
    rows = daily_results(institution, 3000)
    assert insert_rows(Completion, rows) == 3000
    made = list(Completion.objects.values_list("uuid", flat=True))
    assert len(set(made)) == 3000
    assert {(u.version, u.variant) for u in made} == {(4, uuid.RFC_4122)}
    assert len({u.int >> 64 for u in made}) == 3000  # no half repeats either


def test_a_constraint_violation_raises_and_keeps_nothing(institution) -> None:
    learner = LearnerFactory(institution=institution)
    course = CourseFactory(institution=institution)
    row = {"learner_id": learner.pk, "course_id": course.pk, "completed_on": date(2026, 5, 4)}
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Completion, [row, dict(row)])
    assert not Completion.objects.exists()


def test_nothing_to_insert(institution) -> None:
    assert insert_rows(Enrollment, []) == 0


def test_foreign_keys_and_choices(institution) -> None:
    learner = LearnerFactory(institution=institution)
    version = PublishedVersionFactory(micro_credential__institution=institution)
    insert_rows(
        Enrollment,
        [
            {
                "learner_id": learner.pk,
                "micro_credential_id": version.micro_credential_id,
                "version_id": version.pk,
                "source": "stacking",
                "status": "completed",
            }
        ],
    )
    enrollment = Enrollment.objects.get()
    assert (enrollment.version, enrollment.source, enrollment.get_status_display()) == (
        version,
        "stacking",
        "Completed",
    )


def test_a_large_insert_refreshes_the_planner_statistics_on_postgresql(institution, monkeypatch) -> None:
    from django.db import connection

    from microcred.core import fastinsert

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    monkeypatch.setattr(fastinsert, "ANALYZE_AFTER", 40)
    learner = LearnerFactory(institution=institution)
    course = CourseFactory(institution=institution)

    def estimated_rows() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Completion._meta.db_table])
            return cursor.fetchone()[0]

    rows = [
        {"learner_id": learner.pk, "course_id": course.pk, "completed_on": date(2026, 1, 1 + n % 28)}
        for n in range(28)
    ]
    insert_rows(Completion, rows)  # under the threshold: not analyzed (autovacuum may do it some day)
    more = [{**row, "completed_on": date(2025, 1 + n % 12, 1 + n % 28)} for n, row in enumerate(rows * 2)]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL default_statistics_target = 77")
    insert_rows(Completion, more[:40])
    assert estimated_rows() == 68  # both inserts, uncommitted, counted by the ANALYZE in this transaction
    with connection.cursor() as cursor:  # its small sample was set for the ANALYZE alone
        cursor.execute("SHOW default_statistics_target")
        assert cursor.fetchone()[0] == "77"


def test_json_is_written_as_the_standard_library_would_read_it(institution) -> None:
    """JSON columns are written by orjson (much faster for the large signed credentials): what reads back
    is what was given, with quotes, back-slashes, control characters and non-ASCII text intact, and
    non-string keys written as strings, as ``json.dumps`` writes them."""
    from microcred.institutions.models import Policy, PolicyChange

    policy = Policy.objects.get(institution=institution)
    tricky = {
        "name": 'Zoë "Z" O\'Brien \\ 名前\tand\nmore \u001f',
        "nested": [{"a": [1, 2.5, None, True, False]}, {"b": {"c": "d"}}],
        "big": 2**60,
        "empty": {},
    }
    insert_rows(
        PolicyChange,
        [
            {"policy_id": policy.pk, "new": tricky, "old": {1: "one", "2": "two"}},
            {"policy_id": policy.pk, "new": []},
        ],
    )
    first, second = PolicyChange.objects.order_by("pk")
    assert first.new == tricky
    assert first.old == {"1": "one", "2": "two"}
    assert (second.new, second.old) == ([], None)


def test_json_refuses_what_json_cannot_hold(institution) -> None:
    from microcred.institutions.models import Policy, PolicyChange

    policy = Policy.objects.get(institution=institution)
    with pytest.raises(TypeError), transaction.atomic():
        insert_rows(PolicyChange, [{"policy_id": policy.pk, "new": {"amount": Decimal("1.5")}}])
    assert not PolicyChange.objects.exists()


def test_values_of_another_type_are_converted_as_bulk_create_would(institution) -> None:
    """PostgreSQL's binary COPY takes only each column's own Python type: text for a uuid or a date, an
    int for a decimal, a number as text for a foreign key or a choice member are converted first."""
    learner = LearnerFactory(institution=institution)
    course = CourseFactory(institution=institution)
    chosen = uuid.uuid4()
    insert_rows(
        Completion,
        [
            {
                "uuid": str(chosen),
                "learner_id": str(learner.pk),
                "course_id": course.pk,
                "completed_on": "2026-05-04",
                "hours": 12,
                "result": Completion.Result.FAILED,
                "recorded_at": "2026-05-05T10:30:00+00:00",
            }
        ],
    )
    saved = Completion.objects.get(uuid=chosen)
    assert (saved.learner_id, saved.completed_on, saved.hours) == (
        learner.pk,
        date(2026, 5, 4),
        Decimal("12"),
    )
    assert saved.result == "failed"
    assert saved.recorded_at == datetime(2026, 5, 5, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize("bad_row", [0, 1, 2500], ids=["first row", "second row", "after 2,500 rows"])
def test_a_value_that_cannot_be_converted_says_which_and_keeps_nothing(institution, bad_row) -> None:
    """Also once the COPY has started (PostgreSQL prepares the rows as they are sent): the error is the
    conversion's, and nothing of the rows before it is kept."""
    rows = daily_results(institution, bad_row + 3)
    rows[bad_row]["uuid"] = "not-a-uuid"
    with pytest.raises(ValidationError, match="not a valid UUID"), transaction.atomic():
        insert_rows(Completion, rows)
    assert not Completion.objects.exists()
