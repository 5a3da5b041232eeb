"""Reading uploaded CSV files with row numbers people can find in their spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from microcred.core.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from _csv import Reader as _CsvReader

MAX_CSV_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line number in the file, counting the header as line 1
    values: dict[str, str]


def read_csv(
    data: bytes, *, required: Sequence[str], optional: Sequence[str] = (), max_bytes: int = MAX_CSV_BYTES
) -> list[CsvRow]:
    """Decode and parse a CSV upload, checking its header; raise ``InvalidInput`` naming what is wrong."""
    if len(data) > max_bytes:
        raise InvalidInput(f"the file is larger than {max_bytes // (1024 * 1024)} MB", "file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the file is not UTF-8 text (byte {exc.start} cannot be read)", "file") from exc
    # strict: a stray quote is an error, not a field that silently swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput("the file is empty; the first line must name the columns", "file") from None
    except csv.Error as exc:
        raise InvalidInput(f"line 1: {exc}", "file") from exc
    columns = [name.strip().lower() for name in header]
    problems = [
        Problem("line 1", f"the column {name!r} is missing (required: {', '.join(required)})")
        for name in required
        if name not in columns
    ]
    known = set(required) | set(optional)
    problems += [
        Problem("line 1", f"unknown column {name!r} (known: {', '.join(sorted(known))})")
        for name in columns
        if name and name not in known
    ]
    if len(set(columns)) != len(columns):
        problems.append(Problem("line 1", "a column name appears twice"))
    if problems:
        raise InvalidInput(problems)
    rows: list[CsvRow] = []
    for values in _rows(reader):
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            problems.append(
                Problem(f"line {line}", f"{len(values)} values where the header has {len(columns)}")
            )
            continue
        rows.append(CsvRow(line, {name: value.strip() for name, value in zip(columns, values, strict=True)}))
    if problems:
        raise InvalidInput(problems)
    if not rows:
        raise InvalidInput("the file has a header but no rows", "file")
    return rows


def _rows(reader: _CsvReader) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise InvalidInput(f"line {reader.line_num}: {exc}", "file") from exc
