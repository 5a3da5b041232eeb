"""Fast path: JSON-LD document -> RDF quads in a single pass (expansion fused with deserialization to RDF).

Credentials are node objects with plain properties; for those, this module applies the Expansion Algorithm
(https://www.w3.org/TR/json-ld11-api/#expansion-algorithm) and emits quads on the fly, without building the
expanded document. Everything else -- value, list and set objects written out, ``@graph``, ``@reverse``,
``@included``, ``@nest``, language, index, id and type maps, reverse terms, invalid input -- is handed to
the complete implementation (:mod:`~microcred.openbadges.jsonld.expand` then
:mod:`~microcred.openbadges.jsonld.tordf`) at the element where it appears, so both paths always agree.
Per-key facts (expanded IRI, coercion, container) are cached on each immutable active context.
"""

from __future__ import annotations

from typing import Any, Final

from microcred.openbadges.canon.nquads import Quad, escape_literal
from microcred.openbadges.jsonld.context import (
    KEYWORDS,
    UNSET,
    ActiveContext,
    TermDefinition,
    expand_iri,
    is_absolute_iri,
)
from microcred.openbadges.jsonld.expand import INITIAL_CONTEXT, _Expander
from microcred.openbadges.jsonld.tordf import XSD, _Emitter, object_literal

__all__ = ["KeyInfo", "document_to_quads_checked", "is_lossless"]

_RDF_TYPE: Final = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_RDF_FIRST: Final = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first>"
_RDF_REST: Final = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>"
_RDF_NIL: Final = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>"
_SIMPLE_CONTAINERS: Final = frozenset({"@set", "@list"})
_FALLBACK: Final[Any] = object()


class KeyInfo:
    """What a key of a JSON object means in one active context (cached in ``ActiveContext.key_infos``)."""

    __slots__ = (
        "datatype",
        "definition",
        "dropped",
        "iri_mode",
        "is_json",
        "is_list",
        "keyword",
        "plain",
        "predicate",
        "scoped",
        "simple",
        "string_suffix",
    )

    def __init__(self, active: ActiveContext, key: str) -> None:
        expanded = active.expand_vocab(key)
        self.dropped = expanded is None or not (expanded in KEYWORDS or is_absolute_iri(expanded))
        self.keyword = expanded if expanded in KEYWORDS else None
        definition = self.definition = active.terms.get(key)
        self.predicate: str | None = None
        if expanded is not None and not self.dropped and not self.keyword and not expanded.startswith("_:"):
            self.predicate = f"<{expanded}>"
        container = definition.container if definition is not None else frozenset()
        self.simple = definition is None or (not definition.reverse and container <= _SIMPLE_CONTAINERS)
        self.is_list = "@list" in container
        type_mapping = definition.type_mapping if definition is not None else None
        self.is_json = type_mapping == "@json"
        self.scoped = definition is not None and definition.context is not UNSET
        self.iri_mode = 1 if type_mapping == "@id" else 2 if type_mapping == "@vocab" else 0
        datatype = type_mapping if type_mapping not in (None, "@id", "@vocab", "@none", "@json") else None
        self.datatype = datatype
        #: string values become literals directly (no coercion, container, scoped context or JSON type)
        self.plain = not (self.scoped or self.iri_mode or self.is_json or self.is_list)
        if datatype is not None:
            self.string_suffix = "" if datatype == XSD + "string" else f"^^<{datatype}>"
        else:
            language = definition.language if definition is not None else UNSET
            if language is UNSET:
                language = active.language
            self.string_suffix = "" if language is None else "@" + language


def key_info(active: ActiveContext, key: str) -> KeyInfo:
    """The cached :class:`KeyInfo` of ``key`` in ``active``."""
    info: KeyInfo | None = active.key_infos.get(key)
    if info is None:
        info = active.key_infos[key] = KeyInfo(active, key)
    return info


