"""Issuer keys: the key that signs now, and rotation. Permission checks are the caller's job.

**In-process cache of decrypted keys.** Decrypting a key is cheap but not free, and issuing signs many
credentials in a row (a bulk award, a status list refresh), so :func:`current_signing_key` keeps every
key it has decrypted (or generated) in a module-level dictionary keyed by (institution id, key number,
public Multikey). The public key is part of the key so that an entry can never be served for another row
with the same number (a test database rolled back, a database restored from an older backup). The cache
lives as long as the process: one decrypt per key per process, however many credentials are signed; each
call still reads the current key's row (one indexed query) so that a rotation made by another process is
seen at once. A rotation evicts the retired key's entry in the process that made it; other processes keep
an unused entry until they restart. :func:`clear_key_cache` empties it (tests, or after changing the KEK).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from microcred.openbadges.keys import SigningKey
from microcred.signing import crypto, selectors
from microcred.signing.models import IssuerKey

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.institutions.models import Institution

__all__ = ["Signer", "clear_key_cache", "current_signing_key", "rotate_issuer_key"]

logger = logging.getLogger(__name__)

_cache: dict[tuple[int, int, str], SigningKey] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Signer:
    """What signing needs: the private key, the verification method naming it, and the issuer's DID."""

    key: SigningKey
    verification_method: str
    issuer_did: str
    number: int


def clear_key_cache() -> None:
    """Forget every decrypted key held by this process."""
    with _cache_lock:
        _cache.clear()


def _cache_key(row: IssuerKey) -> tuple[int, int, str]:
    return (row.institution_id, row.number, row.public_multikey)


def _signing_key(row: IssuerKey) -> SigningKey:
    """The decrypted key of ``row``, from the cache or decrypted once (and checked against its public key)."""
    cache_key = _cache_key(row)
    with _cache_lock:
        found = _cache.get(cache_key)
    if found is not None:
        return found
    key = crypto.decrypt_private_key(
        row.encrypted_private_key, institution_id=row.institution_id, number=row.number
    )
    if key.public_multikey != row.public_multikey:
        raise crypto.KeyDecryptionError(
            f"issuer key {row.fragment} of institution {row.institution_id} does not match its public key"
        )
    with _cache_lock:
        _cache[cache_key] = key
    return key


def _new_key(institution: Institution, number: int, by: User | None) -> IssuerKey:
    key = SigningKey.generate_ed25519()
    row = IssuerKey.objects.create(
        institution=institution,
        number=number,
        public_multikey=key.public_multikey,
        encrypted_private_key=crypto.encrypt_private_key(key, institution_id=institution.pk, number=number),
        created_by=by,
    )
    with _cache_lock:
        _cache[_cache_key(row)] = key
    return row


def _next_number(institution: Institution) -> int:
    highest = IssuerKey.objects.filter(institution=institution).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def _lock(institution: Institution) -> None:
    """Serialize key creation and rotation per institution (a row lock; SQLite locks the whole database)."""
    # The institution's own manager (its model is reached through the instance, not imported).
    list(
        type(institution)
        .objects.select_for_update(no_key=True)
        .filter(pk=institution.pk)
        .values_list("pk", flat=True)
    )


def _first_key(institution: Institution) -> IssuerKey:
    """Create the institution's first key, or return the one a concurrent request has just created."""
    with transaction.atomic():
        _lock(institution)
        current = selectors.current_key(institution)
        if current is not None:
            return current
        try:
            with transaction.atomic():
                row = _new_key(institution, _next_number(institution), None)
        except IntegrityError:  # lost a race the row lock did not prevent: use the winner's key
            current = selectors.current_key(institution)
            if current is None:
                raise
            return current
    logger.info("created issuer key %s of institution %s", row.fragment, institution.slug)
    return row


def current_signing_key(*, institution: Institution) -> Signer:
    """The key that signs the institution's credentials now, created (as key 1) on first use.

    The private key is decrypted once per process and key (see the module's docstring).
    """
    row = selectors.current_key(institution) or _first_key(institution)
    did = selectors.issuer_did(institution)
    return Signer(
        key=_signing_key(row),
        verification_method=selectors.verification_method_id(row, did=did),
        issuer_did=did,
        number=row.number,
    )


@transaction.atomic
def rotate_issuer_key(*, institution: Institution, by: User | None = None) -> IssuerKey:
    """Retire the current key and make the next numbered one current, in one transaction.

    Retired public keys stay in the DID document, so credentials they signed keep verifying.
    """
    _lock(institution)
    now = timezone.now()
    retired = list(IssuerKey.objects.filter(institution=institution, retired_at__isnull=True))
    IssuerKey.objects.filter(pk__in=[key.pk for key in retired]).update(retired_at=now)
    row = _new_key(institution, _next_number(institution), by)
    with _cache_lock:
        for key in retired:
            _cache.pop(_cache_key(key), None)
    logger.info(
        "rotated issuer key of institution %s: %s is current, retired %s",
        institution.slug,
        row.fragment,
        ", ".join(key.fragment for key in retired) or "none",
    )
    return row
