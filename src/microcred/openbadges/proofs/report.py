"""The structured result of verifying a credential: a list of checks and an overall verdict.

Re-exported by :mod:`microcred.openbadges.verify`, which builds it. Every check has a stable dotted ``id``
(``proof[0].signature``, ``status.revocation``...), a status and a human-readable message.

Verdict rules: any ``failed`` check makes the credential ``invalid``; otherwise it is ``valid`` when at
least one proof was verified, and ``indeterminate`` when no proof could be checked (e.g. the key lives
behind a did:web or https URL and the verifier ran offline). ``warning`` and ``skipped`` checks never
decide the verdict: they say what was not checked or looks doubtful.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Check", "CheckStatus", "Verdict", "VerificationReport"]


class CheckStatus(StrEnum):
    """Outcome of one check."""

    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    SKIPPED = "skipped"


class Verdict(StrEnum):
    """Overall result of a verification."""

    VALID = "valid"
    INVALID = "invalid"
    INDETERMINATE = "indeterminate"


@dataclass(frozen=True)
class Check:
    """One check: a stable dotted id, its status and a sentence saying what was found."""

    id: str
    status: CheckStatus
    message: str

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form of the check."""
        return {"id": self.id, "status": self.status.value, "message": self.message}


#: The check whose ``passed`` status means "at least one proof verified".
PROOF_CHECK = "proof"


@dataclass
class VerificationReport:
    """All checks run on one credential (or OB 2.0 assertion), in order, and the verdict they give.

    ``credential`` is the parsed credential when parsing succeeded; ``format`` says what was read
    (``json``, ``jwt``, ``png``, ``svg`` -- with ``+jwt`` when an image carried a JWT).
    """

    checks: list[Check] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    format: str = "unknown"

    def add(self, check_id: str, status: CheckStatus, message: str) -> Check:
        """Append a check and return it."""
        check = Check(check_id, status, message)
        self.checks.append(check)
        return check

    def passed(self, check_id: str, message: str) -> Check:
        """Append a ``passed`` check."""
        return self.add(check_id, CheckStatus.PASSED, message)

    def failed(self, check_id: str, message: str) -> Check:
        """Append a ``failed`` check."""
        return self.add(check_id, CheckStatus.FAILED, message)

    def warning(self, check_id: str, message: str) -> Check:
        """Append a ``warning`` check."""
        return self.add(check_id, CheckStatus.WARNING, message)

    def skipped(self, check_id: str, message: str) -> Check:
        """Append a ``skipped`` check."""
        return self.add(check_id, CheckStatus.SKIPPED, message)

    def get(self, check_id: str) -> Check | None:
        """Return the first check with this id, if any."""
        return next((check for check in self.checks if check.id == check_id), None)

    def status_of(self, check_id: str) -> CheckStatus | None:
        """Return the status of the first check with this id, if any."""
        check = self.get(check_id)
        return check.status if check else None

    @property
    def failures(self) -> list[Check]:
        """The failed checks."""
        return [check for check in self.checks if check.status is CheckStatus.FAILED]

    @property
    def warnings(self) -> list[Check]:
        """The checks with warnings."""
        return [check for check in self.checks if check.status is CheckStatus.WARNING]

    @property
    def verdict(self) -> Verdict:
        """``invalid`` if any check failed, ``valid`` if a proof verified, else ``indeterminate``."""
        if self.failures:
            return Verdict.INVALID
        if self.status_of(PROOF_CHECK) is CheckStatus.PASSED:
            return Verdict.VALID
        return Verdict.INDETERMINATE

    @property
    def valid(self) -> bool:
        """True only for the ``valid`` verdict."""
        return self.verdict is Verdict.VALID

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: verdict, format and checks (the credential itself is left out)."""
        return {
            "verdict": self.verdict.value,
            "format": self.format,
            "checks": [check.to_dict() for check in self.checks],
        }
