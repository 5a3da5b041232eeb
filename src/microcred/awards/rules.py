"""The requirement engine and eligibility rules: pure decisions, no database.

:func:`evaluate` walks a version's requirement tree (``catalog.requirements.Group``) against what a learner
has done: passed results by course and current awards by micro-credential. It answers both questions a
learner asks: *have I earned it?* (``Evaluation.satisfied``) and *what is missing?* (``Evaluation.missing``,
plain sentences). Every node of the answer says why it is or is not satisfied, so a page can draw the tree.

:func:`enrollment_problems` decides whether a learner may enroll without staff overriding a check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from microcred.catalog.requirements import CourseItem, CredentialItem, Group, Item

NodeState = Literal["done", "failed", "in_progress", "todo"]


@dataclass(frozen=True)
class Result:
    """One result of a learner in a course (the facts the engine needs from a ``Completion``)."""

    ref: str  # the completion's uuid, kept so the award can cite its evidence
    course_id: int
    result: Literal["passed", "failed", "in_progress"]
    completed_on: date
    hours: Decimal | None = None
    grade: str = ""


@dataclass(frozen=True)
class Held:
    """A current award of the learner (active or expired; suspended and revoked ones do not count)."""

    ref: str  # the award's uuid
    micro_credential_id: int


@dataclass(frozen=True)
class Facts:
    """Everything the engine knows about one learner."""

    results: Sequence[Result] = ()
    held: Sequence[Held] = ()

    def passed(self, course_id: int) -> Result | None:
        """The most recent passed result in the course, if any."""
        best: Result | None = None
        for r in self.results:
            if (
                r.course_id == course_id
                and r.result == "passed"
                and (best is None or r.completed_on > best.completed_on)
            ):
                best = r
        return best

    def latest(self, course_id: int) -> Result | None:
        best: Result | None = None
        for r in self.results:
            if r.course_id == course_id and (best is None or r.completed_on > best.completed_on):
                best = r
        return best

    def award_for(self, micro_credential_id: int) -> Held | None:
        for h in self.held:
            if h.micro_credential_id == micro_credential_id:
                return h
        return None


@dataclass(frozen=True)
class NodeResult:
    """The answer for one node of the tree."""

    kind: Literal["course", "credential", "group"]
    label: str
    satisfied: bool
    state: NodeState
    needed: int = 1  # items a group needs (all, or N); 1 for a course or credential
    done: int = 0  # items satisfied
    children: tuple[NodeResult, ...] = ()
    course_id: int | None = None
    micro_credential_id: int | None = None
    evidence: Result | Held | None = None

    @property
    def remaining(self) -> int:
        return max(self.needed - self.done, 0)


@dataclass(frozen=True)
class Evaluation:
    """The whole answer: satisfied or not, the tree, what is missing, and what counted."""

    satisfied: bool
    root: NodeResult
    missing: tuple[str, ...]
    results_used: tuple[Result, ...] = field(default=())
    awards_used: tuple[Held, ...] = field(default=())

    @property
    def progress(self) -> tuple[int, int]:
        """(items done, items needed) at the top level of the tree."""
        return self.root.done, self.root.needed


def _course_label(course_id: int, labels: Mapping[tuple[str, int], str]) -> str:
    return labels.get(("course", course_id), f"course #{course_id}")


def _credential_label(credential_id: int, labels: Mapping[tuple[str, int], str]) -> str:
    return labels.get(("credential", credential_id), f"micro-credential #{credential_id}")


def _node(item: Item, facts: Facts, labels: Mapping[tuple[str, int], str]) -> NodeResult:
    if isinstance(item, CourseItem):
        label = _course_label(item.course_id, labels)
        passed = facts.passed(item.course_id)
        if passed is not None:
            return NodeResult(
                "course", label, True, "done", done=1, course_id=item.course_id, evidence=passed
            )
        latest = facts.latest(item.course_id)
        state: NodeState = (
            "todo" if latest is None else ("failed" if latest.result == "failed" else "in_progress")
        )
        return NodeResult("course", label, False, state, course_id=item.course_id, evidence=latest)
    if isinstance(item, CredentialItem):
        label = _credential_label(item.micro_credential_id, labels)
        held = facts.award_for(item.micro_credential_id)
        return NodeResult(
            "credential",
            label,
            held is not None,
            "done" if held is not None else "todo",
            done=1 if held is not None else 0,
            micro_credential_id=item.micro_credential_id,
            evidence=held,
        )
    children = tuple(_node(child, facts, labels) for child in item.items)
    needed = _needed(item)
    done = sum(1 for c in children if c.satisfied)
    satisfied = done >= needed
    started = any(c.state != "todo" for c in children)
    group_state: NodeState = "done" if satisfied else ("in_progress" if started else "todo")
    label = item.label or ("All of" if item.rule == "all" else f"At least {needed} of")
    return NodeResult("group", label, satisfied, group_state, needed=needed, done=done, children=children)


def _needed(group: Group) -> int:
    """How many of a group's items it needs: all, or its minimum."""
    return len(group.items) if group.rule == "all" else (group.minimum or 0)


