"""Forms of the staff pages about learners: search, add, edit, enroll, record a result, award by hand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from microcred.learners.models import Completion, Learner

if TYPE_CHECKING:
    from microcred.catalog.models import Course, MicroCredentialVersion


class LearnerSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Search name, e-mail or institutional id",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def query(self) -> str:
        self.is_valid()
        return str(self.cleaned_data.get("q", "")).strip()


class LearnerForm(forms.Form):
    """A new learner: the person (found by e-mail, or invited) and the institution's record of them."""

    email = forms.EmailField(label="E-mail address", max_length=254)
    full_name = forms.CharField(max_length=200, help_text="Used when the person has no account yet.")
    institutional_id = forms.CharField(
        max_length=60, required=False, label="Institutional id", help_text="The student number, if any."
    )
    category = forms.ChoiceField(choices=Learner.Category.choices, initial=Learner.Category.STUDENT)
    level = forms.ChoiceField(choices=Learner.Level.choices, initial=Learner.Level.UNDERGRADUATE)
    organization = forms.CharField(
        max_length=200, required=False, help_text="Employer, for partner employees."
    )


class LearnerEditForm(forms.Form):
    """What the institution may change of a learner's record (the name and e-mail are the person's)."""

    institutional_id = forms.CharField(max_length=60, required=False, label="Institutional id")
    category = forms.ChoiceField(choices=Learner.Category.choices)
    level = forms.ChoiceField(choices=Learner.Level.choices)
    organization = forms.CharField(max_length=200, required=False)
    did = forms.CharField(
        max_length=500, required=False, label="DID", help_text="The learner's own DID (did:key:...), if any."
    )

    @staticmethod
    def initial_of(learner: Learner) -> dict[str, Any]:
        return {
            "institutional_id": learner.institutional_id,
            "category": learner.category,
            "level": learner.level,
            "organization": learner.organization,
            "did": learner.did,
        }


def _credential_choices(versions: Iterable[MicroCredentialVersion]) -> list[tuple[str, str]]:
    return [("", "Choose a micro-credential")] + [(str(v.micro_credential_id), v.title) for v in versions]


class EnrollForm(forms.Form):
    micro_credential = forms.ChoiceField(label="Micro-credential")
    confirmed_prerequisites = forms.BooleanField(
        required=False, label="The learner meets the prerequisites (if the micro-credential names any)"
    )
    override_reason = forms.CharField(
        required=False,
        label="Reason to enroll past an eligibility check",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only for a check staff may override (level, prerequisites); leave empty otherwise.",
    )

    def __init__(self, *args: Any, versions: Iterable[MicroCredentialVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["micro_credential"].choices = _credential_choices(versions)  # type: ignore[attr-defined]


class CompletionForm(forms.Form):
    """One result entered by hand, with its evidence."""

    course = forms.ChoiceField(label="Course or activity")
    completed_on = forms.DateField(
        label="Completed on", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    result = forms.ChoiceField(choices=Completion.Result.choices, initial=Completion.Result.PASSED)
    grade = forms.CharField(max_length=20, required=False)
    hours = forms.DecimalField(required=False, max_digits=7, decimal_places=2, min_value=0)
    evidence_url = forms.URLField(
        max_length=500, required=False, label="Evidence link", assume_scheme="https"
    )
    evidence_file = forms.FileField(required=False, label="Evidence file")
    evidence_narrative = forms.CharField(
        required=False, label="Narrative", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, courses: Iterable[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", "Choose a course")] + [  # type: ignore[attr-defined]
            (str(c.pk), f"{c.code} {c.title}") for c in courses
        ]


class ManualAwardForm(forms.Form):
    micro_credential = forms.ChoiceField(label="Micro-credential")
    reason = forms.CharField(
        required=False,  # the service says a reason is needed, next to the field
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why it is awarded by hand, e.g. recognition of prior learning.",
    )

    def __init__(self, *args: Any, versions: Iterable[MicroCredentialVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["micro_credential"].choices = _credential_choices(versions)  # type: ignore[attr-defined]
