"""Issuer keys: one Ed25519 key pair at a time per institution, older public keys kept forever."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IssuerKey(models.Model):
    """An institution's Ed25519 signing key.

    The private key is stored only encrypted (AES-256-GCM under the deployment's key-encryption key, with
    the institution and key number as associated data, so a ciphertext cannot be moved to another row).
    The newest key without ``retired_at`` signs; every key, retired or not, stays in the issuer's
    ``did:web`` document so that credentials signed with it keep verifying.
    """

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    public_multikey = models.CharField(max_length=100)
    encrypted_private_key = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["institution", "number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="signing_key_number"),
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(retired_at__isnull=True),
                name="signing_one_current_key",
            ),
        ]

    def __str__(self) -> str:
        return f"key-{self.number}"

    @property
    def fragment(self) -> str:
        return f"key-{self.number}"
