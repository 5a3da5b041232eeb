"""Shared machinery of the Open Badges models: base class, JSON rules, date-times, numbers, type lists.

Serialization rules applied to every model (Open Badges 3.0 ``serialization.md``):

* keys are the spec's camelCase names (``by_alias``), ``@context`` first;
* ``None`` and empty lists of declared properties are omitted ("Null values and empty arrays MUST be
  omitted");
* date-times are written as ISO 8601 in UTC with a ``Z`` (``2024-05-01T09:30:00Z``), unless the value
  was parsed from text, in which case that exact text is written back (see :class:`ParsedDateTime`);
* numbers typed ``Float`` by the spec (credits, coordinates) are written as a JSON integer when they are
  whole and as the shortest float otherwise (see :func:`json_number`).

Unknown properties (extensions) are kept on parse and written back unchanged.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self, cast

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

__all__ = [
    "DateTimeZ",
    "JsonNumber",
    "OBModel",
    "ParsedDateTime",
    "TypeList",
    "extensible_enum",
    "format_datetime",
    "json_number",
    "parse_datetime",
]

_DATETIME_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[Tt](?P<time>\d{2}:\d{2}(?::\d{2}(?P<frac>\.\d+)?)?)"
    r"(?P<tz>[Zz]|[+-]\d{2}:\d{2})$"
)


class ParsedDateTime(datetime):
    """An aware ``datetime`` that remembers the exact text it was parsed from.

    A credential that is parsed and written back keeps its date-times byte for byte, so a signed
    credential from another issuer (``2022-11-10T07:38:00-08:00``) still verifies after a round trip
    through the models. Arithmetic and comparisons behave as for any aware ``datetime``; derived values
    (``dt + delta``, ``dt.astimezone()``) are plain ``datetime`` objects and are written in UTC.
    """

    __slots__ = ("text",)
    text: str

    @classmethod
    def from_text(cls, text: str) -> ParsedDateTime:
        """Parse an RFC 3339 date-time with a time zone (``Z`` or ``±hh:mm``); remember ``text``."""
        match = _DATETIME_RE.match(text)
        if match is None:
            raise ValueError(f"not an ISO 8601 date-time with a time zone: {text!r}")
        frac = match.group("frac") or ""
        # datetime.fromisoformat handles at most microseconds; keep the full text for output.
        normalized = text
        if len(frac) > 7:
            normalized = text.replace(frac, frac[:7], 1)
        parsed = datetime.fromisoformat(normalized.replace("z", "Z").replace("t", "T"))
        obj = cls(
            parsed.year,
            parsed.month,
            parsed.day,
            parsed.hour,
            parsed.minute,
            parsed.second,
            parsed.microsecond,
            tzinfo=parsed.tzinfo,
        )
        obj.text = text
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (ParsedDateTime.from_text, (self.text,))

    def __deepcopy__(self, memo: dict[int, Any]) -> ParsedDateTime:
        return self

    def __copy__(self) -> ParsedDateTime:
        return self


def parse_datetime(value: object) -> datetime:
    """Validate a date-time value: an aware ``datetime`` or an RFC 3339 string with a time zone.

    Naive datetimes are refused: OB 3.0 ``DateTimeZ`` and OB 2.0 ``DateTime`` both require a zone.
    """
    if isinstance(value, ParsedDateTime):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("date-time must be timezone-aware (use datetime.now(UTC) or tzinfo=UTC)")
        return value
    if isinstance(value, str):
        return ParsedDateTime.from_text(value)
    raise ValueError(f"expected a date-time string or datetime, got {type(value).__name__}")


def format_datetime(value: datetime) -> str:
    """Write a date-time: the original text if it was parsed, else ISO 8601 UTC with ``Z``.

    Whole seconds are written without a fraction (``2024-05-01T09:30:00Z``); otherwise microseconds
    are written with trailing zeros removed (``2024-05-01T09:30:00.25Z``).
    """
    text = getattr(value, "text", None)
    if isinstance(value, ParsedDateTime) and isinstance(text, str):
        return text
    utc = value.astimezone(UTC)
    out = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    if utc.microsecond:
        out += f".{utc.microsecond:06d}".rstrip("0")
    return out + "Z"


DateTimeZ = Annotated[
    datetime,
    PlainValidator(parse_datetime, json_schema_input_type=str),
    PlainSerializer(format_datetime, return_type=str),
]
"""An aware date-time written as ISO 8601 (UTC ``Z`` for values made in Python)."""


def _parse_date(value: object) -> date:
    if isinstance(value, datetime):
        raise ValueError("expected a date, not a date-time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"expected a date string, got {type(value).__name__}")


DateOnly = Annotated[
    date,
    PlainValidator(_parse_date, json_schema_input_type=str),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
]


def json_number(value: float | int | Decimal) -> int | float:
    """The JSON form of a spec ``Float``: an ``int`` when the value is whole, else a ``float``.

    Why: JavaScript cannot tell ``3.0`` from ``3``, and JSON-LD processors of different ages turn a
    Python ``3.0`` into ``"3.0E0"`` or ``"3"``. Writing whole numbers as integers gives the same
    canonical N-Quads everywhere (for ``creditsAvailable``, typed ``xsd:float`` by the OB context, both
    become ``"3"^^xsd:float``), so signatures made here verify elsewhere and vice versa.
    """
    number = float(value)
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _validate_number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"expected a JSON number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("number must be finite")
    return number


JsonNumber = Annotated[
    float,
    PlainValidator(_validate_number, json_schema_input_type=float),
    PlainSerializer(json_number, return_type=int | float),
]
"""A spec ``Float`` (``creditsAvailable``, ``creditsEarned``, coordinates); see :func:`json_number`."""


def _as_list(value: object) -> object:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return list(value)
    return value


TypeList = Annotated[list[str], BeforeValidator(_as_list)]
"""A ``type`` property the OB 3.0 schema requires as an array; a single string is accepted on parse."""


def as_list(value: object) -> object:
    """``BeforeValidator`` helper: wrap a single object in a list (JSON-LD compaction of 1-element sets)."""
    if isinstance(value, Mapping | str):
        return [value]
    return value


def extensible_enum(name: str, values: Iterable[str]) -> Callable[[str], str]:
    """A validator for the spec's extensible enumerations: a listed value or ``ext:<term>``.

    The pattern is the schema's ``(ext:)[a-z|A-Z|0-9|.|-|_]+``, anchored here (the schema's is not).
    """
    allowed = frozenset(values)
    pattern = re.compile(r"^ext:[A-Za-z0-9.\-_|]+$")

    def check(value: str) -> str:
        value = str(value)
        if value in allowed or pattern.match(value):
            return value
        raise ValueError(f"{value!r} is not a known {name} and does not start with 'ext:'")

    return check


def closed_enum(name: str, values: Iterable[str]) -> Callable[[str], str]:
    """A validator for a closed enumeration (no ``ext:`` escape)."""
    allowed = frozenset(values)

    def check(value: str) -> str:
        value = str(value)
        if value in allowed:
            return value
        raise ValueError(f"{value!r} is not a valid {name}; expected one of {sorted(allowed)}")

    return check


def _without_model_serializer(schema: CoreSchema) -> CoreSchema:
    """A copy of a model's core schema without its wrap serializer (looked for through validators)."""
    if schema.get("type") == "model":
        return cast(CoreSchema, {k: v for k, v in schema.items() if k != "serialization"})
    inner = schema.get("schema")
    if isinstance(inner, dict):
        return cast(CoreSchema, {**schema, "schema": _without_model_serializer(cast(CoreSchema, inner))})
    return schema


