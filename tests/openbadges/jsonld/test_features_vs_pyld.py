"""JSON-LD 1.1 features, one small document each, against pyld (and fast path against the reference path)."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.canon.rdfc10 import rdfc10_nquads
from microcred.openbadges.errors import OpenBadgesError
from microcred.openbadges.jsonld.expand import expand
from microcred.openbadges.jsonld.rdf import to_rdf_via_expansion
from tests.openbadges.jsonld.oracle import pyld_canonicalize, pyld_expand
from tests.openbadges.jsonld.test_standards_vs_pyld import _normalized

EX = "http://example.org/"
V2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VOCAB = {"@vocab": EX}

VALID: dict[str, Any] = {
    "vocab and compact IRIs": {
        "@context": {"@vocab": EX, "ex": EX, "schema": "https://schema.org/"},
        "@id": "ex:a",
        "schema:name": "A",
        "ex:other": {"@id": "ex:b"},
        "plain": "x",
    },
    "numbers and booleans": {
        "@context": {
            **VOCAB,
            "d": {"@id": EX + "d", "@type": "http://www.w3.org/2001/XMLSchema#double"},
            "f": {"@id": EX + "f", "@type": "http://www.w3.org/2001/XMLSchema#float"},
        },
        "@id": EX + "n",
        "i": [1, -7, 0, 10**21, 12345678901234567890, 2.0],
        "r": [1.5, -0.25, 1e-7, 123456.789, 1e300],
        "d": [5, 5.5],
        "f": 3,
        "b": [True, False],
    },
    "typed and language values": {
        "@context": {**VOCAB, "@language": "EN-gb", "fr": {"@id": EX + "fr", "@language": "fr"}},
        "@id": EX + "v",
        "s": "hello",
        "fr": "bonjour",
        "none": {"@value": "x", "@language": None},
        "typed": {"@value": "2020-01-01", "@type": "http://www.w3.org/2001/XMLSchema#date"},
        "tagged": {"@value": "hola", "@language": "ES"},
        "dir": {"@value": "abc", "@language": "ar", "@direction": "rtl"},
        "index": {"@value": "v", "@index": "i1"},
        "null value": {"@value": None},
    },
    "id and vocab coercion, relative IRIs dropped": {
        "@context": {
            **VOCAB,
            "link": {"@id": EX + "link", "@type": "@id"},
            "term": {"@id": EX + "term", "@type": "@vocab"},
            "Thing": EX + "Thing",
        },
        "@id": EX + "c",
        "@type": ["Thing", "Relative"],
        "link": ["http://other.example/x", "relative/path", "_:b1", 5],
        "term": ["Thing", "unknownTerm"],
        "child": {"@id": "relative", "name": "dropped subject"},
    },
    "lists": {
        "@context": {
            **VOCAB,
            "l": {"@id": EX + "l", "@container": "@list"},
            "ids": {"@id": EX + "ids", "@container": "@list", "@type": "@id"},
        },
        "@id": EX + "lists",
        "l": [1, [2, 3], [], None, {"@value": "x"}, {"name": "node in list"}],
        "ids": ["http://a.example/", "_:b"],
        "explicit": {"@list": ["a", "b"]},
        "empty": {"@list": []},
        "set": {"@set": ["s1", "s2"]},
        "nested": [["flattened", ["deeper"]], "x"],
    },
    "list container with single and special values": {
        "@context": {**VOCAB, "l": {"@id": EX + "l", "@container": "@list"}},
        "@id": EX + "lists2",
        "l": {"@list": ["already", "a", "list"]},
        "child": {"l": "single"},
        "child2": {"l": {"@set": ["from", "set"]}},
        "child3": {"l": {"name": "one node"}},
        "child4": {"l": [{"@set": ["inner"]}, {"@list": ["x"]}]},
    },
    "json literals": {
        "@context": {**VOCAB, "j": {"@id": EX + "j", "@type": "@json"}},
        "@id": EX + "j",
        "j": {"b": [1, 2.5, None, True], "a": "é\n", "c": {}},
        "explicit": {"@value": [1, {"x": 1e21}], "@type": "@json"},
    },
    "graph container and named graphs": {
        "@context": {**VOCAB, "g": {"@id": EX + "g", "@container": "@graph"}},
        "@id": EX + "graphs",
        "g": {"@id": EX + "inside", "name": "in a graph"},
        "named": {"@id": EX + "named-graph", "@graph": [{"@id": EX + "x", "name": "x"}]},
        "anon": {"@graph": {"name": "anonymous graph"}},
    },
    "top-level graph": {
        "@context": VOCAB,
        "@graph": [{"@id": EX + "a", "name": "a"}, {"@id": EX + "b", "name": "b"}, "free", {"@value": 1}],
    },
    "top-level named graph": {"@context": VOCAB, "@id": EX + "G", "@graph": [{"@id": EX + "a", "p": "q"}]},
    "reverse properties": {
        "@context": {**VOCAB, "parent": {"@reverse": EX + "child"}},
        "@id": EX + "kid",
        "parent": {"@id": EX + "mum", "name": "Mum"},
        "@reverse": {EX + "likes": [{"@id": EX + "fan"}], "parent": {"@id": EX + "grandkid"}},
    },
    "included and nest": {
        "@context": {**VOCAB, "meta": "@nest", "inc": "@included"},
        "@id": EX + "i",
        "meta": {"name": "nested name", "other": {"meta": {"deep": 1}}},
        "inc": [{"@id": EX + "side", "name": "side node"}],
    },
    "language map": {
        "@context": {**VOCAB, "label": {"@id": EX + "label", "@container": "@language"}},
        "@id": EX + "lm",
        "label": {"en": "Hello", "FR": ["Bonjour", None], "@none": "neutral"},
    },
    "index maps": {
        "@context": {
            **VOCAB,
            "idx": {"@id": EX + "idx", "@container": "@index"},
            "byid": {"@id": EX + "byid", "@container": "@id"},
            "bytype": {"@id": EX + "bytype", "@container": "@type"},
            "gidx": {"@id": EX + "gidx", "@container": ["@graph", "@index"]},
        },
        "@id": EX + "maps",
        "idx": {"a": "one", "b": {"name": "two"}},
        "byid": {EX + "k1": {"name": "k1"}, "@none": {"name": "k2"}},
        "bytype": {"Cat": {"name": "Tom"}, "@none": {"name": "untyped"}},
        "gidx": {"g1": {"name": "in graph"}},
    },
    "scoped contexts": {
        "@context": {
            **VOCAB,
            "Person": {
                "@id": EX + "Person",
                "@context": {"name": EX + "personName", "knows": {"@type": "@id"}},
            },
            "address": {"@id": EX + "address", "@context": {"city": EX + "city"}},
        },
        "@id": EX + "p",
        "@type": "Person",
        "name": "Alice",
        "knows": "http://bob.example/",
        "address": {"city": "Paris", "inner": {"city": "not scoped here? yes: propagates"}},
        "friend": {"name": "type-scoped term does not propagate"},
        "label": {"@value": "kept"},
    },
    "propagating type-scoped context and null context": {
        "@context": {
            **VOCAB,
            "T": {"@id": EX + "T", "@context": {"@propagate": True, "x": EX + "tx"}},
            "reset": {"@id": EX + "reset", "@context": None},
        },
        "@type": "T",
        "x": 1,
        "child": {"x": 2},
        "reset": {"@context": VOCAB, "x": 3},
    },
    "embedded contexts on nodes": {
        "@context": [V2, OB],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {
            "@context": {"custom": "https://custom.example/vocab#custom"},
            "custom": "value",
            "type": "AchievementSubject",
        },
    },
    "blank node identifiers": {
        "@context": {**VOCAB, "ref": {"@id": EX + "ref", "@type": "@id"}},
        "@id": "_:me",
        "ref": "_:other",
        "again": {"@id": "_:other", "name": "other"},
        "_:bnodeProperty": "dropped predicate",
        "@type": "_:bnodeType",
    },
    "dropped terms and keyword-like keys": {
        "@context": {"name": "https://schema.org/name", "nothing": None},
        "@id": EX + "d",
        "name": "kept",
        "undefined": "dropped",
        "nothing": "dropped too",
        "@unknown": "ignored",
    },
    "array document and free-floating values": [
        {"@context": VOCAB, "@id": EX + "one", "p": 1},
        {"@context": VOCAB, "@id": EX + "two"},
        {"@context": VOCAB, "@value": "free"},
        {"@context": VOCAB, "@list": [1]},
        {"@context": VOCAB, "@set": [{"@id": EX + "three", "p": 3}]},
        "scalar",
        None,
        [],
    ],
    "type only and empty nodes": {
        "@context": VOCAB,
        "a": {},
        "b": {"@type": EX + "T"},
        "c": [{}, {"p": None}],
    },
    "protected terms redefined identically": {
        "@context": [V2, {"@protected": True, "id": "@id", "type": "@type"}],
        "id": "urn:x",
        "type": "VerifiableCredential",
    },
    "context arrays with null reset": {
        "@context": [{"a": EX + "a"}, None, {"b": EX + "b"}],
        "@id": EX + "r",
        "a": "dropped after reset",
        "b": "kept",
    },
    "term definitions": {
        "@context": {
            "ex": {"@id": EX, "@prefix": True},
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "date": {"@id": "ex:date", "@type": "xsd:date"},
            "ex:alias": {"@id": "ex:alias"},
            "http://example.org/full": {"@type": "@id"},
            "dir": {"@id": "ex:dir", "@direction": "ltr", "@language": "en"},
            "notype": {"@id": "ex:notype", "@type": "@none"},
            "@type": {"@container": "@set"},
            "nest": {"@id": "ex:nest", "@nest": "@nest"},
            "set": {"@id": "ex:set", "@container": ["@set"]},
        },
        "@id": "ex:t",
        "date": "2020-02-02",
        "ex:alias": "x",
        "http://example.org/full": "http://example.org/linked",
        "dir": "text",
        "notype": ["string", 1],
        "nest": "n",
        "set": ["s"],
        "ex:compact": "value",
    },
}

INVALID: dict[str, Any] = {
    "unknown remote context": {"@context": "https://example.org/nope.jsonld", "@id": EX + "x"},
    "bad @id": {"@context": VOCAB, "@id": 5},
    "bad @type": {"@context": VOCAB, "@type": 5},
    "colliding @id": {"@context": {**VOCAB, "id": "@id"}, "@id": EX + "a", "id": EX + "b"},
    "value with extra key": {"@context": VOCAB, "p": {"@value": "x", "extra": 1}},
    "value object not scalar": {"@context": VOCAB, "p": {"@value": {"a": 1}}},
    "language on number": {"@context": VOCAB, "p": {"@value": 1, "@language": "en"}},
    "typed value relative type": {"@context": {"p": EX + "p"}, "p": {"@value": "x", "@type": "relative"}},
    "type and language": {"@context": VOCAB, "p": {"@value": "x", "@type": EX + "t", "@language": "en"}},
    "bad language": {"@context": VOCAB, "p": {"@value": "x", "@language": 5}},
    "bad direction": {"@context": VOCAB, "p": {"@value": "x", "@direction": "up"}},
    "bad index": {"@context": VOCAB, "p": {"@value": "x", "@index": 5}},
    "list with extra": {"@context": VOCAB, "p": {"@list": [], "x": 1}},
    "reverse not object": {"@context": VOCAB, "@reverse": 5},
    "reverse value literal": {"@context": {**VOCAB, "r": {"@reverse": EX + "r"}}, "r": {"@value": 1}},
    "keyword in reverse map": {"@context": VOCAB, "@reverse": {"@id": EX + "x"}},
    "nested reverse map": {"@context": VOCAB, "@reverse": {"@reverse": {EX + "back": {"@id": EX + "z"}}}},
    "nest not object": {"@context": {**VOCAB, "n": "@nest"}, "n": "string"},
    "protected redefinition": {
        "@context": [V2, {"VerifiableCredential": "http://evil.example/VC"}],
        "type": "VerifiableCredential",
    },
    "context nullification": {"@context": [V2, None], "@id": "urn:x"},
    "invalid term definition": {"@context": {"t": 5}, "t": 1},
    "keyword redefinition": {"@context": {"@id": EX + "id"}},
    "cyclic term": {"@context": {"a": "b:x", "b": "a:y"}, "a": 1},
    "bad container": {"@context": {"t": {"@id": EX + "t", "@container": "@nope"}}},
    "bad vocab": {"@context": {"@vocab": 5}},
    "bad version": {"@context": {"@version": 1.0}},
    "term without iri": {"@context": {"t": {"@type": "@id"}}, "t": "x"},
    "language map value": {
        "@context": {**VOCAB, "l": {"@id": EX + "l", "@container": "@language"}},
        "l": {"en": 5},
    },
}


@pytest.mark.parametrize("document", list(VALID.values()), ids=list(VALID))
def test_valid_documents_match_pyld(document: Any) -> None:
    expected = pyld_canonicalize(document)
    assert canonicalize(document) == expected  # type: ignore[arg-type]
    assert rdfc10_nquads(to_rdf_via_expansion(document)) == expected
    assert _normalized(expand(document)) == _normalized(pyld_expand(document))


@pytest.mark.parametrize("document", list(INVALID.values()), ids=list(INVALID))
def test_invalid_documents_fail_like_pyld(document: Any) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 - any pyld error
        pyld_canonicalize(document)
    with pytest.raises(OpenBadgesError):
        canonicalize(document)
    with pytest.raises(OpenBadgesError):
        expand(document)


def test_relative_iri_in_a_list_keeps_its_slot() -> None:
    # pyld 3.3 crashes on this document; JSON-LD drops the rdf:first triple but keeps the list node
    document = {
        "@context": {"ids": {"@id": EX + "ids", "@container": "@list", "@type": "@id"}},
        "@id": EX + "s",
        "ids": ["relative", EX + "b"],
    }
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    assert canonicalize(document) == (
        f"<{EX}s> <{EX}ids> _:c14n0 .\n"
        f"_:c14n0 <{rdf}rest> _:c14n1 .\n"
        f"_:c14n1 <{rdf}first> <{EX}b> .\n"
        f"_:c14n1 <{rdf}rest> <{rdf}nil> .\n"
    )
    assert rdfc10_nquads(to_rdf_via_expansion(document)) == canonicalize(document)


def test_property_valued_index_map() -> None:
    # JSON-LD 1.1 API 13.8.3.7.2: the index is added under the vocabulary-expanded index key (pyld 3.3
    # expands the key without @vocab and so drops it).
    document = {
        "@context": {"@vocab": EX, "prop": {"@id": EX + "prop", "@container": "@index", "@index": "cat"}},
        "@id": EX + "s",
        "prop": {"x": {"@id": EX + "o", "name": "p1"}, "@none": {"@id": EX + "n"}},
    }
    assert canonicalize(document) == (
        f'<{EX}o> <{EX}cat> "x" .\n<{EX}o> <{EX}name> "p1" .\n'
        f"<{EX}s> <{EX}prop> <{EX}n> .\n<{EX}s> <{EX}prop> <{EX}o> .\n"
    )
