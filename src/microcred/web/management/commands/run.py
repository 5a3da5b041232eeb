"""``microcred run``: migrate, load the demo data on first start, and serve."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from microcred.institutions import selectors


class Command(BaseCommand):
    help = "Apply migrations, load the demo data when the database has no institution yet, and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", default="8000", help="Port to listen on (default 8000).")
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        demo = settings.DEBUG and not options["no_demo"]  # demo accounts have a known password
        if demo and not selectors.all_institutions().exists():
            self.stdout.write("First start: loading the demo institutions and people...")
            call_command("demo")
        elif demo:
            call_command("demo", "--accounts-only")
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"\nMicrocred is starting at http://{address}/"))
        if not settings.DEBUG:
            self.stdout.write(
                "MICROCRED_DEBUG is off: for production serve with gunicorn (see docs/operations.md)."
            )
        call_command("runserver", address, use_reloader=False)
