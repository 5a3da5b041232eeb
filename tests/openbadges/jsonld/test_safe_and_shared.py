"""One pass to RDF, two uses: safe canonicalization, and conversions shared during a verification."""

from __future__ import annotations

import copy
from types import MappingProxyType
from typing import Any

import pytest

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.errors import DroppedTermsError
from microcred.openbadges.jsonld import InvalidJsonLdError, find_dropped, find_dropped_terms
from microcred.openbadges.jsonld.fast import is_lossless
from microcred.openbadges.jsonld.rdf import reusing_conversions, to_rdf, to_rdf_checked
from microcred.openbadges.keys import StaticKeyResolver
from microcred.openbadges.proofs.data_integrity import ProofOptions, without_proof
from microcred.openbadges.proofs.eddsa_rdfc_2022 import CRYPTOSUITE, create_proof, verify_proof
from microcred.openbadges.verify import Verdict, verify_credential
from tests.openbadges.proofs.fixtures import ISSUER_KEY, ISSUER_VM, NOW, ob3_credential

VC11 = [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
]


def test_safe_canonicalization_of_a_clean_document_is_the_plain_one() -> None:
    credential = ob3_credential()
    assert canonicalize(credential, safe=True) == canonicalize(credential)


def test_safe_canonicalization_names_what_would_be_dropped() -> None:
    credential = ob3_credential(foo=1, image="relative/image.png")
    canonicalize(credential)  # the plain algorithm silently leaves both out
    with pytest.raises(DroppedTermsError) as caught:
        canonicalize(credential, safe=True)
    assert caught.value.terms == find_dropped_terms(credential) == ["foo", "image"]


def test_safe_canonicalization_asks_the_complete_algorithm_when_the_fast_pass_cannot_vouch() -> None:
    credential = ob3_credential(name={"@value": "Robotique", "@language": "fr"})  # a value object
    assert not is_lossless(credential)
    assert find_dropped(credential) == []
    assert canonicalize(credential, safe=True) == canonicalize(credential)


def test_to_rdf_checked_is_to_rdf_and_is_lossless_in_one_pass() -> None:
    for credential in (ob3_credential(), ob3_credential(foo=1)):
        quads, lossless = to_rdf_checked(credential)
        assert quads == to_rdf(credential)
        assert lossless is is_lossless(credential)
        assert to_rdf_checked(MappingProxyType(credential)) == (quads, lossless)


def test_find_dropped_refuses_deeply_nested_lists() -> None:
    document: Any = [{"@context": {"@vocab": "https://example.com/"}, "p": "leaf"}]
    for _ in range(5000):
        document = [document]
    with pytest.raises(InvalidJsonLdError, match="nested too deeply"):
        find_dropped(document)


def _options() -> dict[str, Any]:
    return ProofOptions(verification_method=ISSUER_VM, cryptosuite=CRYPTOSUITE).to_dict()


def test_create_proof_in_safe_mode_refuses_dropped_terms_of_the_document_and_of_the_options() -> None:
    with pytest.raises(DroppedTermsError, match="endorsementJwt"):
        create_proof(ob3_credential(endorsementJwt=["a.b.c"]), _options(), ISSUER_KEY, safe=True)
    vc11 = ob3_credential(**{"@context": VC11}, issuanceDate="2025-01-01T00:00:00Z")
    del vc11["validFrom"]
    with pytest.raises(DroppedTermsError, match="cryptosuite"):
        create_proof(vc11, _options(), ISSUER_KEY, safe=True)
    proof = create_proof(vc11, _options(), ISSUER_KEY)  # not safe: the proof's terms are left unsigned
    assert verify_proof({**vc11, "proof": proof}, proof, ISSUER_KEY.public_key)


def test_reusing_conversions_converts_the_same_document_once() -> None:
    credential = ob3_credential()
    outside = to_rdf_checked(without_proof(credential))
    assert to_rdf_checked(without_proof(credential)) is not outside  # no memo outside a block
    with reusing_conversions():
        first = to_rdf_checked(without_proof(credential))
        with reusing_conversions():  # nested blocks share the outer memo
            assert to_rdf_checked(dict(credential)) is first
        assert first == outside
        changed = {**credential, "name": "Another name"}  # another object under a key: another document
        assert to_rdf_checked(changed) is not first
        assert to_rdf_checked(changed) is to_rdf_checked(changed)
        listed = [credential]  # only dicts are memoized
        assert to_rdf_checked(listed) is not to_rdf_checked(listed)
    assert to_rdf_checked(without_proof(credential)) is not first  # the memo ends with the block


def test_a_document_mutated_in_depth_is_a_new_document_only_through_new_objects() -> None:
    credential = ob3_credential()
    with reusing_conversions():
        first = to_rdf_checked(credential)
        modified = copy.deepcopy(credential)
        modified["credentialSubject"]["achievement"]["name"] = "Changed"
        assert to_rdf_checked(modified) != first


def test_verification_shares_the_conversion_and_still_reports_dropped_terms() -> None:
    signed = create_proof(ob3_credential(), _options(), ISSUER_KEY)
    document = {**ob3_credential(), "proof": signed}
    keys = StaticKeyResolver({ISSUER_VM: ISSUER_KEY.public_key})
    report = verify_credential(document, resolver=keys, now=NOW)
    assert report.status_of("jsonld.terms") == "passed"
    assert report.status_of("proof[0].signature") == "passed"
    tampered = {**document, "foo": 1}  # not signed: dropped by JSON-LD, so the signature still verifies
    report = verify_credential(tampered, resolver=keys, now=NOW)
    assert report.status_of("jsonld.terms") == "failed"
    assert report.status_of("proof[0].signature") == "passed"
    assert report.verdict is Verdict.INVALID
