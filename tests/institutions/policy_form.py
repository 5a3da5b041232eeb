"""The POST body of the policy form, for tests that save or check a policy through the pages."""

from __future__ import annotations

from microcred.institutions.models import Institution, ReviewBody


def office_of(institution: Institution) -> ReviewBody:
    return ReviewBody.objects.get(institution=institution, kind="office")


def policy_form_data(*stages: ReviewBody, **changes: object) -> dict[str, object]:
    """A valid policy (credit below 24 hours, on the transcript) with ``stages``; ``changes`` override fields.

    Unticked check boxes are left out, as a browser does; pass ``name=None`` to leave any field out.
    """
    data: dict[str, object] = {
        "credit_types": "both",
        "credit_hours_min": "",
        "credit_hours_min_inclusive": "on",
        "credit_hours_max": "24",
        "min_training_hours": "",
        "min_competencies": "0",
        "transcript": "must",
        "stacking_unit_hours": "",
        "reason": "SUNY-style band",
    }
    data |= {f"stage_{i}": str(body.pk) for i, body in enumerate(stages, start=1)}
    data |= changes
    return {name: value for name, value in data.items() if value is not None}
