"""What changed between two versions of a proposal's content, field by field, for reviewers.

Pure functions over the JSON form of ``VersionContent`` (a review snapshot, or the live content dumped with
``mode="json"``). Names of courses, stacked micro-credentials and competencies come in as a mapping, so the
diff itself needs no database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Every field of ``VersionContent``, in the order the proposal form shows them, with the label people see.
FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "summary": "Summary",
    "purpose": "Purpose",
    "market_need": "Market need",
    "industry_partners": "Industry partners",
    "objectives": "Learning objectives",
    "competency_ids": "Competencies",
    "requirements": "Requirements",
    "credit_type": "Credit type",
    "level": "Level",
    "prerequisites": "Prerequisites",
    "eligibility": "Eligibility",
    "modality": "Modality",
    "audiences": "Audiences",
    "fees": "Fees",
    "no_fees": "No fees",
    "financial_aid": "Financial aid",
    "transferability": "Transferability",
    "stackability": "Stackability",
    "stacks_toward": "Stacks toward",
    "open_electives": "Open electives",
    "transcript": "Transcript",
    "validity_months": "Valid for (months)",
    "recertification": "Recertification",
    "badge_design": "Badge design",
    "criteria": "Criteria",
    "tags": "Tags",
    "issuance_plan": "Issuance plan",
}

# The words people see for the choice fields' stored values.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "credit_type": {"credit": "Credit", "noncredit": "Non-credit"},
    "level": {"undergraduate": "Undergraduate", "graduate": "Graduate", "professional": "Professional"},
    "modality": {"online": "Online", "on_campus": "On campus", "hybrid": "Hybrid"},
    "transcript": {"on_transcript": "On the transcript", "not_on_transcript": "Not on the transcript"},
}

Names = Mapping[tuple[str, int], str]


@dataclass(frozen=True)
class FieldChange:
    """One changed field: a text or value going from ``old`` to ``new``, or list items added and removed."""

    field: str
    label: str
    old: str = ""
    new: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class RequirementLine:
    """One line of a requirement tree as shown to people: a group ("All of") or an item, at a depth."""

    depth: int
    text: str
    is_group: bool = False


def label_of(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _group_text(node: Mapping[str, Any]) -> str:
    text = "All of" if node.get("rule", "all") == "all" else f"At least {node.get('minimum')} of"
    return f"{text} ({node['label']})" if node.get("label") else text


def _item_text(node: Mapping[str, Any], names: Names) -> str:
    if node.get("kind") == "course":
        return names.get(("course", int(node["course_id"])), f"Course #{node['course_id']}")
    if node.get("kind") == "credential":
        key = int(node["micro_credential_id"])
        return names.get(("credential", key), f"Micro-credential #{key}")
    return json.dumps(node, sort_keys=True)


def requirement_lines(tree: Mapping[str, Any] | None, names: Names) -> list[RequirementLine]:
    """The tree as indented lines, depth first (empty when there are no requirements)."""
    lines: list[RequirementLine] = []

    def walk(node: Mapping[str, Any], depth: int) -> None:
        if node.get("kind", "group") == "group":
            lines.append(RequirementLine(depth, _group_text(node), is_group=True))
            for item in node.get("items", []):
                walk(item, depth + 1)
        else:
            lines.append(RequirementLine(depth, _item_text(node, names)))

    if tree and tree.get("items"):
        walk(tree, 0)
    return lines


def _requirement_paths(tree: Mapping[str, Any] | None, names: Names) -> list[str]:
    """Each item with the groups above it ("All of / At least 1 of / MNT 210"), to compare."""
    paths: list[str] = []

    def walk(node: Mapping[str, Any], above: tuple[str, ...]) -> None:
        if node.get("kind", "group") == "group":
            here = (*above, _group_text(node))
            for item in node.get("items", []):
                walk(item, here)
        else:
            paths.append(" / ".join((*above, _item_text(node, names))))

    if tree and tree.get("items"):
        walk(tree, ())
    return paths


def _fee_text(fee: Mapping[str, Any]) -> str:
    return f"{fee.get('label', '')}: {fee.get('amount', '')} {fee.get('currency', '')}".strip()


def _stack_text(stack: Mapping[str, Any]) -> str:
    credits = f", {stack['credits']} credits" if stack.get("credits") not in (None, "") else ""
    return f"{stack.get('name', '')} ({stack.get('kind', '')}{credits})"


def _badge_text(design: Mapping[str, Any] | None) -> str:
    if not design:
        return ""
    parts = [f"{design.get('shape', '')} shape", f"{design.get('icon', '')} icon"]
    parts.append(f"colours {design.get('background', '')} on {design.get('foreground', '')}")
    if design.get("label"):
        parts.append(f"label “{design['label']}”")
    return ", ".join(parts)


def list_items(field: str, value: Any, names: Names) -> list[str] | None:
    """A list-like field as the items people compare (``None`` for fields that are a single value)."""
    if field == "requirements":
        return _requirement_paths(value, names)
    if field == "competency_ids":
        return [names.get(("competency", int(pk)), f"Competency #{pk}") for pk in value or []]
    if field == "fees":
        return [_fee_text(fee) for fee in value or []]
    if field == "stacks_toward":
        return [_stack_text(stack) for stack in value or []]
    if isinstance(value, list):
        return [str(item) for item in value]
    return None


def value_text(field: str, value: Any) -> str:
    """A single-valued field as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field == "badge_design":
        return _badge_text(value)
    if field in CHOICE_LABELS:
        return CHOICE_LABELS[field].get(str(value), str(value))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _ordered_difference(left: list[str], right: list[str]) -> tuple[str, ...]:
    missing = set(left) - set(right)
    return tuple(dict.fromkeys(item for item in left if item in missing))


def diff_content(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, *, names: Names | None = None
) -> list[FieldChange]:
    """The fields whose value differs, in form order; lists and requirement items as added and removed."""
    old, new, names = old or {}, new or {}, names or {}
    fields = [f for f in FIELD_LABELS if f in old or f in new]
    fields += sorted((set(old) | set(new)) - set(FIELD_LABELS))
    changes: list[FieldChange] = []
    for field in fields:
        before, after = old.get(field), new.get(field)
        if before == after:
            continue
        old_items, new_items = list_items(field, before, names), list_items(field, after, names)
        if old_items is not None or new_items is not None:
            old_items, new_items = old_items or [], new_items or []
            added = _ordered_difference(new_items, old_items)
            removed = _ordered_difference(old_items, new_items)
            if added or removed:
                changes.append(FieldChange(field, label_of(field), added=added, removed=removed))
            elif old_items != new_items:
                changes.append(  # the same items in another order
                    FieldChange(field, label_of(field), old="; ".join(old_items), new="; ".join(new_items))
                )
            continue
        old_text, new_text = value_text(field, before), value_text(field, after)
        if old_text != new_text:
            changes.append(FieldChange(field, label_of(field), old=old_text, new=new_text))
    return changes
