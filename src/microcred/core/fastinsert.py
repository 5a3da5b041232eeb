"""Insert many rows fast: PostgreSQL's ``COPY`` (binary), elsewhere one ``INSERT`` run with ``executemany``.

``QuerySet.bulk_create`` builds a model instance per row and compiles every value as an SQL expression:
for the 500,000 results of a large import that is most of the time spent writing them. Here rows are plain
mappings of attribute names to values; each value is prepared by its field exactly as ``bulk_create``
would (``get_db_prep_save``: UUIDs, dates, decimals and JSON for the database at hand), except the types
that need no preparation. Missing values take the field's default. No signals are sent and no ids are
returned: callers that need ids read them back by a unique key (e.g. a uuid they chose).

On PostgreSQL a large insert (``ANALYZE_AFTER`` rows or more) is followed by ``ANALYZE`` of the table, in the
same transaction: the planner's statistics otherwise still describe the table as it was before the import
until autovacuum gets to it, and the queries that follow in the same import (the learners' awards and
results, read by learner) are planned for a table a fraction of its size: one chose to walk every current
award through the wrong index and took over a second per chunk of learners. It samples 3,000 rows
(``ANALYZE_TARGET``), not the default 30,000: enough for the table's size, a tenth of the time.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from django.db import connections, models, router
from psycopg.types.json import Jsonb

#: Field types whose Python values the database drivers take as they are.
_AS_IS = frozenset(
    {
        "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "EmailField",
        "ForeignKey", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
        "SmallIntegerField", "TextField", "URLField",
    }
)  # fmt: skip
#: PostgreSQL: inserts of at least this many rows refresh the table's planner statistics.
ANALYZE_AFTER = 10_000
#: ... with this statistics target (a sample of 300 x target rows; PostgreSQL's default is 100).
ANALYZE_TARGET = 10
#: On PostgreSQL, the field types psycopg cannot take as Python values (JSON, file names).
_PG_PREPARED = frozenset({"JSONField", "FileField", "ImageField"})


def _json_bytes(value: Any) -> bytes:
    """JSON text of ``value`` by orjson: a signed credential is several kilobytes of JSON, which the
    standard library's encoder wrote in 22 µs and orjson writes in under 2."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def _prepare_json(vendor: str) -> Callable[[Any], Any]:
    if vendor == "postgresql":
        return lambda value: Jsonb(value, dumps=_json_bytes)
    return lambda value: _json_bytes(value).decode()


_UUID4_BITS = (0x8000 << 48) | (4 << 76)  # RFC 4122 variant and version 4
_UUID4_MASK = ~((0xC000 << 48) | (0xF000 << 64))


def _uuid4_source(most: int = 1024) -> Callable[[], uuid.UUID]:
    """``uuid.uuid4``, with the randomness read from the OS for many ids at a time (16, then twice as many
    each time, up to ``most``; the same source): a call per row cost a system call each, a third of the
    time of making the id."""
    buffer = b""
    offset = 0
    batch = 16

    def make() -> uuid.UUID:
        nonlocal buffer, offset, batch
        if offset >= len(buffer):
            buffer, offset = os.urandom(16 * batch), 0
            batch = min(batch * 2, most)
        value = int.from_bytes(buffer[offset : offset + 16], "big")
        offset += 16
        return uuid.UUID(int=(value & _UUID4_MASK) | _UUID4_BITS)

    return make


def _column_plan(
    model: type[models.Model],
) -> list[tuple[models.Field[Any, Any], Callable[[], Any] | None, Any]]:
    plan: list[tuple[models.Field[Any, Any], Callable[[], Any] | None, Any]] = []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.get_internal_type() in ("AutoField", "BigAutoField"):
            continue
        if field.has_default() and callable(field.default):
            make = _uuid4_source() if field.default is uuid.uuid4 else field.default
            plan.append((field, make, None))
        else:
            plan.append((field, None, field.get_default()))
    return plan


def _preparer(
    field: models.Field[Any, Any], conn: Any, as_json: Callable[[Any], Any]
) -> Callable[[Any], Any]:
    """How one column's values are prepared: JSON without a custom encoder by orjson, the rest as
    ``bulk_create`` would (``get_db_prep_save``)."""
    if isinstance(field, models.JSONField) and field.encoder is None:
        return as_json
    return lambda value: field.get_db_prep_save(value, conn)


_INTEGER = frozenset({int, bool})
_AWARE = frozenset({datetime})
#: PostgreSQL: the Python types binary ``COPY`` takes for each field type, as they are.
_EXPECTED: dict[str, frozenset[type]] = {
    "AutoField": _INTEGER, "BigAutoField": _INTEGER, "BigIntegerField": _INTEGER, "IntegerField": _INTEGER,
    "ForeignKey": _INTEGER, "OneToOneField": _INTEGER, "PositiveIntegerField": _INTEGER,
    "PositiveSmallIntegerField": _INTEGER, "SmallIntegerField": _INTEGER, "BooleanField": frozenset({bool}),
    "CharField": frozenset({str}), "EmailField": frozenset({str}), "SlugField": frozenset({str}),
    "TextField": frozenset({str}), "URLField": frozenset({str}), "UUIDField": frozenset({uuid.UUID}),
    "DateField": frozenset({date}), "DateTimeField": _AWARE, "DecimalField": frozenset({Decimal, int}),
}  # fmt: skip


