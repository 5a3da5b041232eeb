"""Column settings only PostgreSQL has, applied from migrations (other databases: nothing to do)."""

from __future__ import annotations

from typing import Any


def compress_with_lz4(schema_editor: Any, table: str, column: str) -> None:
    """Compress ``table.column``'s large values with lz4 instead of pglz (faster to write and read) where
    the server supports it; a server built without lz4 keeps pglz."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DO $$ BEGIN "
        f"EXECUTE 'ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION lz4'; "
        "EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; "
        "END $$"
    )
