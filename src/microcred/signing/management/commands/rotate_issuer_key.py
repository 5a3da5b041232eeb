"""``microcred rotate_issuer_key <institution-slug>``: retire the institution's key, make a new one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.institutions import selectors as institution_selectors
from microcred.signing import selectors, services


class Command(BaseCommand):
    help = (
        "Rotate an institution's issuer signing key: the current key is retired (it stays in the DID "
        "document, so credentials it signed keep verifying) and a new key signs from now on. Prints the "
        "new key's verification method id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the institution's web name (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        institution = institution_selectors.institution_by_slug(options["slug"])
        if institution is None:
            raise CommandError(f"no institution with the web name {options['slug']!r}")
        key = services.rotate_issuer_key(institution=institution)
        self.stdout.write(selectors.verification_method_id(key, did=selectors.issuer_did(institution)))
