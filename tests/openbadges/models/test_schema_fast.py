"""``microcred.openbadges.schemas.fast``: the compiled yes/no check gives ``jsonschema``'s verdict, always.

The compiled check decides alone when a credential is valid (``validate_schema`` skips ``jsonschema``
then), so any disagreement would hide a schema violation: it is compared with ``jsonschema``'s
``is_valid`` on every bundled schema, on the standards' examples and generated credentials, and on
thousands of seeded mutations of them; and keyword by keyword on small schemas for both dialects.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from microcred.openbadges import schemas
from microcred.openbadges.schemas import (
    _FORMATS,
    _is_valid,
    _schemas,
    _validator,
    schema_name_for,
    validate_schema,
)
from microcred.openbadges.schemas.fast import compile_validity
from tests.openbadges.jsonld.ob3_generator import credentials
from tests.openbadges.models import samples

STANDARDS = Path(__file__).resolve().parents[2] / "standards"
D4, D2019 = jsonschema.Draft4Validator, jsonschema.Draft201909Validator


def _corpus() -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = []
    for path in sorted(STANDARDS.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(data, dict):
            documents.append(data)
    credential = samples.achievement_credential().to_dict()
    documents += [
        credential,
        samples.endorsement_credential(credential["id"]).to_dict(),
        samples.stack_clr([credential]).to_dict(),
        *credentials(11, 30),
    ]
    return documents


CORPUS = _corpus()
VALUES: list[Any] = [
    None, 0, 1, 1.0, 1.5, True, False, "", "x", "https://example.com/x", "2020-01-01T00:00:00Z",
    "2020-13-01T00:00:00Z", "2020-01-01", "2020-02-30", [], ["x"], [{}], {}, {"id": "urn:x:1"},
]  # fmt: skip


def _nodes(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, (*path, index))


def _mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Delete, replace, wrap, unwrap or add one to three values anywhere in a copy of ``document``."""
    document = copy.deepcopy(document)
    for _ in range(rng.choice([1, 1, 2, 3])):
        path, node = rng.choice(list(_nodes(document)))
        if not path:
            continue
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        last, draw = path[-1], rng.random()
        if draw < 0.2:
            del parent[last]
        elif draw < 0.3:
            parent[last] = [node]
        elif draw < 0.4 and isinstance(node, list) and node:
            parent[last] = node[0]
        elif draw < 0.5 and isinstance(node, dict):
            node[rng.choice(["extra", "type", "id", "name", "@context"])] = copy.deepcopy(rng.choice(VALUES))
        elif draw < 0.55 and isinstance(node, list):
            node.append(copy.deepcopy(rng.choice(node if node and rng.random() < 0.5 else VALUES)))
        else:
            parent[last] = copy.deepcopy(rng.choice(VALUES))
    return document


@pytest.mark.parametrize("name", sorted(_schemas()))
def test_every_bundled_schema_compiles(name: str) -> None:
    validator = _validator(name)
    assert compile_validity(validator.schema, type(validator), _FORMATS) is not None


def test_same_verdict_as_jsonschema_on_the_corpus_and_its_mutations() -> None:
    rng = random.Random(20261123)
    names = sorted(_schemas())
    verdicts = {True: 0, False: 0}
    cases = [(document, schema_name_for(document)) for document in CORPUS]
    cases += [(document, name) for document in CORPUS[:20] for name in names]
    for _ in range(2500):
        document = _mutate(rng.choice(CORPUS), rng)
        cases.append((document, schema_name_for(document) or rng.choice(names)))
    for document, name in cases:
        if name is None:
            continue
        expected = _validator(name).is_valid(document)
        assert _is_valid(name)(document) is expected, (name, json.dumps(document)[:500])
        verdicts[expected] += 1
    assert verdicts[True] >= 60  # both verdicts are well exercised
    assert verdicts[False] >= 1000


def _agree(schema: Any, cls: Any, instances: list[Any], format_checker: Any = _FORMATS) -> None:
    compiled = compile_validity(schema, cls, format_checker)
    assert compiled is not None, schema
    reference = cls(schema, format_checker=format_checker)
    for instance in instances:
        assert compiled(instance) is reference.is_valid(instance), (schema, instance)


INSTANCES: list[Any] = [
    *VALUES, -3, 2**70, float("inf"), "abc", "A", "ab", [1, 2], [1, "a"], ["a", "b", "c"], [True], [[]],
    {"a": 1}, {"a": "x", "b": 2}, {"b": [1]}, {"a": {"a": {"a": 1}}}, {"a": None, "c": 1},
]  # fmt: skip

