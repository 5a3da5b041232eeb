"""Errors raised by services and caught at the edge (views, API) to become a clear message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input: where (a field name, a row number, a JSON path) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class MicrocredError(Exception):
    """Base class of every error a service raises on purpose."""


class InvalidInput(MicrocredError):
    """The input breaks a rule; ``problems`` says every place that is wrong, not just the first."""

    def __init__(self, problems: Iterable[Problem] | str, where: str = "") -> None:
        self.problems: list[Problem] = (
            [Problem(where, problems)] if isinstance(problems, str) else list(problems)
        )
        super().__init__("; ".join(str(p) for p in self.problems))

    def by_field(self) -> dict[str, list[str]]:
        """Problems grouped by where they are, for forms."""
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.where, []).append(problem.message)
        return grouped


class NotAllowed(MicrocredError):
    """The person may not do this (views turn it into a 403)."""
