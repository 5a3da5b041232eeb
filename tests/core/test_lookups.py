"""``__in_array``: the same rows as ``__in`` on every database (ids, foreign keys, UUIDs, dates, text)."""

from __future__ import annotations

from datetime import date

import pytest

from microcred.core.lookups import Array  # importing registers __in_array
from microcred.learners.models import Completion, Learner
from tests.factories import CourseFactory, LearnerFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 1, 2)


@pytest.fixture
def learners():
    first = LearnerFactory(institutional_id="X-0001")
    return [first, *(LearnerFactory(institution=first.institution) for _ in range(3))]


def pks(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_ids_uuids_and_text_match_what_in_matches(learners):
    a, b, c, d = learners
    for values in ([a.pk, c.pk], [], [d.pk, d.pk, 10**9]):
        assert pks(Learner.objects.filter(pk__in_array=values)) == pks(Learner.objects.filter(pk__in=values))
    by_uuid = Learner.objects.filter(uuid__in_array=[b.uuid, str(c.uuid)])
    assert pks(by_uuid) == sorted([b.pk, c.pk])
    assert pks(Learner.objects.filter(institutional_id__in_array=["X-0001", "nobody"])) == [a.pk]
    assert pks(Learner.objects.filter(user__email__in_array=[d.user.email])) == [d.pk]


def test_foreign_keys_and_dates(learners):
    a, b, *_ = learners
    course = CourseFactory(institution=a.institution)
    done = Completion.objects.create(learner=a, course=course, completed_on=DAY)
    Completion.objects.create(learner=b, course=course, completed_on=date(2026, 1, 3))
    found = Completion.objects.filter(learner_id__in_array=[a.pk], completed_on__in_array=[DAY])
    assert pks(found) == [done.pk]
    assert pks(Completion.objects.filter(learner__in_array=[a.pk, b.pk])) == pks(Completion.objects.all())
    assert not Completion.objects.filter(completed_on__in_array=[date(2025, 1, 1)]).exists()


def test_many_values_in_one_parameter(learners):
    """More values than SQLite allows variables in one statement (999 in older builds)."""
    many = [learner.pk for learner in learners] + list(range(10**6, 10**6 + 5000))
    assert pks(Learner.objects.filter(pk__in_array=many)) == pks(Learner.objects.all())


def test_values_as_an_array_and_of_mixed_types(learners):
    """``Array`` (passed to the lookup as it is) finds what a list finds; ints and UUIDs take the short way
    (one array literal), a mix with their text takes the field's, with the same rows."""
    a, b, c, _ = learners
    for values in ([a.pk, c.pk], [], [b.pk, 10**12, -1]):
        assert pks(Learner.objects.filter(pk__in_array=Array(values))) == pks(
            Learner.objects.filter(pk__in=values)
        )
    assert pks(Learner.objects.filter(pk__in_array=Array(iter([b.pk])))) == [b.pk]
    assert pks(Learner.objects.filter(pk__in_array=Array([a.pk, str(b.pk)]))) == sorted([a.pk, b.pk])
    assert pks(Learner.objects.filter(uuid__in_array=Array([a.uuid, c.uuid]))) == sorted([a.pk, c.pk])
    assert pks(Learner.objects.filter(uuid__in_array=Array([a.uuid, str(c.uuid)]))) == sorted([a.pk, c.pk])
    course = CourseFactory(institution=a.institution)
    done = Completion.objects.create(learner=b, course=course, completed_on=DAY)
    found = Completion.objects.filter(
        learner_id__in_array=Array([b.pk]), course_id__in_array=Array({course.pk})
    )
    assert pks(found) == [done.pk]


def test_a_single_value_is_refused():
    with pytest.raises(TypeError, match="list of values"):
        list(Learner.objects.filter(pk__in_array=5))
    with pytest.raises(TypeError, match="list of values"):
        list(Learner.objects.filter(institutional_id__in_array="X-0001"))