class _FastEmitter(_Emitter):
    __slots__ = ("expander",)

    def __init__(self) -> None:
        super().__init__()
        self.expander = _Expander(None)

    # -- fallback to the complete implementation ---------------------------------------------------------

    def fallback(self) -> Any:
        """Give the current element to the complete algorithms (and assume that they may drop something)."""
        self.lossy = True
        return _FALLBACK

    def fallback_objects(self, expanded: Any, graph: str, out: list[Any], in_list: bool = False) -> None:
        """Append the terms of already expanded values (None kept in lists: a dropped item keeps its slot)."""
        if expanded is None:
            return
        for item in expanded if isinstance(expanded, list) else [expanded]:
            term = self.object(item, graph)
            if term is not None or in_list:
                out.append(term)

    # -- values ------------------------------------------------------------------------------------------

    def scalar(self, active: ActiveContext, key: str, info: KeyInfo, value: Any) -> str | None:
        if info.scoped:  # a property-scoped context also applies to scalar values (step 4.2)
            assert info.definition is not None
            active = active.derive_scoped(info.definition, override_protected=True, propagate=True)
            info = key_info(active, key)
        if isinstance(value, str):
            if info.iri_mode:
                return self.term(expand_iri(active, value, vocab=info.iri_mode == 2))
            return '"' + escape_literal(value) + '"' + info.string_suffix
        if isinstance(value, bool | int | float):
            item: dict[str, Any] = {"@value": value}
            if info.datatype is not None:
                item["@type"] = info.datatype
            return object_literal(item)
        return self.expander.expand(active, key, value, None)  # type: ignore[no-any-return]  # raises

    def values(
        self, active: ActiveContext, key: str, info: KeyInfo, value: Any, graph: str, out: list[str]
    ) -> None:
        """Append to ``out`` the objects of property ``key`` (steps 13.6, 13.9-13.11 of expansion)."""
        kind = type(value)
        if info.is_json:
            out.append(object_literal({"@value": value, "@type": "@json"}))
        elif info.is_list:
            items: list[str | None] = []
            if kind is list:
                for item in value:
                    self.list_item(active, key, info, item, graph, items)
            elif kind is dict:
                term = self.fast_node(active, info.definition, key, value, graph)
                if term is _FALLBACK:
                    expanded = self.expander.expand(active, key, value, None)
                    if expanded is None:
                        return
                    if isinstance(expanded, dict) and "@list" in expanded:
                        expanded = expanded["@list"]
                    self.fallback_objects(expanded, graph, items, in_list=True)
                else:
                    items.append(term)
            elif value is None:
                return
            else:
                items.append(self.scalar(active, key, info, value))
            out.append(self.make_list(items, graph))
        elif kind is str and not info.scoped and not info.iri_mode:
            out.append('"' + escape_literal(value) + '"' + info.string_suffix)
        elif kind is dict:
            term = self.fast_node(active, info.definition, key, value, graph)
            if term is _FALLBACK:
                self.fallback_objects(self.expander.expand(active, key, value, None), graph, out)
            elif term is not None:
                out.append(term)
        elif kind is list:
            for item in value:
                self.values(active, key, info, item, graph, out)
        elif value is not None:
            term = self.scalar(active, key, info, value)
            if term is not None:
                out.append(term)

    def list_item(
        self, active: ActiveContext, key: str, info: KeyInfo, item: Any, graph: str, out: list[str | None]
    ) -> None:
        if item is None:
            return
        if isinstance(item, list):
            nested: list[str | None] = []
            for element in item:
                self.list_item(active, key, info, element, graph, nested)
            out.append(self.make_list(nested, graph))
        elif isinstance(item, dict):
            term = self.fast_node(active, info.definition, key, item, graph)
            if term is _FALLBACK:
                expanded = self.expander.expand(active, key, item, None)
                if isinstance(expanded, list):
                    nested = []
                    self.fallback_objects(expanded, graph, nested, in_list=True)
                    out.append(self.make_list(nested, graph))
                else:
                    self.fallback_objects(expanded, graph, out, in_list=True)
            else:
                out.append(term)
        else:
            out.append(self.scalar(active, key, info, item))

    def make_list(self, items: list[str | None], graph: str) -> str:
        """Emit an RDF collection of ``items`` (None: an item dropped for a relative IRI); return its head."""
        if not items:
            return _RDF_NIL
        quads = self.quads
        head = subject = self.new_bnode()
        last = len(items) - 1
        for index, obj in enumerate(items):
            rest = _RDF_NIL if index == last else self.new_bnode()
            if obj is not None:
                quads.append((subject, _RDF_FIRST, obj, graph))
            quads.append((subject, _RDF_REST, rest, graph))
            subject = rest
        return head

    # -- node objects ------------------------------------------------------------------------------------

    def fast_node(
        self,
        active: ActiveContext,
        property_definition: TermDefinition | None,
        active_property: str | None,
        element: dict[str, Any],
        graph: str,
    ) -> Any:
        """Expand a node object and emit its quads; return its term, None (relative @id) or ``_FALLBACK``."""
        keys = tuple(element)
        if active.previous is not None:  # step 7: leave a type-scoped context for a new node object
            shape = active.shapes.get(keys) or _shape(active, keys)
            revert = shape.revert
            if revert is None:
                revert = shape.revert = _reverts(active, keys)
            if revert:
                active = active.previous
        if property_definition is not None and property_definition.context is not UNSET:
            active = active.derive_scoped(property_definition, override_protected=True, propagate=True)
        if "@context" in element:
            active = active.derive(element["@context"])
        type_scoped = active
        shape = type_scoped.shapes.get(keys) or _shape(type_scoped, keys)
        type_keys = shape.type_keys
        if type_keys is UNSET:
            type_keys = shape.type_keys = _type_keys(type_scoped, keys)
        if type_keys:
            type_values = _type_values(element, type_keys)
            if type_values is None:
                return self.fallback()
            scoped = type_scoped.type_scopes.get(type_values)
            if scoped is None:
                scoped = _apply_type_scopes(type_scoped, type_values)
            active = scoped
            if active is not type_scoped:
                shape = active.shapes.get(keys) or _shape(active, keys)
        plan = shape.plan
        if plan is UNSET:
            plan = shape.plan = _plan(active, keys, type_keys)
        if plan is None:
            return self.fallback()
        properties, id_key, index_key, lossy = plan
        if lossy:
            self.lossy = True
        if index_key is not None and type(element[index_key]) is not str:
            return self.fallback()
        subject: str | None
        if id_key is None:
            subject = self.new_bnode()
        else:
            id_value = element[id_key]
            if type(id_value) is not str:
                return self.fallback()
            subject = self.term(expand_iri(active, id_value))
        quads = self.quads
        if type_keys:
            known = type_scoped.key_infos
            for key in type_keys:
                types = element[key]
                for type_ in [types] if type(types) is str else types:
                    obj = (known.get(type_) or key_info(type_scoped, type_)).predicate
                    if obj is None:
                        obj = self.term(type_scoped.expand_vocab(type_))
                    if subject is not None and obj is not None:
                        quads.append((subject, _RDF_TYPE, obj, graph))
        objects: list[str] = []
        for key, info in properties:
            value = element[key]
            predicate = info.predicate
            if type(value) is str and info.plain:  # the most common case, inlined
                if subject is not None and predicate is not None:
                    quads.append(
                        (subject, predicate, '"' + escape_literal(value) + '"' + info.string_suffix, graph)
                    )
                continue
            objects.clear()
            self.values(active, key, info, value, graph, objects)
            if subject is not None and predicate is not None:
                for obj in objects:
                    quads.append((subject, predicate, obj, graph))
        return subject

    def top(self, element: Any) -> None:
        """Process a top-level element (free-floating values and nodes without properties emit nothing)."""
        if isinstance(element, list):
            for item in element:
                self.top(item)
        elif isinstance(element, dict):
            if self.fast_node(INITIAL_CONTEXT, None, None, element, "") is _FALLBACK:
                expanded = self.expander.expand(INITIAL_CONTEXT, None, element, None)
                if isinstance(expanded, dict) and len(expanded) == 1 and "@graph" in expanded:
                    expanded = expanded["@graph"]
                for node in expanded if isinstance(expanded, list) else [expanded] if expanded else []:
                    if isinstance(node, dict) and "@value" not in node and "@list" not in node:
                        self.node(node, "")
        elif element is not None:
            self.lossy = True
            self.expander.expand(INITIAL_CONTEXT, None, element, None)


