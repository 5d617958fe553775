"""A bag's records as tables: the ``studies`` table as a ``dask.dataframe`` and every table
as a partitioned Parquet dataset.

The pages of one study may be read by different partitions (its trial page in one dump,
its results page in another, an older copy in last month's scrape). The rows are made where
the pages were parsed, then grouped by NCT number (a shuffle), and each group loaded by the
same rules as a database load (``tables.load``: the newest copy of each page, the later of
equals in input order; the trial and results pages combined into one ``studies`` row), so
that a study has one ``studies`` row whichever partitions its pages came from.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import attrs

from ctgov_parse.batch import Parsed, Result
from ctgov_parse.tables.arrow import arrow_schema, arrow_table, require
from ctgov_parse.tables.load import MemoryStore, load
from ctgov_parse.tables.rows import BY_NAME, TABLES, PageRows, page_of, page_rows

__all__ = ["ParquetReport", "to_dataframe", "to_parquet"]


@attrs.frozen
class ParquetReport:
    """What ``to_parquet`` did: the pages read, those that failed, those with no NCT number
    (nothing to key them by: not written), and the rows written, by table."""

    pages: int
    failed: int
    unkeyed: int
    rows: dict[str, int]


def _page_rows(results: list[Result]) -> list[PageRows]:
    out = []
    for result in results:
        if isinstance(result, Parsed):
            page = page_of(result)
            if page is not None:
                out.append(page_rows(page))
    return out


def _tally(results: list[Result]) -> list[tuple[int, int, int]]:
    """Pages, failures and pages without an NCT number, of one partition."""
    failed = sum(1 for r in results if not isinstance(r, Parsed))
    unkeyed = sum(1 for r in results if isinstance(r, Parsed) and not r.trial.nct_id)
    return [(len(results), failed, unkeyed)]


def _tally_sum(partitions: list[list[tuple[int, int, int]]]) -> tuple[int, int, int]:
    tallies = [tally for partition in partitions for tally in partition]
    return (
        sum(t[0] for t in tallies),
        sum(t[1] for t in tallies),
        sum(t[2] for t in tallies),
    )


def _study(rows: PageRows) -> str:
    return rows.nct_id


def _order(rows: PageRows) -> int:
    return -1 if rows.source is None else rows.source.index


def _tables(groups: list[tuple[str, list[PageRows]]]) -> dict[str, Any]:
    """Every table's rows of these studies, as Arrow tables."""
    store = MemoryStore()
    pages = [rows for _, group in sorted(groups) for rows in sorted(group, key=_order)]
    load(store, pages)
    return {table.name: arrow_table(table, store.rows(table)) for table in TABLES}


def _studies(bag: Any, npartitions: int | None) -> Any:
    rows = bag.map_partitions(_page_rows)
    if npartitions is not None and npartitions != rows.npartitions:
        rows = rows.repartition(npartitions)  # a task shuffle keeps the partition count
    return rows.groupby(_study, shuffle="tasks")


def _studies_frame(groups: list[tuple[str, list[PageRows]]]) -> Any:
    pandas = require("pandas")
    return _tables(groups)["studies"].to_pandas(types_mapper=pandas.ArrowDtype)


def to_dataframe(bag: Any, *, npartitions: int | None = None) -> Any:
    """The ``studies`` table of a bag of ``read_pages`` outcomes, as a ``dask.dataframe``
    (one row per study; columns typed with pandas' Arrow dtypes, nulls kept as nulls)."""
    dask = require("dask")
    dataframe = require("dask.dataframe")
    pandas = require("pandas")
    meta = arrow_schema(BY_NAME["studies"]).empty_table().to_pandas(types_mapper=pandas.ArrowDtype)
    parts = [dask.delayed(_studies_frame)(part) for part in _studies(bag, npartitions).to_delayed()]
    return dataframe.from_delayed(parts, meta=meta, verify_meta=False)


def _write_part(
    groups: list[tuple[str, list[PageRows]]], directory: str, number: int
) -> dict[str, int]:
    """Write one partition's file of every table; the rows written, by table."""
    import fsspec

    pq = require("pyarrow.parquet")
    fs, root = fsspec.core.url_to_fs(directory)
    counts = {}
    for name, table in _tables(groups).items():
        fs.makedirs(f"{root}/{name}", exist_ok=True)
        with fs.open(f"{root}/{name}/part-{number:05d}.parquet", "wb") as stream:
            pq.write_table(table, stream)
        counts[name] = table.num_rows
    return counts


def _sum(counts: list[dict[str, int]]) -> dict[str, int]:
    total = {table.name: 0 for table in TABLES}
    for part in counts:
        for name, rows in part.items():
            total[name] += rows
    return total


def to_parquet(
    bag: Any, directory: str | os.PathLike[str], *, npartitions: int | None = None
) -> ParquetReport:
    """Write every table of a bag of ``read_pages`` outcomes as a Parquet dataset,
    ``directory/<table>/part-NNNNN.parquet`` (one file per output partition, every table
    in every partition, empty or not, so each dataset has its schema); the report says
    what was read and written. Read a table whole with
    ``duckdb.read_parquet('DIR/studies/*.parquet')``, ``polars.read_parquet('DIR/studies/')``
    or ``pandas.read_parquet('DIR/studies')``.

    A local ``directory`` is written beside it under a temporary name and swapped in
    whole when every partition is written (an interrupted run leaves the previous
    dataset, or none); an fsspec URL (``s3://...``) is written in place.
    """
    dask = require("dask")
    require("pyarrow")
    target = os.fspath(directory)
    local = "://" not in target or target.startswith("file://")
    work, previous = target, None
    if local:
        path = Path(target.removeprefix("file://"))
        path.parent.mkdir(parents=True, exist_ok=True)
        work = tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        studies = _studies(bag, npartitions).to_delayed()
        writes = [dask.delayed(_write_part)(part, work, n) for n, part in enumerate(studies)]
        tally = dask.delayed(_tally_sum)(bag.map_partitions(_tally).to_delayed())
        # One compute: the parse is shared by the tally and the tables, done once.
        counts, (pages, failed, unkeyed) = dask.compute(dask.delayed(_sum)(writes), tally)
        if local:
            if path.exists():
                previous = path.parent / f".{path.name}.previous-{uuid.uuid4().hex}"
                os.replace(path, previous)
            os.replace(work, path)
    finally:
        if local:
            shutil.rmtree(work, ignore_errors=True)
            if previous is not None:
                shutil.rmtree(previous, ignore_errors=True)
    return ParquetReport(pages=pages, failed=failed, unkeyed=unkeyed, rows=counts)