def _describe_missing(node: NodeResult, out: list[str]) -> None:
    if node.satisfied:
        return
    if node.kind == "course":
        if node.state == "failed":
            out.append(f"Pass {node.label} (the latest result was not a pass)")
        elif node.state == "in_progress":
            out.append(f"Complete {node.label} (in progress)")
        else:
            out.append(f"Complete {node.label}")
        return
    if node.kind == "credential":
        out.append(f"Earn the micro-credential {node.label}")
        return
    open_children = [c for c in node.children if not c.satisfied]
    if node.done + len(open_children) == node.needed or node.needed == len(node.children):
        for child in open_children:
            _describe_missing(child, out)
        return
    # "At least N of": name the choice instead of every open item.
    choices = ", ".join(c.label for c in open_children)
    more = node.remaining
    out.append(f"Complete {more} more of: {choices}")


def _used(node: NodeResult, results: list[Result], awards: list[Held]) -> None:
    if not node.satisfied:
        return
    if isinstance(node.evidence, Result):
        results.append(node.evidence)
    elif isinstance(node.evidence, Held):
        awards.append(node.evidence)
    for child in node.children:
        _used(child, results, awards)


def evaluate(tree: Group, facts: Facts, labels: Mapping[tuple[str, int], str] | None = None) -> Evaluation:
    """Evaluate ``tree`` against ``facts``.

    ``labels`` names the items for people (("course", id) → "MNT 210 Vacuum Technology", ("credential",
    id) → "Robotics"). An empty tree is never satisfied: a micro-credential without requirements can only
    be awarded by hand.
    """
    labels = labels or {}
    root = _node(tree, facts, labels)
    if not tree.items:
        return Evaluation(False, root, ("This micro-credential has no requirements to complete yet",))
    missing: list[str] = []
    _describe_missing(root, missing)
    results: list[Result] = []
    awards: list[Held] = []
    _used(root, results, awards)
    return Evaluation(root.satisfied, root, tuple(missing), tuple(results), tuple(awards))


def satisfied(tree: Group, passed: Set[int], held: Set[int]) -> bool:
    """Whether ``tree`` is satisfied by passes in the courses ``passed`` and current awards of the
    micro-credentials ``held``: the verdict of :func:`evaluate` (same rules, an empty tree is never
    satisfied) without building the answer, for deciding many learners at once."""
    return bool(tree.items) and _satisfied(tree, passed, held)


def _satisfied(item: Item, passed: Set[int], held: Set[int]) -> bool:
    if isinstance(item, CourseItem):
        return item.course_id in passed
    if isinstance(item, CredentialItem):
        return item.micro_credential_id in held
    needed = _needed(item)
    done = 0
    for child in item.items:
        if _satisfied(child, passed, held):
            done += 1
            if done >= needed:
                return True
    return done >= needed


def total_hours(results: Sequence[Result], course_hours: Mapping[int, Decimal | None]) -> Decimal:
    """Hours earned: each result's own hours, else the course's (credit or contact) hours."""
    total = Decimal(0)
    for r in results:
        hours = r.hours if r.hours is not None else course_hours.get(r.course_id)
        total += hours or Decimal(0)
    return total


# Eligibility -----------------------------------------------------------------------------------------------

_LEVEL_RANK = {"undergraduate": 0, "professional": 0, "graduate": 1}


@dataclass(frozen=True)
class EnrollmentFacts:
    """What eligibility depends on."""

    version_status: str
    terminates_on: date | None
    credential_level: str
    learner_level: str
    already_enrolled: bool
    already_holds: bool
    prerequisites: str = ""
    confirmed_prerequisites: bool = False


@dataclass(frozen=True)
class Problem:
    """A reason not to enroll; staff may enroll past an ``overridable`` one, giving a reason."""

    code: str
    message: str
    overridable: bool


def enrollment_problems(facts: EnrollmentFacts, *, today: date) -> list[Problem]:
    """Why a learner may not enroll (empty when they may)."""
    problems: list[Problem] = []
    if facts.version_status != "published":
        problems.append(Problem("closed", "This micro-credential is not open for enrollment.", False))
    elif facts.terminates_on is not None and facts.terminates_on <= today:
        when = f"{facts.terminates_on:%B} {facts.terminates_on.day}, {facts.terminates_on.year}"
        problems.append(
            Problem("terminated", f"This micro-credential closed to new learners on {when}.", False)
        )
    if facts.already_enrolled:
        problems.append(Problem("enrolled", "Already enrolled in this micro-credential.", False))
    if facts.already_holds:
        problems.append(Problem("holds", "Already holds this micro-credential.", False))
    if _LEVEL_RANK.get(facts.credential_level, 0) > _LEVEL_RANK.get(facts.learner_level, 0):
        problems.append(
            Problem("level", "This is a graduate-level micro-credential; it needs graduate standing.", True)
        )
    if facts.prerequisites.strip() and not facts.confirmed_prerequisites:
        problems.append(Problem("prerequisites", "Confirm that the prerequisites are met.", True))
    return problems
