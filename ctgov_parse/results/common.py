"""What the results-page extractors share: their page context, finding the captioned tables
of a section, groups from header cells, and keeping what no record takes as generic tables."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ctgov_parse.model import GenericTable, MeasureShape, ResultGroup, new
from ctgov_parse.page.read import Context, Reporter, plain_text, text_block
from ctgov_parse.page.split import NumberedLine
from ctgov_parse.results import grammar
from ctgov_parse.results.tables import Cell, RawTable, Row, TableSpec, is_table_start, read_table

__all__ = [
    "GENERIC_SPEC",
    "Found",
    "Inline",
    "ResultsContext",
    "cut_before_rows",
    "find_tables",
    "generic_table",
    "group_from_cell",
    "inline_text",
    "keep_table",
    "one_line",
    "openings",
    "read_inline",
]


class ResultsContext(Context):
    """A results page's context: besides the Trial's fields, the results records found
    (``results``), the tables kept cell by cell (``tables``), and what one table tells the
    reader of another (``hints``: the baseline's group titles help split the flow's)."""

    __slots__ = ("hints", "measure_shapes", "renderings", "results", "tables")

    def __init__(self, report: Reporter) -> None:
        super().__init__(report)
        self.results: dict[str, Any] = {}
        self.tables: list[GenericTable] = []
        self.hints: dict[str, Any] = {}
        self.renderings: list[str] = []  # how each table read was drawn, in page order
        # How each measure table drew its rows (None: in the site's shape, either way).
        self.measure_shapes: list[MeasureShape | None] = []


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
    return new.result_group(
        id=group_id,
        title=title,
        description=description,
        raw=raw,
        line=cell[0][0] if cell else None,
    )


class Found:
    """A section cut at its table captions: the lines before the first caption, then each
    table's caption (empty for a table that lost it), caption line and lines (non-blank,
    stripped)."""

    __slots__ = ("before", "tables")

    def __init__(
        self, before: list[NumberedLine], tables: list[tuple[str, int, list[NumberedLine]]]
    ) -> None:
        self.before = before
        self.tables = tables


def _may_open_table(text: str) -> bool:
    """A line (stripped) that may open a table: ``Measure``, ``| Measure |`` or any one-line
    pipe row (a lone ``|`` is not one)."""
    if not text:
        return False
    if text[0] == "|":
        return len(text) > 1 and text[-1] == "|"
    return text == grammar.MEASURE_HEADER


def _next_nonblank(texts: Sequence[str], index: int) -> int:
    index += 1
    while index < len(texts) and not texts[index]:
        index += 1
    return index


def _previous_nonblank(texts: Sequence[str], index: int) -> int | None:
    index -= 1
    while index >= 0 and not texts[index]:
        index -= 1
    return index if index >= 0 else None


def openings(texts: Sequence[str]) -> set[int]:
    """Where tables start (stripped lines, blank ones empty): ``Measure``, ``| Measure |``,
    or a pipe row with its divider below it."""
    opens = set()
    size = len(texts)
    divider = grammar.PIPE_DIVIDER.fullmatch
    for index in range(size):
        text = texts[index]
        if not _may_open_table(text):
            continue
        if text in _MEASURE_LINES:
            opens.add(index)
            continue
        after = _next_nonblank(texts, index)
        if after < size and divider(texts[after]) is not None and divider(text) is None:
            opens.add(index)
    return opens


_MEASURE_LINES = frozenset({grammar.MEASURE_HEADER, f"| {grammar.MEASURE_HEADER} |"})


def find_tables(lines: Sequence[NumberedLine], captions: Iterable[str]) -> Found:
    """Cut ``lines`` at the captions of known tables and at any other line that stands
    above a table (a caption the grammar does not know). A labelled page prints a caption
    twice (once above the table, once as its first line): the repeat is skipped.

    Only the lines that can open a table or caption one are looked at one by one (known
    captions, table openings, the line above an opening and its repeat); the lines between
    them go to the table being read in bulk, so a long page costs little per line."""
    known = frozenset(captions)
    texts = list(map(str.strip, map(_text_of, lines)))
    opens = openings(texts)
    size = len(texts)
    candidates = set(opens)
    if known:
        candidates.update(index for index in range(size) if texts[index] in known)
    for index in opens:
        above = _previous_nonblank(texts, index)
        if above is not None:
            candidates.add(above)
            again = _previous_nonblank(texts, above)
            if again is not None and texts[again] == texts[above]:
                candidates.add(again)
    before: list[NumberedLine] = []
    tables: list[tuple[str, int, list[NumberedLine]]] = []

    def take(start: int, end: int) -> None:
        if start >= end:
            return
        if tables:  # the non-blank lines, stripped, with their numbers (all in C)
            numbers = map(_number_of, lines[start:end])
            tables[-1][2].extend(filter(_text_of, zip(numbers, texts[start:end], strict=True)))
        else:
            before.extend(lines[start:end])

    index = 0
    for candidate in sorted(candidates):
        if candidate < index:  # skipped with a caption printed again
            continue
        take(index, candidate)
        index = candidate
        stripped = texts[candidate]
        after = _next_nonblank(texts, candidate)
        if after < size and texts[after] == stripped:
            after = _next_nonblank(texts, after)  # the caption printed again
        if (stripped in known and _captions_here(texts, after, opens)) or (
            after in opens and stripped != grammar.PIPE and not is_table_start(stripped)
        ):
            tables.append((stripped, lines[candidate][0], []))
            index = after
        elif not tables and candidate in opens:
            tables.append(("", lines[candidate][0], []))  # a table without its caption
    take(index, size)
    return Found(before, tables)


def _captions_here(texts: Sequence[str], after: int, opens: set[int]) -> bool:
    """Whether a known caption whose next non-blank line is ``texts[after]`` captions a
    table there: a line that may open a table follows (a table's first line, whole or cut
    short), or the page ends (a table cut after its caption), or the flow's ``Withdrawal
    data not reported``. Registry text that says a caption elsewhere (an event term, a
    group title) is a line of the table it stands in."""
    return (
        after in opens
        or after >= len(texts)
        or _may_open_table(texts[after])
        or texts[after] == grammar.WITHDRAWALS_NOT_REPORTED
    )


_number_of = operator.itemgetter(0)
_text_of = operator.itemgetter(1)


class _GenericSpec(TableSpec):
    """A table no extractor knows: its pipe renderings still give its columns (all of them
    as value columns); its labelled rendering gives one cell per line."""

    label_columns = 0

    def split_header(self, lines: Sequence[NumberedLine]) -> tuple[list[Cell], int] | None:
        return None

    def is_value(self, text: str, label: Sequence[NumberedLine]) -> bool:
        return False


GENERIC_SPEC = _GenericSpec()


def read_generic(lines: Sequence[NumberedLine]) -> RawTable | None:
    """An unknown table read as far as its rendering allows."""
    return read_table(lines, GENERIC_SPEC)


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
    if table is None:
        table = read_generic(lines)
    if table is not None and (table.groups or table.rows):
        headers = tuple(
            [*table.label_headers, *("\n".join(text for _, text in cell) for cell in table.groups)]
        )
        rows = tuple(_row_cells(row) for row in table.rows)
        leftover = tuple((text,) for _, text in table.leftover)
        return new.generic_table(
            caption=caption, headers=headers, rows=rows + leftover, section=ctx.section, line=line
        )
    return new.generic_table(
        caption=caption,
        rows=tuple(zip(map(_text_of, lines), strict=True)),  # one cell per line
        section=ctx.section,
        line=line,
    )


def _row_cells(row: Row) -> tuple[str, ...]:
    cells = tuple("\n".join(text for _, text in cell) for cell in row.cells)
    if not row.label:
        return cells
    return ("\n".join(text for _, text in row.label), *cells)


def cut_before_rows(
    ctx: ResultsContext,
    caption: str,
    caption_line: int,
    table: RawTable | None,
    lines: Sequence[NumberedLine],
    *,
    last: bool,
) -> bool:
    """Whether a table of a known caption ends the page (``last`` in a section that ends
    it) before its first whole row: the page was cut there. Its groups cannot be told from
    a header that may be cut too, so nothing is read from it: ``truncated-table``, and its
    lines (caption included) are kept where they stood."""
    if not (last and ctx.ends_page) or (table is not None and table.rows):
        return False
    ctx.report(
        "truncated-table",
        f"table {caption!r} ends the page before its first complete row: its lines are kept",
        line=lines[0][0] if lines else caption_line,
        section=ctx.section,
    )
    ctx.keep([(caption_line, caption), *lines] if caption else lines)
    return True


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
            new.generic_table(
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


# --- inline labels ------------------------------------------------------------------------------


class Inline:
    """A ``Label: value`` line and the lines its value runs on to."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int, lines: list[NumberedLine]) -> None:
        self.line = line
        self.lines = lines


def read_inline(
    lines: Sequence[NumberedLine], labels: Mapping[str, str]
) -> tuple[dict[str, Inline], list[NumberedLine]]:
    """The values of ``labels`` (field -> ``"Label: "``) among ``lines``: each label line's
    value, with the lines after it up to the next label. Returns the values by field and
    the lines that stood before any label (or repeated a label already read)."""
    field_by_label = {label.rstrip(): field for field, label in labels.items()}
    values: dict[str, Inline] = {}
    before: list[NumberedLine] = []
    current: Inline | None = None
    for number, text in lines:
        stripped = text.strip()
        label, colon, rest = stripped.partition(":")
        field = field_by_label.get(label + colon) if colon else None
        if field is not None and field not in values:
            current = values[field] = Inline(number, [(number, rest.strip())])
        elif current is not None:
            current.lines.append((number, text))
        else:
            before.append((number, text))
    return values, before


def inline_text(raw: dict[str, str], field: str, value: Inline | None) -> str | None:
    """An inline value as text (escapes removed, the page spelling kept in ``raw``)."""
    if value is None:
        return None
    block = text_block(value.lines)
    if block is None:
        return None
    if block[1] != block[0]:
        raw[field] = block[1]
    return block[0]
