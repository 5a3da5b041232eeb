"""find_dropped_terms: everything JSON-LD would silently leave out of the signed RDF, with readable paths."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.errors import OpenBadgesError
from microcred.openbadges.jsonld import UnknownContextError, expand, find_dropped, find_dropped_terms
from microcred.openbadges.jsonld.fast import is_lossless
from tests.openbadges.jsonld.ob3_generator import credentials
from tests.openbadges.jsonld.oracle import standards_documents
from tests.openbadges.jsonld.test_fast_path import DOCUMENTS as FAST_PATH_DOCUMENTS
from tests.openbadges.jsonld.test_features_vs_pyld import VALID as FEATURES

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
VECTOR = Path("tests/openbadges/canon/data/ob3-test-vector-credential.json")


def _credential() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(VECTOR.read_text(encoding="utf-8"))
    document.pop("proof")
    return document


def test_clean_credentials_have_nothing_dropped() -> None:
    assert find_dropped_terms(_credential()) == []
    for name in ("simple.json", "complete.json", "simple-eddsa-2022.json"):
        document = json.loads((Path("tests/standards/ob3/examples") / name).read_text(encoding="utf-8"))
        document.pop("proof", None)
        assert find_dropped_terms(document) == [], name


def test_undefined_terms_are_reported_with_their_path() -> None:
    document = _credential()
    document["colour"] = "blue"
    document["issuer"]["nmae"] = "typo"
    achievement = document["credentialSubject"]["achievement"]
    achievement["foo"] = {"bar": 1}
    achievement["alignment"] = [
        {"type": ["Alignment"], "targetName": "x", "targetUrl": "https://x.example/"},
        {"type": ["Alignment"], "targetName": "y", "targetUrl": "https://y.example/", "weight": 2},
    ]
    assert find_dropped_terms(document) == [
        "colour",
        "credentialSubject.achievement.alignment[1].weight",
        "credentialSubject.achievement.foo",
        "issuer.nmae",
    ]
    reasons = {item.path: str(item) for item in find_dropped(document)}
    assert reasons["colour"] == "colour: term 'colour' is not defined by the @context"


def test_undefined_types_and_relative_iris_are_reported() -> None:
    document = _credential()
    document["type"] = ["VerifiableCredential", "OpenBadgeCredential", "MyCredential"]
    achievement = document["credentialSubject"]["achievement"]
    achievement["image"] = "badge.png"
    achievement["criteria"]["id"] = "criteria.html"
    document["issuer"]["id"] = "issuers/1"
    dropped = {item.path: item for item in find_dropped(document)}
    assert list(dropped) == [
        "credentialSubject.achievement.criteria.id",
        "credentialSubject.achievement.image",
        "issuer.id",
        "type[2]",
    ]
    assert dropped["type[2]"].term == "MyCredential"
    assert "not defined by the @context" in dropped["type[2]"].reason
    assert "relative IRI" in dropped["credentialSubject.achievement.image"].reason
    assert "'badge.png'" in str(dropped["credentialSubject.achievement.image"])


def test_null_mapped_terms_blank_node_properties_and_free_values() -> None:
    document = {
        "@context": [*CONTEXT, {"hidden": None, "bn": "_:property"}],
        "id": "urn:uuid:1",
        "type": "VerifiableCredential",
        "hidden": "x",
        "bn": "y",
    }
    dropped = {item.path: item.reason for item in find_dropped(document)}
    assert dropped == {
        "bn": "term 'bn' maps to a blank node, not a property IRI",
        "hidden": "term 'hidden' is mapped to null by the @context",
    }
    assert find_dropped_terms(["scalar"]) == ["[0]"]
    assert find_dropped_terms([{"@context": {"@vocab": "http://e.org/"}, "@list": [1]}]) == ["[0].@list"]


def test_dropping_changes_nothing_in_the_canonical_form() -> None:
    document = _credential()
    polluted = copy.deepcopy(document)
    polluted["credentialSubject"]["achievement"]["undefinedTerm"] = "ignored by JSON-LD"
    assert canonicalize(polluted) == canonicalize(document)
    assert find_dropped_terms(polluted) == ["credentialSubject.achievement.undefinedTerm"]


def test_mappings_are_accepted() -> None:
    assert find_dropped_terms(MappingProxyType(_credential())) == []


def test_unknown_contexts_are_refused_with_a_clear_message() -> None:
    document = _credential()
    document["@context"] = [*CONTEXT, "https://example.org/custom-context.json"]
    for function in (find_dropped_terms, canonicalize):
        with pytest.raises(UnknownContextError, match=r"custom-context\.json.*never fetched"):
            function(document)


def _reported(document: Any) -> list[str]:
    found: list[str] = []
    expand(document, lambda path, term, reason: found.append(path))
    return found


def test_quick_check_never_hides_a_dropped_term() -> None:
    documents: list[Any] = [document for _, document in standards_documents()]
    documents += credentials(99, 300)
    documents += [d for d in [*FEATURES.values(), *FAST_PATH_DOCUMENTS.values()] if isinstance(d, dict)]
    polluted = _credential()
    polluted["credentialSubject"]["achievement"]["image"] = {"id": "img.png"}
    documents.append(polluted)
    lossless = 0
    for document in documents:
        try:
            reported = _reported(document)
        except OpenBadgesError:
            continue
        if is_lossless(document):
            lossless += 1
            assert reported == [], reported
        assert find_dropped_terms(document) == list(dict.fromkeys(reported))
    assert lossless > 250
