"""Forms of the review pages: decisions with field comments, terminations, issuer authorization."""

from __future__ import annotations

from typing import Any

from django import forms

from microcred.governance.diff import FIELD_LABELS


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("request_changes", "Request changes"), ("reject", "Reject")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required to request changes or to reject, unless you comment on fields below.",
    )


class FieldCommentForm(forms.Form):
    field = forms.ChoiceField(
        label="Field", required=False, choices=[("", "Choose a field…"), *FIELD_LABELS.items()]
    )
    comment = forms.CharField(label="Comment on this field", required=False, max_length=5000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("comment", "").strip() and not data.get("field"):
            self.add_error("field", "choose the field this comment is about")
        return data


FieldCommentFormSet = forms.formset_factory(FieldCommentForm, extra=3, max_num=30)


def field_comments_of(formset: Any) -> dict[str, str]:
    """The per-field comments of a valid formset; two comments on one field are joined."""
    comments: dict[str, str] = {}
    for row in formset.cleaned_data:
        field, text = row.get("field"), (row.get("comment") or "").strip()
        if field and text:
            comments[field] = f"{comments[field]}\n{text}" if field in comments else text
    return comments


class TerminationForm(forms.Form):
    terminates_on = forms.DateField(
        label="Termination date",
        help_text="No new enrollments from this day.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    teach_out_until = forms.DateField(
        label="Teach-out date",
        help_text="Learners already enrolled may finish until this day.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}))


class AuthorizationRequestForm(forms.Form):
    statement = forms.CharField(
        label="Statement",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="How the unit's training meets the institution's mission and academic rigor.",
    )


class AuthorizationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=[("grant", "Grant"), ("refuse", "Refuse")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when refusing.",
    )
