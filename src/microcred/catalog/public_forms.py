"""The search and filter form of the public catalog (a GET form: works without JavaScript)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from microcred.catalog.models import Course, MicroCredentialVersion
from microcred.catalog.public_selectors import CatalogPage, CatalogQuery

ANY = [("", "Any")]


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words in the title, summary, learning objectives or tags.",
        widget=forms.TextInput(attrs={"type": "search", "id": "catalog-q"}),
    )
    competency = forms.TypedChoiceField(label="Competency", required=False, coerce=int, empty_value=None)
    modality = forms.ChoiceField(
        label="Modality", required=False, choices=ANY + MicroCredentialVersion.Modality.choices
    )
    credit_type = forms.ChoiceField(
        label="Credit or non-credit", required=False, choices=ANY + MicroCredentialVersion.CreditType.choices
    )
    level = forms.ChoiceField(label="Level", required=False, choices=ANY + Course.Level.choices)
    cost = forms.ChoiceField(
        label="Cost",
        required=False,
        choices=[("", "Any"), ("free", "Free"), ("under", "Under an amount")],
    )
    max_cost = forms.DecimalField(
        label="Costs less than",
        required=False,
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        help_text="The total of the fees, in the currency they are stated in.",
    )
    audience = forms.ChoiceField(label="Audience", required=False)
    stacks_into = forms.ChoiceField(label="Stacks into", required=False)

    def __init__(self, *args: Any, page: CatalogPage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = ANY + [  # type: ignore[attr-defined]
            (c.pk, f"{c.name} ({c.framework.name})") for c in page.competencies
        ]
        self.fields["audience"].choices = ANY + [(a, a) for a in page.audiences]  # type: ignore[attr-defined]
        self.fields["stacks_into"].choices = ANY + [  # type: ignore[attr-defined]
            (s.key, f"{s.name} ({s.kind})") for s in page.larger
        ]

    def query(self) -> CatalogQuery:
        """What to search for: the valid fields only (a bad value is shown and ignored, not an error page)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return CatalogQuery(
            text=data.get("q") or "",
            competency_id=data.get("competency"),
            modality=data.get("modality") or "",
            credit_type=data.get("credit_type") or "",
            level=data.get("level") or "",
            # An amount typed without choosing "Under an amount" means just that.
            cost=data.get("cost") or ("under" if data.get("max_cost") is not None else ""),
            max_cost=data.get("max_cost"),
            audience=data.get("audience") or "",
            stacks_into=data.get("stacks_into") or "",
        )
