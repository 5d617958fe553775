"""The database targets as the engine tests drive them: load records, read every table
back as plain, comparable rows, run SQL. Each target is the real engine: a DuckDB file, a
SQLite file, a PostgreSQL server started by the tests, Parquet files read by pyarrow."""

from __future__ import annotations

import datetime
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ctgov_parse.tables import TABLES, all_columns
from ctgov_parse.tables.schema import ColumnType
from ctgov_parse.tables.targets import open_store, to_parquet_tables
from tests.conftest import skip_or_fail
from tests.postgres_server import postgres_server, server_binaries

ENGINES = ("duckdb", "sqlite", "postgres", "parquet-tables")
_databases = itertools.count()


def plain(kind: ColumnType, value: Any) -> Any:
    """A value as every engine's driver can be compared: dates as ISO text, 0/1 as bools."""
    if value is None:
        return None
    if kind is ColumnType.DATE:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    if kind is ColumnType.BOOLEAN:
        return bool(value)
    if kind is ColumnType.DOUBLE:
        return float(value)
    return value


def plain_rows(name: str, rows: Iterable[Iterable[Any]]) -> list[tuple[Any, ...]]:
    table = next(t for t in TABLES if t.name == name)
    kinds = [c.type for c in all_columns(table)]
    out = [tuple(plain(k, v) for k, v in zip(kinds, row, strict=True)) for row in rows]
    return sorted(out, key=repr)


def memory_rows(tables: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """``to_tables`` output in the same plain shape."""
    return {
        name: plain_rows(name, (tuple(row.values()) for row in table.to_pylist()))
        for name, table in tables.items()
    }


class Target:
    """One database of one engine."""

    def __init__(self, engine: str, directory: Path, postgres: str | None) -> None:
        self.engine = engine
        self._previous: list[Any] = []
        if engine == "postgres":
            assert postgres is not None
            self.where = postgres
        elif engine == "parquet-tables":
            self.where = str(directory / "tables")
        else:
            self.where = str(directory / f"trials.{engine}")

    def load(self, records: Iterable[Any], **options: Any) -> Any:
        if self.engine == "parquet-tables":
            if Path(self.where).exists():  # Parquet cannot be updated: reload on top
                records = [*self._previous, *records]
            records = list(records)
            self._previous = records
            return to_parquet_tables(records, self.where, **options)
        from ctgov_parse.tables.load import load

        store = open_store(self.engine, self.where)
        try:
            return load(store, records, **options)
        finally:
            store.close()

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.engine == "parquet-tables":
            import duckdb

            connection = duckdb.connect()
            for table in TABLES:
                path = Path(self.where) / f"{table.name}.parquet"
                connection.register(table.name, connection.read_parquet(str(path)))
            try:
                return connection.execute(sql, params).fetchall()
            finally:
                connection.close()
        store = open_store(self.engine, self.where)
        try:
            if self.engine == "postgres":
                sql = sql.replace("?", "%s")
            return store.query(sql, params)  # type: ignore[no-any-return]
        finally:
            store.close()

    def read(self) -> dict[str, list[tuple[Any, ...]]]:
        if self.engine == "parquet-tables":
            import pyarrow.parquet as pq

            return {
                t.name: plain_rows(
                    t.name,
                    (
                        tuple(r.values())
                        for r in pq.read_table(Path(self.where) / f"{t.name}.parquet").to_pylist()
                    ),
                )
                for t in TABLES
            }
        out = {}
        for table in TABLES:
            names = ", ".join(c.name for c in all_columns(table))
            out[table.name] = plain_rows(
                table.name, self.query(f"SELECT {names} FROM {table.name}")
            )
        return out


@pytest.fixture(scope="session", name="postgres_server_url")
def _postgres_server_url() -> Iterator[str | None]:
    """A server for the whole session, or None where it cannot be started (the tests that
    need it then skip, or fail under CI)."""
    binaries = server_binaries()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield None
        return
    if binaries is None:
        yield None
        return
    directory = Path(tempfile.mkdtemp(prefix="ctgov-parse-postgres-"))
    directory.chmod(0o755)  # the server's user must reach its data directory
    with postgres_server(binaries, directory / "server") as url:
        yield url


@pytest.fixture(name="postgres_url")
def _postgres_url(postgres_server_url: str | None) -> str:
    """A new, empty database on the session's server."""
    if postgres_server_url is None:
        skip_or_fail(
            "the PostgreSQL server binaries (initdb, pg_ctl) or psycopg are not installed"
            " (Debian: apt-get install postgresql; pip install 'ctgov_parse[postgres]')"
        )
    import psycopg

    name = f"test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(postgres_server_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return postgres_server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=ENGINES, name="target")
def _target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    engine = request.param
    needed = {"duckdb": "duckdb", "parquet-tables": "duckdb"}.get(engine)
    if needed:
        try:
            __import__(needed)
        except ImportError:
            skip_or_fail(f"{needed} is not installed (pip install 'ctgov_parse[duckdb]')")
    url = request.getfixturevalue("postgres_url") if engine == "postgres" else None
    return Target(engine, tmp_path, url)