SCHEMAS: list[Any] = [
    True,
    False,
    {},
    {"type": "integer"},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "null"},
    {"type": ["string", "null"]},
    {"type": "object", "required": ["a"]},
    {"type": "array", "minItems": 2},
    {"enum": ["A", "x", "2020-01-01"]},
    {"pattern": "^a"},
    {"format": "date-time"},
    {"format": "date"},
    {"format": "uri"},  # no checker: an annotation
    {"properties": {"a": {"type": "integer"}, "b": {}}, "additionalProperties": False},
    {"properties": {"a": {"type": "integer"}}, "additionalProperties": {"type": "array"}},
    {"properties": {"a": True}, "additionalProperties": {}},
    {"properties": {"a": True}, "additionalProperties": True},
    {"properties": {"a": {"$ref": "#"}}, "required": ["a"], "additionalProperties": False},
    {"items": {"type": "integer"}},
    {"items": [{"type": "integer"}, {"type": "string"}]},
    {"items": [{"type": "integer"}], "additionalItems": False},
    {"items": [{"type": "integer"}], "additionalItems": {"type": "string"}},
    {"items": [{"type": "integer"}], "additionalItems": True},
    {"items": {"type": "integer"}, "additionalItems": False},  # additionalItems ignored
    {"additionalItems": False},  # additionalItems ignored without items
    {"contains": {"type": "string"}},
    {"contains": {"enum": ["A"]}, "type": "array"},
    {"allOf": [{"type": "array"}, {"minItems": 1}]},
    {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    {"oneOf": [{"type": "string"}, {"pattern": "b"}]},
    {"oneOf": [{"type": "number"}, {"type": "integer"}]},
    {"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s"},
    {"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s", "minItems": 3, "type": ["string", "array"]},
    {
        "definitions": {"l": {"items": [{"type": "integer"}, {"$ref": "#/definitions/l/items/0"}]}},
        "$ref": "#/definitions/l",
    },
    {"title": "only annotations", "description": "…", "$comment": "…", "examples": [1], "default": 2},
]


# Boolean schemas do not exist in Draft 4, so they are checked under 2019-09 only.
CASES = [
    (schema, cls) for schema in SCHEMAS for cls in (D4, D2019) if not (cls is D4 and isinstance(schema, bool))
]


@pytest.mark.parametrize(
    ("schema", "cls"),
    CASES,
    ids=[f"{'draft4' if cls is D4 else 'draft2019-09'}-{json.dumps(schema)[:60]}" for schema, cls in CASES],
)
def test_keywords_agree_with_jsonschema(schema: Any, cls: Any) -> None:
    _agree(schema, cls, INSTANCES)


def test_formats_without_a_format_checker_are_annotations() -> None:
    _agree({"format": "date-time"}, D2019, ["not a date", 3], format_checker=None)


def test_boolean_items_in_draft_2019_09() -> None:
    _agree({"items": False}, D2019, [[], [1], "x"])
    _agree({"items": True, "minItems": 1}, D2019, [[], [1]])


def test_recursive_references() -> None:
    tree = {
        "$defs": {
            "node": {"type": "object", "properties": {"children": {"items": {"$ref": "#/$defs/node"}}}}
        },
        "$ref": "#/$defs/node",
    }
    deep: dict[str, Any] = {"children": []}
    for _ in range(20):
        deep = {"children": [deep, {"children": []}]}
    broken = copy.deepcopy(deep)
    broken["children"][0]["children"][0]["children"] = [1]
    _agree(tree, D2019, [deep, broken, {"children": "no"}])


@pytest.mark.parametrize(
    ("schema", "cls"),
    [
        ({"maxLength": 3}, D2019),  # a keyword jsonschema knows and the compiler does not
        ({"patternProperties": {"^a": {}}, "additionalProperties": False}, D2019),
        ({"contains": {}, "minContains": 2}, D2019),
        ({"enum": [1, "1"]}, D2019),  # non-string enums: jsonschema's equality rules
        ({"type": "any"}, D4),
        ({"pattern": "("}, D2019),  # invalid regular expression
        ({"$ref": "https://example.com/schema.json"}, D2019),  # not a local reference
        ({"$ref": "#/$defs/a~1b", "$defs": {"a/b": {}}}, D2019),  # escaped pointer
        ({"$ref": "#/$defs/missing"}, D2019),
        ({"items": [{"$ref": "#/items/x"}]}, D2019),  # a list step that is not an index
        ({"properties": {"a": {"$id": "https://example.com/a"}}}, D2019),
        ({"properties": {"a": {"id": "https://example.com/a"}}}, D4),  # Draft 4's $id
        ({"properties": {"a": {"$schema": "http://json-schema.org/draft-04/schema#"}}}, D2019),
        ({"properties": {"a": 3}}, D2019),  # not a schema
        ({"items": True}, D4),  # boolean subschemas are not Draft 4
        ({"additionalItems": False, "items": True}, D2019),  # jsonschema itself fails on this one
        ({}, jsonschema.Draft7Validator),  # only Draft 4 and 2019-09 are compiled
    ],
)
def test_unsupported_schemas_are_left_to_jsonschema(schema: Any, cls: Any) -> None:
    assert compile_validity(schema, cls, _FORMATS) is None


def test_draft4_ref_overrides_its_siblings() -> None:
    schema = {"definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s", "maxLength": 1}
    compiled = compile_validity(schema, D4, _FORMATS)  # maxLength would be unsupported, were it read
    assert compiled is not None
    assert compiled("long string") is D4(schema).is_valid("long string") is True
    assert compile_validity(schema, D2019, _FORMATS) is None


def test_validate_schema_falls_back_to_jsonschema_when_a_schema_cannot_be_compiled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schemas, "compile_validity", lambda *args: None)
    _is_valid.cache_clear()
    try:
        credential = samples.achievement_credential().to_dict()
        assert _is_valid("achievementcredential") == _validator("achievementcredential").is_valid
        assert validate_schema(credential) == []
        del credential["issuer"]
        assert [problem.keyword for problem in validate_schema(credential)] == ["required"]
    finally:
        _is_valid.cache_clear()
