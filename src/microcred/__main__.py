"""The ``microcred`` console script.

``microcred badge ...`` runs the framework-free Open Badges tools without starting Django; every other
sub-command is a Django management command (``run``, ``demo``, ``migrate``, ``createsuperuser``, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "generate_kek":
        # Before Django: settings refuse to load without a key, and this is how one makes the key.
        import base64
        import secrets

        print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        return 0
    if len(args) > 1 and args[1] == "badge":
        from microcred.openbadges.cli import main as badge_main

        code: int = badge_main(args[2:])
        return code
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microcred.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
