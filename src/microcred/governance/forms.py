"""Forms of the drafting pages: the proposal's three steps, the requirement editor, starting and submitting.

The forms only read what was typed; every rule about the content is checked by ``catalog.content`` (through
``governance.services.save_draft``), whose problems are shown back on the fields they name.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict

from microcred.catalog.content import CURRENCIES, BadgeDesign, StacksToward, VersionContent
from microcred.core.errors import InvalidInput, Problem

STEPS = {1: "The program", 2: "Badge information and metadata", 3: "Who will be issued"}
STEP_FIELDS: dict[int, tuple[str, ...]] = {
    1: (
        "title", "summary", "purpose", "market_need", "industry_partners", "objectives", "competency_ids",
        "credit_type", "level", "prerequisites", "eligibility", "modality", "audiences", "fees", "no_fees",
        "financial_aid", "transferability", "stackability", "stacks_toward", "open_electives", "transcript",
        "validity_months", "recertification",
    ),
    2: ("criteria", "tags"),
    3: ("issuance_plan",),
}  # fmt: skip
AUTOSAVE_FIELDS = frozenset(name for names in STEP_FIELDS.values() for name in names)
# Where a problem or a failed policy check points: the step and the anchor of the field on that step.
FIELD_ANCHORS: dict[str, tuple[int, str]] = {
    **{name: (step, f"f-{name}") for step, names in STEP_FIELDS.items() for name in names},
    "competencies": (1, "f-competency_ids"),
    "requirements": (1, "requirements"),
    "disclosures": (1, "disclosures"),
    "badge_image": (2, "badge"),
    "badge_design": (2, "badge"),
}
_LINES = frozenset({"objectives", "audiences"})
_BLANK_ROWS = 2


def _text(rows: int = 4, help_text: str = "", label: str | None = None) -> forms.CharField:
    return forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text, label=label
    )


def _choices(name: str) -> list[tuple[str, str]]:
    labels = {
        "credit": "Credit-bearing", "noncredit": "Non-credit", "undergraduate": "Undergraduate",
        "graduate": "Graduate (needs a bachelor's degree)",
        "professional": "Professional / continuing education",
        "online": "Online", "on_campus": "On campus", "hybrid": "Hybrid",
        "on_transcript": "Appears on the transcript",
        "not_on_transcript": "Does not appear on the transcript",
    }  # fmt: skip
    values = VersionContent.model_fields[name].annotation.__args__  # type: ignore[union-attr]
    return [(v, labels.get(v, v)) for v in values]


class ProposalForm(forms.Form):
    """The scalar and list fields of the three steps (fees and "stacks toward" are rows, read separately)."""

    title = forms.CharField(required=False, max_length=200)
    summary = _text(3, "One or two sentences for the catalog.")
    purpose = _text(4, "What the micro-credential prepares learners for.")
    market_need = _text(4, "Current data from the market it serves, with sources.", "Evidence of market need")
    industry_partners = _text(3, "Employers or associations that helped shape it or will recognize it.")
    objectives = _text(5, "One objective per line.", "Learning objectives")
    # Rows (fees, "stacks toward") are typed in their own inputs; these fields only carry their problems.
    fees = forms.CharField(required=False, widget=forms.HiddenInput, label="Costs and fees")
    stacks_toward = forms.CharField(required=False, widget=forms.HiddenInput, label="Stacks toward")
    competency_ids = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Competencies"
    )
    credit_type = forms.ChoiceField(
        choices=_choices("credit_type"), widget=forms.RadioSelect, label="Credit or non-credit"
    )
    level = forms.ChoiceField(choices=_choices("level"))
    prerequisites = _text(3)
    eligibility = _text(3, "Who may enroll (e.g. a bachelor's degree for a graduate micro-credential).")
    modality = forms.ChoiceField(choices=_choices("modality"), widget=forms.RadioSelect)
    audiences = _text(4, "Who would benefit; one audience per line (e.g. Mechanical Engineering Technology).")
    no_fees = forms.BooleanField(required=False, label="There are no costs or fees")
    financial_aid = _text(3, "Whether and how financial aid applies.")
    transferability = _text(3, "How it transfers to other institutions or programs.")
    stackability = _text(
        3,
        "How it applies or stacks toward registered degrees and certificates.",
        "Applicability and stackability",
    )
    open_electives = _text(2, "Whether its coursework can count as open electives.", "Open electives")
    transcript = forms.ChoiceField(
        choices=_choices("transcript"), widget=forms.RadioSelect, label="Transcript display"
    )
    validity_months = forms.CharField(
        required=False,
        label="Valid for (months)",
        help_text="Leave empty when it does not expire.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    recertification = _text(2, "How a holder renews it when it expires.")
    criteria = _text(5, "What a learner must do to earn the badge; shown with the badge.", "Criteria")
    tags = forms.CharField(
        required=False, help_text="Keywords for the badge, separated by commas.", label="Tags"
    )
    issuance_plan = _text(
        6,
        "Who will be issued the badge: expected learners, cohorts and numbers, and when.",
        "Learners who will be issued",
    )

    def __init__(self, *args: Any, competency_choices: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency_ids"].choices = competency_choices or []  # type: ignore[attr-defined]

    @staticmethod
    def initial_from(content: VersionContent) -> dict[str, Any]:
        initial: dict[str, Any] = content.model_dump(mode="json")
        for name in _LINES:
            initial[name] = "\n".join(initial[name])
        initial["tags"] = ", ".join(content.tags)
        initial["competency_ids"] = [str(i) for i in content.competency_ids]
        initial["validity_months"] = "" if content.validity_months is None else str(content.validity_months)
        return initial

    def show_problems(self, error: InvalidInput) -> list[str]:
        """Put each problem on the field it names; return the ones that belong to no field of the form."""
        rest = []
        for problem in error.problems:
            name = field_of(problem.where)
            if name in self.fields:
                self.add_error(name, describe(problem))
            else:
                rest.append(describe(problem))
        return rest


def field_of(where: str) -> str:
    """The form field a problem is about ("fees.0.amount" -> "fees", "competencies" -> "competency_ids")."""
    name = where.split(".", 1)[0]
    return "competency_ids" if name == "competencies" else name


def describe(problem: Problem) -> str:
    """A problem in words: "fees.0.amount: Input should be..." -> "row 1, amount: input should be..."."""
    parts = problem.where.split(".")[1:]
    where = ", ".join(f"row {int(p) + 1}" if p.isdigit() else p.replace("_", " ") for p in parts)
    message = problem.message.removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    return f"{where}: {message}" if where else message[:1].upper() + message[1:]


# Reading what was typed -------------------------------------------------------------------------------------


@dataclass
class Row:
    """One row of fees or of "stacks toward", as typed (strings) for showing it again."""

    index: int
    values: dict[str, str]


_ROW_FIELDS = {"fees": ("label", "amount", "currency"), "stacks_toward": ("name", "kind", "credits")}


def rows_from(data: QueryDict, name: str) -> list[Row]:
    """The non-empty rows ``<name>-<n>-<column>`` of the form, in order."""
    columns = _ROW_FIELDS[name]
    pattern = re.compile(rf"^{name}-(\d+)-({'|'.join(columns)})$")
    indexes = sorted({int(m.group(1)) for key in data if (m := pattern.match(key))})
    rows: list[Row] = []
    for index in indexes:
        values = {c: data.get(f"{name}-{index}-{c}", "").strip() for c in columns}
        # A blank row still has its currency or kind chosen: only the typed columns make it a row.
        if any(values[c] for c in columns if c not in {"currency", "kind"}):
            rows.append(Row(len(rows), values))
    return rows


def rows_for_display(stored: Iterable[Mapping[str, Any]], name: str) -> list[Row]:
    columns = _ROW_FIELDS[name]
    rows = [
        Row(i, {c: "" if r.get(c) is None else str(r.get(c)) for c in columns}) for i, r in enumerate(stored)
    ]
    return rows + blank_rows(name, len(rows))


def blank_rows(name: str, start: int) -> list[Row]:
    defaults = {"fees": {"label": "", "amount": "", "currency": "USD"}}
    blank = defaults.get(name, {"name": "", "kind": "degree", "credits": ""})
    return [Row(start + i, dict(blank)) for i in range(_BLANK_ROWS)]


def changes_from(data: QueryDict, names: Iterable[str]) -> dict[str, object]:
    """The changes to save for the named fields, read from the submitted form (validated by the service)."""
    changes: dict[str, object] = {}
    for name in names:
        if name in _LINES:
            changes[name] = [line.strip() for line in data.get(name, "").splitlines() if line.strip()]
        elif name == "tags":
            changes[name] = [t.strip() for t in re.split(r"[,\n]", data.get(name, "")) if t.strip()]
        elif name == "competency_ids":
            changes[name] = data.getlist(name)
        elif name == "no_fees":
            changes[name] = data.get(name, "") in {"on", "true", "1", "yes"}
        elif name == "validity_months":
            changes[name] = data.get(name, "").strip() or None
        elif name == "fees":
            changes[name] = [row.values for row in rows_from(data, name)]
        elif name == "stacks_toward":
            changes[name] = [
                {**r.values, "credits": r.values["credits"] or None} for r in rows_from(data, name)
            ]
        else:
            changes[name] = data.get(name, "")
    return changes


class StartForm(forms.Form):
    unit = forms.TypedChoiceField(coerce=int, label="Unit", help_text="The unit that will offer it.")
    title = forms.CharField(max_length=200, help_text="You can change it later.")

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class BadgeUploadForm(forms.Form):
    badge_image = forms.FileField(
        label="Badge image", help_text="A square PNG (90 to 2048 pixels wide) or a plain SVG, up to 1 MB."
    )


class BadgeDesignForm(forms.Form):
    shape = forms.ChoiceField(
        choices=[(s, s.capitalize()) for s in ("hexagon", "circle", "shield", "square")]
    )
    background = forms.CharField(widget=forms.TextInput(attrs={"type": "color"}), label="Background colour")
    foreground = forms.CharField(
        widget=forms.TextInput(attrs={"type": "color"}), label="Text and icon colour"
    )
    label = forms.CharField(
        required=False, max_length=40, help_text="Up to 40 characters; the title when empty."
    )
    icon = forms.ChoiceField(
        choices=[(i, i.capitalize()) for i in ("star", "gear", "leaf", "atom", "book", "chip", "none")]
    )

    @staticmethod
    def initial_from(design: BadgeDesign | None) -> dict[str, str]:
        return (design or BadgeDesign()).model_dump()


# The requirement editor -------------------------------------------------------------------------------------
# A node is addressed by its path of item indexes from the root group; in field names it is written "r-0-2".


def empty_group() -> dict[str, Any]:
    return {"kind": "group", "rule": "all", "minimum": None, "label": "", "items": []}


def path_key(path: tuple[int, ...]) -> str:
    return "-".join(["r", *(str(i) for i in path)])


def parse_path(key: str) -> tuple[int, ...]:
    parts = key.split("-")
    if parts[0] != "r" or not all(p.isdigit() for p in parts[1:]):
        raise InvalidInput(f"unknown place in the requirements: {key!r}", "requirements")
    return tuple(int(p) for p in parts[1:])


def _node(tree: dict[str, Any], path: tuple[int, ...]) -> dict[str, Any]:
    node = tree
    for index in path:
        items = node.get("items") if node.get("kind") == "group" else None
        if not items or index >= len(items):
            raise InvalidInput("that requirement no longer exists; reload the page", "requirements")
        node = items[index]
    return node


def _group(tree: dict[str, Any], path: tuple[int, ...]) -> dict[str, Any]:
    node = _node(tree, path)
    if node.get("kind") != "group":
        raise InvalidInput("items can only be added to a group", "requirements")
    return node


def _fit_minimum(group: dict[str, Any]) -> None:
    """After a removal an "at least N of" group keeps a possible N (an empty group becomes "all of")."""
    if group.get("rule") == "at_least":
        count = len(group["items"])
        if count == 0:
            group["rule"], group["minimum"] = "all", None
        elif (group.get("minimum") or 0) > count:
            group["minimum"] = count


def edit_tree(stored: Mapping[str, Any], op: str, data: Mapping[str, str]) -> dict[str, Any]:
    """The requirement tree after one editing step ``op`` ("add_course:r-0", "remove:r-1", "rule:r", ...).

    ``data`` holds the editor's fields (``course-r-0``, ``rule-r``, ...). The result is validated when saved.
    """
    action, _, key = op.partition(":")
    path = parse_path(key)
    tree: dict[str, Any] = copy.deepcopy(dict(stored)) if stored else empty_group()
    if action in {"add_course", "add_credential"}:
        kind, field_name, id_name = (
            ("course", "course", "course_id")
            if action == "add_course"
            else ("credential", "credential", "micro_credential_id")
        )
        value = data.get(f"{field_name}-{key}", "").strip()
        if not value.isdigit():
            what = "course or activity" if kind == "course" else "micro-credential"
            raise InvalidInput(f"choose a {what} to add", "requirements")
        _group(tree, path)["items"].append({"kind": kind, id_name: int(value)})
    elif action == "add_group":
        group = empty_group()
        group["label"] = data.get(f"newlabel-{key}", "").strip()[:200]
        _group(tree, path)["items"].append(group)
    elif action == "remove":
        if not path:
            return {}
        parent = _group(tree, path[:-1])
        _node(tree, path)
        del parent["items"][path[-1]]
        _fit_minimum(parent)
    elif action in {"up", "down"}:
        if not path:
            raise InvalidInput("the whole tree cannot move", "requirements")
        items = _group(tree, path[:-1])["items"]
        _node(tree, path)
        other = path[-1] + (-1 if action == "up" else 1)
        if 0 <= other < len(items):
            items[path[-1]], items[other] = items[other], items[path[-1]]
    elif action == "rule":
        group = _group(tree, path)
        rule = data.get(f"rule-{key}", "all")
        if rule not in {"all", "at_least"}:
            raise InvalidInput("choose 'all of' or 'at least N of'", "requirements")
        group["rule"] = rule
        group["label"] = data.get(f"label-{key}", group.get("label", "")).strip()[:200]
        if rule == "all":
            group["minimum"] = None
        else:
            minimum = data.get(f"minimum-{key}", "").strip()
            if not minimum.isdigit():
                raise InvalidInput("'at least N of' needs N, a whole number of 1 or more", "requirements")
            group["minimum"] = int(minimum)
    else:
        raise InvalidInput(f"unknown change {action!r} of the requirements", "requirements")
    return tree


@dataclass
class EditorNode:
    """One row of the requirement editor."""

    key: str
    kind: str
    depth: int
    text: str = ""
    rule: str = "all"
    minimum: int | None = None
    label: str = ""
    first: bool = False
    last: bool = False
    children: list[EditorNode] = field(default_factory=list)


def editor_nodes(
    stored: Mapping[str, Any], courses: Mapping[int, str], credentials: Mapping[int, str]
) -> EditorNode:
    """The tree as rows to show, naming each course and micro-credential (or saying it is missing)."""

    def build(node: Mapping[str, Any], path: tuple[int, ...], siblings: int) -> EditorNode:
        kind = node.get("kind", "group")
        index = path[-1] if path else 0
        row = EditorNode(path_key(path), kind, len(path), first=index == 0, last=index == siblings - 1)
        if kind == "course":
            row.text = courses.get(node["course_id"], f"Course #{node['course_id']} (not in the course list)")
        elif kind == "credential":
            row.text = credentials.get(
                node["micro_credential_id"],
                f"Micro-credential #{node['micro_credential_id']} (not published)",
            )
        else:
            row.rule, row.minimum, row.label = (
                node.get("rule", "all"),
                node.get("minimum"),
                node.get("label", ""),
            )
            items = node.get("items", [])
            row.children = [build(item, (*path, i), len(items)) for i, item in enumerate(items)]
        return row

    return build(stored or empty_group(), (), 1)


def stack_kinds() -> list[tuple[str, str]]:
    values = StacksToward.model_fields["kind"].annotation.__args__  # type: ignore[union-attr]
    return [(v, v.replace("-", " ").capitalize()) for v in values]


def currencies() -> tuple[str, ...]:
    return CURRENCIES
