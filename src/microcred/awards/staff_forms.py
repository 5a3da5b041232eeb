"""Forms of the staff pages about awards: the filters and the lifecycle decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from microcred.awards.models import Award


class AwardFilterForm(forms.Form):
    state = forms.ChoiceField(required=False, choices=[("", "Any state"), *Award.State.choices])
    q = forms.CharField(
        required=False,
        label="Search learner or micro-credential",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``selectors.awards_in``; an invalid value is ignored."""
        self.is_valid()
        return {"state": self.cleaned_data.get("state", ""), "query": self.cleaned_data.get("q", "").strip()}


class _OwnIds(forms.Form):
    """The lifecycle forms share one page: each gets its own HTML ids so that every label names its box."""

    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class RevokeForm(_OwnIds):
    id_prefix = "revoke"
    reason = forms.CharField(
        required=False,  # the service says a reason is needed
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to anyone who checks the badge. Revoking is for good.",
    )
    confirm = forms.BooleanField(
        label="I understand that a revoked award cannot be reinstated",
        error_messages={"required": "Tick the box to confirm revoking."},
    )


class SuspendForm(_OwnIds):
    id_prefix = "suspend"
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Why the award is on hold."
    )


class ReinstateForm(_OwnIds):
    id_prefix = "reinstate"
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note (optional)")


class RenewForm(_OwnIds):
    id_prefix = "renew"
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason (optional)",
        help_text="E.g. the recertification the learner completed.",
    )
