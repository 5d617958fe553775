"""The building blocks of the relational schema: column types, columns, tables.

Strategy: a table is declared once, as data: its name, the page that fills it, its columns
(each with a type, a description, the record fields it carries and a function that reads
its value from one item), and the function that lists a study's items in page order. The
row builder, the Arrow schema, every engine's ``CREATE TABLE``, the upsert rules and
``docs/tables.md`` are all read off these declarations, so they cannot drift apart.

Every table but ``studies`` and ``calculated_values`` (one row per study) starts with three
columns added here: ``id`` (deterministic: a hash of the study, the table and the row's
position, see ``row_id``), ``nct_id`` and ``ordinal`` (the row's position among the study's
rows of that table, 0-based, so ``ORDER BY nct_id, ordinal`` gives page order).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from ctgov_parse.batch import PageSource
from ctgov_parse.model import PageKind, PartialDate, Trial

__all__ = [
    "Attribute",
    "Column",
    "ColumnType",
    "Owner",
    "Page",
    "Table",
    "at",
    "at_token",
    "column",
    "day_of",
    "one",
    "results_part",
    "row_id",
    "the_page",
    "token",
]


@attrs.frozen(kw_only=True)
class Page:
    """One page's record on its way into the tables: its study, which page it is (``None``
    for a record holding both pages, from ``merge`` or ``from_ctgov``) and where it came from."""

    nct_id: str
    trial: Trial
    kind: PageKind | None
    source: PageSource | None = None

    def has(self, kind: PageKind) -> bool:
        return self.kind is None or self.kind is kind


class ColumnType(enum.Enum):
    """A column's type, named for what it holds; each engine's spelling is below."""

    TEXT = "text"
    INTEGER = "integer"  # 64-bit: counts, ids
    BOOLEAN = "boolean"
    DATE = "date"
    DOUBLE = "double"  # a convenience number beside the exact page text

    @property
    def duckdb(self) -> str:
        return _DUCKDB[self]

    @property
    def postgres(self) -> str:
        return _POSTGRES[self]

    @property
    def sqlite(self) -> str:
        return _SQLITE[self]

    def arrow(self) -> Any:
        import pyarrow as pa

        return {
            ColumnType.TEXT: pa.string(),
            ColumnType.INTEGER: pa.int64(),
            ColumnType.BOOLEAN: pa.bool_(),
            ColumnType.DATE: pa.date32(),
            ColumnType.DOUBLE: pa.float64(),
        }[self]


_DUCKDB = {
    ColumnType.TEXT: "VARCHAR",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.BOOLEAN: "BOOLEAN",
    ColumnType.DATE: "DATE",
    ColumnType.DOUBLE: "DOUBLE",
}
_POSTGRES = {
    ColumnType.TEXT: "text",
    ColumnType.INTEGER: "bigint",
    ColumnType.BOOLEAN: "boolean",
    ColumnType.DATE: "date",
    ColumnType.DOUBLE: "double precision",
}
# SQLite has type affinities, not types: dates are ISO text, booleans 0 and 1.
_SQLITE = {
    ColumnType.TEXT: "TEXT",
    ColumnType.INTEGER: "INTEGER",
    ColumnType.BOOLEAN: "INTEGER",
    ColumnType.DATE: "TEXT",
    ColumnType.DOUBLE: "REAL",
}


class Owner(enum.Enum):
    """For the one-row-per-study tables: which page's load sets a column. The owner's load
    overwrites it; the other page's load only fills it while it is empty (a results page
    loaded before its trial page still gives the study its title and status)."""

    TRIAL = "trial"
    RESULTS = "results"


@attrs.frozen
class Column:
    """A column: its name, type and description, the record fields it carries (``Class.field``,
    for the test that no parsed field falls out of the database), and how its value is read
    from one of the table's items."""

    name: str
    type: ColumnType
    description: str
    get: Callable[[Page, Any], Any] = attrs.field(eq=False, repr=False)
    fields: tuple[str, ...] = ()
    nullable: bool = True
    owner: Owner = Owner.TRIAL


