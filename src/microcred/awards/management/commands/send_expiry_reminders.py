"""``microcred send_expiry_reminders``: e-mail the holders of awards that expire soon (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from microcred.awards import services


class Command(BaseCommand):
    help = (
        "E-mail every learner whose award expires within the next DAYS days (30 unless told), once per "
        "award, with a link to renew. Safe to run as often as you like: a holder is reminded once. Prints "
        "how many were reminded. Run it daily from cron or a systemd timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=services.REMINDER_DAYS,
            help="remind when the award expires within this many days (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_expiry_reminders(days=options["days"])
        self.stdout.write(f"Expiry reminders sent: {sent}.")
