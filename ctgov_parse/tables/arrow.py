"""The tables as Arrow tables (``to_tables``) and DataFrames (``to_frames``), in memory.

Arrow is the interchange: the DuckDB loader and the Parquet writer take the same Arrow
batches, so every target gets the same values with the same types.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from ctgov_parse.batch import Failure, Parsed
from ctgov_parse.model import Trial
from ctgov_parse.tables.load import MemoryStore, load
from ctgov_parse.tables.rows import TABLES, all_columns
from ctgov_parse.tables.schema import Table

__all__ = ["arrow_schema", "arrow_table", "require", "to_frames", "to_tables"]

_EXTRAS = {
    "pyarrow": "parquet",
    "duckdb": "duckdb",
    "psycopg": "postgres",
    "pandas": "pandas",
    "polars": "polars",
    "dask": "dask",
    "distributed": "dask",
    "fsspec": "dask",
}


def require(module: str) -> Any:
    """Import an optional dependency, or fail with one line naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        extra = _EXTRAS.get(module.split(".")[0], module)
        raise ImportError(
            f"{module} is needed for this: pip install 'ctgov_parse[{extra}]'"
        ) from None


def arrow_schema(table: Table) -> Any:
    pa = require("pyarrow")
    return pa.schema(
        [pa.field(c.name, c.type.arrow(), nullable=c.nullable) for c in all_columns(table)]
    )


def arrow_table(table: Table, rows: list[tuple[Any, ...]]) -> Any:
    """Rows (tuples in column order) as an Arrow table of the declared schema."""
    pa = require("pyarrow")
    schema = arrow_schema(table)
    if not rows:
        return schema.empty_table()
    columns = list(zip(*rows, strict=True))
    arrays = [
        pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def to_tables(records: Iterable[Trial | Parsed | Failure]) -> dict[str, Any]:
    """Every table, as ``pyarrow.Table`` by name (empty tables included).

    Records are Trials or the outcomes of ``iter_parse`` (failures are skipped, a page with
    no NCT number too: there is nothing to key it by). The two pages of one study make one
    study, and of several copies of one page the newest is kept, as in a database load.
    """
    store = MemoryStore()
    load(store, records)
    return {table.name: arrow_table(table, store.rows(table)) for table in TABLES}


def to_frames(
    records: Iterable[Trial | Parsed | Failure],
    *,
    library: Literal["pandas", "polars"] = "pandas",
) -> dict[str, Any]:
    """Every table as a pandas or polars DataFrame, by name."""
    if library not in ("pandas", "polars"):
        raise ValueError(f"library must be 'pandas' or 'polars', not {library!r}")
    require(library)
    tables = to_tables(records)
    if library == "polars":
        polars = require("polars")
        return {name: polars.from_arrow(table) for name, table in tables.items()}
    return {name: table.to_pandas() for name, table in tables.items()}
