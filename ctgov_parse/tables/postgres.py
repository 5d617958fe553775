"""PostgreSQL through psycopg 3: rows go in with ``COPY ... FROM STDIN``, the fastest path
PostgreSQL has, and the one that never turns a value into SQL text."""

from __future__ import annotations

from typing import Any

from ctgov_parse.tables.arrow import require
from ctgov_parse.tables.rows import all_columns
from ctgov_parse.tables.schema import Table
from ctgov_parse.tables.sql import SQLStore, create_statements, temporary_statements

__all__ = ["PostgresStore"]


class PostgresStore(SQLStore):
    """Load into the PostgreSQL database at ``url`` (``postgresql://...``); the tables are
    created in the connection's current schema if missing."""

    mark = "%s"

    def __init__(self, url: str) -> None:
        psycopg = require("psycopg")
        self.connection: Any = psycopg.connect(url, autocommit=True)
        for statement in create_statements(lambda kind: kind.postgres, indexes=True):
            self.connection.execute(statement)
        self.add_missing_columns(lambda kind: kind.postgres)
        for statement in temporary_statements(lambda kind: kind.postgres):
            self.connection.execute(statement)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        self.connection.execute(sql, params or None)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params or None).fetchall()  # type: ignore[no-any-return]

    def _copy(self, target: str, names: list[str], rows: Any) -> None:
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {target} ({', '.join(names)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def stage_keys(self, nct_ids: list[str]) -> None:
        self.connection.execute("DELETE FROM _load_keys")
        self._copy("_load_keys", ["nct_id"], ((nct_id,) for nct_id in nct_ids))

    def write(self, target: str, table: Table, rows: list[tuple[Any, ...]]) -> None:
        self._copy(target, [c.name for c in all_columns(table)], rows)

    def close(self) -> None:
        self.connection.close()
