"""Background tasks of the accounts app: sending mail (immediate when embedded, a worker in production)."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task(queue_name="email")
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text e-mail; returns how many messages were delivered."""
    return send_mail(subject, body, None, to)
