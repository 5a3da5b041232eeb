"""Offline JSON Schema validation of OB 3.0 and CLR 2.0 documents against the bundled 1EdTech schemas.

``validate_schema(document)`` picks the schema from the document's ``type`` (and its VC generation),
validates with ``jsonschema`` and returns :class:`SchemaProblem` items (JSON path + readable message);
an empty list means valid. The verdict comes first from a check compiled once per schema
(:mod:`~microcred.openbadges.schemas.fast`, the same verdict, ~25 times faster); ``jsonschema`` collects the
problems of invalid documents. Nothing is ever fetched: the ``referencing`` registry serves the bundled
files only and refuses any other URI. Provenance of the files: ``SOURCES.md`` next to this module.

Which schema applies (see ``SOURCES.md`` for the reasoning):

* OB 3.0, VC 2.0 (``@context[0]`` = ``credentials/v2``): the bundled 2019-09 schemas as published.
* OB 3.0, VC 1.1 (``credentials/v1``): a variant derived here from the same schemas, with
  ``issuanceDate``/``expirationDate`` in place of ``validFrom``/``validUntil`` and the v1 context
  first. It stands in for 1EdTech's "any…credential" schemas, which are not available offline.
* CLR 2.0: the only CLR schema available offline is 1EdTech's draft-04 down-conversion of the
  VC 1.1-era schema. VC 1.1 CLRs are validated with it unchanged. For VC 2.0 CLRs a variant keeps its
  CLR-specific rules (top-level required fields with ``validFrom`` for ``issuanceDate``, ``ClrSubject``,
  ``Association`` with its closed ``associationType`` enum) and takes every class shared with OB 3.0
  (``common_credentials.lines``) — including the embedded AchievementCredentials — from the OB 3.0
  schema, so embedded credentials are held to the same strict rules as stand-alone ones.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from typing import Any

# jsonschema ships no type information (types-jsonschema is not a dependency).
import jsonschema  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4, DRAFT201909

from microcred.openbadges.schemas.fast import Check, compile_validity

__all__ = [
    "SCHEMA_URLS",
    "SchemaNotFoundError",
    "SchemaProblem",
    "bundled_schema",
    "schema_name_for",
    "validate_against",
    "validate_schema",
]

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
_PURL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"

#: Bundled schema name → file and the URLs it is known under (the published purl name first).
_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "achievementcredential": (
        "achievementcredential.json",
        (_PURL + "ob_v3p0_achievementcredential_schema.json",),
    ),
    "endorsementcredential": (
        "endorsementcredential.json",
        (_PURL + "ob_v3p0_endorsementcredential_schema.json",),
    ),
    "profile": ("profile.json", (_PURL + "ob_v3p0_profile_schema.json",)),
    "getopenbadgecredentialsresponse": (
        "getopenbadgecredentialsresponse.json",
        (_PURL + "ob_v3p0_getopenbadgecredentialsresponse_schema.json",),
    ),
    "imsx_statusinfo": ("imsx_statusinfo.json", (_PURL + "ob_v3p0_imsx_statusinfo_schema.json",)),
    "clrcredential-vc1": (
        "clrcredential_draft4.json",
        ("https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",),
    ),
}

#: Published schema URL (as used in ``credentialSchema[].id``) → bundled schema name.
SCHEMA_URLS: dict[str, str] = {url: name for name, (_, urls) in _FILES.items() for url in urls}
# A VC 2.0 CLR that names the CLR schema URL is checked with the VC 2.0 variant.
SCHEMA_URLS["https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"] = (
    "clrcredential"
)


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """One schema violation.

    ``path`` is a JSONPath into the document (``$.credentialSubject.achievement.criteria``),
    ``message`` a readable sentence, ``keyword`` the JSON Schema keyword that failed and ``schema`` the
    bundled schema's name (``achievementcredential``, ``clrcredential``, ...).
    """

    path: str
    message: str
    keyword: str
    schema: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class SchemaNotFoundError(LookupError):
    """No bundled schema applies to the document (unknown ``type`` or schema URL)."""


def _load(filename: str) -> dict[str, Any]:
    data = json.loads(resources.files(__package__).joinpath(filename).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _patch_vc11(node: dict[str, Any]) -> None:
    """Turn a VC 2.0 credential (sub)schema into its VC 1.1 form in place."""
    props = node.get("properties", {})
    context = props.get("@context", {})
    items = context.get("items")
    if isinstance(items, list) and items:
        items[0] = {"enum": [VC_V1]}
    date_time = {"type": "string", "format": "date-time"}
    props.pop("validFrom", None)
    props.pop("validUntil", None)
    props["issuanceDate"] = dict(date_time)
    props["expirationDate"] = dict(date_time)
    node["required"] = ["issuanceDate" if r == "validFrom" else r for r in node.get("required", [])]


def _vc11_variant(schema: dict[str, Any]) -> dict[str, Any]:
    variant = copy.deepcopy(schema)
    variant["$id"] = schema["$id"].replace(".json", "-vc1.json")
    _patch_vc11(variant)
    endorsement = variant.get("$defs", {}).get("EndorsementCredential")
    if endorsement is not None:
        _patch_vc11(endorsement)
    return variant


def _clr_vc2_variant(clr: dict[str, Any], ob3: dict[str, Any]) -> dict[str, Any]:
    variant = copy.deepcopy(clr)
    variant["$schema"] = "https://json-schema.org/draft/2019-09/schema"
    variant["$id"] = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential-vc2.json"
    props = variant["properties"]
    date_time = {"type": "string", "format": "date-time"}
    props.pop("issuanceDate", None)
    props.pop("expirationDate", None)
    props["validFrom"] = dict(date_time)
    props["validUntil"] = dict(date_time)
    props["awardedDate"] = dict(date_time)
    props["description"] = {"type": "string"}
    props["@context"] = copy.deepcopy(ob3["properties"]["@context"])
    # The CLR context is second and OB third in 1EdTech's fixtures; only the VC 2.0 context is fixed.
    props["@context"]["items"] = [{"enum": [VC_V2]}]
    variant["required"] = ["validFrom" if r == "issuanceDate" else r for r in variant["required"]]
    defs = variant["$defs"]
    keep = {"ClrSubject", "Association"}
    for name in list(defs):
        if name not in keep:
            del defs[name]
    for name, definition in ob3["$defs"].items():
        defs.setdefault(name, copy.deepcopy(definition))
    credential = {k: copy.deepcopy(v) for k, v in ob3.items() if k not in ("$schema", "$id", "$defs")}
    defs["VerifiableCredential"] = credential
    return variant


@functools.cache
def _schemas() -> dict[str, dict[str, Any]]:
    loaded = {name: _load(filename) for name, (filename, _) in _FILES.items()}
    loaded["achievementcredential-vc1"] = _vc11_variant(loaded["achievementcredential"])
    loaded["endorsementcredential-vc1"] = _vc11_variant(loaded["endorsementcredential"])
    loaded["clrcredential"] = _clr_vc2_variant(loaded["clrcredential-vc1"], loaded["achievementcredential"])
    return loaded


def _refuse(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs class, not seen by mypy


@functools.cache
def _registry() -> Registry[Any]:
    registry: Registry[Any] = Registry(retrieve=_refuse)  # type: ignore[call-arg]
    for name, schema in _schemas().items():
        spec = (
            DRAFT4 if schema.get("$schema", "").startswith("http://json-schema.org/draft-04") else DRAFT201909
        )
        resource = spec.create_resource(schema)
        urls = {schema["$id"], *_FILES.get(name, ("", ()))[1]}
        registry = registry.with_resources((url, resource) for url in urls if url)
    return registry.crawl()


def bundled_schema(name: str) -> dict[str, Any]:
    """A copy of a bundled (or derived) schema by name, e.g. ``"achievementcredential"``."""
    try:
        return copy.deepcopy(_schemas()[name])
    except KeyError:
        raise SchemaNotFoundError(f"no bundled schema named {name!r}") from None


def _types(document: Mapping[str, Any]) -> set[str]:
    raw = document.get("type")
    if isinstance(raw, str):
        return {raw}
    if isinstance(raw, list):
        return {t for t in raw if isinstance(t, str)}
    return set()


def schema_name_for(document: Mapping[str, Any]) -> str | None:
    """The bundled schema that applies to ``document`` (by ``type`` and VC generation), or ``None``."""
    types = _types(document)
    context = document.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    vc1 = first == VC_V1
    if "ClrCredential" in types:
        return "clrcredential-vc1" if vc1 else "clrcredential"
    if types & {"AchievementCredential", "OpenBadgeCredential"}:
        return "achievementcredential-vc1" if vc1 else "achievementcredential"
    if "EndorsementCredential" in types:
        return "endorsementcredential-vc1" if vc1 else "endorsementcredential"
    if "Profile" in types:
        return "profile"
    return None


# RFC 3339 date-time (seconds may be omitted, as in some OB 2.0-era data); a zone is required.
_DATE_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:[Zz]|[+-]\d{2}:\d{2})$"
)


def _check_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    match = _DATE_TIME.match(value)
    if match is None:
        return False
    try:
        datetime.fromisoformat(match.group(1) + "T" + match.group(2)[:15].rstrip("."))
    except ValueError:
        return False
    return True


def _check_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_FORMATS = jsonschema.FormatChecker(formats=())
_FORMATS.checks("date-time")(_check_date_time)
_FORMATS.checks("date")(_check_date)


@functools.cache
def _validator(name: str) -> Any:
    schema = _schemas()[name]
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft201909Validator)
    return cls(schema, registry=_registry(), format_checker=_FORMATS)


@functools.cache
def _is_valid(name: str) -> Check:
    """``document -> valid?`` for a bundled schema: compiled once (see :mod:`.fast`), else jsonschema's."""
    validator = _validator(name)
    compiled = compile_validity(validator.schema, type(validator), _FORMATS)
    return compiled if compiled is not None else validator.is_valid


