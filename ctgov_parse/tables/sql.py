"""What the SQL engines share: the DDL and the statements of a load, from the schema.

Every statement is built from the declared table and column names only (identifiers we
wrote); values always travel as bound parameters, Arrow data or ``COPY`` rows, never as
SQL text. An engine supplies how to run a statement, stage the keys of a batch in the
temporary table ``_load_keys`` and bulk-write rows.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from ctgov_parse.model import PageKind
from ctgov_parse.tables.calculated import MONTHS_TO_REPORT_SQL
from ctgov_parse.tables.history import StoredVersion
from ctgov_parse.tables.load import Store
from ctgov_parse.tables.problems import EXIT_NOT_A_DATABASE, TargetError
from ctgov_parse.tables.rows import TABLES, all_columns, upsert_assignments
from ctgov_parse.tables.schema import ColumnType, Table

__all__ = ["SQLStore", "create_statements", "temporary_statements"]


def create_statements(
    spell: Callable[[ColumnType], str], *, indexes: bool, keys: bool = True
) -> list[str]:
    """``CREATE TABLE IF NOT EXISTS`` for every table (and an index on ``nct_id`` for the
    child tables where ``indexes``), in one engine's type spellings."""
    statements = []
    for table in TABLES:
        columns = [
            f"{c.name} {spell(c.type)}{'' if c.nullable else ' NOT NULL'}"
            for c in all_columns(table)
        ]
        if table.one_per_study:
            columns.append("PRIMARY KEY (nct_id)")
        elif keys:
            columns.append("PRIMARY KEY (id)")
        statements.append(f"CREATE TABLE IF NOT EXISTS {table.name} ({', '.join(columns)})")
        if indexes and not table.one_per_study:
            statements.append(
                f"CREATE INDEX IF NOT EXISTS {table.name}_nct_id ON {table.name} (nct_id)"
            )
    return statements


def temporary_statements(spell: Callable[[ColumnType], str]) -> list[str]:
    """The session's temporary tables: ``_load_keys`` and a staging table for each
    one-row-per-study table. Made once per connection, outside any transaction (a rolled-back
    transaction would take a temporary table made inside it along)."""
    statements = [f"CREATE TEMP TABLE IF NOT EXISTS _load_keys (nct_id {spell(ColumnType.TEXT)})"]
    for table in TABLES:
        if table.one_per_study:
            columns = ", ".join(f"{c.name} {spell(c.type)}" for c in table.columns)
            statements.append(f"CREATE TEMP TABLE IF NOT EXISTS _stage_{table.name} ({columns})")
    return statements


