"""What the results-page extractors share: their page context, finding the captioned tables
of a section, groups from header cells, and keeping what no record takes as generic tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ctgov_parse.extract.common import Context, NumberedLine, Reporter, plain_text
from ctgov_parse.model import GenericTable, ResultGroup
from ctgov_parse.results import grammar
from ctgov_parse.results.tables import Cell, RawTable, Row, is_table_start

__all__ = [
    "Found",
    "ResultsContext",
    "find_tables",
    "generic_table",
    "group_from_cell",
    "keep_table",
    "one_line",
]


class ResultsContext(Context):
    """A results page's context: besides the Trial's fields, the results records found
    (``results``), the tables kept cell by cell (``tables``), and what one table tells the
    reader of another (``hints``: the baseline's group titles help split the flow's)."""

    __slots__ = ("hints", "results", "tables")

    def __init__(self, report: Reporter) -> None:
        super().__init__(report)
        self.results: dict[str, Any] = {}
        self.tables: list[GenericTable] = []
        self.hints: dict[str, Any] = {}


def one_line(lines: Iterable[NumberedLine]) -> str:
    """A cell's lines as one text (the labelled rendering joins them with spaces)."""
    return " ".join(text for _, text in lines)


def group_from_cell(cell: Cell, group_id: str, *, skip: int = 0) -> ResultGroup:
    """A group from its header cell: the title line, then (after ``skip`` lines, the
    baseline's ``n=`` line) the description, its lines joined as the page shows them."""
    raw: dict[str, str] = {}
    title = plain_text(raw, "title", cell[0][1]) if cell else ""
    rest = cell[1 + skip :]
    description = None
    if rest:
        page_text = "\n".join(text for _, text in rest)
        description = plain_text(raw, "description", page_text)
    return ResultGroup(
        id=group_id,
        title=title,
        description=description,
        raw=raw,
        line=cell[0][0] if cell else None,
    )


class Found(NamedTuple):
    """A section cut at its table captions: the lines before the first caption, then each
    table's caption (empty for a table that lost it), caption line and lines (non-blank,
    stripped)."""

    before: list[NumberedLine]
    tables: list[tuple[str, int, list[NumberedLine]]]


def _next_nonblank(lines: Sequence[NumberedLine], index: int) -> int:
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    return index


def _opens_table(lines: Sequence[NumberedLine], index: int) -> bool:
    """Whether a table starts at ``lines[index]``: ``Measure``, ``| Measure |``, or a pipe
    row with its divider below it."""
    text = lines[index][1].strip()
    if not is_table_start(text):
        return False
    if text in (grammar.MEASURE_HEADER, f"| {grammar.MEASURE_HEADER} |"):
        return True
    after = _next_nonblank(lines, index + 1)
    return (
        grammar.PIPE_DIVIDER.fullmatch(text) is None
        and after < len(lines)
        and grammar.PIPE_DIVIDER.fullmatch(lines[after][1].strip()) is not None
    )


def find_tables(lines: Sequence[NumberedLine], captions: Iterable[str]) -> Found:
    """Cut ``lines`` at the captions of known tables and at any other line that stands
    above a table (a caption the grammar does not know). A labelled page prints a caption
    twice (once above the table, once as its first line): the repeat is skipped."""
    known = frozenset(captions)
    before: list[NumberedLine] = []
    tables: list[tuple[str, int, list[NumberedLine]]] = []
    index = 0
    while index < len(lines):
        number, text = lines[index]
        stripped = text.strip()
        after = _next_nonblank(lines, index + 1)
        if stripped and after < len(lines) and lines[after][1].strip() == stripped:
            after = _next_nonblank(lines, after + 1)  # the caption printed again
        captions_a_table = (
            stripped
            and stripped != grammar.PIPE
            and not is_table_start(stripped)
            and after < len(lines)
            and _opens_table(lines, after)
        )
        if stripped in known or captions_a_table:
            tables.append((stripped, number, []))
            index = after
            continue
        if not tables and stripped and _opens_table(lines, index):
            tables.append(("", number, []))  # a table without its caption
            continue
        if tables:
            if stripped:
                tables[-1][2].append((number, stripped))
        else:
            before.append((number, text))
        index += 1
    return Found(before, tables)


def generic_table(
    caption: str | None,
    line: int,
    table: RawTable | None,
    lines: Sequence[NumberedLine],
    ctx: Context,
) -> GenericTable:
    """A table kept cell by cell: with its columns when its rendering showed them, else one
    cell per line. Reported once, as ``unknown-table``."""
    what = f"table {caption!r}" if caption else "a table without its caption"
    ctx.report(
        "unknown-table",
        f"{what} has a caption or shape that maps to no record: kept cell by cell",
        line=line,
        section=ctx.section,
    )
    if table is not None and (table.groups or table.rows):
        headers = tuple(
            [*table.label_headers, *("\n".join(text for _, text in cell) for cell in table.groups)]
        )
        rows = tuple(_row_cells(row) for row in table.rows)
        leftover = tuple((text,) for _, text in table.leftover)
        return GenericTable(
            caption=caption, headers=headers, rows=rows + leftover, section=ctx.section, line=line
        )
    return GenericTable(
        caption=caption,
        rows=tuple((text,) for _, text in lines),
        section=ctx.section,
        line=line,
    )


def _row_cells(row: Row) -> tuple[str, ...]:
    label = "\n".join(text for _, text in row.label)
    return (label, *("\n".join(text for _, text in cell) for cell in row.cells))


def keep_table(
    ctx: ResultsContext,
    caption: str,
    table: RawTable,
    misfits: Sequence[Row],
    *,
    last: bool,
) -> None:
    """Keep the rows of ``table`` that fit no record (``misfits``) as a generic table with a
    ``table-row-misfit`` diagnostic, and report a table cut short: ``truncated-table`` when
    it ends the page, else its left-over lines stay unparsed."""
    if misfits:
        ctx.report(
            "table-row-misfit",
            f"{len(misfits)} row(s) of {caption!r} fit none of its group columns: kept as a"
            " generic table",
            line=misfits[0].label[0][0] if misfits[0].label else table.line,
            section=ctx.section,
        )
        ctx.tables.append(
            GenericTable(
                caption=caption,
                headers=tuple([*table.label_headers, *(one_line(cell) for cell in table.groups)]),
                rows=tuple(_row_cells(row) for row in misfits),
                section=ctx.section,
                line=table.line,
            )
        )
    if table.leftover:
        if last:
            ctx.report(
                "truncated-table",
                f"table {caption!r} ends inside a row: its complete rows are kept",
                line=table.leftover[0][0],
                section=ctx.section,
            )
        ctx.keep(table.leftover)
