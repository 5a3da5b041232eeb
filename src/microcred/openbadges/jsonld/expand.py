"""JSON-LD 1.1 Expansion (https://www.w3.org/TR/json-ld11-api/#expansion-algorithms), offline, no base IRI.

The output is expanded JSON-LD (plain dicts and lists), as pyld's ``expand`` gives with ``base=None``. When
a *reporter* is given, everything that expansion silently drops (terms that map to nothing, relative IRIs)
is reported with a readable JSON path; :mod:`~microcred.openbadges.jsonld.dropped` builds on that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from microcred.openbadges.jsonld.context import (
    KEYWORDS,
    UNSET,
    ActiveContext,
    TermDefinition,
    expand_iri,
    is_absolute_iri,
)
from microcred.openbadges.jsonld.errors import InvalidJsonLdError, UnsupportedJsonLdError

__all__ = ["INITIAL_CONTEXT", "Reporter", "expand", "expand_with_context"]

#: ``reporter(path, term_or_value, reason)``
Reporter = Callable[[str, str, str], None]

#: The shared initial (empty) active context: every derived context is cached below it.
INITIAL_CONTEXT = ActiveContext()

_SCALARS = (str, int, float, bool)


def _error(code: str, message: str, path: str | None = None) -> InvalidJsonLdError:
    where = f" at {path}" if path else ""
    return InvalidJsonLdError(f"{message}{where} (JSON-LD error: {code})")


def _join(path: str | None, key: str) -> str | None:
    if path is None:
        return None
    return f"{path}.{key}" if path else key


def _index(path: str | None, index: int) -> str | None:
    return None if path is None else f"{path}[{index}]"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


class _Expander:
    __slots__ = ("report",)

    def __init__(self, report: Reporter | None) -> None:
        self.report = report

    # -- helpers ---------------------------------------------------------------------------------------------

    def _check_iri(self, iri: str | None, original: str, path: str | None, what: str) -> None:
        if self.report is not None and path is not None and (iri is None or not is_absolute_iri(iri)):
            if what == "type":
                reason = f"type {original!r} is not defined by the @context (no absolute IRI)"
            else:
                reason = f"{what} {original!r} is a relative IRI (there is no base IRI)"
            self.report(path, original, reason)

    def expand_value(
        self, active: ActiveContext, active_property: str | None, value: Any, path: str | None
    ) -> dict[str, Any]:
        """Value Expansion, section 5.3.2 (https://www.w3.org/TR/json-ld11-api/#value-expansion)."""
        definition = active.terms.get(active_property) if active_property is not None else None
        type_mapping = definition.type_mapping if definition is not None else None
        if isinstance(value, str) and type_mapping in ("@id", "@vocab"):
            iri = expand_iri(active, value, vocab=type_mapping == "@vocab")
            self._check_iri(iri, value, path, "IRI value")
            return {"@id": iri}
        result: dict[str, Any] = {"@value": value}
        if type_mapping is not None and type_mapping not in ("@id", "@vocab", "@none"):
            result["@type"] = type_mapping
        elif isinstance(value, str):
            language = definition.language if definition is not None else UNSET
            if language is UNSET:
                language = active.language
            if language is not None:
                result["@language"] = language
            direction = definition.direction if definition is not None else UNSET
            if direction is UNSET:
                direction = active.direction
            if direction is not None:
                result["@direction"] = direction
        return result

    # -- 5.1.2 Expansion Algorithm ---------------------------------------------------------------------------

    def expand(
        self,
        active: ActiveContext,
        active_property: str | None,
        element: Any,
        path: str | None,
        from_map: bool = False,
    ) -> Any:
        """Expansion Algorithm, section 5.1.2 (https://www.w3.org/TR/json-ld11-api/#algorithm-3)."""
        if element is None:
            return None
        definition = active.terms.get(active_property) if active_property is not None else None
        if isinstance(element, list):
            result: list[Any] = []
            in_list = definition is not None and "@list" in definition.container
            for index, item in enumerate(element):
                expanded = self.expand(active, active_property, item, _index(path, index), from_map)
                if in_list and isinstance(expanded, list):
                    expanded = {"@list": expanded}
                if isinstance(expanded, list):
                    result.extend(expanded)
                elif expanded is not None:
                    result.append(expanded)
            return result
        if not isinstance(element, dict):
            if not isinstance(element, _SCALARS):
                raise _error("invalid JSON", f"unsupported value {element!r}", path)
            if active_property is None or active.expand_vocab(active_property) == "@graph":
                if self.report is not None and path is not None:
                    self.report(path, str(element), "free-floating value outside any node")
                return None
            if definition is not None and definition.context is not UNSET:
                active = active.derive_scoped(definition, override_protected=True, propagate=True)
            return self.expand_value(active, active_property, element, path)
        # step 7: revert a non-propagated (type-scoped) context for a new node object
        if active.previous is not None and not from_map:
            revert = True
            for key in element:
                expanded_key = active.expand_vocab(key)
                if expanded_key == "@value" or (expanded_key == "@id" and len(element) == 1):
                    revert = False
                    break
            if revert:
                active = active.previous
        if definition is not None and definition.context is not UNSET:
            active = active.derive_scoped(definition, override_protected=True, propagate=True)
        if "@context" in element:
            active = active.derive(element["@context"])
        type_scoped = active
        input_type: str | None = None
        type_keys = [key for key in element if active.expand_vocab(key) == "@type"]
        if type_keys:
            type_keys.sort()
            for key in type_keys:
                values = element[key]
                for term in sorted(v for v in _as_list(values) if isinstance(v, str)):
                    term_definition = type_scoped.terms.get(term)
                    if term_definition is not None and term_definition.context is not UNSET:
                        active = active.derive_scoped(
                            term_definition, override_protected=False, propagate=False
                        )
            first = element[type_keys[0]]
            last = first[-1] if isinstance(first, list) and first else first
            if isinstance(last, str):
                input_type = expand_iri(type_scoped, last, vocab=True)
        result_map: dict[str, Any] = {}
        self.expand_object(active, type_scoped, active_property, element, result_map, input_type, path)
        return self._finish(active, active_property, result_map, path)

    def _finish(
        self, active: ActiveContext, active_property: str | None, result: dict[str, Any], path: str | None
    ) -> Any:
        """Steps 15-20 of the Expansion Algorithm: validate and simplify the expanded map."""
        if "@value" in result:
            keys = set(result)
            if not keys <= {"@direction", "@index", "@language", "@type", "@value"} or (
                "@type" in keys and ("@language" in keys or "@direction" in keys)
            ):
                raise _error("invalid value object", "a value object has invalid entries", path)
            value = result["@value"]
            if result.get("@type") == "@json":
                pass
            elif value is None or value == []:
                return None
            elif not isinstance(value, str) and "@language" in result:
                raise _error("invalid language-tagged value", "only strings can have a language", path)
            elif "@type" in result and (
                not isinstance(result["@type"], str)
                or not is_absolute_iri(result["@type"])
                or result["@type"].startswith("_:")
            ):
                raise _error("invalid typed value", "the @type of a value must be an absolute IRI", path)
        elif "@type" in result:
            if not isinstance(result["@type"], list):
                result["@type"] = [result["@type"]]
        elif "@set" in result or "@list" in result:
            if len(result) > 2 or (len(result) == 2 and "@index" not in result):
                raise _error(
                    "invalid set or list object", "@set/@list may only be combined with @index", path
                )
            if "@set" in result:
                return result["@set"]
        if len(result) == 1 and "@language" in result:
            return None
        if (active_property is None or active.expand_vocab(active_property) == "@graph") and (
            not result or "@value" in result or "@list" in result or (len(result) == 1 and "@id" in result)
        ):
            return None
        return result

    def expand_object(
        self,
        active: ActiveContext,
        type_scoped: ActiveContext,
        active_property: str | None,
        element: dict[str, Any],
        result: dict[str, Any],
        input_type: str | None,
        path: str | None,
    ) -> None:
        """Step 13-14 of the Expansion Algorithm: expand every entry of ``element`` into ``result``."""
        nests: list[str] = []
        expanded_active_property = (
            active.expand_vocab(active_property) if active_property is not None else None
        )
        for key in sorted(element):  # sorted, as pyld and jsonld.js do (keyword collisions depend on it)
            if key == "@context":
                continue
            value = element[key]
            expanded_property = active.expand_vocab(key)
            if expanded_property is None or not (
                expanded_property in KEYWORDS or is_absolute_iri(expanded_property)
            ):
                if self.report is not None and path is not None:
                    reason = (
                        f"term {key!r} is mapped to null by the @context"
                        if expanded_property is None and key in active.terms
                        else f"term {key!r} is not defined by the @context"
                    )
                    self.report(_join(path, key) or key, key, reason)
                continue
            key_path = _join(path, key)
            if expanded_property[0] == "@":
                self._expand_keyword(
                    active, type_scoped, active_property, expanded_active_property, key, expanded_property,
                    value, result, input_type, key_path, nests,
                )  # fmt: skip
                continue
            if self.report is not None and key_path is not None and expanded_property.startswith("_:"):
                self.report(key_path, key, f"term {key!r} maps to a blank node, not a property IRI")
            definition = active.terms.get(key)
            container = definition.container if definition is not None else _EMPTY
            if definition is not None and definition.type_mapping == "@json":
                expanded: Any = {"@value": value, "@type": "@json"}
            elif "@language" in container and isinstance(value, dict):
                expanded = self._language_map(active, definition, value, key_path)
            elif container and isinstance(value, dict) and ("@index" in container or "@id" in container
                                                            or "@type" in container):  # fmt: skip
                assert definition is not None
                expanded = self._index_map(active, key, definition, value, key_path)
            else:
                expanded = self.expand(active, key, value, key_path)
            if expanded is None:
                continue
            if "@list" in container and not (isinstance(expanded, dict) and "@list" in expanded):
                expanded = {"@list": _as_list(expanded)}
            if "@graph" in container and "@id" not in container and "@index" not in container:
                expanded = [{"@graph": _as_list(item)} for item in _as_list(expanded)]
            if definition is not None and definition.reverse:
                reverse_map = result.setdefault("@reverse", {})
                for item in _as_list(expanded):
                    if isinstance(item, dict) and ("@value" in item or "@list" in item):
                        raise _error(
                            "invalid reverse property value", "a reverse value must be a node", key_path
                        )
                    reverse_map.setdefault(expanded_property, []).append(item)
                continue
            existing = result.get(expanded_property)
            if existing is None:
                result[expanded_property] = list(expanded) if isinstance(expanded, list) else [expanded]
            elif isinstance(expanded, list):
                existing.extend(expanded)
            else:
                existing.append(expanded)
        for nest_key in nests:
            nest_path = _join(path, nest_key)
            for index, nested in enumerate(_as_list(element[nest_key])):
                nested_path = _index(nest_path, index) if isinstance(element[nest_key], list) else nest_path
                if not isinstance(nested, dict) or any(active.expand_vocab(k) == "@value" for k in nested):
                    raise _error("invalid @nest value", "@nest values must be node objects", nested_path)
                self.expand_object(
                    active, type_scoped, active_property, nested, result, input_type, nested_path
                )

    def _expand_keyword(
        self,
        active: ActiveContext,
        type_scoped: ActiveContext,
        active_property: str | None,
        expanded_active_property: str | None,
        key: str,
        keyword: str,
        value: Any,
        result: dict[str, Any],
        input_type: str | None,
        path: str | None,
        nests: list[str],
    ) -> None:
        if expanded_active_property == "@reverse":
            raise _error("invalid reverse property map", "a @reverse map cannot contain keywords", path)
        if keyword in result and keyword not in ("@included", "@type"):
            raise _error("colliding keywords", f"more than one entry expands to {keyword}", path)
        if keyword == "@id":
            if not isinstance(value, str):
                raise _error("invalid @id value", "@id must be a string", path)
            iri = expand_iri(active, value)
            self._check_iri(iri, value, path, "@id")
            result["@id"] = iri
        elif keyword == "@type":
            values = _as_list(value)
            if not all(isinstance(v, str) for v in values):
                raise _error("invalid type value", "@type must be a string or an array of strings", path)
            expanded_types: list[str | None] = []
            for index, type_ in enumerate(values):
                iri = expand_iri(type_scoped, type_, vocab=True)
                self._check_iri(iri, type_, _index(path, index) if isinstance(value, list) else path, "type")
                expanded_types.append(iri)
            previous = result.get("@type")
            if previous is None:
                result["@type"] = expanded_types if isinstance(value, list) else expanded_types[0]
            else:
                result["@type"] = _as_list(previous) + expanded_types
        elif keyword == "@graph":
            result["@graph"] = _as_list(self.expand(active, "@graph", value, path))
        elif keyword == "@included":
            included = _as_list(self.expand(active, None, value, path))
            for node in included:
                if not isinstance(node, dict) or "@value" in node or "@list" in node:
                    raise _error("invalid @included value", "@included values must be node objects", path)
            result.setdefault("@included", []).extend(included)
        elif keyword == "@value":
            if input_type != "@json" and value is not None and not isinstance(value, _SCALARS):
                raise _error("invalid value object value", "@value must be a scalar or null", path)
            result["@value"] = value
        elif keyword == "@language":
            if value is None:  # as pyld: an explicit null language is ignored
                return
            if not isinstance(value, str):
                raise _error("invalid language-tagged string", "@language must be a string", path)
            result["@language"] = value.lower()
        elif keyword == "@direction":
            if value not in ("ltr", "rtl"):
                raise _error("invalid base direction", '@direction must be "ltr" or "rtl"', path)
            result["@direction"] = value
        elif keyword == "@index":
            if not isinstance(value, str):
                raise _error("invalid @index value", "@index must be a string", path)
            result["@index"] = value
        elif keyword == "@list":
            if active_property is None or expanded_active_property == "@graph":
                if self.report is not None and path is not None:
                    self.report(path, key, "free-floating list outside any node")
                return
            result["@list"] = _as_list(self.expand(active, active_property, value, path))
        elif keyword == "@set":
            result["@set"] = self.expand(active, active_property, value, path)
        elif keyword == "@reverse":
            if not isinstance(value, dict):
                raise _error("invalid @reverse value", "@reverse must be an object", path)
            expanded = self.expand(active, "@reverse", value, path)
            for prop, items in expanded.get("@reverse", {}).items():
                result.setdefault(prop, []).extend(items)
            for prop, items in expanded.items():
                if prop == "@reverse":
                    continue
                reverse_map = result.setdefault("@reverse", {})
                for item in items:
                    if "@value" in item or "@list" in item:
                        raise _error("invalid reverse property value", "a reverse value must be a node", path)
                    reverse_map.setdefault(prop, []).append(item)
        elif keyword == "@nest":
            nests.append(key)
        elif keyword == "@context":  # pragma: no cover - skipped by the caller
            pass
        else:
            raise UnsupportedJsonLdError(
                f"keyword {keyword} is not supported in documents (at {path or key})"
            )

    # -- maps ------------------------------------------------------------------------------------------------

    def _language_map(
        self,
        active: ActiveContext,
        definition: TermDefinition | None,
        value: dict[str, Any],
        path: str | None,
    ) -> list[dict[str, Any]]:
        direction = definition.direction if definition is not None else UNSET
        if direction is UNSET:
            direction = active.direction
        expanded: list[dict[str, Any]] = []
        for language, items in value.items():
            is_none = active.expand_vocab(language) == "@none"
            for item in _as_list(items):
                if item is None:
                    continue
                if not isinstance(item, str):
                    raise _error("invalid language map value", "language map values must be strings", path)
                entry: dict[str, Any] = {"@value": item}
                if not is_none:
                    entry["@language"] = language.lower()
                if direction is not None:
                    entry["@direction"] = direction
                expanded.append(entry)
        return expanded

    def _index_map(
        self,
        active: ActiveContext,
        key: str,
        definition: TermDefinition,
        value: dict[str, Any],
        path: str | None,
    ) -> list[Any]:
        container = definition.container
        as_graph = "@graph" in container
        if "@index" in container:
            index_key = definition.index or "@index"
        elif "@id" in container:
            index_key = "@id"
        else:
            index_key = "@type"
        property_index = None
        if index_key not in ("@index", "@id", "@type"):
            property_index = expand_iri(active, index_key, vocab=True)
        map_context = active
        if index_key == "@type" and active.previous is not None:
            map_context = active.previous
        expanded: list[Any] = []
        for index, index_value in value.items():
            item_context = map_context
            if index_key == "@type":
                index_definition = map_context.terms.get(index)
                if index_definition is not None and index_definition.context is not UNSET:
                    item_context = map_context.derive_scoped(index_definition, override_protected=False,
                                                             propagate=False)  # fmt: skip
            items = self.expand(item_context, key, _as_list(index_value), _join(path, index), from_map=True)
            expanded_index = expand_iri(active, index, vocab=True)
            for item in items:
                if as_graph and not (isinstance(item, dict) and "@graph" in item):
                    item = {"@graph": [item]}
                if index_key == "@type":
                    if expanded_index != "@none":
                        item["@type"] = [expanded_index, *item.get("@type", [])]
                elif isinstance(item, dict) and "@value" in item and index_key not in ("@index",):
                    raise _error("invalid value object", f"cannot add {index_key} to a value object", path)
                elif property_index is not None:
                    if expanded_index != "@none":
                        index_entry = self.expand_value(active, index_key, index, path)
                        item[property_index] = [index_entry, *item.get(property_index, [])]
                elif expanded_index != "@none" and index_key not in item:
                    item[index_key] = expand_iri(active, index) if index_key == "@id" else index
                expanded.append(item)
        return expanded


_EMPTY: frozenset[str] = frozenset()


def expand_with_context(
    document: Any, active: ActiveContext = INITIAL_CONTEXT, report: Reporter | None = None
) -> list[Any]:
    """Expand ``document`` (a JSON value) and return the expanded array (section 5.1, top level)."""
    expander = _Expander(report)
    result = expander.expand(active, None, document, "" if report is not None else None)
    if isinstance(result, dict) and len(result) == 1 and "@graph" in result:
        result = result["@graph"]
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


def expand(document: Any, report: Reporter | None = None) -> list[Any]:
    """Expand a JSON-LD document with the bundled contexts only; ``report`` receives every dropped item.

    Raises :class:`~microcred.openbadges.jsonld.errors.UnknownContextError` for a context that is not bundled,
    :class:`~microcred.openbadges.jsonld.errors.InvalidJsonLdError` for invalid JSON-LD.
    """
    if not isinstance(document, dict | list):
        raise InvalidJsonLdError("a JSON-LD document must be a JSON object or array")
    try:
        return expand_with_context(document, INITIAL_CONTEXT, report)
    except RecursionError:
        raise InvalidJsonLdError("the JSON-LD document is nested too deeply") from None
