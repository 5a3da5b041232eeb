"""Read-only queries of issuer keys and the institution's ``did:web`` identity; nothing decrypts or writes.

An institution's DID is built from ``settings.PUBLIC_URL`` and its slug::

    https://badges.example.edu  ->  did:web:badges.example.edu:issuers:<slug>
    http://127.0.0.1:8000       ->  did:web:127.0.0.1%3A8000:issuers:<slug>

and its DID document is served at ``{PUBLIC_URL}/issuers/<slug>/did.json``, the URL did:web resolution
(``openbadges.keys.did_web_to_url``) gives for an https public URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from microcred.openbadges.keys import IssuerKey as DocumentKey
from microcred.openbadges.keys import build_did_document, decode_multikey_public
from microcred.openbadges.keys.did import DID_CONTEXT, MULTIKEY_CONTEXT
from microcred.signing.models import IssuerKey

if TYPE_CHECKING:
    from microcred.institutions.models import Institution

__all__ = [
    "PublicKeyInfo",
    "current_key",
    "did_document",
    "issuer_did",
    "keys_of",
    "public_keys",
    "verification_method_id",
]


@dataclass(frozen=True)
class PublicKeyInfo:
    """One key as the key page shows it (public parts only)."""

    number: int
    fragment: str
    verification_method: str
    public_multikey: str
    created_at: datetime
    retired_at: datetime | None

    @property
    def is_current(self) -> bool:
        return self.retired_at is None


def did_web_base(public_url: str | None = None) -> str:
    """``did:web:<host>[%3A<port>][:<path segment>...]`` of the public URL (http origins allowed)."""
    url = settings.PUBLIC_URL if public_url is None else public_url
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host or ":" in host:
        raise ImproperlyConfigured(f"PUBLIC_URL {url!r} has no host a did:web DID can name")
    port = parts.port
    specific = host + (f"%3A{port}" if port else "")
    segments = [quote(unquote(segment), safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did:web", specific, *segments])


def issuer_did(institution: Institution) -> str:
    """The institution's ``did:web`` DID: ``did:web:<public host>:issuers:<slug>``."""
    return f"{did_web_base()}:issuers:{quote(institution.slug, safe='')}"


def verification_method_id(key: IssuerKey, *, did: str | None = None) -> str:
    """``<issuer DID>#key-<n>``; pass ``did`` to avoid loading the key's institution."""
    return f"{did or issuer_did(key.institution)}#{key.fragment}"


def keys_of(institution: Institution) -> list[IssuerKey]:
    """Every key of the institution, retired ones too, oldest first."""
    return list(IssuerKey.objects.filter(institution=institution).order_by("number"))


def current_key(institution: Institution) -> IssuerKey | None:
    """The key that signs now (the one without ``retired_at``), or None before the first signature."""
    return IssuerKey.objects.filter(institution=institution, retired_at__isnull=True).first()


def did_document(institution: Institution) -> dict[str, Any]:
    """The institution's DID document: every key (retired ones too) may verify, the current one first.

    Retired keys stay under both ``verificationMethod`` and ``assertionMethod`` so that credentials they
    signed keep verifying. Before the first key exists the document lists no keys.
    """
    did = issuer_did(institution)
    keys = keys_of(institution)
    current = next((key for key in reversed(keys) if key.retired_at is None), None)
    if current is None:
        return {
            "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
            "id": did,
            "verificationMethod": [],
            "assertionMethod": [],
        }
    return build_did_document(
        did,
        [DocumentKey(key.fragment, decode_multikey_public(key.public_multikey)) for key in keys],
        current=current.fragment,
    )


def public_keys(institution: Institution) -> list[PublicKeyInfo]:
    """The institution's keys for display, newest first."""
    did = issuer_did(institution)
    return [
        PublicKeyInfo(
            number=key.number,
            fragment=key.fragment,
            verification_method=verification_method_id(key, did=did),
            public_multikey=key.public_multikey,
            created_at=key.created_at,
            retired_at=key.retired_at,
        )
        for key in reversed(keys_of(institution))
    ]