@attrs.frozen(kw_only=True)
class Table:
    """A table: which page fills it, its columns, and ``items``: a study's items in page
    order, each with a key naming its position (the row id is made from it). ``aact`` says
    whether AACT has a table of this name and meaning."""

    name: str
    page: PageKind | None  # None: filled by either page (rows carry their page kind)
    description: str
    columns: tuple[Column, ...]
    items: Callable[[Page], Iterable[tuple[str, Any]]] = attrs.field(eq=False, repr=False)
    aact: bool = True
    one_per_study: bool = False
    # Rows made by the load from the versions of a study's pages (``history``), kept across
    # loads, not read off the page being loaded.
    history: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


@attrs.frozen
class Attribute:
    """A getter that reads one attribute of the item (or of one part of a tuple item), and
    optionally its enum token. The row maker spells it out inline (no call per cell)."""

    name: str | None
    index: int | None = None
    token: bool = False

    def __call__(self, page: Page, item: Any) -> Any:
        value = item if self.index is None else item[self.index]
        if self.name is not None:
            value = getattr(value, self.name)
        if not self.token or value is None:
            return value
        return value._value_

    def expression(self) -> str:
        """The Python expression of this read, over a variable ``item``."""
        base = "item" if self.index is None else f"item[{self.index}]"
        if self.name is not None:
            base = f"{base}.{self.name}"
        return f"(None if (v := {base}) is None else v._value_)" if self.token else base


def at(name: str | None, index: int | None = None) -> Attribute:
    """Read ``item.name`` (``item[index].name``; the part itself when ``name`` is None)."""
    return Attribute(name, index)


def at_token(name: str, index: int | None = None) -> Attribute:
    """Read ``item.name``'s enum token (None for None)."""
    return Attribute(name, index, token=True)


def column(
    name: str,
    type: ColumnType,
    description: str,
    get: Callable[[Page, Any], Any],
    *fields: str,
    nullable: bool = True,
    owner: Owner = Owner.TRIAL,
) -> Column:
    """A column: ``fields`` are the record fields (``Class.field``) whose value it carries."""
    return Column(name, type, description, get, fields, nullable, owner)


def the_page(page: Page) -> Iterator[tuple[str, Any]]:
    """Items of a one-row-per-study table: the page's record itself."""
    yield "", page.trial


def one(get: Callable[[Page], Any]) -> Callable[[Page], Iterator[tuple[str, Any]]]:
    """Items of a table of at most one row per page: the part ``get`` reads, if present."""

    def items(page: Page) -> Iterator[tuple[str, Any]]:
        value = get(page)
        if value is not None:
            yield "", value

    return items


def results_part(page: Page, *path: str) -> Any:
    """``page.trial.results.<path...>``, None where any step is absent (a trial page has
    no results, a results page may lack a section)."""
    value: Any = page.trial.results
    for name in path:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def token(value: enum.Enum | None) -> str | None:
    """An enum's registry token (``RECRUITING``), None for None."""
    return None if value is None else str(value._value_)  # not .value: a slow descriptor


def day_of(date: PartialDate | None) -> datetime.date | None:
    """A DATE value only where the page gives the day: a month is not its first day."""
    if date is None or date.day is None or date.month is None:
        return None
    try:
        return datetime.date(date.year, date.month, date.day)
    except ValueError:  # a year out of the date type's range
        return None


def row_id(nct_id: str, table: str, key: str) -> int:
    """A row's id: the first 63 bits of BLAKE2b over the study, table and position key.

    Derived, not drawn from a sequence, so every engine and every reload gives a row the
    same id, and a child row can name its parent's id without looking it up. At a million
    studies of a few hundred rows each the chance of any collision is below 10^-6.
    """
    digest = hashlib.blake2b(f"{nct_id}\x1f{table}\x1f{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1