class SQLStore(Store):
    """A ``Store`` over a SQL connection; ``mark`` is the engine's parameter marker."""

    mark = "?"

    @abc.abstractmethod
    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None: ...

    @abc.abstractmethod
    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]: ...

    @abc.abstractmethod
    def stage_keys(self, nct_ids: list[str]) -> None:
        """Make ``_load_keys(nct_id)`` hold exactly these study ids."""

    @abc.abstractmethod
    def write(self, target: str, table: Table, rows: list[tuple[Any, ...]]) -> None:
        """Append rows (in ``all_columns`` order) to ``target``, shaped like ``table``."""

    def stage_table(self, table: Table) -> str:
        """The emptied staging table of a one-row-per-study table; its name."""
        name = f"_stage_{table.name}"
        self.execute(f"DELETE FROM {name}")
        return name

    # Transactions by statement, for a connection in autocommit mode (SQLite, PostgreSQL).
    def begin(self) -> None:
        self.execute("BEGIN")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        self.execute("ROLLBACK")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.begin()
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def stored_digests(self) -> frozenset[str]:
        found = self.query(
            "SELECT raw_hash FROM pages WHERE raw_hash IS NOT NULL UNION"
            " SELECT raw_hash FROM study_versions WHERE raw_hash IS NOT NULL"
        )
        return frozenset(digest for (digest,) in found)

    def existing_columns(self, table: str) -> list[str]:
        """The columns a stored table has, in their order."""
        found = self.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name ="
            f" {self.mark} ORDER BY ordinal_position",
            (table,),
        )
        return [name for (name,) in found]

    def add_missing_columns(self, spell: Callable[[ColumnType], str]) -> None:
        """Bring tables made by an earlier version up to the schema: columns added since
        are added (the schema only ever appends nullable columns); any other difference
        is refused, never guessed at."""
        for table in TABLES:
            declared = all_columns(table)
            existing = self.existing_columns(table.name)
            names = [column.name for column in declared]
            if existing == names:
                continue
            if names[: len(existing)] != existing:
                raise TargetError(
                    f"its table {table.name} was made by another version of ctgov_parse"
                    f" (columns {existing}); load into a new target",
                    EXIT_NOT_A_DATABASE,
                )
            for column in declared[len(existing) :]:
                self.execute(
                    f"ALTER TABLE {table.name} ADD COLUMN {column.name} {spell(column.type)}"
                )

    def stored_pages(self, nct_ids: list[str]) -> dict[tuple[str, str | None], str | None]:
        if not nct_ids:
            return {}
        self.stage_keys(nct_ids)
        found = self.query(
            "SELECT p.nct_id, p.page_kind, p.last_updated FROM pages p"
            " JOIN _load_keys k ON k.nct_id = p.nct_id"
        )
        return {(nct_id, kind): date for nct_id, kind, date in found}

    def delete(self, table: Table, nct_ids: list[str], kind: PageKind | None) -> None:
        self.stage_keys(nct_ids)
        sql = f"DELETE FROM {table.name} WHERE nct_id IN (SELECT nct_id FROM _load_keys)"
        if table.page is None and kind is not None:
            self.execute(sql + f" AND page_kind = {self.mark}", (kind.value,))
        else:
            self.execute(sql)

    def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.write(table.name, table, rows)

    def upsert(self, table: Table, rows: list[tuple[Any, ...]], kind: PageKind | None) -> None:
        if not rows:
            return
        stage = self.stage_table(table)
        self.write(stage, table, rows)
        names = ", ".join(table.column_names)
        self.execute(
            f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {stage} WHERE true"
            f" ON CONFLICT (nct_id) DO UPDATE SET"
            f" {', '.join(upsert_assignments(table, kind, table.name))}"
        )

    def stored_versions(self, nct_ids: list[str]) -> list[StoredVersion]:
        self.stage_keys(nct_ids)
        found = self.query(
            "SELECT v.nct_id, v.page_kind, v.last_updated, v.content_hash, v.version,"
            " v.overall_status FROM study_versions v JOIN _load_keys k ON k.nct_id = v.nct_id"
            " ORDER BY v.nct_id, v.page_kind, v.version"
        )
        return [
            StoredVersion(nct_id=nct_id, kind=PageKind(kind), last_updated=date,
                          content_hash=digest, version=version, status=status)
            for nct_id, kind, date, digest, version, status in found
        ]  # fmt: skip

    def version_rows(self, nct_ids: list[str], *, newest: bool) -> list[tuple[Any, ...]]:
        self.stage_keys(nct_ids)
        sql = "SELECT v.* FROM study_versions v JOIN _load_keys k ON k.nct_id = v.nct_id"
        if newest:
            sql += (
                " WHERE v.version = (SELECT max(w.version) FROM study_versions w"
                " WHERE w.nct_id = v.nct_id AND w.page_kind = v.page_kind)"
            )
        return [
            tuple(row) for row in self.query(sql + " ORDER BY v.nct_id, v.page_kind, v.version")
        ]

    def refresh_calculated(self, nct_ids: list[str]) -> None:
        self.stage_keys(nct_ids)
        self.execute(
            "UPDATE calculated_values SET months_to_report_results ="
            f" (SELECT {MONTHS_TO_REPORT_SQL} FROM studies s"
            " WHERE s.nct_id = calculated_values.nct_id)"
            " WHERE nct_id IN (SELECT nct_id FROM _load_keys)"
        )
