"""SQLite (the standard library's ``sqlite3``): one file, bound parameters.

SQLite has type affinities rather than types: DATE columns hold ISO text, BOOLEAN columns
0 and 1 (as in every SQLite database).
"""

from __future__ import annotations

import datetime
import sqlite3
from typing import Any

from ctgov_parse.tables.rows import all_columns
from ctgov_parse.tables.schema import ColumnType, Table
from ctgov_parse.tables.sql import SQLStore, create_statements, temporary_statements

__all__ = ["SQLiteStore"]


def _date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


class SQLiteStore(SQLStore):
    """Load into the SQLite database at ``path`` (created with the schema if new)."""

    def __init__(self, path: str) -> None:
        # Autocommit mode: ``begin`` and ``commit`` are ours, so a batch is one transaction.
        self.connection = sqlite3.connect(path, isolation_level=None)
        # A batch is written a part at a time in one transaction: a page cache that holds a
        # whole batch keeps it from spilling to the file before the commit, which would take
        # the file's exclusive lock and shut readers out until then.
        self.connection.execute("PRAGMA cache_size = -131072")  # KiB: 128 MB at most
        for statement in create_statements(lambda kind: kind.sqlite, indexes=True):
            self.connection.execute(statement)
        self.add_missing_columns(lambda kind: kind.sqlite)
        for statement in temporary_statements(lambda kind: kind.sqlite):
            self.connection.execute(statement)
        self._dates: dict[str, list[int]] = {}

    def existing_columns(self, table: str) -> list[str]:
        return [row[1] for row in self.query(f"PRAGMA table_info({table})")]

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        self.connection.execute(sql, params)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def stage_keys(self, nct_ids: list[str]) -> None:
        self.connection.execute("DELETE FROM _load_keys")
        self.connection.executemany(
            "INSERT INTO _load_keys VALUES (?)", [(nct_id,) for nct_id in nct_ids]
        )

    def _date_positions(self, table: Table) -> list[int]:
        found = self._dates.get(table.name)
        if found is None:
            columns = all_columns(table)
            found = [i for i, c in enumerate(columns) if c.type is ColumnType.DATE]
            self._dates[table.name] = found
        return found

    def write(self, target: str, table: Table, rows: list[tuple[Any, ...]]) -> None:
        dates = self._date_positions(table)
        if dates:
            rows = [tuple(_date(v) if i in dates else v for i, v in enumerate(row)) for row in rows]
        marks = ", ".join("?" * len(all_columns(table)))
        self.connection.executemany(f"INSERT INTO {target} VALUES ({marks})", rows)

    def close(self) -> None:
        self.connection.close()
