"""Forms of the CSV imports of results and enrollments: one file upload each."""

from __future__ import annotations

from django import forms


class CompletionImportForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # the import says what is wrong with an empty file
        label="CSV file",
        help_text="UTF-8, first line: learner_email,institutional_id,full_name,course_code,completed_on,"
        "result,grade,hours,evidence_url,evidence_narrative (course_code, completed_on and learner_email or "
        "institutional_id are required).",
    )


class EnrollmentImportForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,
        label="CSV file",
        help_text="UTF-8, first line: learner_email,institutional_id,full_name,category,level,"
        "micro_credential,override_reason (micro_credential and learner_email or institutional_id are "
        "required).",
    )
