"""``field__in_array=values``: membership in many values sent as *one* query parameter.

``field__in=values`` writes one placeholder per value; with thousands of ids per query (the bulk paths read
and lock learners, results and awards in chunks) building and parsing those placeholders costs more than
the query itself, in Django and in psycopg's client-side binding alike. This lookup sends the values as one
array: ``= ANY(%s)`` on PostgreSQL, ``IN (SELECT value FROM json_each(%s))`` on SQLite (which also lifts
SQLite's limit on the number of variables). Values are prepared by the field as ``__in`` would prepare
them (UUIDs, dates, foreign keys). Import this module where the lookup is used: importing registers it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObject, Lookup
from django.db.models.sql.compiler import SQLCompiler


class InArray(Lookup[Any]):
    lookup_name = "in_array"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        if isinstance(self.rhs, (str, bytes)) or not isinstance(self.rhs, Iterable):
            raise TypeError(f"{self.lookup_name} takes a list of values, not {self.rhs!r}")
        return list(self.rhs)

    def as_sql(  # type: ignore[override]  # the parameters are a list here (an array among them)
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection, prepared=False) for value in self.rhs]
        if connection.vendor == "postgresql":
            # Cast to the column's own type: psycopg picks the narrowest type that holds the values (small
            # ids become smallint[]), and comparing bigint with smallint keeps PostgreSQL from hashing the
            # array: every row would then be compared with every value, one by one.
            db_type = field.db_type(connection)
            cast = f"::{db_type}[]" if db_type else ""
            return f"{lhs} = ANY(%s{cast})", [*lhs_params, values]
        if connection.vendor == "sqlite":
            sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - a column, one placeholder
            return sql, [*lhs_params, json.dumps(values)]
        if not values:
            return "1 = 0", list(lhs_params)
        marks = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({marks})", [*lhs_params, *values]


Field.register_lookup(InArray)
ForeignObject.register_lookup(InArray)  # related fields see only lookups registered from ForeignObject down
