"""Keys for Open Badges: Ed25519 Multikeys, JWKs, did:key / did:web, and verification-method resolution.

Never touches the network: documents are read through a fetch function the caller injects.
"""

from microcred.openbadges.keys.did import (
    IssuerKey,
    build_did_document,
    did_key_from_public_key,
    did_key_verification_method,
    did_web_from_url,
    did_web_to_url,
    resolve_did_key,
)
from microcred.openbadges.keys.jwk import jwk_thumbprint, jwk_to_public_key, public_key_to_jwk
from microcred.openbadges.keys.multibase import (
    b64url_decode,
    b64url_encode,
    base58_decode,
    base58_encode,
    multibase_decode,
    multibase_encode,
)
from microcred.openbadges.keys.multikey import (
    PublicKey,
    SigningKey,
    decode_multikey_private,
    decode_multikey_public,
    encode_multikey_private,
    encode_multikey_public,
)
from microcred.openbadges.keys.resolver import (
    ChainResolver,
    DidKeyResolver,
    DocumentResolver,
    EmbeddedKeyResolver,
    Fetcher,
    KeyNotRetrievedError,
    KeyResolver,
    ResolvedKey,
    StaticKeyResolver,
    UnsupportedMethodError,
    default_resolver,
    public_key_from_method,
    verification_method_kind,
)

__all__ = [
    "ChainResolver",
    "DidKeyResolver",
    "DocumentResolver",
    "EmbeddedKeyResolver",
    "Fetcher",
    "IssuerKey",
    "KeyNotRetrievedError",
    "KeyResolver",
    "PublicKey",
    "ResolvedKey",
    "SigningKey",
    "StaticKeyResolver",
    "UnsupportedMethodError",
    "b64url_decode",
    "b64url_encode",
    "base58_decode",
    "base58_encode",
    "build_did_document",
    "decode_multikey_private",
    "decode_multikey_public",
    "default_resolver",
    "did_key_from_public_key",
    "did_key_verification_method",
    "did_web_from_url",
    "did_web_to_url",
    "encode_multikey_private",
    "encode_multikey_public",
    "jwk_thumbprint",
    "jwk_to_public_key",
    "multibase_decode",
    "multibase_encode",
    "public_key_from_method",
    "public_key_to_jwk",
    "resolve_did_key",
    "verification_method_kind",
]
