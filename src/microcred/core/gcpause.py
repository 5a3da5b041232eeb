"""Pause Python's cyclic garbage collector during bulk work.

A large import holds hundreds of thousands of live objects (rows, checked values, learners' facts) while
it allocates more; every full collection walks all of them, and the collector runs one each time the heap
has grown by a quarter. Measured on the awarding benchmark, collections took a fifth of the wall time of
an import and its signing. Bulk work creates hardly any reference cycles (its objects are freed by
reference counting as usual), so the collector is paused for its duration and resumed after, when the
few cycles left are collected. Nested pauses leave it paused until the outermost ends. The pause is for
the whole process (other threads collect nothing meanwhile): meant for imports and background tasks.
"""

from __future__ import annotations

import gc
from contextlib import ContextDecorator
from types import TracebackType


class collector_paused(ContextDecorator):
    """``with collector_paused():`` or ``@collector_paused()``: the cyclic collector off, then back on."""

    def __init__(self) -> None:
        self._resume = False

    def _recreate_cm(self) -> collector_paused:
        return collector_paused()  # one per call of a decorated function (calls may overlap in threads)

    def __enter__(self) -> None:
        self._resume = gc.isenabled()
        gc.disable()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._resume:
            gc.enable()
