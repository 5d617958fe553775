"""Loading pages into a store, batch by batch, the same way for every engine.

Strategy: a batch of pages is loaded in one transaction: of several copies of a page only
the newest is kept (``rows.newest``); a page older than the copy already stored
(``pages.last_updated``) is skipped and reported, never written over newer data; for the
studies already stored, that page's rows are deleted first (a re-scrape replaces, never
duplicates); then the rows are inserted, the one-row-per-study tables upserted column by
column (``rows.combine``), and the rules of ``calculated_values`` that need both pages
recomputed. Every copy, the stale and the superseded included, also goes into the history
tables (``history``: each distinct version of a page, the changes between them, the
statuses held). An engine supplies the few primitive operations (``Store``); an error or an
interruption anywhere in a batch rolls the whole batch back.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from ctgov_parse.batch import Failure, PageSource, Parsed
from ctgov_parse.build import collector_paused
from ctgov_parse.model import PageKind, Trial
from ctgov_parse.tables.history import (
    STATUS_HISTORY,
    STUDY_CHANGES,
    STUDY_VERSIONS,
    Incoming,
    StoredVersion,
    appends,
    fresh_versions,
    place,
    status_rows,
    stored_of,
)
from ctgov_parse.tables.rows import (
    BY_NAME,
    TABLES,
    PageRows,
    all_columns,
    combine,
    finish_calculated,
    newest,
    page_of,
    page_rows,
)
from ctgov_parse.tables.schema import Table, token

__all__ = [
    "BATCH_PAGES",
    "BATCH_ROWS",
    "Batcher",
    "LoadReport",
    "MemoryStore",
    "Stale",
    "Store",
    "load",
    "load_history",
    "load_part",
]

# A transaction ends after this many pages or rows, whichever comes first. Every statement
# costs a few milliseconds whatever its size (DuckDB's most of all), so batches are large;
# the row bound keeps the memory of a batch of big pages flat (about 300 bytes a row).
BATCH_PAGES = 2000
BATCH_ROWS = 100_000
_KINDS: tuple[PageKind | None, ...] = (None, PageKind.TRIAL, PageKind.RESULTS)


@attrs.frozen(kw_only=True)
class Stale:
    """A page not loaded into the current tables because the stored copy of that page is
    newer (its version still goes into the history)."""

    nct_id: str
    page_kind: PageKind | None
    stored: str | None
    incoming: str | None
    source: PageSource | None

    def __str__(self) -> str:
        where = "" if self.source is None else f" ({self.source})"
        kind = "record" if self.page_kind is None else f"{self.page_kind.value.lower()} page"
        return (
            f"{self.nct_id}{where}: {kind} last updated {self.incoming or 'never'}, older than"
            f" the stored {self.stored}; added to the history only"
        )


@attrs.define
class LoadReport:
    """What a load did: pages written, pages skipped as older than the stored copy, pages
    with no NCT number (nothing to key them by), pages of other sites, copies dropped for a
    newer copy of the same page in the same batch, failures passed in."""

    loaded: int = 0
    stale: list[Stale] = attrs.field(factory=list)
    unkeyed: list[PageSource | None] = attrs.field(factory=list)
    # pages that are not this site's (``unsupported-page``): never loaded
    unsupported: list[PageSource | None] = attrs.field(factory=list)
    failed: int = 0
    batches: int = 0
    superseded: int = 0  # copies of a page dropped for a newer copy in the same batch
    new: int = 0  # pages loaded of which the target held no copy
    changed: int = 0  # pages loaded in place of an earlier copy
    unchanged: int = 0  # pages whose very bytes the target held: not parsed, not loaded
    waited: float = 0.0  # seconds the command waited on the database (the load's writer)
    versions: int = 0  # versions of pages added to the history
    changes: int = 0  # changes between versions written


class Store(abc.ABC):
    """What an engine must do for ``load``; every method runs inside ``transaction``."""

    @abc.abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Commit on a clean exit, roll back on any exception (KeyboardInterrupt included)."""

    @abc.abstractmethod
    def stored_pages(self, nct_ids: list[str]) -> dict[tuple[str, str | None], str | None]:
        """(nct_id, page_kind token) -> last_updated, for the stored pages of these studies."""

    @abc.abstractmethod
    def stored_digests(self) -> frozenset[str]:
        """The hashes of the pages stored (``pages.raw_hash``, and ``study_versions.raw_hash``
        for the versions kept in the history only), to skip them on a re-run."""

    @abc.abstractmethod
    def delete(self, table: Table, nct_ids: list[str], kind: PageKind | None) -> None:
        """Delete these studies' rows of ``table`` that a page of ``kind`` gives."""

    @abc.abstractmethod
    def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None: ...

    @abc.abstractmethod
    def upsert(self, table: Table, rows: list[tuple[Any, ...]], kind: PageKind | None) -> None:
        """Insert one-row-per-study rows, combining with stored ones as ``rows.combine`` does."""

    @abc.abstractmethod
    def stored_versions(self, nct_ids: list[str]) -> list[StoredVersion]:
        """The stored versions of these studies' pages, by study, page kind and version."""

    @abc.abstractmethod
    def version_rows(self, nct_ids: list[str], *, newest: bool) -> list[tuple[Any, ...]]:
        """The ``study_versions`` rows of these studies (only each page's newest where
        ``newest``)."""

    @abc.abstractmethod
    def refresh_calculated(self, nct_ids: list[str]) -> None:
        """Recompute the ``calculated_values`` rules that read ``studies`` (both pages)."""

    def close(self) -> None:  # noqa: B027  (a store with nothing to release needs no close)
        """Release the connection."""


