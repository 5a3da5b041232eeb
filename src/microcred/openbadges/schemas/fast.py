"""A yes/no JSON Schema check compiled to Python closures, giving ``jsonschema``'s verdict quickly.

Validating a credential with ``jsonschema`` walks the schema anew for every instance (about 1.5 ms for
a 3 KB Open Badge); the bundled 1EdTech schemas use a dozen keywords only, so :func:`compile_validity`
turns a schema into nested closures once, and checking a credential then takes about 0.06 ms.
It answers one question -- is the instance valid? -- with ``jsonschema``'s semantics for the validator
class it is given (same keyword table, type checker, format checker, ``$ref`` sibling rule); the
readable problems of an invalid instance still come from ``jsonschema`` itself.

The compiler is deliberately conservative: a keyword that the validator class knows but this module does
not implement, a ``$ref`` that is not a local JSON pointer, a nested ``$schema``/``$id``/``$anchor`` (or
``id`` in Draft 4), or a validator class other than Draft 4 / Draft 2019-09 makes it return ``None``
(use ``jsonschema``).
Keywords the validator class does not know (``title``, ``$comment``, ``contains`` in Draft 4...) are
ignored, as ``jsonschema`` ignores them. ``tests/openbadges/models/test_schema_fast.py`` compares both
verdicts on many valid and broken documents.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema  # type: ignore[import-untyped]

__all__ = ["Check", "compile_validity"]

#: A compiled schema: instance -> valid?
Check = Callable[[Any], bool]


class _Unsupported(Exception):
    """The schema uses something this compiler does not implement exactly."""


def _is_number(instance: Any) -> bool:
    return not isinstance(instance, bool) and isinstance(instance, numbers.Number)


def _is_integer_draft4(instance: Any) -> bool:
    return not isinstance(instance, bool) and isinstance(instance, int)


def _is_integer(instance: Any) -> bool:  # Draft 6 and later: 1.0 is an integer
    return _is_integer_draft4(instance) or (isinstance(instance, float) and instance.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda instance: isinstance(instance, dict),
    "array": lambda instance: isinstance(instance, list),
    "string": lambda instance: isinstance(instance, str),
    "boolean": lambda instance: isinstance(instance, bool),
    "null": lambda instance: instance is None,
    "number": _is_number,
    "integer": _is_integer,
}

#: Keywords that carry no assertion whatever the dialect (annotations and containers of subschemas).
_ANNOTATIONS = frozenset({"$comment", "$defs", "definitions", "title", "description", "examples", "default"})
#: Keywords implemented below (each with ``jsonschema``'s behaviour for the dialects supported).
_IMPLEMENTED = frozenset(
    {
        "$ref",
        "additionalItems",
        "additionalProperties",
        "allOf",
        "anyOf",
        "contains",
        "enum",
        "format",
        "items",
        "minItems",
        "oneOf",
        "pattern",
        "properties",
        "required",
        "type",
    }
)


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


class _Compiler:
    def __init__(self, root: Mapping[str, Any], cls: Any, format_checker: Any) -> None:
        if cls is jsonschema.Draft4Validator:
            self.draft4 = True  # ``$ref`` overrides its sibling keywords; integers are ints only
            self.types = {**_TYPES, "integer": _is_integer_draft4}
        elif cls is jsonschema.Draft201909Validator:
            self.draft4 = False
            self.types = _TYPES
        else:
            raise _Unsupported(f"validator class {cls.__name__}")
        self.scope_keywords = {"$schema", "$id", "$anchor"} | ({"id"} if self.draft4 else set())
        self.root = root
        self.keywords = frozenset(cls.VALIDATORS)
        self.format_checker = format_checker
        self.refs: dict[str, Check] = {}

    # -- subschemas --------------------------------------------------------------------------------------

    def compile(self, schema: Any, *, is_root: bool = False) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise _Unsupported(f"schema {schema!r}")
        if not is_root and not self.scope_keywords.isdisjoint(schema):
            raise _Unsupported("nested $schema, $id, $anchor (or Draft 4 id)")  # a new base URI or dialect
        items = (
            [("$ref", schema["$ref"])]
            if self.draft4 and "$ref" in schema
            else [(k, v) for k, v in schema.items() if k in self.keywords and k not in _ANNOTATIONS]
        )
        unknown = [k for k, _ in items if k not in _IMPLEMENTED]
        if unknown:
            raise _Unsupported(f"keywords {unknown}")
        if "contains" in schema and ("minContains" in schema or "maxContains" in schema):
            raise _Unsupported("minContains/maxContains")  # read by jsonschema's ``contains``
        checks = [self._keyword(keyword, value, schema) for keyword, value in items]
        checks = [check for check in checks if check is not _always]
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return _all_of(checks)

    def _keyword(self, keyword: str, value: Any, schema: Mapping[str, Any]) -> Check:
        return getattr(self, "_" + keyword.lstrip("$"))(value, schema)  # type: ignore[no-any-return]

    # -- keywords ----------------------------------------------------------------------------------------

    def _ref(self, ref: Any, schema: Mapping[str, Any]) -> Check:
        if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")) or "~" in ref or "%" in ref:
            raise _Unsupported(f"$ref {ref!r}")
        cell: list[Check] = []
        known = self.refs.get(ref)
        if known is None:
            # Placeholder first: recursive schemas refer to themselves while being compiled.
            self.refs[ref] = known = lambda instance: cell[0](instance)
            target: Any = self.root
            for step in ref[2:].split("/") if ref != "#" else []:
                if isinstance(target, list) and step.isdigit():
                    target = target[int(step)]
                elif isinstance(target, dict) and step in target:
                    target = target[step]
                else:
                    raise _Unsupported(f"$ref {ref!r} does not resolve")
            cell.append(self.compile(target, is_root=target is self.root))
        return known

    def _type(self, value: Any, schema: Mapping[str, Any]) -> Check:
        names = value if isinstance(value, list) else [value]
        if any(name not in self.types for name in names):
            raise _Unsupported(f"type {value!r}")
        if len(names) == 1:
            return self.types[names[0]]
        predicates = [self.types[name] for name in names]
        return lambda instance: any(predicate(instance) for predicate in predicates)

    def _enum(self, value: Any, schema: Mapping[str, Any]) -> Check:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise _Unsupported("enum of non-strings")  # jsonschema's equal() has bool/int subtleties
        allowed = frozenset(value)
        return lambda instance: isinstance(instance, str) and instance in allowed

    def _pattern(self, value: Any, schema: Mapping[str, Any]) -> Check:
        search = re.compile(value).search
        return lambda instance: not isinstance(instance, str) or search(instance) is not None

    def _format(self, value: Any, schema: Mapping[str, Any]) -> Check:
        checker = self.format_checker
        if checker is None or value not in checker.checkers:
            return _always  # formats without a checker are annotations
        conforms = checker.conforms
        return lambda instance: bool(conforms(instance, value))

    def _properties(self, value: Any, schema: Mapping[str, Any]) -> Check:
        compiled = [(name, self.compile(subschema)) for name, subschema in value.items()]
        compiled = [(name, check) for name, check in compiled if check is not _always]

        def properties(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for name, check in compiled:  # noqa: SIM110 - a plain loop is faster than all(generator)
                if name in instance and not check(instance[name]):
                    return False
            return True

        return properties

    def _required(self, value: Any, schema: Mapping[str, Any]) -> Check:
        names = frozenset(value)
        return lambda instance: not isinstance(instance, dict) or instance.keys() >= names

    def _additionalProperties(self, value: Any, schema: Mapping[str, Any]) -> Check:
        known = frozenset(schema.get("properties", {}))
        if isinstance(value, dict):
            check = self.compile(value)
            if check is _always:
                return _always
            return lambda instance: (
                not isinstance(instance, dict)
                or all(check(item) for name, item in instance.items() if name not in known)
            )
        if not value:  # false (or another falsy value, which jsonschema reads the same way)
            return lambda instance: not isinstance(instance, dict) or known.issuperset(instance)
        return _always  # any other truthy non-object value allows everything, as in jsonschema

    def _items(self, value: Any, schema: Mapping[str, Any]) -> Check:
        if self.draft4 and not isinstance(value, dict | list):
            raise _Unsupported("boolean items in Draft 4")
        if isinstance(value, list):
            checks = [self.compile(subschema) for subschema in value]
            return lambda instance: (
                not isinstance(instance, list)
                or all(check(item) for check, item in zip(checks, instance, strict=False))
            )
        check = self.compile(value)
        if check is _always:
            return _always

        def items(instance: Any) -> bool:
            if isinstance(instance, list):
                for item in instance:  # a plain loop: faster than all(generator)
                    if not check(item):
                        return False
            return True

        return items

    def _additionalItems(self, value: Any, schema: Mapping[str, Any]) -> Check:
        items = schema.get("items", {})
        if isinstance(items, dict):
            return _always  # only applies after a list of ``items`` schemas
        start = len(items)
        if isinstance(value, dict):
            check = self.compile(value)
            return lambda instance: (
                not isinstance(instance, list) or all(check(item) for item in instance[start:])
            )
        if not value:
            return lambda instance: not isinstance(instance, list) or len(instance) <= start
        return _always

    def _minItems(self, value: Any, schema: Mapping[str, Any]) -> Check:
        return lambda instance: not isinstance(instance, list) or len(instance) >= value

    def _contains(self, value: Any, schema: Mapping[str, Any]) -> Check:
        check = self.compile(value)
        return lambda instance: not isinstance(instance, list) or any(check(item) for item in instance)

    def _allOf(self, value: Any, schema: Mapping[str, Any]) -> Check:
        return _all_of([self.compile(subschema) for subschema in value])

    def _anyOf(self, value: Any, schema: Mapping[str, Any]) -> Check:
        checks = [self.compile(subschema) for subschema in value]
        return lambda instance: any(check(instance) for check in checks)

    def _oneOf(self, value: Any, schema: Mapping[str, Any]) -> Check:
        checks = [self.compile(subschema) for subschema in value]

        def one_of(instance: Any) -> bool:
            matched = False
            for check in checks:
                if check(instance):
                    if matched:
                        return False  # a second match
                    matched = True
            return matched

        return one_of


def _all_of(checks: list[Check]) -> Check:
    def all_of(instance: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a plain loop is faster than all(generator)
            if not check(instance):
                return False
        return True

    return all_of


def compile_validity(schema: Mapping[str, Any], cls: Any, format_checker: Any = None) -> Check | None:
    """Compile ``schema`` for validator class ``cls`` into ``instance -> valid?``; None if not supported.

    The result agrees with ``cls(schema, format_checker=format_checker).is_valid(instance)`` for every
    instance (local ``$ref`` only: the schema must be self-contained).
    """
    try:
        return _Compiler(schema, cls, format_checker).compile(schema, is_root=True)
    except (_Unsupported, re.error, TypeError, AttributeError):
        return None
