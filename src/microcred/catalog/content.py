"""What a proposer writes about a micro-credential version, validated at the edge (forms, API, autosave).

The requirement tree itself is validated in ``governance.requirements``; here it is kept as JSON.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
CURRENCIES = ("USD", "CAD", "EUR", "GBP", "AUD", "MXN")


class Fee(BaseModel):
    """One cost a learner pays: tuition, a lab fee, a certification exam..."""

    model_config = ConfigDict(extra="forbid")
    label: Short = Field(min_length=1)
    amount: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
    currency: Literal["USD", "CAD", "EUR", "GBP", "AUD", "MXN"] = "USD"


class StacksToward(BaseModel):
    """A larger credential this one counts toward (a degree, a certificate), with the credits it brings."""

    model_config = ConfigDict(extra="forbid")
    name: Short = Field(min_length=1)
    kind: Literal["degree", "certificate", "micro-credential", "other"] = "degree"
    credits: Decimal | None = Field(default=None, ge=0, max_digits=5, decimal_places=2)


class BadgeDesign(BaseModel):
    """The simple badge designer's choices; the SVG is generated from them."""

    model_config = ConfigDict(extra="forbid")
    shape: Literal["circle", "shield", "hexagon", "square"] = "hexagon"
    background: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#0b5cad"
    foreground: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#ffffff"
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    icon: Literal["none", "star", "gear", "leaf", "atom", "book", "chip"] = "star"


class VersionContent(BaseModel):
    """Every field a proposer edits, across the three steps. All optional while drafting."""

    model_config = ConfigDict(extra="forbid")
    # Step 1: the program
    title: Short = ""
    summary: Text = ""
    purpose: Text = ""
    market_need: Text = ""
    industry_partners: Text = ""
    objectives: list[Short] = Field(default_factory=list, max_length=30)
    competency_ids: list[int] = Field(default_factory=list, max_length=100)
    requirements: dict[str, Any] = Field(default_factory=dict)
    credit_type: Literal["credit", "noncredit"] = "credit"
    level: Literal["undergraduate", "graduate", "professional"] = "undergraduate"
    prerequisites: Text = ""
    eligibility: Text = ""
    modality: Literal["online", "on_campus", "hybrid"] = "on_campus"
    audiences: list[Short] = Field(default_factory=list, max_length=30)
    fees: list[Fee] = Field(default_factory=list, max_length=20)
    no_fees: bool = False
    financial_aid: Text = ""
    transferability: Text = ""
    stackability: Text = ""
    stacks_toward: list[StacksToward] = Field(default_factory=list, max_length=20)
    open_electives: Text = ""
    transcript: Literal["on_transcript", "not_on_transcript"] = "not_on_transcript"
    validity_months: int | None = Field(default=None, ge=1, le=240)
    recertification: Text = ""
    # Step 2: the badge
    badge_design: BadgeDesign | None = None
    criteria: Text = ""
    tags: list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]] = Field(
        default_factory=list, max_length=30
    )
    # Step 3: who will be issued
    issuance_plan: Text = ""

    @field_validator("objectives", "audiences", "tags")
    @classmethod
    def _drop_empty(cls, values: list[str]) -> list[str]:
        return [v for v in values if v]


CONTENT_FIELDS = tuple(f for f in VersionContent.model_fields if f not in {"competency_ids", "badge_design"})
