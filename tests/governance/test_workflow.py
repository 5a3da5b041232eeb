"""The review workflow as a pure state machine."""

from __future__ import annotations

import pytest

from microcred.governance.workflow import Action, Position, State, TransitionError, allowed_actions, apply


def test_a_proposal_passes_every_stage_in_order_then_waits_for_publication():
    position = apply(Position(State.DRAFT), Action.SUBMIT, stage_count=3)
    assert position == Position(State.IN_REVIEW, 1)
    position = apply(position, Action.APPROVE, 3)
    assert position == Position(State.IN_REVIEW, 2)
    position = apply(apply(position, Action.APPROVE, 3), Action.APPROVE, 3)
    assert position == Position(State.APPROVED)
    assert apply(position, Action.PUBLISH, 3) == Position(State.PUBLISHED)


def test_changes_requested_at_a_stage_return_there_on_resubmission():
    at_two = Position(State.IN_REVIEW, 2)
    back = apply(at_two, Action.REQUEST_CHANGES, 3)
    assert back == Position(State.CHANGES_REQUESTED, 0, returned_from=2)
    assert apply(back, Action.RESUBMIT, 3) == Position(State.IN_REVIEW, 2)


@pytest.mark.parametrize("state", [State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED])
def test_open_proposals_can_be_withdrawn(state):
    assert (
        apply(Position(state, 1 if state == State.IN_REVIEW else 0), Action.WITHDRAW, 2).state
        == State.WITHDRAWN
    )


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.DRAFT, Action.APPROVE),
        (State.DRAFT, Action.PUBLISH),
        (State.IN_REVIEW, Action.PUBLISH),
        (State.APPROVED, Action.APPROVE),
        (State.PUBLISHED, Action.WITHDRAW),
        (State.REJECTED, Action.RESUBMIT),
    ],
)
def test_impossible_transitions_say_what_is_possible(state, action):
    with pytest.raises(TransitionError, match="possible:"):
        apply(Position(state, 1 if state == State.IN_REVIEW else 0), action, 2)


def test_an_institution_without_stages_cannot_take_submissions():
    assert Action.SUBMIT not in allowed_actions(Position(State.DRAFT), 0)
    with pytest.raises(TransitionError, match="no stage"):
        apply(Position(State.DRAFT), Action.SUBMIT, 0)


def test_rejection_is_final():
    rejected = apply(Position(State.IN_REVIEW, 1), Action.REJECT, 2)
    assert rejected.state == State.REJECTED
    assert allowed_actions(rejected, 2) == []
