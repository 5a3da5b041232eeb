"""Background tasks of awards: issuing (signing) credentials, telling learners, expiry reminders.

Immediate in the embedded setup; in production they run on ``db_worker`` processes: signing on the queue
"awards", telling learners on the mail queue "email" (a slow mail server never holds up signing).
"""

from __future__ import annotations

from django_tasks import task

from microcred.awards import services


@task(queue_name="awards")
def issue_award_credential(*, award_id: int) -> str:
    """Sign and store an award's credential and e-mail the learner; returns the award's uuid."""
    return str(services.issue_credential(award_id=award_id).uuid)


@task(queue_name="awards")
def send_expiry_reminders() -> int:
    """Remind holders whose awards expire within 30 days; returns how many were reminded."""
    return services.send_expiry_reminders()


@task(queue_name="awards")
def issue_award_credentials(*, award_ids: list[int]) -> int:
    """Sign and store many awards' credentials at once (bulk imports); returns how many were issued."""
    from microcred.awards import bulk

    return len(bulk.issue_credentials(award_ids))


@task(queue_name="email")
def notify_awarded(*, award_ids: list[int]) -> int:
    """E-mail the learners of newly issued awards (once each); returns how many awards were covered."""
    from microcred.awards import bulk

    return bulk.notify_learners(award_ids)
