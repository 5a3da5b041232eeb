from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from microcred.core.errors import InvalidInput, Problem
from microcred.institutions.models import OrgUnit, Policy, ReviewBody, Role
from microcred.institutions.rules import PolicyData

MAX_STAGES = 6


class InstitutionForm(forms.Form):
    name = forms.CharField(max_length=200)
    short_name = forms.CharField(max_length=40, required=False, help_text="e.g. NUNM")
    website = forms.URLField(required=False, assume_scheme="https")
    contact_email = forms.EmailField(required=False, label="Contact e-mail")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class NewInstitutionForm(InstitutionForm):
    slug = forms.SlugField(
        max_length=60,
        required=False,
        label="Web name",
        help_text="Letters, digits and hyphens; made from the name when empty.",
    )


class UnitForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=OrgUnit.Kind.choices)
    code = forms.CharField(max_length=20, required=False)
    parent = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, empty_label="(top level)"
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units  # type: ignore[attr-defined]


class ReviewBodyForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=ReviewBody.Kind.choices)
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="(none)",
        help_text="For a department review: the department whose proposals it reviews.",
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class MembershipForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address", help_text="Someone new receives a link to choose a password."
    )
    full_name = forms.CharField(max_length=200, required=False, label="Full name (for someone new)")
    role = forms.ChoiceField(choices=Role.choices)
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, empty_label="(whole institution)"
    )
    review_body = forms.ModelChoiceField(
        queryset=ReviewBody.objects.none(), required=False, empty_label="(none)", help_text="Reviewers only."
    )

    def __init__(self, *args: Any, units: Any, review_bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["review_body"].queryset = review_bodies  # type: ignore[attr-defined]


class PolicyForm(forms.Form):
    """Edits every policy field; the approval chain is a numbered list of review bodies."""

    credit_types = forms.ChoiceField(choices=Policy.CreditTypes.choices, label="Micro-credentials may be")
    credit_hours_min = forms.DecimalField(
        required=False, min_value=Decimal(0), max_digits=6, decimal_places=2, label="Minimum credit hours"
    )
    credit_hours_min_inclusive = forms.BooleanField(required=False, label="The minimum itself is allowed")
    credit_hours_max = forms.DecimalField(
        required=False, min_value=Decimal(0), max_digits=6, decimal_places=2, label="Maximum credit hours"
    )
    credit_hours_max_inclusive = forms.BooleanField(
        required=False,
        label="The maximum itself is allowed",
        help_text="SUNY: fewer than 24 — leave this unticked.",
    )
    min_training_hours = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        label="Minimum training hours (non-credit)",
    )
    required_frameworks = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Competency frameworks to align to"
    )
    min_competencies = forms.IntegerField(
        min_value=0, max_value=100, initial=0, label="Minimum number of competencies to align to"
    )
    transcript = forms.ChoiceField(choices=Policy.Transcript.choices, label="Transcript")
    stacking_unit_hours = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        label="Stacking unit (hours)",
        help_text="NUNM: stacking works with a 12-hour metric.",
    )
    require_issuer_authorization = forms.BooleanField(
        required=False, label="Units must be authorized before they issue micro-credentials"
    )
    noncredit_fees_need_budget_review = forms.BooleanField(
        required=False, label="Fees of non-credit offerings need the budget office"
    )
    reason = forms.CharField(max_length=500, required=False, label="Why this change (kept in the history)")

    def __init__(self, *args: Any, frameworks: Any, review_bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["required_frameworks"].choices = [  # type: ignore[attr-defined]
            (str(f.pk), f"{f.name} ({f.competency_count} competencies)") for f in frameworks
        ]
        body_choices = [("", "(no stage)")] + [(str(b.pk), b.name) for b in review_bodies]
        for i in range(1, MAX_STAGES + 1):
            self.fields[f"stage_{i}"] = forms.ChoiceField(
                choices=body_choices, required=False, label=f"Stage {i}"
            )
            self.fields[f"stage_{i}_minor"] = forms.BooleanField(
                required=False,
                label=f"Stage {i} also reviews minor changes",
                help_text="Leave every box unticked and minor changes pass the whole chain."
                if i == 1
                else "",
            )
        # Problems with the chain as a whole ("stages") belong to no single stage field.
        self.stage_errors: list[str] = []

    def add_problems(self, error: InvalidInput) -> None:
        """Show a service's problems next to the fields they name; chain problems in the chain."""
        for where, messages in error.by_field().items():
            if where == "stages":
                self.stage_errors += messages
            else:
                self.add_error(where if where in self.fields else None, messages)

    def labelled(self, problem: Problem) -> str:
        """A problem as the person editing reads it: with the field's label instead of its name."""
        if problem.where in self.base_fields or problem.where == "stages":
            return f"{self.setting_label(problem.where)}: {problem.message}"
        return str(problem)

    @classmethod
    def setting_label(cls, name: str) -> str:
        """What the form calls a policy setting (also for the history, whose records use the field names)."""
        if name == "stages":
            return "Approval chain"
        field = cls.base_fields.get(name)
        return str(field.label) if field is not None and field.label else name

    @property
    def stage_fields(self) -> list[forms.BoundField]:
        return [self[f"stage_{i}{part}"] for i in range(1, MAX_STAGES + 1) for part in ("", "_minor")]

    def policy_data(self) -> PolicyData:
        data = self.cleaned_data
        return PolicyData(
            credit_types=data["credit_types"],
            credit_hours_min=data["credit_hours_min"],
            credit_hours_min_inclusive=data["credit_hours_min_inclusive"],
            credit_hours_max=data["credit_hours_max"],
            credit_hours_max_inclusive=data["credit_hours_max_inclusive"],
            min_training_hours=data["min_training_hours"],
            required_framework_ids=tuple(sorted(int(v) for v in data["required_frameworks"])),
            min_competencies=data["min_competencies"],
            transcript=data["transcript"],
            stacking_unit_hours=data["stacking_unit_hours"],
            require_issuer_authorization=data["require_issuer_authorization"],
            noncredit_fees_need_budget_review=data["noncredit_fees_need_budget_review"],
            stage_review_body_ids=tuple(
                int(data[f"stage_{i}"]) for i in range(1, MAX_STAGES + 1) if data.get(f"stage_{i}")
            ),
            minor_stage_review_body_ids=tuple(
                int(data[f"stage_{i}"])
                for i in range(1, MAX_STAGES + 1)
                if data.get(f"stage_{i}") and data.get(f"stage_{i}_minor")
            ),
        )

    @staticmethod
    def initial_from(data: PolicyData) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(data, name)
            for name in (
                "credit_types", "credit_hours_min", "credit_hours_min_inclusive", "credit_hours_max",
                "credit_hours_max_inclusive", "min_training_hours", "min_competencies", "transcript",
                "stacking_unit_hours", "require_issuer_authorization", "noncredit_fees_need_budget_review",
            )
        }  # fmt: skip
        initial["required_frameworks"] = [str(i) for i in data.required_framework_ids]
        for i, body_id in enumerate(data.stage_review_body_ids, start=1):
            initial[f"stage_{i}"] = str(body_id)
            initial[f"stage_{i}_minor"] = body_id in data.minor_stage_review_body_ids
        return initial