@functools.cache
def _declared_keys(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset((f.serialization_alias or f.alias or name) for name, f in cls.model_fields.items())


_LEADING_KEYS = ("@context", "id", "type")
_PLACED_KEYS = frozenset((*_LEADING_KEYS, "proof"))


class OBModel(BaseModel):
    """Base of every Open Badges / CLR model.

    * Python attributes are snake_case; JSON keys are the spec's camelCase (``achievement_type`` ↔
      ``achievementType``); both are accepted on input.
    * Unknown properties are kept (``model_extra``) and written back: the spec allows extensions.
    * ``REQUIRED_TYPES`` lists groups of ``type`` values; each group must have one member present
      (``(("VerifiableCredential",), ("AchievementCredential", "OpenBadgeCredential"))``).
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        validate_assignment=True,
    )

    REQUIRED_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = ()
    #: JSON keys written even when their list is empty (e.g. an empty OB 2.0 RevocationList).
    KEEP_EMPTY: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _check_required_types(self) -> Self:
        if not self.REQUIRED_TYPES:
            return self
        value = getattr(self, "type", None)
        present = {value} if isinstance(value, str) else set(value or ())
        for group in self.REQUIRED_TYPES:
            if present.isdisjoint(group):
                wanted = " or ".join(repr(g) for g in group)
                raise ValueError(f"type must include {wanted}; got {sorted(present)}")
        return self

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """JSON Schema of the written form: the fields' schema (the wrap serializer below only drops
        null/empty values and orders keys, which would otherwise make the output schema ``{}``)."""
        if handler.mode == "serialization":
            core_schema = _without_model_serializer(core_schema)
        return handler(core_schema)

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if not isinstance(data, dict):
            return data
        declared = _declared_keys(type(self))
        cleaned = {
            key: value
            for key, value in data.items()
            if not (
                key in declared
                and (value is None or (isinstance(value, list) and not value and key not in self.KEEP_EMPTY))
            )
        }
        return self._order_keys(cleaned)

    @staticmethod
    def _order_keys(data: dict[str, Any]) -> dict[str, Any]:
        """``@context``, ``id``, ``type`` first and ``proof`` last; everything else keeps field order."""
        ordered: dict[str, Any] = {key: data[key] for key in _LEADING_KEYS if key in data}
        ordered.update((key, value) for key, value in data.items() if key not in _PLACED_KEYS)
        if "proof" in data:
            ordered["proof"] = data["proof"]
        return ordered

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dictionary (spec key names, ``None``/empty omitted, ``@context`` first)."""
        data = self.model_dump(mode="json")
        assert isinstance(data, dict)
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The document as JSON text (UTF-8 safe: non-ASCII characters are written as is)."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse a JSON object (e.g. from ``json.loads``) into the model; raises ``ValidationError``."""
        return cls.model_validate(dict(data))
