"""VC-JWT: JWS compact encoding, algorithms, and the OB 3.0 claims."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from microcred.openbadges.bake import unbake
from microcred.openbadges.errors import ProofError
from microcred.openbadges.keys import SigningKey, b64url_encode, jwk_to_public_key, public_key_from_method
from microcred.openbadges.proofs.vc_jwt import (
    claim_problems,
    credential_claims,
    decode_jws,
    encode_vc_jwt,
    sign_jws,
    verify_jws_signature,
)
from tests.openbadges.proofs.fixtures import CLR2, OB2, OB3, load_json, ob3_credential

RSA = SigningKey.generate_rsa()
ED = SigningKey.generate_ed25519()


@pytest.mark.parametrize("key", [RSA, ED], ids=["RS256", "EdDSA"])
def test_sign_and_verify(key: SigningKey) -> None:
    credential = ob3_credential(validUntil="2030-01-01T00:00:00Z")
    token = encode_vc_jwt(credential, key, kid="https://university.example/issuers/1#key-1")
    jws = decode_jws(token)
    assert jws.header == {
        "alg": key.jws_algorithm,
        "typ": "JWT",
        "kid": "https://university.example/issuers/1#key-1",
    }
    assert verify_jws_signature(jws, key.public_key)
    assert jws.credential == credential
    assert not jws.is_vc11
    assert jws.payload["iss"] == "https://university.example/issuers/1"
    assert jws.payload["jti"] == credential["id"]
    assert jws.payload["sub"] == "did:example:learner-42"
    assert jws.payload["nbf"] == 1735689600
    assert jws.payload["exp"] == 1893456000
    assert claim_problems(jws) == ([], [])
    other = SigningKey.generate_rsa() if key is RSA else SigningKey.generate_ed25519()
    assert not verify_jws_signature(jws, other.public_key)


def test_embedded_jwk_and_missing_key_name() -> None:
    token = encode_vc_jwt(ob3_credential(), ED, embed_jwk=True)
    jws = decode_jws(token)
    assert verify_jws_signature(jws, jwk_to_public_key(jws.header["jwk"]))
    with pytest.raises(ProofError, match="kid"):
        encode_vc_jwt(ob3_credential(), ED)
    with pytest.raises(ProofError, match="does not match the key"):
        sign_jws({"alg": "RS256"}, {}, ED)


def test_es256() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    header = b64url_encode(json.dumps({"alg": "ES256"}).encode())
    payload = b64url_encode(json.dumps({"iss": "x"}).encode())
    r, s = decode_dss_signature(private.sign(f"{header}.{payload}".encode(), ec.ECDSA(hashes.SHA256())))
    token = f"{header}.{payload}.{b64url_encode(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"
    assert verify_jws_signature(decode_jws(token), private.public_key())
    short = f"{header}.{payload}.{b64url_encode(b'short')}"
    assert not verify_jws_signature(decode_jws(short), private.public_key())


def test_unsupported_algorithms_and_key_mismatch() -> None:
    jws = decode_jws(encode_vc_jwt(ob3_credential(), RSA, kid="k"))
    with pytest.raises(ProofError, match="cannot verify alg RS256"):
        verify_jws_signature(jws, ED.public_key)
    none = decode_jws(b64url_encode(b'{"alg":"none"}') + "." + b64url_encode(b"{}") + ".")
    with pytest.raises(ProofError, match="unsupported JWS alg"):
        verify_jws_signature(none, ED.public_key)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "a.b",
        "a..c",
        "!!.??.x",
        b64url_encode(b"[1]") + "." + b64url_encode(b"{}") + ".",
        "x" * 2_000_001,
        7,
    ],
)
def test_decode_errors(token: object) -> None:
    with pytest.raises(ProofError):
        decode_jws(token)  # type: ignore[arg-type]


def test_vc11_claims_and_mismatches() -> None:
    vc = {
        "id": "urn:x",
        "issuer": "https://issuer.example",
        "issuanceDate": "2020-01-01T00:00:00Z",
        "expirationDate": "2021-01-01T00:00:00Z",
        "credentialSubject": [{"id": "did:example:1"}],
    }
    assert credential_claims(vc) == {
        "iss": "https://issuer.example",
        "jti": "urn:x",
        "nbf": 1577836800,
        "sub": "did:example:1",
        "exp": 1609459200,
    }
    token = sign_jws({"alg": "EdDSA"}, {"vc": vc, "iss": "https://evil.example", "jti": "urn:x"}, ED)
    jws = decode_jws(token)
    assert jws.is_vc11
    mismatches, missing = claim_problems(jws)
    assert mismatches == ["iss is 'https://evil.example', the credential says 'https://issuer.example'"]
    assert missing == ["nbf", "sub", "exp"]
    broken = decode_jws(sign_jws({"alg": "EdDSA"}, {"vc": dict(vc, issuanceDate="soon")}, ED))
    assert claim_problems(broken)[0][0].startswith("the credential dates are invalid")


def test_standards_jwts() -> None:
    baked = unbake((OB3 / "simple-jwt.png").read_bytes())
    assert baked is not None
    jws = decode_jws(baked.text)
    assert verify_jws_signature(jws, jwk_to_public_key(jws.header["jwk"]))
    clr = decode_jws((CLR2 / "simple.jwt").read_text())
    assert clr.is_vc11
    assert verify_jws_signature(clr, jwk_to_public_key(clr.header["jwk"]))
    ob2 = decode_jws((OB2 / "simple.jwt").read_text())
    assert verify_jws_signature(ob2, public_key_from_method(load_json(OB2 / "assets" / "key1.json")))
    simple = decode_jws((OB3 / "simple.jwt").read_text())
    assert simple.is_vc11
    assert "kid" not in simple.header
    assert "jwk" not in simple.header
