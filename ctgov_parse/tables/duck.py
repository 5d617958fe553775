"""DuckDB: the embedded default. A real database file, no server; rows arrive as Arrow.

Child tables have no primary-key index here: DuckDB checks a key on every insert, which
costs more than the load itself, and the ids are unique by construction. The one-row-per-
study tables keep theirs (``ON CONFLICT`` needs it).
"""

from __future__ import annotations

from typing import Any

from ctgov_parse.tables.arrow import arrow_table, require
from ctgov_parse.tables.schema import Table
from ctgov_parse.tables.sql import SQLStore, create_statements, temporary_statements

__all__ = ["DuckDBStore"]


class DuckDBStore(SQLStore):
    """Load into the DuckDB database at ``path`` (created with the schema if new)."""

    def __init__(self, path: str) -> None:
        duckdb = require("duckdb")
        self.connection: Any = duckdb.connect(path)
        for statement in create_statements(lambda kind: kind.duckdb, indexes=False, keys=False):
            self.connection.execute(statement)
        for statement in temporary_statements(lambda kind: kind.duckdb):
            self.connection.execute(statement)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        self.connection.execute(sql, params)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()  # type: ignore[no-any-return]

    def _insert_arrow(self, target: str, data: Any) -> None:
        self.connection.register("_arrow_rows", data)
        try:
            self.connection.execute(f"INSERT INTO {target} SELECT * FROM _arrow_rows")
        finally:
            self.connection.unregister("_arrow_rows")

    def stage_keys(self, nct_ids: list[str]) -> None:
        pa = require("pyarrow")
        self.connection.execute("DELETE FROM _load_keys")
        self._insert_arrow("_load_keys", pa.table({"nct_id": pa.array(nct_ids, pa.string())}))

    def write(self, target: str, table: Table, rows: list[tuple[Any, ...]]) -> None:
        self._insert_arrow(target, arrow_table(table, rows))

    def begin(self) -> None:
        self.connection.begin()

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def close(self) -> None:
        self.connection.close()
