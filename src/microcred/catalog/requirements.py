"""The requirement tree of a micro-credential version, as plain data.

A tree is a group ("all of" or "at least N of") whose items are courses or activities (by id, with the hours
they count for), assessments, other micro-credentials (stacking), or nested groups. It is stored as JSON on
the version and validated with these Pydantic models; the totals are computed here, never typed in by hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CourseItem(_Node):
    """A course, laboratory, workshop, seminar or assessment from the institution's course list."""

    kind: Literal["course"] = "course"
    course_id: int


class CredentialItem(_Node):
    """Another (published) micro-credential: how stacks are expressed."""

    kind: Literal["credential"] = "credential"
    micro_credential_id: int


class Group(_Node):
    """All of the items, or at least ``minimum`` of them."""

    kind: Literal["group"] = "group"
    rule: Literal["all", "at_least"] = "all"
    minimum: int | None = None
    label: str = ""
    items: list[Annotated[CourseItem | CredentialItem | Group, Field(discriminator="kind")]] = Field(
        default_factory=list
    )

    @model_validator(mode="after")
    def _check_minimum(self) -> Group:
        if self.rule == "at_least":
            if self.minimum is None or self.minimum < 1:
                raise ValueError("'at least N of' needs N of 1 or more")
            if self.minimum > len(self.items):
                raise ValueError(f"'at least {self.minimum} of' has only {len(self.items)} items")
        elif self.minimum is not None:
            raise ValueError("'all of' takes no minimum")
        return self


Group.model_rebuild()
Item = CourseItem | CredentialItem | Group


def parse_tree(data: object) -> Group:
    """Validate stored JSON into a tree (an empty tree when there is none yet)."""
    if not data:
        return Group()
    return Group.model_validate(data)


def walk(node: Item) -> Iterator[Item]:
    """Every node of the tree, depth first."""
    yield node
    if isinstance(node, Group):
        for item in node.items:
            yield from walk(item)


def course_ids(tree: Group) -> set[int]:
    return {n.course_id for n in walk(tree) if isinstance(n, CourseItem)}


def credential_ids(tree: Group) -> set[int]:
    return {n.micro_credential_id for n in walk(tree) if isinstance(n, CredentialItem)}


def minimum_hours(node: Item, hours: Mapping[tuple[str, int], Decimal]) -> Decimal:
    """The fewest hours a learner can complete the node with.

    ``hours`` maps ("course", id) and ("credential", id) to their hours (credit hours or training hours,
    whichever is being totalled). An "at least N" group counts its N smallest items.
    """
    if isinstance(node, CourseItem):
        return hours.get(("course", node.course_id), Decimal(0))
    if isinstance(node, CredentialItem):
        return hours.get(("credential", node.micro_credential_id), Decimal(0))
    parts = sorted(minimum_hours(item, hours) for item in node.items)
    if node.rule == "at_least":
        parts = parts[: node.minimum or 0]
    return sum(parts, Decimal(0))


def maximum_hours(node: Item, hours: Mapping[tuple[str, int], Decimal]) -> Decimal:
    """The most hours the node can take (an "at least N" group counting its N largest items)."""
    if not isinstance(node, Group):
        return minimum_hours(node, hours)
    parts = sorted((maximum_hours(item, hours) for item in node.items), reverse=True)
    if node.rule == "at_least":
        parts = parts[: node.minimum or 0]
    return sum(parts, Decimal(0))
