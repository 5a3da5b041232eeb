"""Read queries for learner records: which awards a person's record at an institution holds, how they stack.

A record holds the learner's *current* awards that are in force or merely expired (state ``active``):
suspended, revoked and superseded awards are left out, and so are awards whose credential is not signed yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from microcred.awards import selectors as award_selectors
from microcred.catalog import requirements
from microcred.learners import selectors as learner_selectors
from microcred.records.clr import RecordEntry, stacking_pairs

if TYPE_CHECKING:
    from microcred.awards.models import Award
    from microcred.institutions.models import Institution
    from microcred.learners.models import Learner

IN_RECORD_STATE = "active"


def learner_records_of_user(user_id: int) -> list[Learner]:
    """The person's learner rows, one per institution where they learn, by institution name."""
    return sorted(
        learner_selectors.learner_records_of_user(user_id), key=lambda learner: learner.institution.name
    )


def learner_at(institution: Institution, user_id: int) -> Learner | None:
    return learner_selectors.learner_of(institution.pk, user_id)


def awards_in_record(learner: Learner) -> list[Award]:
    """The awards the learner's record holds, oldest first."""
    return list(
        award_selectors.awards_of_learner(learner.pk)
        .filter(state=IN_RECORD_STATE, issued__isnull=False)
        .select_related("issued")
        .order_by("awarded_at", "id")
    )


@dataclass
class Record:
    """A learner's record at one institution: awards, totals, and the stacking between them."""

    learner: Learner
    awards: list[Award]
    entries: list[RecordEntry]
    stacks: list[tuple[Award, Award]] = field(default_factory=list)  # (part, stack)

    @property
    def credits(self) -> Decimal:
        return sum((a.credits_earned for a in self.awards if a.credits_earned), Decimal(0))

    @property
    def hours(self) -> Decimal:
        return sum((a.hours_earned for a in self.awards if a.hours_earned), Decimal(0))

    def parts_of(self, award: Award) -> list[Award]:
        return [part for part, whole in self.stacks if whole.pk == award.pk]

    def stacks_into(self, award: Award) -> list[Award]:
        return [whole for part, whole in self.stacks if part.pk == award.pk]


def record_of(learner: Learner) -> Record:
    awards = awards_in_record(learner)
    entries = [
        RecordEntry(
            micro_credential_id=award.micro_credential_id,
            parts=frozenset(requirements.credential_ids(award_selectors.parse_tree(award.version))),
            credential=award.credential or {},
        )
        for award in awards
    ]
    by_entry = {id(entry): award for entry, award in zip(entries, awards, strict=True)}
    stacks = [(by_entry[id(part)], by_entry[id(whole)]) for part, whole in stacking_pairs(entries)]
    return Record(learner=learner, awards=awards, entries=entries, stacks=stacks)
