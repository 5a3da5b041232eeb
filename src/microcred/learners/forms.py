"""Forms of the learner's own pages."""

from __future__ import annotations

from typing import Any

from django import forms

from microcred.learners.models import Learner


class DidForm(forms.Form):
    """The learner's own DID (optional): badges issued from now on name it as their subject."""

    did = forms.CharField(
        label="My DID",
        required=False,
        max_length=500,
        help_text="Optional, for example did:key:z6Mk… from your wallet app. Leave empty to name none.",
    )


class EnrollForm(forms.Form):
    """Confirm an enrollment; the category and level are asked only when the learner record is new."""

    category = forms.ChoiceField(
        label="I am", choices=Learner.Category.choices, initial=Learner.Category.NON_DEGREE
    )
    level = forms.ChoiceField(
        label="My level of study",
        choices=Learner.Level.choices,
        initial=Learner.Level.UNDERGRADUATE,
        help_text="Graduate-level micro-credentials need graduate standing.",
    )
    confirm_prerequisites = forms.BooleanField(label="I meet the prerequisites", required=False)

    def __init__(
        self, *args: Any, new_learner: bool, prerequisites: str, default_category: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if new_learner:
            self.fields["category"].initial = default_category
        else:
            del self.fields["category"]
            del self.fields["level"]
        if prerequisites.strip():
            self.fields["confirm_prerequisites"].label = f"I meet the prerequisites: {prerequisites.strip()}"
        else:
            del self.fields["confirm_prerequisites"]

    def confirmed_prerequisites(self) -> bool:
        return bool(self.cleaned_data.get("confirm_prerequisites"))