def _coercer(field: models.Field[Any, Any], conn: Any) -> Callable[[Any], Any]:
    """A value of another type, converted as ``bulk_create`` would (e.g. a uuid's text to a UUID, a naive
    date-time made aware with Django's warning); a value it cannot convert raises ``ValidationError``."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field

    def coerce(value: Any) -> Any:
        if isinstance(value, str) and isinstance(target, (models.CharField, models.TextField)):
            return value  # a str subclass (a choices member): the text it is
        return field.get_db_prep_save(target.to_python(value), conn)

    return coerce


def _column_types(cursor: Any, table: str, columns: list[str]) -> list[int]:
    """The type (oid) of each of these columns of ``table``, as PostgreSQL has them: ``COPY`` in binary
    format needs them, and saves the server parsing every value from text (a tenth of the time of a
    result row, a fifth of a signed credential's)."""
    cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
        [table],
    )
    types = dict(cursor.fetchall())
    return [types[column] for column in columns]


def insert_rows(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (attribute name → value; e.g. ``learner_id``) into ``model``'s table; returns how many.

    Runs inside the caller's transaction; a constraint violation raises as ``bulk_create`` would. On
    PostgreSQL the rows are read while the ``COPY`` runs: a generator of rows must not query the database
    itself, and a value that cannot be converted aborts the ``COPY`` (roll back, as after any error).
    """
    conn = connections[router.db_for_write(model)]  # the real wrapper, not the thread-local proxy
    plan = _column_plan(model)
    kinds = [field.get_internal_type() for field, _, _ in plan]
    postgresql = conn.vendor == "postgresql"
    if postgresql:  # psycopg adapts UUIDs, dates, decimals... itself: JSON, files and types without an
        # entry in _EXPECTED are prepared by their fields
        prepare = [kind in _PG_PREPARED or kind not in _EXPECTED for kind in kinds]
    else:
        prepare = [kind not in _AS_IS for kind in kinds]
    columns_in = [(field.attname, make_default, default) for field, make_default, default in plan]
    as_json = _prepare_json(conn.vendor)
    prepared = [
        (i, _preparer(field, conn, as_json), isinstance(field, models.FileField))
        for i, ((field, _, _), needs_prep) in enumerate(zip(plan, prepare, strict=True))
        if needs_prep
    ]
    # PostgreSQL's binary COPY takes each value as its column's Python type only (a UUID, not its text):
    # any other value (a uuid or a date as text, a float for a decimal...) is converted by its field, as
    # ``bulk_create`` would. A type check per value; the conversion runs only for the odd one.
    coerced = [
        (i, _EXPECTED[kind], _coercer(field, conn))
        for i, ((field, _, _), kind) in enumerate(zip(plan, kinds, strict=True))
        if postgresql and kind in _EXPECTED
    ]

    def prepared_rows() -> Iterator[list[Any]]:
        for row in rows:
            out = [
                row[name] if name in row else (make_default() if make_default else default)
                for name, make_default, default in columns_in
            ]
            for i, prepare_value, is_file in prepared:
                value = out[i]
                if value is not None and not (is_file and type(value) is str):  # a file's name, as is
                    out[i] = prepare_value(value)
            for i, expected, coerce in coerced:
                value = out[i]
                if value is not None and (
                    type(value) not in expected or (expected is _AWARE and value.tzinfo is None)
                ):
                    out[i] = coerce(value)
            yield out

    quote = conn.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field, _, _ in plan if field.column)
    if not postgresql:
        values = list(prepared_rows())
        if values:
            marks = ", ".join(["%s"] * len(plan))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
            with conn.cursor() as cursor:
                cursor.executemany(sql, values)
        return len(values)
    # PostgreSQL: each row is prepared as the COPY runs, so that the server writes the rows (and their
    # index entries) already sent while this process prepares the next ones, on the other core.
    pending = prepared_rows()
    first = next(pending, None)
    if first is None:
        return 0
    count = 0
    with conn.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3; its errors become Django's (IntegrityError...) as usual
        types = _column_types(raw, model._meta.db_table, [f.column for f, _, _ in plan if f.column])
        with (
            conn.wrap_database_errors,
            raw.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types(types)
            copy.write_row(first)
            count = 1
            for value_row in pending:
                copy.write_row(value_row)
                count += 1
        if count >= ANALYZE_AFTER:
            # A small sample: the planner mostly needs the table's new size, and a full one (30,000 rows)
            # took 0.2 s per call at 100,000 results, 10x this. Autovacuum's own ANALYZE after the commit
            # writes the full statistics.
            cursor.execute("SELECT current_setting('default_statistics_target')")
            (previous,) = cursor.fetchone()
            cursor.execute("SELECT set_config('default_statistics_target', %s, true)", [str(ANALYZE_TARGET)])
            cursor.execute(f"ANALYZE {table}")
            cursor.execute("SELECT set_config('default_statistics_target', %s, true)", [previous])
    return count
