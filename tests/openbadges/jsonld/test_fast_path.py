"""The single-pass fast path against the reference path (expansion, then RDF), on its fallback edges."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from microcred.openbadges.canon.rdfc10 import _permutations, rdfc10_nquads
from microcred.openbadges.jsonld import InvalidJsonLdError, expand, to_rdf
from microcred.openbadges.jsonld import fast as fast_module
from microcred.openbadges.jsonld.rdf import to_rdf_via_expansion
from tests.openbadges.jsonld.oracle import pyld_canonicalize

EX = "http://example.org/"
VOCAB = {"@vocab": EX}

DOCUMENTS: dict[str, Any] = {
    "set objects inside lists": {
        "@context": {**VOCAB, "l": {"@id": EX + "l", "@container": "@list"}},
        "@id": EX + "s",
        "l": [{"@set": ["a", "b"]}, {"@set": []}, {"@value": "v"}, {"@id": "relative"}],
        "m": {"l": {"@set": [{"@id": "relative"}]}},
        "n": {"l": {"@value": None}},
        "o": {"l": None},
    },
    "value objects and fallbacks as plain values": {
        "@context": VOCAB,
        "@id": EX + "s",
        "p": [{"@value": "x", "@language": "en"}, {"@set": [1, 2]}, {"@list": []}, {"@value": None}],
    },
    "scoped term with scalar values": {
        "@context": {**VOCAB, "s": {"@id": EX + "s", "@context": {"s": {"@id": EX + "s2", "@type": "@id"}}}},
        "@id": EX + "x",
        "s": ["http://a.example/", 3],
    },
    "scoped context by URL": {
        "@context": {
            **VOCAB,
            "ext": {"@id": EX + "ext", "@context": "https://www.w3.org/ns/credentials/examples/v2"},
        },
        "@id": EX + "x",
        "ext": {"anything": "goes"},
    },
    "index entries on nodes": {"@context": VOCAB, "@id": EX + "x", "p": {"@index": "i", "q": 1}},
    "both type keys": {
        "@context": {**VOCAB, "type": "@type"},
        "@id": EX + "x",
        "type": "A",
        "@type": ["B", "C"],
    },
    "top-level graph with values": {
        "@context": VOCAB,
        "@graph": [{"@id": EX + "a", "p": 1}, {"@value": "x"}],
    },
    "language map with direction": {
        "@context": {**VOCAB, "l": {"@id": EX + "l", "@container": "@language", "@direction": "rtl"}},
        "@id": EX + "x",
        "l": {"ar": "نص"},
    },
    "type map in a type-scoped context": {
        "@context": {
            **VOCAB,
            "T": {"@id": EX + "T", "@context": {"m": {"@id": EX + "m", "@container": "@type"}}},
            "Cat": {"@id": EX + "Cat", "@context": {"purrs": EX + "purrs"}},
        },
        "@type": "T",
        "m": {"Cat": {"purrs": True}},
    },
    "two type keys merged": {"@context": VOCAB, "@type": "A", "p": {"@type": ["B"], "@id": EX + "o"}},
    "nodes without properties in lists": {
        "@context": {**VOCAB, "l": {"@id": EX + "l", "@container": "@list"}},
        "l": [{}, {"@id": EX + "ref"}],
    },
}

INVALID: dict[str, Any] = {
    "non-string type": {"@context": VOCAB, "p": {"@type": [1]}},
    "non-string id in nested node": {"@context": VOCAB, "p": {"@id": ["x"]}},
    "duplicate index": {"@context": {**VOCAB, "i": "@index"}, "p": {"@index": "a", "i": "b", "q": 1}},
    "non-string index": {"@context": VOCAB, "p": {"@index": 1, "q": 1}},
    "duplicate id": {"@context": {**VOCAB, "id": "@id"}, "p": {"@id": EX + "a", "id": EX + "b"}},
    "included literal": {"@context": VOCAB, "@included": {"@value": "x"}, "@id": EX + "x", "p": 1},
    "value in index map with id": {
        "@context": {**VOCAB, "m": {"@id": EX + "m", "@container": "@id"}},
        "m": {EX + "k": "literal"},
    },
    "reverse literal": {"@context": VOCAB, "@reverse": {EX + "r": "literal"}},
    "reverse value object": {"@context": VOCAB, "@reverse": {EX + "r": {"@value": "x"}}},
}


@pytest.mark.parametrize("document", list(DOCUMENTS.values()), ids=list(DOCUMENTS))
def test_fast_path_matches_reference_and_pyld(document: Any) -> None:
    fast = rdfc10_nquads(to_rdf(document))
    assert fast == rdfc10_nquads(to_rdf_via_expansion(document))
    if "relative" not in str(document):  # pyld 3.3 crashes on relative IRIs in lists
        assert fast == pyld_canonicalize(document)


@pytest.mark.parametrize("document", list(INVALID.values()), ids=list(INVALID))
def test_fast_path_fails_like_reference(document: Any) -> None:
    with pytest.raises(InvalidJsonLdError):
        to_rdf_via_expansion(document)
    with pytest.raises(InvalidJsonLdError):
        to_rdf(document)


def test_non_json_values_and_documents() -> None:
    with pytest.raises(InvalidJsonLdError, match="unsupported value"):
        to_rdf({"@context": VOCAB, "p": {1, 2}})
    with pytest.raises(InvalidJsonLdError, match="unsupported value"):
        to_rdf({"@context": VOCAB, "p": [{"q": object()}]})
    with pytest.raises(InvalidJsonLdError, match="object or array"):
        expand("just a string")
    assert to_rdf("just a string") == []  # type: ignore[arg-type]


def test_shape_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_module, "_MAX_SHAPES", 2)
    document = {"@context": VOCAB, "@id": EX + "s", "a": {"x": 1}, "b": {"y": 1}, "c": {"z": 1}}
    assert rdfc10_nquads(to_rdf(document)) == rdfc10_nquads(to_rdf_via_expansion(document))


@pytest.mark.parametrize("items", [["a", "a", "b"], ["b", "a", "b", "a"], ["x", "x", "x"], ["a", "b", "c"]])
def test_distinct_permutations(items: list[str]) -> None:
    produced = list(_permutations(items))
    assert len(produced) == len(set(produced))
    assert set(produced) == set(itertools.permutations(items))


@pytest.mark.parametrize("number", [float("nan"), float("inf"), 10**400])
def test_numbers_outside_doubles_are_refused(number: float) -> None:
    document = {"@context": VOCAB, "@id": EX + "s", "p": number}
    for function in (to_rdf, to_rdf_via_expansion):
        with pytest.raises(InvalidJsonLdError, match="finite double"):
            function(document)


def test_deeply_nested_documents_are_refused() -> None:
    document: dict[str, Any] = {"@context": VOCAB, "p": "leaf"}
    for _ in range(5000):
        document = {"p": document}
    document["@context"] = VOCAB
    for function in (to_rdf, to_rdf_via_expansion, expand):
        with pytest.raises(InvalidJsonLdError, match="nested too deeply"):
            function(document)
