"""The review workflow as a pure state machine: which action is allowed in which state, and what follows.

A proposal (a new micro-credential, a change that makes the next version, or a termination) moves through
the institution's approval chain stage by stage. Who may act at a stage is decided in ``permissions``; this
module only knows states.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"  # every stage approved; waits for the office to publish
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    RESUBMIT = "resubmit"
    WITHDRAW = "withdraw"
    PUBLISH = "publish"


class TransitionError(Exception):
    """The action is not possible in the proposal's current state."""


@dataclass(frozen=True)
class Position:
    state: State
    stage: int = 0  # 1-based stage under review; 0 outside review
    returned_from: int = 0  # the stage that asked for changes, where a resubmission goes back to


ALLOWED: dict[Action, frozenset[State]] = {
    Action.SUBMIT: frozenset({State.DRAFT}),
    Action.APPROVE: frozenset({State.IN_REVIEW}),
    Action.REQUEST_CHANGES: frozenset({State.IN_REVIEW}),
    Action.REJECT: frozenset({State.IN_REVIEW}),
    Action.RESUBMIT: frozenset({State.CHANGES_REQUESTED}),
    Action.WITHDRAW: frozenset({State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED}),
    Action.PUBLISH: frozenset({State.APPROVED}),
}
EDITABLE_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})


def allowed_actions(position: Position, stage_count: int) -> list[Action]:
    """The actions the state allows (before asking who may take them)."""
    return [
        action
        for action, states in ALLOWED.items()
        if position.state in states and not (action == Action.SUBMIT and stage_count < 1)
    ]


def apply(position: Position, action: Action, stage_count: int) -> Position:
    """The position after ``action``; raises ``TransitionError`` naming what is possible instead."""
    if action not in allowed_actions(position, stage_count):
        if action == Action.SUBMIT and position.state == State.DRAFT:
            raise TransitionError("the institution's approval chain has no stage; ask the office to set one")
        possible = ", ".join(a.value.replace("_", " ") for a in allowed_actions(position, stage_count))
        raise TransitionError(
            f"cannot {action.value.replace('_', ' ')} a proposal that is "
            f"{position.state.value.replace('_', ' ')}"
            f"; possible: {possible or 'nothing'}"
        )
    if action == Action.SUBMIT:
        return Position(State.IN_REVIEW, 1)
    if action == Action.RESUBMIT:
        return Position(State.IN_REVIEW, max(1, position.returned_from))
    if action == Action.APPROVE:
        if position.stage >= stage_count:
            return Position(State.APPROVED)
        return Position(State.IN_REVIEW, position.stage + 1)
    if action == Action.REQUEST_CHANGES:
        return Position(State.CHANGES_REQUESTED, 0, returned_from=position.stage)
    if action == Action.REJECT:
        return Position(State.REJECTED)
    if action == Action.WITHDRAW:
        return Position(State.WITHDRAWN)
    return Position(State.PUBLISHED)
