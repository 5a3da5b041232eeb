"""``microcred generate_kek``: print a new key-encryption key for MICROCRED_KEY_ENCRYPTION_KEY."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print 32 random bytes as URL-safe base64, for MICROCRED_KEY_ENCRYPTION_KEY. Keep it secret."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