class _Shape:
    """Facts about a node object's set of keys in one active context (cached in ``ActiveContext.shapes``)."""

    __slots__ = ("plan", "revert", "type_keys")

    def __init__(self) -> None:
        self.revert: bool | None = None
        self.type_keys: Any = UNSET  # list[str] | None
        self.plan: Any = UNSET  # (properties, id key, index key) | None for the complete algorithm


_MAX_SHAPES = 4096


def _shape(active: ActiveContext, keys: tuple[str, ...]) -> _Shape:
    shape: _Shape | None = active.shapes.get(keys)
    if shape is None:
        if len(active.shapes) >= _MAX_SHAPES:
            active.shapes.clear()
        shape = active.shapes[keys] = _Shape()
    return shape


def _type_values(element: dict[str, Any], type_keys: list[str]) -> Any:
    """The @type values of ``element`` as a hashable key (strings only), or None if one is not a string."""
    found: list[tuple[str, ...]] = []
    for key in type_keys:
        types = element[key]
        if type(types) is str:
            found.append((types,))
        elif type(types) is list and all(type(t) is str for t in types):
            found.append(tuple(types))
        else:
            return None
    return found[0] if len(found) == 1 else tuple(found)


def _apply_type_scopes(type_scoped: ActiveContext, type_values: Any) -> ActiveContext:
    """Step 11 of expansion: apply the type-scoped contexts of the types in lexicographical order (cached)."""
    groups = type_values if type_values and type(type_values[0]) is tuple else (type_values,)
    active = type_scoped
    for types in groups:
        for type_ in sorted(types):
            definition = type_scoped.terms.get(type_)
            if definition is not None and definition.context is not UNSET:
                active = active.derive_scoped(definition, override_protected=False, propagate=False)
    if len(type_scoped.type_scopes) >= _MAX_SHAPES:
        type_scoped.type_scopes.clear()
    type_scoped.type_scopes[type_values] = active
    return active


