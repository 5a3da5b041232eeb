"""Forms of the course and activity list: one course, the search and filters, a CSV upload."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms

from microcred.catalog.models import Course

if TYPE_CHECKING:
    from microcred.institutions.models import OrgUnit


def _unit_choices(units: Iterable[OrgUnit], empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(str(unit.pk), unit.name) for unit in units]


class CourseForm(forms.Form):
    """The fields of one course; the service checks them with the same rules as a CSV row."""

    code = forms.CharField(max_length=30, help_text="The catalog code, e.g. MNT 210 or EET-LAB-2.")
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Course.Kind.choices, initial=Course.Kind.COURSE)
    level = forms.ChoiceField(choices=Course.Level.choices, initial=Course.Level.UNDERGRADUATE)
    credit_hours = forms.DecimalField(
        required=False, help_text="Semester credit hours, if it carries credit (0 to 30)."
    )
    contact_hours = forms.DecimalField(
        required=False,
        label="Contact hours",
        help_text="Contact or clock hours, e.g. of a workshop (0 to 2000). Give credit or contact hours.",
    )
    unit = forms.ChoiceField(required=False, help_text="The unit that offers it, if any.")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, units: Iterable[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units, "(none)")  # type: ignore[attr-defined]

    def service_values(self) -> dict[str, Any]:
        """The cleaned values as ``services.save_course`` takes them."""
        data = dict(self.cleaned_data)
        unit = data.pop("unit")
        return {**data, "unit_id": int(unit) if unit else None}

    @staticmethod
    def initial_of(course: Course) -> dict[str, Any]:
        return {
            "code": course.code,
            "title": course.title,
            "kind": course.kind,
            "level": course.level,
            "credit_hours": course.credit_hours,
            "contact_hours": course.contact_hours,
            "unit": str(course.unit_id) if course.unit_id else "",
            "description": course.description,
        }


class CourseFilterForm(forms.Form):
    """The search and filters above the list; every field may be left empty."""

    q = forms.CharField(
        required=False,
        label="Search code or title",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Course.Kind.choices])
    level = forms.ChoiceField(required=False, choices=[("", "Any level"), *Course.Level.choices])
    unit = forms.ChoiceField(required=False)
    active = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Active and inactive"), ("yes", "Active only"), ("no", "Inactive only")],
    )

    def __init__(self, *args: Any, units: Iterable[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units, "Any unit")  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``selectors.find_courses``; an invalid value is ignored, not an error."""
        self.is_valid()  # cleaned_data keeps the valid fields even when another one is wrong
        data = self.cleaned_data
        unit = data.get("unit", "")
        active = data.get("active", "")
        return {
            "text": data.get("q", ""),
            "kind": data.get("kind", ""),
            "level": data.get("level", ""),
            "unit_id": int(unit) if unit else None,
            "active": {"yes": True, "no": False}.get(active),
        }


class CourseImportForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # the import says what is wrong with an empty file
        label="CSV file",
        help_text="UTF-8, first line: code,title,kind,level,credit_hours,contact_hours,unit,description "
        "(only code and title are required). Rows whose code exists already update that course.",
    )