def _is_stale(rows: PageRows, stored: dict[str, list[tuple[str | None, str | None]]]) -> str | None:
    """The stored date that makes this page stale, or None when it may be loaded."""
    incoming = rows.last_updated or ""
    kind = token(rows.kind)
    for stored_kind, date in stored.get(rows.nct_id, ()):
        same_page = kind is None or stored_kind is None or stored_kind == kind
        if date is not None and same_page and date > incoming:
            return date
    return None


def _fills(table: Table, kind: PageKind | None) -> bool:
    return table.page is None or kind is None or table.page is kind


def load_batch(store: Store, batch: list[PageRows], report: LoadReport) -> None:
    """Load one batch of pages in one transaction (see the module's strategy)."""
    with collector_paused(), store.transaction():
        load_part(store, batch, report)
    report.batches += 1


def load_part(store: Store, batch: list[PageRows], report: LoadReport) -> None:
    """Load pages inside a transaction the caller holds open, by the rules of a batch: a
    transaction may take several parts (the command's loader writes each part as it
    comes, so that the last commit waits on one part, not on a whole batch)."""
    pages = newest(batch)
    report.superseded += len(batch) - len(pages)
    with collector_paused():
        load_history(store, batch, report)
        stored: dict[str, list[tuple[str | None, str | None]]] = {}
        for (nct_id, kind), date in store.stored_pages(sorted({r.nct_id for r in pages})).items():
            stored.setdefault(nct_id, []).append((kind, date))
        present = set(stored)
        loading: list[PageRows] = []
        for rows in pages:
            date = _is_stale(rows, stored)
            if date is None:
                loading.append(rows)
                continue
            report.stale.append(
                Stale(nct_id=rows.nct_id, page_kind=rows.kind, stored=date,
                      incoming=rows.last_updated, source=rows.source)
            )  # fmt: skip
        for rows in loading:
            if any(
                stored_kind == token(rows.kind) for stored_kind, _ in stored.get(rows.nct_id, ())
            ):
                report.changed += 1
            else:
                report.new += 1
        for kind in _KINDS:
            group = [rows for rows in loading if rows.kind is kind]
            if not group:
                continue
            replaced = sorted({r.nct_id for r in group if r.nct_id in present})
            for table in TABLES:
                if table.history or not _fills(table, kind):
                    continue
                if table.one_per_study:
                    store.upsert(table, [r for g in group for r in g.rows[table.name]], kind)
                    continue
                if replaced:
                    store.delete(table, replaced, kind)
                if table.name == "pages":  # each page's hash, known only now
                    store.insert(
                        table, [(*r[:-1], g.digest) for g in group for r in g.rows["pages"]]
                    )
                    continue
                store.insert(table, [r for g in group for r in g.rows.get(table.name, ())])
            present.update(rows.nct_id for rows in group)
        if loading:
            store.refresh_calculated(sorted({rows.nct_id for rows in loading}))
    report.loaded += len(loading)


