"""Parquet output (the optional ``parquet`` extra, via pyarrow), nested fields kept.

One fixed schema for every batch, derived from the record classes' annotations by the
conventions of ``model.plain`` (enums, dates and decimals as text, ages and lines as
structs, tuples as lists, records as structs of the fields ``to_dict`` writes), so that a
batch where some field is always empty still writes the same columns, and a field added to
a record is a column at once. Page spellings (``raw``), unmodelled API fields (``extras``)
and unknown sections, whose keys vary from page to page, are stored as JSON text columns
(and left out of nested records).
"""

from __future__ import annotations

import enum
import json
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from ctgov_parse.model import Age, Line, PartialDate, Trial

_AS_JSON = ("raw", "extras", "extra_sections")
# Written by to_dict only when set, so after the fields that are always there.
_ONLY_IF_SET = ("raw", "extras")


def _arms(hint: Any) -> list[Any]:
    """The types a field's annotation allows, None left out."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return [arm for arm in typing.get_args(hint) if arm is not type(None)]
    return [hint]


def _arrow_type(hint: Any) -> Any:
    """The Arrow type of a value annotated ``hint``, as ``to_dict`` writes it."""
    import pyarrow as pa

    arms = _arms(hint)
    if all(isinstance(arm, type) and issubclass(arm, enum.Enum) for arm in arms):
        return pa.string()  # a token (of one enum or another)
    if len(arms) != 1:
        raise TypeError(f"no Arrow type for {hint!r}")
    kind = arms[0]
    if typing.get_origin(kind) is tuple:
        return pa.list_(_arrow_type(typing.get_args(kind)[0]))
    simple = {str: pa.string(), int: pa.int64(), bool: pa.bool_(), float: pa.float64()}
    if kind in simple:
        return simple[kind]
    if kind in (PartialDate, Decimal):
        return pa.string()
    if kind is Age:
        return pa.struct([("value", pa.int64()), ("unit", pa.string())])
    if kind is Line:
        return pa.struct(
            [("line", pa.int64()), ("text", pa.string()), ("section", pa.string()),
             ("page", pa.string())]
        )  # fmt: skip
    if attrs.has(kind):
        return pa.struct(_record_fields(kind, nested=True))
    raise TypeError(f"no Arrow type for {hint!r}")


def _record_fields(kind: type, *, nested: bool) -> list[Any]:
    """A record's fields as ``to_dict`` writes them (its line number left out, its derived
    values after its fields), each with its Arrow type; the page spellings and unmodelled
    fields left out of a nested record."""
    import pyarrow as pa

    hints = typing.get_type_hints(kind)
    names = [field.name for field in attrs.fields(kind) if field.name != "line"]
    if getattr(kind, "__plain_keeps_line__", False):
        names = [field.name for field in attrs.fields(kind)]
    names = [name for name in names if name not in _ONLY_IF_SET]
    if not nested:
        names = [name for name in names if name not in _AS_JSON]
    fields = [pa.field(name, _arrow_type(hints[name])) for name in names]
    for name in getattr(kind, "__plain_derived__", ()):
        derived = typing.get_type_hints(getattr(kind, name).fget)["return"]
        fields.append(pa.field(name, _arrow_type(derived)))
    return fields


def _strip_raw(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _strip_raw(item) for key, item in value.items() if key != "raw"}
    if isinstance(value, list):
        return [_strip_raw(item) for item in value]
    return value


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """A record in the Parquet schema's shape (variable-key maps as JSON text)."""
    out = {key: _strip_raw(value) for key, value in record.items() if key not in _AS_JSON}
    for key in _AS_JSON:
        out[key] = json.dumps(record.get(key) or {}, ensure_ascii=False)
    return out


_SCHEMA: Any = None


def schema() -> Any:
    """The Arrow schema of a page's row: its source, the Trial's fields, the JSON columns."""
    global _SCHEMA
    if _SCHEMA is None:
        import pyarrow as pa

        from ctgov_parse.batch import PageSource

        hints = typing.get_type_hints(PageSource)  # all of its fields: its own to_dict
        source = pa.struct([(f.name, _arrow_type(hints[f.name])) for f in attrs.fields(PageSource)])
        trial = _record_fields(Trial, nested=False)
        json_text = [pa.field(name, pa.string()) for name in _AS_JSON]
        _SCHEMA = pa.schema([pa.field("source", source), *trial, *json_text])
    return _SCHEMA


def write_batch(path: str, rows: list[dict[str, Any]], writer: Any) -> Any:
    """Append ``rows`` (records with their source) to the Parquet file; returns the writer."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([_flat(row) for row in rows], schema=schema())
    if writer is None:
        writer = pq.ParquetWriter(path, schema())
    writer.write_table(table)
    return writer


def write_empty(path: str) -> None:
    """A Parquet file with the schema and no rows (a run in which no page parsed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([], schema=schema()), path)
