"""Context processing: valid corner cases against pyld, and every invalid-context error."""

from __future__ import annotations

from typing import Any

import pytest

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.jsonld import InvalidJsonLdError, UnsupportedJsonLdError
from microcred.openbadges.jsonld import context as context_module
from microcred.openbadges.jsonld.context import ActiveContext, expand_iri, process_context
from microcred.openbadges.jsonld.expand import INITIAL_CONTEXT
from tests.openbadges.jsonld.oracle import pyld_canonicalize

EX = "http://example.org/"


def _doc(context: Any, **entries: Any) -> dict[str, Any]:
    return {"@context": context, "@id": EX + "s", **entries}


VALID = {
    "import": _doc({"@import": "https://www.w3.org/ns/credentials/examples/v2", "x": EX + "x"}, x=1, y=2),
    "vocab reset": _doc([{"@vocab": EX}, {"@vocab": None}], dropped=1),
    "vocab as compact IRI": _doc({"ex": EX, "@vocab": "ex:"}, p="v"),
    "language and direction": _doc(
        {"@vocab": EX, "@language": "de", "@direction": "rtl", "n": {"@id": EX + "n", "@direction": None}},
        p="x",
        n="y",
    ),
    "language null": _doc(
        [{"@vocab": EX, "@language": "de", "@direction": "ltr"}, {"@language": None}], p="x"
    ),
    "propagate false": _doc({"@vocab": EX, "@propagate": False}, p={"q": 1}),
    "base null": _doc({"@vocab": EX, "@base": None}, p="x"),
    "version": _doc({"@version": 1.1, "@vocab": EX}, p="x"),
    "keyword-like term ignored": _doc({"@vocab": EX, "@ignoreMe": EX + "i"}, p="x"),
    "keyword-like ids ignored": _doc(
        {"@vocab": EX, "a": {"@id": "@ignored"}, "b": {"@reverse": "@ignored"}}, a="x", b="y"
    ),
    "keyword-like ids keep previous": _doc(
        [{"@vocab": EX, "a": EX + "first"}, {"a": {"@id": "@ignored"}, "b": EX + "b"}], a="x", b="y"
    ),
    "type keyword definition": _doc({"@vocab": EX, "@type": {"@container": "@set", "@protected": True}}),
    "terms that look like IRIs": _doc(
        {"ex": EX, "ex:a": {"@id": "ex:a"}, "http://example.org/b": {"@id": "http://example.org/b"}},
        **{"ex:a": "x", "http://example.org/b": "y"},
    ),
    "term with colon and unknown prefix": _doc({"unk:term": {"@type": "@id"}}, **{"unk:term": "urn:x"}),
    "blank node vocab prefix": _doc({"b": "_:", "p": "b:x"}),
    "type container": _doc(
        {"@vocab": EX, "t": {"@id": EX + "t", "@container": "@type", "@type": "@vocab"}}, t={"A": {"p": 1}}
    ),
    "index term": _doc(
        {"@vocab": EX, "i": {"@id": EX + "i", "@container": ["@index", "@set"], "@index": "k"}}
    ),
    "nest term": _doc({"@vocab": EX, "n": {"@id": EX + "n", "@nest": "@nest"}}, n="x"),
    "prefix false": _doc({"ex": {"@id": EX, "@prefix": False}, "p": EX + "p"}, p="x", **{"ex:q": "dropped"}),
    "protected false term": _doc(
        {"@protected": True, "@vocab": EX, "free": {"@id": EX + "f", "@protected": False}}
    ),
    "reverse with index container": _doc(
        {"@vocab": EX, "r": {"@reverse": EX + "r", "@container": "@index"}}, r={"k": {"@id": EX + "o"}}
    ),
}

