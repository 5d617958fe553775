"""The load targets by name: DuckDB and SQLite files, a PostgreSQL database, a directory of
Parquet files; each fed batch by batch by ``load``.

A Parquet file cannot be updated in place, so ``parquet-tables`` loads into a DuckDB working
database first (the same per-study rules as every database target, on disk rather than in
memory) and then streams each table into its Parquet file; the directory appears whole when
the run ends, or not at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ctgov_parse.batch import Failure, Parsed
from ctgov_parse.model import Trial
from ctgov_parse.tables.arrow import arrow_schema, require
from ctgov_parse.tables.load import BATCH_PAGES, LoadReport, Store, load
from ctgov_parse.tables.rows import TABLES, PageRows

__all__ = [
    "DATABASE_FORMATS",
    "open_store",
    "to_duckdb",
    "to_parquet_tables",
    "to_postgres",
    "to_sqlite",
    "write_parquet_tables",
]

DATABASE_FORMATS = ("duckdb", "sqlite", "parquet-tables", "postgres")
_Records = Iterable[Trial | Parsed | Failure | PageRows]


def open_store(form: str, target: str) -> Any:
    """The store of one target: a DuckDB or SQLite file, or a PostgreSQL URL."""
    if form == "duckdb":
        from ctgov_parse.tables.duck import DuckDBStore

        return DuckDBStore(target)
    if form == "sqlite":
        from ctgov_parse.tables.sqlite import SQLiteStore

        return SQLiteStore(target)
    if form == "postgres":
        from ctgov_parse.tables.postgres import PostgresStore

        return PostgresStore(target)
    raise ValueError(f"no database target {form!r}")


def _load_closing(store: Store, records: _Records, batch_pages: int) -> LoadReport:
    try:
        return load(store, records, batch_pages=batch_pages)
    finally:
        store.close()


def to_duckdb(
    records: _Records, path: str | os.PathLike[str], *, batch_pages: int = BATCH_PAGES
) -> LoadReport:
    """Load records into the DuckDB file at ``path`` (made if missing, updated if not)."""
    return _load_closing(open_store("duckdb", os.fspath(path)), records, batch_pages)


def to_sqlite(
    records: _Records, path: str | os.PathLike[str], *, batch_pages: int = BATCH_PAGES
) -> LoadReport:
    """Load records into the SQLite file at ``path`` (made if missing, updated if not)."""
    return _load_closing(open_store("sqlite", os.fspath(path)), records, batch_pages)


def to_postgres(records: _Records, url: str, *, batch_pages: int = BATCH_PAGES) -> LoadReport:
    """Load records into the PostgreSQL database at ``url`` through ``COPY``."""
    return _load_closing(open_store("postgres", url), records, batch_pages)


def write_parquet_tables(store: Any, directory: Path) -> None:
    """Stream every table of a DuckDB store into ``directory/<table>.parquet``."""
    pq = require("pyarrow.parquet")
    directory.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        schema = arrow_schema(table)
        order = "nct_id" if table.one_per_study else "nct_id, ordinal"
        if table.page is None and not table.one_per_study:
            order = "nct_id, page_kind, ordinal"
        relation = store.connection.sql(f"SELECT * FROM {table.name} ORDER BY {order}")
        # DuckDB 1.4 renamed fetch_record_batch to to_arrow_reader; both stream.
        reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
        with pq.ParquetWriter(directory / f"{table.name}.parquet", schema) as writer:
            for batch in reader(65536):
                writer.write_batch(batch.cast(schema))


@contextlib.contextmanager
def parquet_tables_work(directory: str | os.PathLike[str]) -> Iterator[str]:
    """The path of a DuckDB working database whose tables become ``directory``'s Parquet
    files when the block ends cleanly (the caller has closed it by then); the directory is
    swapped in whole, or left as it was."""
    from ctgov_parse.tables.duck import DuckDBStore

    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        before = None
        if target.is_dir():  # a re-run starts from what the directory holds, and adds to it
            before = _read_parquet_tables(str(work / "work.duckdb"), target)
        yield str(work / "work.duckdb")
        store = DuckDBStore(str(work / "work.duckdb"))
        try:
            if before is not None and _pages_fingerprint(store) == before:
                return  # no page loaded (every load rewrites its page's row): nothing to write
            write_parquet_tables(store, work / "tables")
        finally:
            store.close()
        if target.exists():
            os.replace(target, work / "previous")
        os.replace(work / "tables", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _read_parquet_tables(path: str, directory: Path) -> tuple[Any, ...]:
    """A DuckDB working database holding the tables of a Parquet tables ``directory`` (by
    column name: a column added since it was written is null); its pages' fingerprint."""
    from ctgov_parse.tables.duck import DuckDBStore

    store = DuckDBStore(path)
    try:
        for table in TABLES:
            source = directory / f"{table.name}.parquet"
            if source.is_file():
                store.execute(
                    f"INSERT INTO {table.name} BY NAME SELECT * FROM read_parquet({store.mark})",
                    (str(source),),
                )
        return _pages_fingerprint(store)
    finally:
        store.close()


def _pages_fingerprint(store: Any) -> tuple[Any, ...]:
    """What the ``pages`` and ``study_versions`` tables hold, in brief: a load that writes
    any page, or adds an older version of one to the history only, changes it."""
    found = store.query(
        "SELECT count(*), bit_xor(hash(nct_id, page_kind, last_updated, raw_hash)) FROM pages"
    )
    versions = store.query("SELECT count(*), bit_xor(id) FROM study_versions")
    return (*found[0], *versions[0])


def to_parquet_tables(
    records: _Records, directory: str | os.PathLike[str], *, batch_pages: int = BATCH_PAGES
) -> LoadReport:
    """Write one Parquet file per table into ``directory`` (replaced whole)."""
    with parquet_tables_work(directory) as work:
        return _load_closing(open_store("duckdb", work), records, batch_pages)
