"""Ed25519 Multikeys, SigningKey and JWKs."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from microcred.openbadges.errors import KeyMaterialError
from microcred.openbadges.keys import (
    SigningKey,
    decode_multikey_private,
    decode_multikey_public,
    encode_multikey_private,
    encode_multikey_public,
    jwk_thumbprint,
    jwk_to_public_key,
    public_key_to_jwk,
)
from microcred.openbadges.keys.multikey import public_key_fingerprint
from tests.openbadges.proofs.fixtures import EDDSA_VECTORS, load_json

RSA_KEY = SigningKey.generate_rsa()


def test_w3c_key_pair_round_trips() -> None:
    pair = load_json(EDDSA_VECTORS / "keyPair.json")
    key = SigningKey.from_multikey(pair["privateKeyMultibase"])
    assert key.public_multikey == pair["publicKeyMultibase"]
    assert key.private_multikey == pair["privateKeyMultibase"]
    assert (
        encode_multikey_private(decode_multikey_private(pair["privateKeyMultibase"])) == key.private_multikey
    )
    assert (
        encode_multikey_public(decode_multikey_public(pair["publicKeyMultibase"]))
        == pair["publicKeyMultibase"]
    )


def test_generated_ed25519_keys_start_with_z6mk() -> None:
    key = SigningKey.generate_ed25519()
    assert key.public_multikey.startswith("z6Mk")
    assert key.private_multikey.startswith("z3u2")
    assert key.is_ed25519
    assert key.jws_algorithm == "EdDSA"
    assert "z6Mk" in repr(key)
    assert key.private_multikey not in repr(key)


def test_decode_multikey_rejects_other_codecs_and_lengths() -> None:
    with pytest.raises(KeyMaterialError, match="0xed01"):
        decode_multikey_public("zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169")  # a P-256 Multikey
    short = "z" + __import__("microcred.openbadges.keys", fromlist=["x"]).base58_encode(
        b"\xed\x01" + b"\1" * 31
    )
    with pytest.raises(KeyMaterialError, match="32 bytes"):
        decode_multikey_public(short)
    with pytest.raises(KeyMaterialError, match="private Multikey"):
        decode_multikey_private(encode_multikey_public(SigningKey.generate_ed25519().public_key))  # type: ignore[arg-type]


def test_rsa_signing_key() -> None:
    assert not RSA_KEY.is_ed25519
    assert RSA_KEY.jws_algorithm == "RS256"
    assert RSA_KEY.sign(b"data")
    with pytest.raises(KeyMaterialError):
        _ = RSA_KEY.public_multikey
    with pytest.raises(KeyMaterialError):
        _ = RSA_KEY.private_multikey
    with pytest.raises(KeyMaterialError, match="2048"):
        SigningKey.generate_rsa(1024)
    assert public_key_fingerprint(RSA_KEY.public_key).startswith("sha256:")


def test_pem_round_trip_with_and_without_password() -> None:
    key = SigningKey.generate_ed25519()
    assert SigningKey.from_pem(key.to_pem()).public_multikey == key.public_multikey
    encrypted = key.to_pem(b"secret")
    assert b"ENCRYPTED" in encrypted
    assert SigningKey.from_pem(encrypted, b"secret").public_multikey == key.public_multikey
    with pytest.raises(KeyMaterialError):
        SigningKey.from_pem(encrypted, b"wrong")
    with pytest.raises(KeyMaterialError):
        SigningKey.from_pem(b"not a pem")
    p256 = ec.generate_private_key(ec.SECP256R1())
    from cryptography.hazmat.primitives import serialization

    pem = p256.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(KeyMaterialError, match="unsupported private key type"):
        SigningKey.from_pem(pem)


def test_jwk_round_trips() -> None:
    ed = SigningKey.generate_ed25519().public_key
    p256 = ec.generate_private_key(ec.SECP256R1()).public_key()
    for key in (ed, RSA_KEY.public_key, p256):
        jwk = public_key_to_jwk(key)
        assert "d" not in jwk
        assert public_key_to_jwk(jwk_to_public_key(jwk)) == jwk
        assert len(jwk_thumbprint(jwk)) == 43
    assert public_key_to_jwk(ed)["kty"] == "OKP"


def test_rfc7638_thumbprint_example() -> None:
    jwk = {
        "kty": "RSA",
        "n": (
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJE"
            "CPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2Q"
            "vzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6"
            "WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        ),
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert jwk_thumbprint(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    with pytest.raises(KeyMaterialError):
        jwk_thumbprint({"kty": "oct"})


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ("nope", "JSON object"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "AA", "d": "AA"}, "private key material"),
        ({"kty": "OKP", "crv": "X25519", "x": "AA"}, "unsupported OKP curve"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}, "32 bytes"),
        ({"kty": "OKP", "crv": "Ed25519"}, "no 'x'"),
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB"}, "too short"),
        ({"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}, "unsupported EC curve"),
        ({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}, "invalid P-256"),
        ({"kty": "oct", "k": "AA"}, "private key material"),
        ({"kty": "oct"}, "unsupported JWK key type"),
    ],
)
def test_bad_jwks_are_refused(jwk: object, message: str) -> None:
    with pytest.raises(KeyMaterialError, match=message):
        jwk_to_public_key(jwk)  # type: ignore[arg-type]


def test_rsa_jwk_with_invalid_numbers() -> None:
    numbers = RSA_KEY.public_key.public_numbers()  # type: ignore[union-attr]
    jwk = public_key_to_jwk(rsa.RSAPublicNumbers(numbers.e, numbers.n).public_key())
    jwk["e"] = "AA"  # exponent 0
    with pytest.raises(KeyMaterialError, match="invalid RSA JWK"):
        jwk_to_public_key(jwk)


def test_unsupported_curve_to_jwk() -> None:
    key = ec.generate_private_key(ec.SECP384R1()).public_key()
    with pytest.raises(KeyMaterialError, match="P-256 only"):
        public_key_to_jwk(key)
    assert isinstance(
        jwk_to_public_key(
            json.loads(json.dumps(public_key_to_jwk(SigningKey.generate_ed25519().public_key)))
        ),
        Ed25519PublicKey,
    )
