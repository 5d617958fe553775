"""Records -> rows: the one place where the declared tables are read to make rows.

Strategy: each page's record becomes a ``PageRows`` (its rows of every table it fills, as
tuples in column order); the loaders write those in batches, and ``to_tables`` gathers them
in memory. Both follow the same two rules: of several copies of one page of a study, the
newest (``last_updated``, then the later in the input) is kept; and the one-row-per-study
tables (``studies``, ``calculated_values``) are combined column by column (``combine``), the
page that owns a column overwriting it and the other page only filling it while empty.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from ctgov_parse.batch import PageSource, Parsed
from ctgov_parse.build import collector_paused
from ctgov_parse.model import PageKind, Trial
from ctgov_parse.tables.calculated import CALCULATED_VALUES, months_between
from ctgov_parse.tables.history import HISTORY_TABLES, Version, versions_of
from ctgov_parse.tables.protocol import PROTOCOL_TABLES
from ctgov_parse.tables.quality import QUALITY_TABLES
from ctgov_parse.tables.results import RESULTS_TABLES
from ctgov_parse.tables.schema import Attribute, Column, ColumnType, Owner, Page, Table, column

__all__ = [
    "TABLES",
    "PageRows",
    "all_columns",
    "combine",
    "finish_calculated",
    "newest",
    "page_of",
    "page_rows",
]

TABLES: tuple[Table, ...] = (
    PROTOCOL_TABLES[0],
    CALCULATED_VALUES,
    *PROTOCOL_TABLES[1:],
    *RESULTS_TABLES,
    *QUALITY_TABLES,
    *HISTORY_TABLES,
)
BY_NAME = {table.name: table for table in TABLES}

_STANDARD = (
    column("id", ColumnType.INTEGER, "the row's id: deterministic, from the study, the table and"
           " the row's position (see `row_id`)", lambda p, x: None, nullable=False),
    column("nct_id", ColumnType.TEXT, "the study's NCT number (`studies.nct_id`)",
           lambda p, x: p.nct_id, nullable=False),
    column("ordinal", ColumnType.INTEGER, "0-based position among the study's rows of this"
           " table from the same page (page order)", lambda p, x: None, nullable=False),
)  # fmt: skip


def all_columns(table: Table) -> tuple[Column, ...]:
    """A table's columns, the standard ``id``, ``nct_id``, ``ordinal`` first."""
    return table.columns if table.one_per_study else _STANDARD + table.columns


@attrs.frozen(kw_only=True)
class PageRows:
    """One page's rows: table name -> rows (tuples in ``all_columns`` order), with what the
    load needs to know of the page (small to send between processes: no record)."""

    nct_id: str
    kind: PageKind | None
    last_updated: str | None
    source: PageSource | None
    rows: dict[str, list[tuple[Any, ...]]]
    digest: str | None = None  # the page's hash (batch.page_digest), stored with it
    versions: tuple[Version, ...] = ()  # the page's versions, for the history tables


def page_of(record: Trial | Parsed, source: PageSource | None = None) -> Page | None:
    """The ``Page`` of a record (None when it has no NCT number: it cannot be keyed; or
    when it was read from a page that is not this site's: it says nothing of the study)."""
    trial = record.trial if isinstance(record, Parsed) else record
    if isinstance(record, Parsed):
        source = record.source
    if not trial.nct_id or trial.page_kind is PageKind.UNSUPPORTED:
        return None
    kind = trial.page_kind
    if kind is None and trial.results is None:
        kind = PageKind.TRIAL  # a record without results says only what a trial page says
    return Page(nct_id=trial.nct_id, trial=trial, kind=kind, source=source)


def _fills(table: Table, page: Page) -> bool:
    return _fills_kind(table, page.kind)


def _fills_kind(table: Table, kind: PageKind | None) -> bool:
    return table.page is None or kind is None or kind is table.page


