"""A small stack to award: two parts (Robotics, Machine Learning) and the stack they make (AI)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import CourseFactory, LearnerFactory, PublishedVersionFactory, requirement_tree


@dataclass
class Stack:
    courses: dict[str, Any]
    robotics: Any  # version: all of ROB 101, ROB 201
    ml: Any  # version: at least 1 of CS 301, CS 302
    ai: Any  # version: Robotics and Machine Learning
    learner: Any


@pytest.fixture
def stack(institution, department) -> Stack:
    courses = {
        code: CourseFactory(institution=institution, unit=department, code=code, title=title, credit_hours=3)
        for code, title in [
            ("ROB 101", "Robot Kinematics"),
            ("ROB 201", "Robot Control"),
            ("CS 301", "Machine Learning"),
            ("CS 302", "Deep Learning"),
        ]
    }
    robotics = PublishedVersionFactory(
        micro_credential__institution=institution,
        micro_credential__unit=department,
        micro_credential__slug="robotics",
        title="Robotics",
        requirements=requirement_tree(courses["ROB 101"].pk, courses["ROB 201"].pk),
        credit_hours_min=6,
        credit_hours_max=6,
        validity_months=24,
    )
    ml = PublishedVersionFactory(
        micro_credential__institution=institution,
        micro_credential__unit=department,
        micro_credential__slug="machine-learning",
        title="Machine Learning",
        requirements=requirement_tree(courses["CS 301"].pk, courses["CS 302"].pk, rule="at_least", minimum=1),
        credit_hours_min=3,
        credit_hours_max=3,
    )
    ai = PublishedVersionFactory(
        micro_credential__institution=institution,
        micro_credential__unit=department,
        micro_credential__slug="artificial-intelligence",
        title="Artificial Intelligence",
        requirements=requirement_tree(("mc", robotics.micro_credential_id), ("mc", ml.micro_credential_id)),
    )
    learner = LearnerFactory(
        institution=institution, user__full_name="Ada Learner", user__email="ada@example.edu"
    )
    return Stack(courses, robotics, ml, ai, learner)