def load_history(store: Store, batch: list[PageRows], report: LoadReport) -> None:
    """Add the versions of the batch's pages to the history tables (see ``history``)."""
    incoming: dict[tuple[str, PageKind], list[Incoming]] = {}
    for rows in batch:
        for version in rows.versions:
            incoming.setdefault((rows.nct_id, version.kind), []).append(
                (version, rows.source, rows.digest)
            )
    if not incoming:
        return
    stored: dict[tuple[str, PageKind], list[StoredVersion]] = {}
    for held in store.stored_versions(sorted({nct_id for nct_id, _ in incoming})):
        stored.setdefault((held.nct_id, held.kind), []).append(held)
    fresh = {key: fresh_versions(stored.get(key, []), given) for key, given in incoming.items()}
    fresh = {key: found for key, found in fresh.items() if found}
    if not fresh:
        return
    rewrite = {key for key, found in fresh.items() if not appends(stored.get(key, []), found)}
    records: dict[tuple[str, PageKind], dict[str, tuple[Any, ...]]] = {}
    whole = sorted({nct_id for nct_id, _ in rewrite})
    newest_only = sorted({nct_id for nct_id, kind in fresh if nct_id not in whole})
    for nct_ids, only in ((whole, False), (newest_only, True)):
        for row in store.version_rows(nct_ids, newest=only) if nct_ids else ():
            read = stored_of(row)
            records.setdefault((read.nct_id, read.kind), {})[read.content_hash] = row
    versions: list[tuple[Any, ...]] = []
    changes: list[tuple[Any, ...]] = []
    statuses: dict[str, list[StoredVersion]] = {}
    for (nct_id, kind), found in fresh.items():
        before = stored.get((nct_id, kind), [])
        placed = place(nct_id, kind, before, found, records.get((nct_id, kind), {}))
        versions += placed.versions
        changes += placed.changes
        report.versions += len(found)
        report.changes += len(placed.changes)
        if kind is PageKind.TRIAL:
            kept = [] if placed.rewrite else before
            statuses[nct_id] = [*kept, *(stored_of(row) for row in placed.versions)]
    for kind in PageKind:
        again = sorted(nct_id for nct_id, of in rewrite if of is kind)
        if again:
            store.delete(STUDY_VERSIONS, again, kind)
            store.delete(STUDY_CHANGES, again, kind)
    store.insert(STUDY_VERSIONS, versions)
    store.insert(STUDY_CHANGES, changes)
    if statuses:
        store.delete(STATUS_HISTORY, sorted(statuses), PageKind.TRIAL)
        store.insert(
            STATUS_HISTORY,
            [row for nct_id, held in sorted(statuses.items()) for row in status_rows(nct_id, held)],
        )


def _page_rows(
    values: Iterable[Trial | Parsed | Failure | PageRows], report: LoadReport
) -> Iterator[PageRows]:
    for value in values:
        if isinstance(value, PageRows):
            yield value
        elif isinstance(value, Failure):
            report.failed += 1
        elif (page := page_of(value)) is None:
            trial = value.trial if isinstance(value, Parsed) else value
            source = value.source if isinstance(value, Parsed) else None
            if trial.page_kind is PageKind.UNSUPPORTED:
                report.unsupported.append(source)
            else:
                report.unkeyed.append(source)
        else:
            yield page_rows(page)


class Batcher:
    """Gathers pages' rows into batches of at most ``pages`` pages or ``rows`` rows."""

    def __init__(self, pages: int = BATCH_PAGES, rows: int = BATCH_ROWS) -> None:
        self.pages, self.rows = pages, rows
        self.batch: list[PageRows] = []
        self.count = 0

    def add(self, page: PageRows) -> list[PageRows] | None:
        """Add a page; returns the batch when it is full."""
        self.batch.append(page)
        self.count += sum(len(rows) for rows in page.rows.values())
        if len(self.batch) >= self.pages or self.count >= self.rows:
            return self.take()
        return None

    def take(self) -> list[PageRows]:
        batch, self.batch, self.count = self.batch, [], 0
        return batch