INVALID = {
    "propagate not boolean": {"@propagate": "no"},
    "import not string": {"@import": 5},
    "import of an array context": {"@import": "https://w3id.org/openbadges/v1"},
    "language not string": {"@language": 5},
    "direction invalid": {"@direction": "up"},
    "empty term": {"": EX + "empty"},
    "unknown term entry": {"t": {"@id": EX + "t", "@foo": 1}},
    "type mapping not string": {"t": {"@id": EX + "t", "@type": 5}},
    "type mapping relative": {"t": {"@id": EX + "t", "@type": "relative"}},
    "type mapping blank node": {"t": {"@id": EX + "t", "@type": "_:b"}},
    "reverse with id": {"t": {"@reverse": EX + "r", "@id": EX + "t"}},
    "reverse not string": {"t": {"@reverse": 5}},
    "reverse relative": {"t": {"@reverse": "relative"}},
    "reverse bad container": {"t": {"@reverse": EX + "r", "@container": "@list"}},
    "id not string": {"t": {"@id": 5}},
    "id relative": {"t": {"@id": "relative"}},
    "alias of @context": {"t": {"@id": "@context"}},
    "IRI-like term mismatch": {"ex": EX, "ex:a": {"@id": "http://other.example/a"}},
    "index without container": {"t": {"@id": EX + "t", "@index": "k"}},
    "language mapping not string": {"t": {"@id": EX + "t", "@language": 5}},
    "direction mapping invalid": {"t": {"@id": EX + "t", "@direction": "up"}},
    "nest keyword": {"t": {"@id": EX + "t", "@nest": "@id"}},
    "prefix on compact IRI": {"ex": EX, "ex:t": {"@id": "ex:t", "@prefix": True}},
    "prefix not boolean": {"t": {"@id": EX + "t", "@prefix": "yes"}},
    "keyword as prefix": {"t": {"@id": "@type", "@prefix": True}},
    "type container with literal type": {"t": {"@id": EX + "t", "@container": "@type", "@type": "@json"}},
    "list container with set": {"t": {"@id": EX + "t", "@container": ["@list", "@set"]}},
    "graph container with language": {"t": {"@id": EX + "t", "@container": ["@graph", "@language"]}},
    "two containers": {"t": {"@id": EX + "t", "@container": ["@index", "@language"]}},
    "context not object": 5,
}


@pytest.mark.parametrize("document", list(VALID.values()), ids=list(VALID))
def test_valid_contexts_match_pyld(document: dict[str, Any]) -> None:
    assert canonicalize(document) == pyld_canonicalize(document)


@pytest.mark.parametrize("local_context", list(INVALID.values()), ids=list(INVALID))
def test_invalid_contexts_are_refused(local_context: Any) -> None:
    document = _doc(local_context, t="x")
    with pytest.raises(Exception):  # noqa: B017, PT011 - any pyld error
        pyld_canonicalize(document)
    with pytest.raises(InvalidJsonLdError, match="JSON-LD error"):
        canonicalize(document)


@pytest.mark.parametrize(
    ("local_context", "message"),
    [({"@base": "http://example.org/"}, "@base"), ({"@vocab": "relative/"}, "relative @vocab")],
)
def test_unsupported_contexts(local_context: dict[str, Any], message: str) -> None:
    with pytest.raises(UnsupportedJsonLdError, match=message):
        canonicalize(_doc(local_context))


@pytest.mark.parametrize(
    "local_context",
    [
        {"@protected": "yes", "a": EX + "a"},
        {"t": {"@id": EX + "t", "@protected": "yes"}},
        {"@type": {"@id": EX + "t", "@container": "@set"}},
    ],
    ids=["@protected", "term @protected", "@type with @id"],
)
def test_stricter_than_pyld(local_context: dict[str, Any]) -> None:
    # JSON-LD 1.1 requires booleans for @protected and only @container/@protected for @type; pyld is lax
    with pytest.raises(InvalidJsonLdError):
        canonicalize(_doc(local_context, t="x"))


def test_remote_context_without_context_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_module, "load_context", lambda url: {"not": "a context"})
    with pytest.raises(InvalidJsonLdError, match="has no @context"):
        process_context(ActiveContext(), "https://example.org/bad")


def test_remote_context_recursion_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    loop = {"@context": "https://example.org/loop"}
    monkeypatch.setattr(context_module, "load_context", lambda url: loop)
    with pytest.raises(InvalidJsonLdError, match="context overflow"):
        process_context(ActiveContext(), "https://example.org/loop")


def test_derived_context_caches_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_module, "_MAX_DERIVED", 3)
    base = process_context(
        ActiveContext(), {"@vocab": EX, "T": {"@id": EX + "T", "@context": {"a": EX + "a"}}}
    )
    for index in range(5):
        base.derive({"x": f"{EX}{index}"})
    assert len(base._derived) <= 3
    term = base.terms["T"]
    for flag in (True, False):
        base.derive_scoped(term, override_protected=flag, propagate=True)
        base.derive_scoped(term, override_protected=flag, propagate=False)
    assert len(base._derived) <= 3


def test_expand_iri_defines_dependencies_during_processing() -> None:
    active = ActiveContext()
    local = {"ex": EX, "t": "ex:t"}
    defined: dict[str, bool] = {}
    assert expand_iri(active, "t", vocab=True, local=local, defined=defined) == EX + "t"
    assert expand_iri(active, "@ignored") is None
    assert expand_iri(INITIAL_CONTEXT, "@id") == "@id"
