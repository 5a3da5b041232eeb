"""The awarding benchmark's data: catalog, learners, enrollments and the completions CSV, all deterministic.

No Django here: ``bench_awarding.py`` builds the database from :data:`COURSES`, :data:`CREDENTIALS` and
:func:`plan`, and writes the CSV from the same plan, so the parent process (which writes the CSV once) and
each database's worker process (which creates the learners and enrollments) agree without sharing state.

The mix, per learner (``random.Random(seed)``, so the same sizes always give the same file):

* 80% *single*: enrolled in one of the four "all of 3 courses" micro-credentials (a quarter of them also
  in a second one they do not finish); three passed results for it, one failed earlier attempt at one of
  its courses, one elective or in-progress result → 5 rows, 1 award;
* 10% *stack*: enrolled in Robotics and Machine Learning; six passed results → 6 rows, 3 awards (the two
  parts and, in cascade, the Artificial Intelligence stack they make, without enrolling in it);
* 10% *unfinished*: two passed results, one failed, one elective → 4 rows, no award.

That is 5 rows and 1.1 awards per learner on average. ``completions`` other than 5 x ``learners`` adds
(or drops, from the end) elective rows, which award nothing.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SEED = 20261123

#: The 20 courses: code, title, credit hours, contact hours.
COURSES: list[tuple[str, str, int, int]] = [
    (f"BEN {100 + i}", title, 3 if i % 4 else 1, 45 if i % 4 else 15)
    for i, title in enumerate(
        [
            "Robot Kinematics",
            "Robot Control",
            "Embedded Systems",
            "Machine Learning",
            "Deep Learning",
            "Data Engineering",
            "Cloud Foundations",
            "Networks",
            "Security Operations",
            "Project Management",
            "Agile Delivery",
            "Leadership Lab",
            "Technical Writing",
            "Statistics",
            "Ethics in Computing",
            "Design Thinking",
            "Entrepreneurship Seminar",
            "Public Speaking Workshop",
            "Capstone Preparation",
            "Career Readiness",
        ]
    )
]
CODES = [code for code, *_ in COURSES]
ELECTIVES = CODES[12:]  # in no requirement tree


@dataclass(frozen=True)
class CredentialSpec:
    slug: str
    title: str
    courses: tuple[str, ...] = ()  # "all of" these course codes
    parts: tuple[str, ...] = ()  # "all of" these micro-credentials (a stack)
    validity_months: int | None = None


#: The five published micro-credentials: four "all of 3 courses", one stack of the first two.
CREDENTIALS: list[CredentialSpec] = [
    CredentialSpec("robotics", "Robotics", tuple(CODES[0:3]), validity_months=36),
    CredentialSpec("machine-learning", "Machine Learning", tuple(CODES[3:6])),
    CredentialSpec("cloud-security", "Cloud Security", tuple(CODES[6:9]), validity_months=24),
    CredentialSpec("project-leadership", "Project Leadership", tuple(CODES[9:12])),
    CredentialSpec(
        "artificial-intelligence", "Artificial Intelligence", parts=("robotics", "machine-learning")
    ),
]
BASICS = [spec for spec in CREDENTIALS if spec.courses]
BY_SLUG = {spec.slug: spec for spec in CREDENTIALS}


@dataclass(frozen=True)
class Row:
    """One CSV row: a learner's result in a course on a day."""

    learner: str  # institutional id
    course: str  # course code
    completed_on: date
    result: str  # passed / failed / in_progress
    grade: str
    hours: str


@dataclass
class Plan:
    learner_ids: list[str]
    enrollments: list[list[str]]  # per learner: slugs enrolled in
    rows: list[Row]
    expected_awards: int
    kinds: dict[str, int] = field(default_factory=dict)


def learner_id(number: int) -> str:
    return f"S{number:08d}"


def plan(learners: int, completions: int | None = None, seed: int = SEED) -> Plan:
    """The learners, their enrollments and their results (in CSV order: by term, like an SIS export)."""
    rng = random.Random(seed)
    start = date(2025, 1, 13)
    ids = [learner_id(n + 1) for n in range(learners)]
    enrollments: list[list[str]] = []
    rows: list[Row] = []
    expected = 0
    kinds = {"single": 0, "stack": 0, "unfinished": 0}

    def day() -> date:
        return start + timedelta(days=rng.randrange(0, 500))

    def passed(who: str, code: str, on: date | None = None) -> Row:
        grade = rng.choice(["A", "A-", "B+", "B", "B-", "C+", "C"])
        return Row(who, code, on or day(), "passed", grade, "")

    def failed(who: str, code: str, before: date) -> Row:
        return Row(who, code, before - timedelta(days=rng.randrange(90, 200)), "failed", "F", "")

    for who in ids:
        draw = rng.random()
        if draw < 0.10:
            kinds["stack"] += 1
            enrollments.append(["robotics", "machine-learning"])
            rows.extend(passed(who, code) for code in BY_SLUG["robotics"].courses)
            rows.extend(passed(who, code) for code in BY_SLUG["machine-learning"].courses)
            expected += 3
        elif draw < 0.20:
            kinds["unfinished"] += 1
            spec = rng.choice(BASICS)
            enrollments.append([spec.slug])
            first, second, third = spec.courses
            rows.append(passed(who, first))
            rows.append(passed(who, second))
            rows.append(failed(who, third, day()))
            rows.append(passed(who, rng.choice(ELECTIVES)))
        else:
            kinds["single"] += 1
            spec = rng.choice(BASICS)
            slugs = [spec.slug]
            if rng.random() < 0.25:
                slugs.append(rng.choice([s for s in BASICS if s is not spec]).slug)
            enrollments.append(slugs)
            on = {code: day() for code in spec.courses}
            rows.extend(passed(who, code, on[code]) for code in spec.courses)
            retried = rng.choice(spec.courses)
            rows.append(failed(who, retried, on[retried]))
            if len(slugs) > 1:  # a first result toward the second one, still in progress
                rows.append(Row(who, BY_SLUG[slugs[1]].courses[0], day(), "in_progress", "", ""))
            else:
                rows.append(passed(who, rng.choice(ELECTIVES)))
            expected += 1

    if completions is not None:
        extra = 0
        while len(rows) < completions:  # more electives, on distinct days (the idempotency key)
            who = ids[extra % len(ids)]
            on = date(2026, 7, 1) + timedelta(days=extra // len(ids))
            rows.append(Row(who, ELECTIVES[extra % len(ELECTIVES)], on, "passed", "B", "3"))
            extra += 1
        surplus = len(rows) - completions
        if surplus > 0:  # drop electives (they award nothing), from the end
            elective = set(ELECTIVES)
            keep: list[Row] = []
            for row in reversed(rows):
                if surplus and row.course in elective:
                    surplus -= 1
                    continue
                keep.append(row)
            keep.reverse()
            rows = keep[:completions]
    rng.shuffle(rows)
    rows.sort(key=lambda row: row.completed_on)  # an SIS export, term by term (stable: shuffled in a day)
    return Plan(ids, enrollments, rows, expected, kinds)


#: CSV header written by :func:`write_csv`; ``bench_awarding.py`` maps it to the import's column names.
COLUMNS = ["learner", "course", "completed_on", "result", "grade", "hours"]


def write_csv(path: Path, rows: list[Row], header: list[str] | None = None) -> int:
    """Write ``rows`` under ``header`` (same order as :data:`COLUMNS`); return the file's size in bytes."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or COLUMNS)
        for row in rows:
            writer.writerow(
                [row.learner, row.course, row.completed_on.isoformat(), row.result, row.grade, row.hours]
            )
    return path.stat().st_size