def batches(
    values: Iterable[Trial | Parsed | Failure | PageRows],
    size: int,
    report: LoadReport,
    rows: int = BATCH_ROWS,
) -> Iterator[list[PageRows]]:
    """The values as rows, ``size`` pages (or ``rows`` rows) at a time (skipped values
    counted in ``report``)."""
    batcher = Batcher(size, rows)
    for page in _page_rows(values, report):
        full = batcher.add(page)
        if full:
            yield full
    if batcher.batch:
        yield batcher.take()


def load(
    store: Store,
    values: Iterable[Trial | Parsed | Failure | PageRows],
    *,
    batch_pages: int = BATCH_PAGES,
    on_batch: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Load records (``Trial``, ``Parsed``; ``Failure`` values are counted and skipped) or
    ready ``PageRows`` into ``store``, one transaction per ``batch_pages`` pages;
    ``on_batch`` is called with the report after each batch is committed."""
    report = LoadReport()
    for batch in batches(values, batch_pages, report):
        load_batch(store, batch, report)
        if on_batch is not None:
            on_batch(report)
    return report


class MemoryStore(Store):
    """The store behind ``to_tables``: the same rules, in Python lists and dicts."""

    def __init__(self) -> None:
        self.children: dict[str, dict[str, list[tuple[Any, ...]]]] = {
            t.name: {} for t in TABLES if not t.one_per_study
        }
        self.singles: dict[str, dict[str, tuple[Any, ...]]] = {
            t.name: {} for t in TABLES if t.one_per_study
        }
        self._kind_column = {
            t.name: self._position(t, "page_kind")
            for t in TABLES
            if t.page is None and not t.one_per_study
        }
        self._date_column = self._position(BY_NAME["pages"], "last_updated")

    @staticmethod
    def _position(table: Table, name: str) -> int:
        return [c.name for c in all_columns(table)].index(name)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        yield  # in memory: a failed batch leaves the caller with an exception, not a store

    def stored_digests(self) -> frozenset[str]:
        found: set[str] = set()
        for name in ("pages", "study_versions"):
            at = self._position(BY_NAME[name], "raw_hash")
            found.update(
                row[at] for rows in self.children[name].values() for row in rows if row[at]
            )
        return frozenset(found)

    def stored_pages(self, nct_ids: list[str]) -> dict[tuple[str, str | None], str | None]:
        pages = self.children["pages"]
        kind, date = self._kind_column["pages"], self._date_column
        return {(n, row[kind]): row[date] for n in nct_ids for row in pages.get(n, ())}

    def delete(self, table: Table, nct_ids: list[str], kind: PageKind | None) -> None:
        rows = self.children[table.name]
        index = self._kind_column.get(table.name)
        for nct_id in nct_ids:
            if table.page is not None or kind is None or index is None:
                rows.pop(nct_id, None)
            elif nct_id in rows:
                rows[nct_id] = [row for row in rows[nct_id] if row[index] != kind.value]

    def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        stored = self.children[table.name]
        for row in rows:
            stored.setdefault(row[1], []).append(row)

    def upsert(self, table: Table, rows: list[tuple[Any, ...]], kind: PageKind | None) -> None:
        stored = self.singles[table.name]
        for row in rows:
            old = stored.get(row[0])
            stored[row[0]] = row if old is None else combine(table, old, row, kind)

    def stored_versions(self, nct_ids: list[str]) -> list[StoredVersion]:
        return [stored_of(row) for row in self.version_rows(nct_ids, newest=False)]

    def version_rows(self, nct_ids: list[str], *, newest: bool) -> list[tuple[Any, ...]]:
        table = self.children["study_versions"]
        found = sorted(
            (row for nct_id in nct_ids for row in table.get(nct_id, ())),
            key=lambda row: (row[1], row[3], row[4]),  # study, page kind, version
        )
        if not newest:
            return found
        last = {(row[1], row[3]): row for row in found}
        return list(last.values())

    def refresh_calculated(self, nct_ids: list[str]) -> None:
        studies, calculated = self.singles["studies"], self.singles["calculated_values"]
        for nct_id in nct_ids:
            if nct_id in calculated and nct_id in studies:
                calculated[nct_id] = finish_calculated(studies[nct_id], calculated[nct_id])

    def rows(self, table: Table) -> list[tuple[Any, ...]]:
        """The table's rows: studies in the order first loaded, each study's rows in order."""
        if table.one_per_study:
            return list(self.singles[table.name].values())
        return [row for rows in self.children[table.name].values() for row in rows]
