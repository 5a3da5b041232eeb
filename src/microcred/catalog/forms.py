from __future__ import annotations

from django import forms

from microcred.catalog.models import CompetencyFramework


class FrameworkForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=CompetencyFramework.Kind.choices)
    publisher = forms.CharField(max_length=200, required=False)
    url = forms.URLField(required=False, assume_scheme="https", label="Web address")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CompetencyForm(forms.Form):
    code = forms.CharField(max_length=40, help_text="A short stable identifier, e.g. IPC-610-SOLDER.")
    name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    url = forms.URLField(required=False, assume_scheme="https", label="Web address")


class CompetencyImportForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # the import says what is wrong with an empty file
        label="CSV file",
        help_text="UTF-8, first line: code,name,description,url (description and url may be left out). "
        "Rows whose code exists already update that competency.",
    )