def _short(value: object, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    keyword = str(error.validator)
    if keyword == "contains":
        wanted = schema.get("contains", {}).get("enum", [])
        expected = " or ".join(repr(w) for w in wanted) or "a matching item"
        return f"must contain {expected}; got {_short(error.instance)}"
    if keyword == "type":
        return f"must be of type {schema.get('type')!r}; got {_short(error.instance)}"
    if keyword in ("oneOf", "anyOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        if best is not None:
            return f"{_message(best)} (no alternative of {keyword} matched)"
    if keyword == "enum":
        options = schema.get("enum", [])
        listed = ", ".join(repr(o) for o in options[:8]) + (", …" if len(options) > 8 else "")
        return f"{_short(error.instance)} is not one of {listed}"
    if keyword == "format":
        return f"{_short(error.instance)} is not a valid {schema.get('format')}"
    message = str(error.message)
    return message if len(message) < 200 else f"{keyword} failed for {_short(error.instance)}"


def _plausible_branch(error: ValidationError) -> list[ValidationError] | None:
    """For a failed oneOf/anyOf: the sub-errors of the only alternative of the right JSON type.

    ``issuer`` is ``oneOf [string, Profile]``; for an object the useful report is why it is not a
    valid Profile, not that it is not a string.
    """
    branches: dict[object, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
    plausible = [
        subs
        for subs in branches.values()
        if not any(s.validator == "type" and not s.relative_path for s in subs)
    ]
    return plausible[0] if len(plausible) == 1 else None


def _flatten(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    for error in errors:
        # allOf branches carry their own precise sub-errors; report those instead of the wrapper.
        if error.validator == "allOf" and error.context:
            yield from _flatten(iter(error.context))
            continue
        if error.validator in ("oneOf", "anyOf"):
            branch = _plausible_branch(error)
            if branch is not None:
                yield from _flatten(iter(branch))
                continue
        yield error


def _problems(document: Mapping[str, Any], name: str) -> list[SchemaProblem]:
    if _is_valid(name)(document):
        return []  # the common case: no need to collect errors (about 50 times faster)
    validator = _validator(name)
    found = [
        SchemaProblem(
            path=error.json_path, message=_message(error), keyword=str(error.validator), schema=name
        )
        for error in _flatten(validator.iter_errors(document))
    ]
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda p: (p.path, p.keyword, p.message))


def validate_schema(document: Mapping[str, Any], *, schema: str | None = None) -> list[SchemaProblem]:
    """Validate an OB 3.0 / CLR 2.0 document against the bundled JSON Schema; ``[]`` means valid.

    The schema is chosen by :func:`schema_name_for` unless ``schema`` names a bundled one (see
    :data:`SCHEMA_URLS` values). Raises :class:`SchemaNotFoundError` when no schema applies.
    """
    name = schema or schema_name_for(document)
    if name is None:
        raise SchemaNotFoundError(f"no bundled JSON Schema for a document of type {document.get('type')!r}")
    if name not in _schemas():
        raise SchemaNotFoundError(f"no bundled schema named {name!r}")
    return _problems(document, name)


def validate_against(document: Mapping[str, Any], schema_url: str) -> list[SchemaProblem]:
    """Validate against a schema named by URL, as in ``credentialSchema[].id`` (VCCS-10).

    The published 1EdTech schema URLs map to the bundled copies (VC 1.1 documents get the VC 1.1
    variant). Raises :class:`SchemaNotFoundError` for a URL that is not bundled (no network access).
    """
    name = SCHEMA_URLS.get(schema_url)
    if name is None:
        raise SchemaNotFoundError(f"schema {schema_url!r} is not available offline")
    detected = schema_name_for(document)
    if detected is not None and detected.split("-")[0] == name.split("-")[0]:
        name = detected
    return _problems(document, name)
