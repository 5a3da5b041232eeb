"""The learner's own award named in a URL (wallet pages and downloads): 404 for anybody else's."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.http import Http404, HttpRequest

from microcred.awards import selectors
from microcred.institutions import permissions

if TYPE_CHECKING:
    from microcred.awards.models import Award


def own_award(request: HttpRequest, award_uuid: UUID) -> Award:
    """The award when the signed-in person is its learner; otherwise 404 (its existence is not revealed)."""
    award = selectors.award_by_uuid(award_uuid)
    if award is None or not permissions.is_own_record(request.user, award.learner.user_id):
        raise Http404("no such badge in your wallet")
    return award
