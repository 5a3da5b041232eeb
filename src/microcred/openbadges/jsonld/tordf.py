"""Deserialize expanded JSON-LD to an RDF dataset (https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm).

Instead of building the node map and then walking it, expanded nodes are walked directly and their quads
emitted as they are met; the dataset is the *set* of emitted quads, so merging nodes that share an ``@id``
(what the node map does) changes nothing. Quads are the canonical term-string tuples of
:mod:`microcred.openbadges.canon.nquads`. Triples with a relative IRI (or a blank node predicate) are
dropped as the specification requires; :func:`~microcred.openbadges.jsonld.dropped.find_dropped_terms`
reports them beforehand.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from microcred.openbadges.canon.jcs import jcs
from microcred.openbadges.canon.nquads import Quad, escape_literal
from microcred.openbadges.jsonld.context import is_absolute_iri
from microcred.openbadges.jsonld.errors import InvalidJsonLdError

__all__ = ["canonical_double", "expanded_to_quads", "object_literal"]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = f"<{RDF}type>"
_RDF_FIRST = f"<{RDF}first>"
_RDF_REST = f"<{RDF}rest>"
_RDF_NIL = f"<{RDF}nil>"
_XSD_DOUBLE = XSD + "double"
_MAX_DOUBLE = int(sys.float_info.max)


def canonical_double(value: float) -> str:
    """Canonical lexical form of an xsd:double as JSON-LD produces it (e.g. ``1.1E0``, ``1.0E21``)."""
    mantissa, _, exponent = f"{value:1.15E}".partition("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return f"{mantissa}E{int(exponent)}"


def object_literal(item: dict[str, Any]) -> str:
    """Return the N-Quads literal of an expanded value object (section 6.2.6, Object to RDF Conversion)."""
    value = item["@value"]
    datatype: str | None = item.get("@type")
    if datatype == "@json":
        return '"' + escape_literal(jcs(value)) + f'"^^<{RDF}JSON>'
    if value is True or value is False:
        lexical = "true" if value else "false"
        datatype = datatype or XSD + "boolean"
    elif isinstance(value, int | float):
        if abs(value) > _MAX_DOUBLE if isinstance(value, int) else not math.isfinite(value):
            raise InvalidJsonLdError(f"number {value!r} cannot be represented in RDF (not a finite double)")
        if (
            (isinstance(value, float) and not value.is_integer())
            or datatype == _XSD_DOUBLE
            or abs(value) >= 1e21
        ):
            lexical = canonical_double(float(value))
            datatype = datatype or _XSD_DOUBLE
        else:
            lexical = str(int(value))
            datatype = datatype or XSD + "integer"
    elif isinstance(value, str):
        language: str | None = item.get("@language")
        if language is not None and datatype is None:
            return '"' + escape_literal(value) + '"@' + language
        lexical = value
    else:  # pragma: no cover - rejected by expansion
        raise InvalidJsonLdError(f"invalid @value {value!r}")
    if datatype is None or datatype == XSD + "string":
        return '"' + escape_literal(lexical) + '"'
    return '"' + escape_literal(lexical) + '"^^<' + datatype + ">"


class _Emitter:
    __slots__ = ("bnodes", "counter", "lossy", "quads")

    def __init__(self) -> None:
        self.quads: list[Quad] = []
        self.bnodes: dict[str, str] = {}
        self.counter = 0
        #: set when something was (or may have been) dropped: a relative IRI, an undefined term...
        self.lossy = False

    def new_bnode(self) -> str:
        label = f"_:b{self.counter}"
        self.counter += 1
        return label

    def term(self, iri: str | None) -> str | None:
        """N-Quads term of an @id/@type/graph name, or None for a relative (dropped) IRI."""
        if iri is None:
            self.lossy = True
            return None
        if iri.startswith("_:"):
            label = self.bnodes.get(iri)
            if label is None:
                label = self.bnodes[iri] = self.new_bnode()
            return label
        if is_absolute_iri(iri):
            return "<" + iri + ">"
        self.lossy = True
        return None

    def node(self, node: dict[str, Any], graph: str | None) -> str | None:
        """Emit the quads of a node object (in ``graph``; None = a dropped graph) and return its term."""
        id_ = node.get("@id")
        subject = self.new_bnode() if id_ is None else self.term(id_)
        quads = self.quads
        emit = subject is not None and graph is not None
        for prop, values in node.items():
            if prop[0] == "@":
                if prop == "@type":
                    for type_ in values:
                        obj = self.term(type_)
                        if emit and obj is not None:
                            quads.append((subject, _RDF_TYPE, obj, graph))  # type: ignore[arg-type]
                elif prop == "@reverse":
                    for rprop, items in values.items():
                        predicate = "<" + rprop + ">" if is_absolute_iri(rprop) and rprop[0] != "_" else None
                        for item in items:
                            other = self.node(item, graph)
                            if emit and predicate is not None and other is not None:
                                quads.append((other, predicate, subject, graph))  # type: ignore[arg-type]
                elif prop == "@graph":
                    for inner in values:
                        if "@value" not in inner and "@list" not in inner:
                            self.node(inner, subject)
                elif prop == "@included":
                    for inner in values:
                        self.node(inner, graph)
                continue
            predicate = "<" + prop + ">" if prop[0] != "_" and is_absolute_iri(prop) else None
            for item in values:
                obj = self.object(item, graph)
                if emit and predicate is not None and obj is not None:
                    quads.append((subject, predicate, obj, graph))  # type: ignore[arg-type]
        return subject

    def object(self, item: dict[str, Any], graph: str | None) -> str | None:
        if "@value" in item:
            return object_literal(item)
        if "@list" in item:
            return self.list(item["@list"], graph)
        return self.node(item, graph)

    def list(self, items: list[Any], graph: str | None) -> str:
        if not items:
            return _RDF_NIL
        head = subject = self.new_bnode()
        last = len(items) - 1
        for index, item in enumerate(items):
            obj = self.object(item, graph)
            rest = _RDF_NIL if index == last else self.new_bnode()
            if graph is not None:
                if obj is not None:
                    self.quads.append((subject, _RDF_FIRST, obj, graph))
                self.quads.append((subject, _RDF_REST, rest, graph))
            subject = rest
        return head


def expanded_to_quads(expanded: list[Any]) -> list[Quad]:
    """Return the RDF dataset (possibly with duplicate quads) of an expanded JSON-LD document."""
    emitter = _Emitter()
    for node in expanded:
        if isinstance(node, dict) and "@value" not in node and "@list" not in node:
            emitter.node(node, "")
    return emitter.quads