def _row_maker(table: Table) -> Callable[[Page], list[tuple[Any, ...]]]:
    """A function from a page to the table's rows, its column reads spelled out.

    Generated once per table (as attrs generates its methods): a row is one tuple display
    of direct calls, where a loop over the getters cost as much again as the reads. Ids are
    ``row_id``'s, hashed from a copy of the hasher already fed the study and table.
    """
    reads = "".join(
        f"{c.get.expression() if isinstance(c.get, Attribute) else f'g{i}(page, item)'}, "
        for i, c in enumerate(table.columns)
    )
    if table.one_per_study:
        body = f"    return [({reads}) for _, item in items(page)]"
    else:
        body = (
            f"    nct_id = page.nct_id\n"
            f"    prefix = blake2b(f'{{nct_id}}\\x1f{table.name}\\x1f'.encode(), digest_size=8)\n"
            f"    rows = []\n"
            f"    for ordinal, (key, item) in enumerate(items(page)):\n"
            f"        hasher = prefix.copy()\n"
            f"        hasher.update(key.encode())\n"
            f"        rows.append((from_bytes(hasher.digest(), 'big') >> 1, nct_id, ordinal,"
            f" {reads}))\n"
            f"    return rows"
        )
    namespace: dict[str, Any] = {f"g{i}": c.get for i, c in enumerate(table.columns)}
    namespace.update(items=table.items, blake2b=hashlib.blake2b, from_bytes=int.from_bytes)
    exec(f"def make(page):\n{body}\n", namespace)
    return namespace["make"]  # type: ignore[no-any-return]


_MAKERS = [(table, _row_maker(table)) for table in TABLES if not table.history]
# The makers of the tables each kind of page fills (None: a record holding both pages).
_MAKERS_BY_KIND = {
    kind: [(table.name, make) for table, make in _MAKERS if _fills_kind(table, kind)]
    for kind in (None, *PageKind)
}


def page_rows(page: Page) -> PageRows:
    """Every row the page gives, table by table."""
    with collector_paused():
        rows = {name: make(page) for name, make in _MAKERS_BY_KIND[page.kind]}
    nct_id = page.nct_id
    date = page.trial.last_updated
    return PageRows(
        nct_id=nct_id,
        kind=page.kind,
        last_updated=None if date is None else date.isoformat(),
        source=page.source,
        rows=rows,
        versions=versions_of(page),
    )


def _owned(column: Column, kind: PageKind | None) -> bool:
    if kind is None:
        return True
    return (column.owner is Owner.TRIAL) == (kind is PageKind.TRIAL)


def combine(
    table: Table, old: tuple[Any, ...], new: tuple[Any, ...], kind: PageKind | None
) -> tuple[Any, ...]:
    """A one-row-per-study row after a page of ``kind`` is loaded over it: the columns that
    page owns take its values, the others keep theirs unless empty."""
    return tuple(
        n if _owned(c, kind) or o is None else o
        for c, o, n in zip(table.columns, old, new, strict=True)
    )


def upsert_assignments(table: Table, kind: PageKind | None, target: str) -> list[str]:
    """``SET`` clauses of an ``INSERT ... ON CONFLICT DO UPDATE`` doing what ``combine`` does."""
    out = []
    for c in table.columns[1:]:  # the first is nct_id, the key
        if _owned(c, kind):
            out.append(f"{c.name} = excluded.{c.name}")
        else:
            out.append(f"{c.name} = COALESCE({target}.{c.name}, excluded.{c.name})")
    return out


def finish_calculated(
    studies_row: tuple[Any, ...], calculated_row: tuple[Any, ...]
) -> tuple[Any, ...]:
    """``calculated_values`` with the rules that need both pages, from the study's row."""
    studies = BY_NAME["studies"].column_names
    names = CALCULATED_VALUES.column_names
    months = months_between(
        studies_row[studies.index("completion_month_year")],
        studies_row[studies.index("results_first_posted_month_year")],
    )
    out = list(calculated_row)
    out[names.index("months_to_report_results")] = months
    return tuple(out)


def _date_key(text: str | None) -> str:
    return text or ""


def newest(pages: Iterable[PageRows]) -> list[PageRows]:
    """One copy of each page of each study: the newest, the later of equals; input order."""
    kept: dict[tuple[str, PageKind | None], tuple[int, PageRows]] = {}
    for position, rows in enumerate(pages):
        key = (rows.nct_id, rows.kind)
        found = kept.get(key)
        if found is None or _date_key(rows.last_updated) >= _date_key(found[1].last_updated):
            kept[key] = (position, rows)
    return [rows for _, rows in sorted(kept.values(), key=lambda item: item[0])]
