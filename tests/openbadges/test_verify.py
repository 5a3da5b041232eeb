"""verify_credential over every standards example (positive and negative), our own credentials, statuses,
and hypothesis fuzzing: it never raises."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.openbadges.issue import sign_credential
from microcred.openbadges.keys import (
    DocumentResolver,
    SigningKey,
    StaticKeyResolver,
    default_resolver,
    did_web_to_url,
)
from microcred.openbadges.status import BitstringStatusList, status_list_credential, status_list_entry
from microcred.openbadges.verify import (
    Check,
    CheckStatus,
    Verdict,
    VerificationReport,
    _embedded,
    verify_credential,
)
from tests.openbadges.proofs.fixtures import (
    CLR2,
    EDDSA_VECTORS,
    ISSUER_ID,
    ISSUER_KEY,
    ISSUER_VM,
    NOW,
    OB3,
    VC,
    DictFetcher,
    fragment_key_document,
    issuer_document,
    load_json,
    ob3_credential,
)

TESTLIST = load_json(VC / "examples" / "bitstring-status-list-credential.testlist.json")

POSITIVE = [
    OB3 / "simple.json",
    OB3 / "complete.json",
    OB3 / "simple-did-key-method.json",
    OB3 / "simple-did-web-method.json",
    OB3 / "endorsement-valid.json",
    OB3 / "bitstring-credential-status-revoked.json",
    OB3 / "credential-status-revoked.json",
    OB3 / "simple-multiple-proofs.json",
    OB3 / "simple-eddsa-2022.json",
    OB3 / "simple_v1.json",
    OB3 / "simple-context-alias.json",
    OB3 / "simple-context-version.json",
    OB3 / "simple-json.png",
    OB3 / "simple-json.svg",
    OB3 / "simple-jwt.png",
    OB3 / "simple-jwt.svg",
    CLR2 / "simple.json",
    CLR2 / "complex.json",
    CLR2 / "simple_v1.json",
    VC / "examples" / "bitstring-status-list-credential.testlist.json",
]

#: negative/<file> -> the check that must fail (the file name states the reason).
NEGATIVE = {
    "simple-err-context.json": "context",
    "simple-err-credential-subject-achievement-result-description-type.json": "schema",
    "simple-err-credential-subject-identifier-type.json": "schema",
    "simple-err-credential-subject-profile-type.json": "schema",
    "simple-err-credential-subject-result-type.json": "schema",
    "simple-err-credential-subject-type.json": "schema",
    "simple-err-evidence-type.json": "schema",
    "simple-err-expired.json": "validity.until",
    "simple-err-issued.json": "validity.from",
    "simple-err-issuer-otheridentifier-type.json": "schema",
    "simple-err-issuer-parentorg-type.json": "schema",
    "simple-err-issuer-type.json": "schema",
    "simple-err-issuer.json": "issuer",
    "simple-err-proof-method-no-scheme.json": "proof[0].key",
    "simple-err-proof-method-unknown-did-method.json": "proof[0].key",
    "simple-err-proof-method-unknown-scheme.json": "proof[0].key",
    "simple-err-proof-method.json": "proof[0].key",
    "simple-err-proof-value.json": "proof[0].signature",
    "simple-err-type.json": "type",
}


def statuses(report: VerificationReport) -> dict[str, str]:
    return {check.id: check.status.value for check in report.checks}


@pytest.mark.parametrize("path", POSITIVE, ids=lambda path: path.name)
def test_positive_standards_examples_verify_offline(path: Path) -> None:
    report = verify_credential(path.read_bytes(), now=NOW)
    assert report.verdict is Verdict.VALID, [check for check in report.checks if check.status != "passed"]
    assert report.status_of("proof") is CheckStatus.PASSED
    assert report.credential is not None


@pytest.mark.parametrize("name", sorted(NEGATIVE), ids=str)
def test_negative_examples_fail_for_their_stated_reason(name: str) -> None:
    report = verify_credential((OB3 / "negative" / name).read_bytes(), now=NOW)
    assert report.verdict is Verdict.INVALID
    assert report.status_of(NEGATIVE[name]) is CheckStatus.FAILED, statuses(report)


def test_negative_examples_are_all_covered() -> None:
    assert sorted(path.name for path in (OB3 / "negative").glob("*.json")) == sorted(NEGATIVE)


def test_expired_and_not_yet_issued_examples_keep_a_valid_signature() -> None:
    for name in ("simple-err-expired.json", "simple-err-issued.json"):
        report = verify_credential((OB3 / "negative" / name).read_bytes(), now=NOW)
        assert report.status_of("proof[0].signature") is CheckStatus.PASSED


def test_w3c_vectors_verify_but_their_issuer_is_not_the_key_controller() -> None:
    for path in (
        EDDSA_VECTORS / "eddsa-rdfc-2022" / "signedDataInt.json",
        EDDSA_VECTORS / "Ed25519Signature2020" / "signedEdSig.json",
    ):
        report = verify_credential(load_json(path), now=NOW, any_vc=True)
        assert report.status_of("type") is CheckStatus.PASSED
        assert report.status_of("proof[0].key") is CheckStatus.PASSED
        assert report.status_of("proof[0].signature") is CheckStatus.PASSED
        assert report.status_of("proof[0].controller") is CheckStatus.FAILED  # issuer https://vc.example/...
        assert report.verdict is Verdict.INVALID
    plain = verify_credential(load_json(EDDSA_VECTORS / "eddsa-rdfc-2022" / "signedDataInt.json"), now=NOW)
    assert plain.status_of("type") is CheckStatus.FAILED  # not an Open Badges credential


def test_embedded_fragment_keys_are_only_a_warning() -> None:
    report = verify_credential(load_json(OB3 / "simple.json"), now=NOW)
    assert report.status_of("proof[0].key") is CheckStatus.WARNING
    assert "fragment" in report.get("proof[0].key").message  # type: ignore[union-attr]


def test_https_verification_method_resolved_from_the_issuer_document() -> None:
    credential = load_json(OB3 / "simple-did-web-method.json")
    document = fragment_key_document(credential)
    resolver = default_resolver(DictFetcher({document["id"]: document}))
    report = verify_credential(credential, resolver=resolver, now=NOW)
    assert report.verdict is Verdict.VALID
    assert report.status_of("proof[0].key") is CheckStatus.PASSED
    assert report.status_of("proof[0].controller") is CheckStatus.PASSED
    assert report.status_of("proof[0].purpose") is CheckStatus.PASSED


def test_did_web_verification_method_resolved_through_its_did_document() -> None:
    credential = load_json(OB3 / "credential-status-revoked.json")
    document = fragment_key_document(credential)
    fetcher = DictFetcher({did_web_to_url(document["id"]): document})
    report = verify_credential(credential, resolver=default_resolver(fetcher), now=NOW)
    assert report.verdict is Verdict.VALID
    assert report.status_of("proof[0].key") is CheckStatus.PASSED
    assert fetcher.calls == [did_web_to_url(document["id"])]


def test_key_not_listed_for_assertion_fails_the_purpose_check() -> None:
    credential = load_json(OB3 / "simple-did-web-method.json")
    document = fragment_key_document(credential)
    document["authentication"] = document.pop("assertionMethod")
    report = verify_credential(
        credential, resolver=default_resolver(DictFetcher({document["id"]: document})), now=NOW
    )
    assert report.status_of("proof[0].purpose") is CheckStatus.FAILED


def test_did_web_key_offline_is_indeterminate() -> None:
    signed = sign_credential(
        ob3_credential(issuer={"id": "did:web:university.example", "type": ["Profile"], "name": "U"}),
        key=ISSUER_KEY,
        verification_method="did:web:university.example#key-1",
    )
    report = verify_credential(signed, now=NOW)
    assert report.verdict is Verdict.INDETERMINATE
    assert report.status_of("proof[0].key") is CheckStatus.SKIPPED
    assert report.status_of("proof") is CheckStatus.SKIPPED
    assert not report.valid


def test_unreachable_document_fails_the_key_check() -> None:
    signed = sign_credential(ob3_credential(), key=ISSUER_KEY, verification_method=ISSUER_VM)
    report = verify_credential(signed, resolver=default_resolver(DictFetcher()), now=NOW)
    assert report.status_of("proof[0].key") is CheckStatus.FAILED


def test_controller_mismatch_fails() -> None:
    signed = sign_credential(
        ob3_credential(), key=ISSUER_KEY, verification_method="https://evil.example/i#key-1"
    )
    report = verify_credential(
        signed, resolver=StaticKeyResolver({"https://evil.example/i#key-1": ISSUER_KEY.public_key}), now=NOW
    )
    assert report.status_of("proof[0].signature") is CheckStatus.PASSED
    assert report.status_of("proof[0].controller") is CheckStatus.FAILED
    assert report.verdict is Verdict.INVALID


def test_resolver_exceptions_are_reported() -> None:
    class Broken:
        def resolve(self, verification_method: str) -> Any:
            raise RuntimeError("boom")

    report = verify_credential(load_json(OB3 / "simple.json"), resolver=Broken(), now=NOW)
    assert report.status_of("proof[0].key") is CheckStatus.FAILED
    assert "boom" in report.get("proof[0].key").message  # type: ignore[union-attr]


# --- status -----------------------------------------------------------------------------------------------


def test_bitstring_revoked_example_is_revoked_with_its_list() -> None:
    credential = load_json(OB3 / "bitstring-credential-status-revoked.json")
    url = credential["credentialStatus"]["statusListCredential"]
    offline = verify_credential(credential, now=NOW)
    assert offline.status_of("status.revocation") is CheckStatus.SKIPPED
    assert "no status fetcher" in offline.get("status.revocation").message  # type: ignore[union-attr]
    report = verify_credential(credential, now=NOW, status_fetcher=DictFetcher({url: TESTLIST}))
    assert report.status_of("status.revocation") is CheckStatus.FAILED
    assert "revoked" in report.get("status.revocation").message  # type: ignore[union-attr]
    assert report.verdict is Verdict.INVALID


def test_bitstring_status_of_our_own_credentials() -> None:
    list_url = "https://university.example/status/1"
    status_list = BitstringStatusList()
    status_list.set(5)
    unsigned_list = status_list_credential(
        list_id=list_url, issuer=ISSUER_ID, status_list=status_list, valid_from=NOW.replace(year=2025)
    )
    signed_list = sign_credential(unsigned_list, key=ISSUER_KEY, verification_method=ISSUER_VM)
    resolver = DocumentResolver(DictFetcher({ISSUER_ID: issuer_document()}))
    fetcher = DictFetcher({list_url: signed_list})
    for index, expected in ((5, CheckStatus.FAILED), (6, CheckStatus.PASSED)):
        credential = ob3_credential(credentialStatus=status_list_entry(list_url, index))
        signed = sign_credential(credential, key=ISSUER_KEY, verification_method=ISSUER_VM)
        report = verify_credential(signed, resolver=resolver, now=NOW, status_fetcher=fetcher)
        assert report.status_of("status.revocation") is expected
    tampered = copy.deepcopy(signed_list)
    tampered["credentialSubject"]["encodedList"] = BitstringStatusList().encode()
    credential = sign_credential(
        ob3_credential(credentialStatus=status_list_entry(list_url, 5)),
        key=ISSUER_KEY,
        verification_method=ISSUER_VM,
    )
    report = verify_credential(
        credential, resolver=resolver, now=NOW, status_fetcher=DictFetcher({list_url: tampered})
    )
    assert report.status_of("status.revocation") is CheckStatus.FAILED
    assert "not valid" in report.get("status.revocation").message  # type: ignore[union-attr]
    unverifiable = verify_credential(
        credential, now=NOW, status_fetcher=fetcher
    )  # no resolver for the list key
    assert unverifiable.status_of("status.revocation.list") is CheckStatus.WARNING
    unreachable = verify_credential(credential, resolver=resolver, now=NOW, status_fetcher=DictFetcher())
    assert unreachable.status_of("status.revocation") is CheckStatus.WARNING
    wrong_kind = verify_credential(
        credential, resolver=resolver, now=NOW, status_fetcher=DictFetcher({list_url: [1]})
    )
    assert wrong_kind.status_of("status.revocation") is CheckStatus.FAILED


def test_1edtech_revocation_list() -> None:
    credential = load_json(OB3 / "credential-status-revoked.json")
    url = credential["credentialStatus"]["id"]
    listing = {"revokedCredentials": [{"id": credential["id"], "revocationReason": "Issued in error"}]}
    report = verify_credential(credential, now=NOW, status_fetcher=DictFetcher({url: listing}))
    assert report.status_of("status.revocation") is CheckStatus.FAILED
    assert "Issued in error" in report.get("status.revocation").message  # type: ignore[union-attr]
    clean = verify_credential(
        credential, now=NOW, status_fetcher=DictFetcher({url: {"revokedCredentials": []}})
    )
    assert clean.status_of("status.revocation") is CheckStatus.PASSED
    broken = verify_credential(credential, now=NOW, status_fetcher=DictFetcher({url: {"x": 1}}))
    assert broken.status_of("status.revocation") is CheckStatus.FAILED


def test_status_entries_of_other_kinds() -> None:
    credential = ob3_credential(
        credentialStatus=[{"type": "CustomStatus"}, "not an object", status_list_entry("https://x/1", 1)]
    )
    report = verify_credential(sign_credential_unchecked(credential), now=NOW)
    assert report.status_of("status.entry[0]") is CheckStatus.SKIPPED
    assert report.status_of("status[1]") is CheckStatus.FAILED
    assert report.status_of("status.revocation[2]") is CheckStatus.SKIPPED


def sign_credential_unchecked(credential: dict[str, Any]) -> dict[str, Any]:
    """Sign with a did:key issuer, bypassing the dropped-term refusal (to test how verification reacts)."""
    key = SigningKey.generate_ed25519()
    from microcred.openbadges.proofs.eddsa_rdfc_2022 import create_proof

    did = f"did:key:{key.public_multikey}"
    credential = dict(credential, issuer={"id": did, "type": ["Profile"], "name": "Self"})
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": f"{did}#{key.public_multikey}",
        "proofPurpose": "assertionMethod",
    }
    return {**credential, "proof": [create_proof(credential, options, key)]}


# --- other checks -----------------------------------------------------------------------------------------


def test_undefined_terms_are_flagged_even_when_the_signature_holds() -> None:
    credential = load_json(OB3 / "simple.json")
    credential["endorsementJwt"] = ["aaa.bbb.ccc"]
    report = verify_credential(credential, now=NOW)
    assert report.status_of("proof[0].signature") is CheckStatus.PASSED  # outside the signature...
    assert report.status_of("jsonld.terms") is CheckStatus.FAILED  # ...so flagged
    assert report.verdict is Verdict.INVALID


def test_recipient_check() -> None:
    credential = ob3_credential()
    credential["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
                "identityType": "emailAddress",
                "hashed": True,
                "salt": "Kosher",
            }
        ],
        "achievement": credential["credentialSubject"]["achievement"],
    }
    signed = sign_credential(credential, key=ISSUER_KEY, verification_method=ISSUER_VM)
    resolver = DocumentResolver(DictFetcher({ISSUER_ID: issuer_document()}))
    good = verify_credential(signed, resolver=resolver, now=NOW, recipient="a@example.com")
    assert good.status_of("recipient") is CheckStatus.PASSED
    bad = verify_credential(signed, resolver=resolver, now=NOW, recipient="b@example.com")
    assert bad.status_of("recipient") is CheckStatus.FAILED
    by_id = verify_credential(
        sign_credential(ob3_credential(), key=ISSUER_KEY, verification_method=ISSUER_VM),
        resolver=resolver,
        now=NOW,
        recipient="did:example:learner-42",
    )
    assert by_id.status_of("recipient") is CheckStatus.PASSED


def test_subject_without_identity_and_bare_issuer() -> None:
    credential = ob3_credential(issuer=ISSUER_ID)
    del credential["credentialSubject"]["id"]
    report = verify_credential(credential, now=NOW)
    assert report.status_of("subject") is CheckStatus.FAILED
    assert report.status_of("issuer") is CheckStatus.WARNING
    assert report.status_of("proof") is CheckStatus.FAILED  # no proof at all


def test_validity_dates_of_vc11_credentials() -> None:
    credential = load_json(OB3 / "simple_v1.json")
    credential.pop("issuanceDate", None)
    assert verify_credential(credential, now=NOW).status_of("validity.from") is CheckStatus.FAILED
    credential = ob3_credential(validFrom="tomorrow", validUntil="2030-01-01T00:00:00Z")
    report = verify_credential(credential, now=NOW)
    assert report.status_of("validity.from") is CheckStatus.FAILED
    assert report.status_of("validity.until") is CheckStatus.PASSED


def test_context_checks() -> None:
    unknown = verify_credential(
        ob3_credential(**{"@context": ["https://www.w3.org/ns/credentials/v2", "https://example.com/ctx"]}),
        now=NOW,
    )
    assert unknown.status_of("context") is CheckStatus.FAILED
    wrong_second = ob3_credential(
        **{
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2",
            ]
        }
    )
    assert verify_credential(wrong_second, now=NOW).status_of("context") is CheckStatus.FAILED
    inline = ob3_credential()
    inline["@context"] = [*inline["@context"], {"extra": "https://example.com/extra"}]
    assert verify_credential(inline, now=NOW).status_of("context") is CheckStatus.PASSED
    no_vc = ob3_credential(type=["OpenBadgeCredential"])
    assert verify_credential(no_vc, now=NOW).status_of("type") is CheckStatus.FAILED


def test_schema_of_unknown_credential_types_is_skipped_and_can_be_disabled() -> None:
    no_schema = verify_credential(ob3_credential(), now=NOW, check_schema=False)
    assert no_schema.status_of("schema") is None
    bare = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
    }
    assert verify_credential(bare, now=NOW).status_of("schema") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\nbroken", "unreadable PNG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "no baked badge"),
        (b"\xff\xfe\x00", "neither a PNG"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "neither JSON nor a compact JWS"),
        ("{}", "JSON credential given as text"),
        ('{"a": [1, 2, 3]', "not valid JSON"),
        ('["json", "array"]', "neither JSON nor a compact JWS"),
        ("just text", "neither JSON nor a compact JWS"),
        (42, "cannot verify a int"),
    ],
)
def test_unreadable_inputs(data: Any, message: str) -> None:
    report = verify_credential(data, now=NOW)
    parse = report.get("parse")
    assert parse is not None
    if parse.status is CheckStatus.FAILED:
        assert report.verdict is Verdict.INVALID
    assert (
        message in parse.message
        or any(message in check.message for check in report.checks)
        or message.startswith("not valid")
    )


def test_huge_input_is_refused() -> None:
    report = verify_credential(b" " * (20 * 1024 * 1024 + 1), now=NOW)
    assert report.status_of("parse") is CheckStatus.FAILED


def test_report_serialization() -> None:
    report = verify_credential(load_json(OB3 / "simple.json"), now=NOW)
    data = report.to_dict()
    assert data["verdict"] == "valid"
    assert data["format"] == "json"
    assert {"id": "parse", "status": "passed", "message": "credential given as a JSON object"} in data[
        "checks"
    ]
    assert json.dumps(data)
    assert Check("x", CheckStatus.PASSED, "m").to_dict() == {"id": "x", "status": "passed", "message": "m"}
    assert report.failures == []


def test_nesting_depth_is_bounded() -> None:
    endorsement = copy.deepcopy(load_json(OB3 / "endorsement-valid.json"))
    nested: dict[str, Any] = endorsement
    for _ in range(5):
        nested = dict(copy.deepcopy(endorsement), endorsement=[nested])
    report = verify_credential(nested, now=NOW)
    assert report.status_of("internal") is None


def test_embedded_credentials_are_found_at_any_depth() -> None:
    document = {
        "@context": [{"endorsement": "https://example.com/ignored"}],
        "proof": {"endorsement": ["ignored"]},
        "credentialSubject": {
            "achievement": {"endorsement": {"id": "a"}, "tag": ["x", 1, None]},
            "odd": (1,),
        },
        "evidence": [{"endorsementJwt": "a.b.c"}, "text"],
        "verifiableCredential": [{"id": "c"}],
    }
    assert _embedded(document, "") == [
        ("credentialSubject.achievement.endorsement[0]", {"id": "a"}),
        ("evidence[0].endorsementJwt[0]", "a.b.c"),
        ("verifiableCredential[0]", {"id": "c"}),
    ]


def test_default_clock_is_now() -> None:
    assert verify_credential(load_json(OB3 / "simple.json")).verdict is Verdict.VALID


# --- fuzzing ----------------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)
KEYS = [
    "@context",
    "type",
    "issuer",
    "proof",
    "credentialSubject",
    "validFrom",
    "validUntil",
    "credentialStatus",
    "id",
    "endorsement",
]


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200), JSON_VALUES.map(json.dumps)))
def test_fuzz_random_input_never_raises(data: bytes | str) -> None:
    report = verify_credential(data, now=NOW)
    assert report.verdict in (Verdict.INVALID, Verdict.INDETERMINATE)
    assert report.status_of("internal") is None, report.get("internal")


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(KEYS),
    JSON_VALUES,
    st.sampled_from(["simple.json", "complete.json", "bitstring-credential-status-revoked.json"]),
)
def test_fuzz_mutated_credentials_never_raise(key: str, value: Any, name: str) -> None:
    credential = load_json(OB3 / name)
    credential[key] = value
    report = verify_credential(credential, now=NOW, status_fetcher=DictFetcher({}))
    assert report.status_of("internal") is None, report.get("internal")
    if key in ("proof", "credentialSubject", "issuer") and value != load_json(OB3 / name).get(key):
        assert report.verdict is not Verdict.VALID


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
def test_fuzz_mutated_proofs_never_raise(value: Any) -> None:
    credential = load_json(OB3 / "simple.json")
    credential["proof"][0]["verificationMethod" if isinstance(value, str) else "created"] = value
    report = verify_credential(credential, now=NOW)
    assert report.status_of("internal") is None, report.get("internal")
    assert (
        report.verdict is not Verdict.VALID
        or value == load_json(OB3 / "simple.json")["proof"][0]["verificationMethod"]
    )


# --- standards files that cannot verify, and why ------------------------------------------------------------

UNVERIFIABLE = {
    # Draft-era VC-JWT: VC 1.1 'vc' claim with an unpublished draft context and neither kid nor jwk.
    OB3 / "simple.jwt": {"parse": "passed", "context": "failed", "jwt.key": "failed"},
    # The signature holds (embedded jwk) but the draft CLR context is not bundled.
    CLR2 / "simple.jwt": {"jwt.signature": "passed", "context": "failed"},
    # Key "#key-1" lives at https://1edtech.edu (not checked offline); expired in 2020.
    OB3 / "complete_v1.json": {"proof[0].key": "skipped", "validity.until": "failed"},
    OB3 / "simple-noproof.json": {"proof": "failed"},
    OB3 / "endorsement-err-schema-status-refresh.json": {"proof[0].signature": "failed"},
    CLR2 / "simple-noproof.json": {"context": "failed", "proof": "failed"},
    CLR2 / "simple_old_safesigned.json": {"context": "failed", "proof[0].signature": "failed"},
}


@pytest.mark.parametrize(
    "path", sorted(UNVERIFIABLE), ids=lambda path: f"{path.parent.parent.name}/{path.name}"
)
def test_standards_files_that_do_not_verify(path: Path) -> None:
    report = verify_credential(path.read_bytes(), now=NOW)
    assert report.verdict is not Verdict.VALID
    found = statuses(report)
    assert {check_id: found.get(check_id) for check_id in UNVERIFIABLE[path]} == UNVERIFIABLE[path]