def _reverts(active: ActiveContext, keys: tuple[str, ...]) -> bool:
    """Step 7: whether a non-propagated context is left (unless a value object or a lone @id)."""
    for key in keys:
        keyword = key_info(active, key).keyword
        if keyword == "@value" or (keyword == "@id" and len(keys) == 1):
            return False
    return True


def _type_keys(type_scoped: ActiveContext, keys: tuple[str, ...]) -> list[str] | None:
    found = sorted(key for key in keys if key_info(type_scoped, key).keyword == "@type")
    return found or None


def _plan(
    active: ActiveContext, keys: tuple[str, ...], type_keys: list[str] | None
) -> tuple[list[tuple[str, KeyInfo]], str | None, str | None, bool] | None:
    """Classify the keys of a node object; None when the complete algorithm must handle it.

    Returns the properties, the @id and @index keys, and whether a key is dropped (undefined or mapped to
    a blank node).
    """
    properties: list[tuple[str, KeyInfo]] = []
    id_key: str | None = None
    index_key: str | None = None
    type_count = 0
    lossy = False
    for key in keys:
        if key == "@context":
            continue
        info = key_info(active, key)
        if info.dropped:
            lossy = True
            continue
        keyword = info.keyword
        if keyword is None:
            if not info.simple:
                return None
            if info.predicate is None:
                lossy = True
            properties.append((key, info))
        elif keyword == "@id":
            if id_key is not None:
                return None
            id_key = key
        elif keyword == "@type":
            if type_keys is None or key not in type_keys:
                return None
            type_count += 1
        elif keyword == "@index":
            if index_key is not None:
                return None
            index_key = key
        else:
            return None
    if type_keys is not None and type_count != len(type_keys):
        return None
    return properties, id_key, index_key, lossy


def is_lossless(document: Any) -> bool:
    """Quick check: True when converting ``document`` to RDF certainly drops nothing.

    False means that something may be dropped (or that the complete algorithms were needed): ask
    :func:`~microcred.openbadges.jsonld.dropped.find_dropped` for the details.
    """
    return document_to_quads_checked(document)[1]


def document_to_quads_checked(document: Any) -> tuple[list[Quad], bool]:
    """Return the RDF dataset of a JSON-LD document (bundled contexts only, duplicate quads possible) and
    whether nothing was certainly dropped (:func:`is_lossless`), from one pass."""
    emitter = _FastEmitter()
    emitter.top(document)
    return emitter.quads, not emitter.lossy
