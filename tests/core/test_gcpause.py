"""The garbage collector pause for bulk work."""

from __future__ import annotations

import gc

import pytest

from microcred.core.gcpause import collector_paused


@pytest.fixture(autouse=True)
def _collector_on():
    assert gc.isenabled()
    yield
    gc.enable()


def test_paused_inside_and_resumed_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_resume_only_when_the_outermost_ends():
    @collector_paused()
    def inner() -> bool:
        return gc.isenabled()

    with collector_paused():
        assert inner() is False
        assert not gc.isenabled(), "the inner pause ending does not resume the collector"
    assert gc.isenabled()


def test_resumed_when_the_work_fails():
    @collector_paused()
    def failing() -> None:
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        failing()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
