"""One reader for the results page's three table renderings.

Every table comes out the same way: the header's group cells (each a group's lines) and the
rows, each row its label lines and one value cell per group. The renderings:

- *pipe cells* (compact pages): ``| Measure |``, each group's lines closed by a lone ``|``,
  a ``|---|`` divider, then each row as ``|``, its label lines, ``|``, a value, ``|``...
  Cells are explicit; a row has one label cell and as many value cells as groups.
- *pipe rows*: ordinary one-line markdown rows, ``| Overall Study | STARTED | 60 | 58 |``;
  a cell's lines are joined by ``<br>``. The header says how many label columns there are.
- *labelled* (one cell per line): the caption, ``Measure``, each group's title and
  description (and, in the baseline, its ``n=`` line), then each row's label lines and one
  line per group. Nothing marks where the header ends or how many groups there are: a
  ``TableSpec`` for the table knows (the flow table's first row is its ``STARTED`` row, the
  baseline's first measure opens with its kind line) and says which lines are values (a
  cell of the site's measure tables is two lines: a value, then its ``n=`` line).

Strategy: the pipe renderings are cut by their ``|`` lines alone; the labelled rendering
asks its spec where the header ends and how to split it into groups, then takes rows as
label lines followed by exactly one value line per group. A last row cut short by the end
of a scrape is not guessed: its lines are left over, and the table is marked incomplete.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

import regex

from ctgov_parse.page.split import NumberedLine
from ctgov_parse.results import grammar

__all__ = [
    "Cell",
    "RawTable",
    "Row",
    "TableSpec",
    "is_table_start",
    "read_table",
    "split_pipe_row",
]

Cell = tuple[NumberedLine, ...]


class Row:
    """A table row: its label lines (the period and milestone, a measure's head, a category)
    and one value cell per group."""

    __slots__ = ("cells", "label")

    def __init__(self, label: tuple[NumberedLine, ...], cells: tuple[Cell, ...]) -> None:
        self.label = label
        self.cells = cells


class RawTable:
    """A table read from the page, before any field is taken from it: its ``rendering``
    ("labelled", "pipe-cells" or "pipe-rows"), first ``line``, the headers of its label
    columns, one header cell per group, its rows, the ``leftover`` lines (of a row cut short,
    or that fit no row) and whether it is ``complete``."""

    __slots__ = ("complete", "groups", "label_headers", "leftover", "line", "rendering", "rows")

    def __init__(
        self,
        rendering: str,
        line: int,
        label_headers: tuple[str, ...],
        groups: tuple[Cell, ...],
        rows: tuple[Row, ...],
        leftover: tuple[NumberedLine, ...],
        complete: bool,
    ) -> None:
        self.rendering = rendering
        self.line = line
        self.label_headers = label_headers
        self.groups = groups
        self.rows = rows
        self.leftover = leftover
        self.complete = complete

    def with_groups(self, groups: tuple[Cell, ...]) -> RawTable:
        """The same table with other group header cells."""
        return RawTable(
            self.rendering,
            self.line,
            self.label_headers,
            groups,
            self.rows,
            self.leftover,
            self.complete,
        )


class TableSpec:
    """What a table's extractor knows of its labelled rendering. (A base class rather than
    a Protocol: compiled, its methods are called through the class's own table, not looked
    up by name at every line.)"""

    label_columns: int = 1  # label columns of the pipe-rows rendering

    def split_header(self, lines: Sequence[NumberedLine]) -> tuple[list[Cell], int] | None:
        """The group cells of a labelled header and where the rows begin (an index into
        ``lines``, the lines after ``Measure``), or None when the lines do not say."""
        raise NotImplementedError

    def is_value(self, text: str, label: Sequence[NumberedLine]) -> bool:
        """Whether a line of the labelled rendering is a value cell, given the label lines
        of the row so far (a baseline measure's head says what its values look like)."""
        raise NotImplementedError

    def value_at(
        self, lines: Sequence[NumberedLine], index: int, label: Sequence[NumberedLine]
    ) -> int:
        """How many lines from ``lines[index]`` make a value cell of the labelled rendering
        (0: none starts there). One, unless the spec knows cells of two lines (the site's
        measure cells: a value, then its dispersion and ``n=`` line)."""
        return 1 if self.is_value(lines[index][1], label) else 0


def is_table_start(text: str) -> bool:
    """A line that opens a table in any rendering (after its caption)."""
    return text in (grammar.MEASURE_HEADER, _PIPE_MEASURE) or (
        grammar.PIPE_ROW.fullmatch(text) is not None and text != grammar.PIPE
    )


_PIPE_MEASURE = f"| {grammar.MEASURE_HEADER} |"


def read_table(lines: Sequence[NumberedLine], spec: TableSpec) -> RawTable | None:
    """Read the table that starts at the first of ``lines`` (non-blank lines, stripped), or
    None when no table starts there."""
    if not lines:
        return None
    first = lines[0][1]
    if first == _PIPE_MEASURE:
        return _read_pipe_cells(lines)
    if first == grammar.MEASURE_HEADER:
        return _read_labelled(lines, spec)
    pipe_rows = grammar.PIPE_ROW.fullmatch(first) and len(lines) > 1
    if pipe_rows and grammar.PIPE_DIVIDER.fullmatch(lines[1][1]):
        return _read_pipe_rows(lines, spec)
    return None


# --- pipe cells -------------------------------------------------------------------------------

# grammar.PIPE_DIVIDER as a whole line of a joined text (its spaces never cross a line end).
_DIVIDER_LINE = regex.compile(r"^\|(?:[ \t]*:?-+:?[ \t]*\|)+$", regex.MULTILINE)


def _first_divider(lines: Sequence[NumberedLine]) -> int | None:
    """The index of the first divider line after the first line (one search, not a Python
    step per line: a header of wreckage can be long)."""
    joined = "\n".join(map(operator.itemgetter(1), lines))
    start = joined.find("\n") + 1
    if not start:
        return None
    match = _DIVIDER_LINE.search(joined, start)
    return None if match is None else joined.count("\n", 0, match.start())


def _read_pipe_cells(lines: Sequence[NumberedLine]) -> RawTable:
    start = lines[0][0]
    end = _first_divider(lines)
    if end is None:  # the page ends inside the header
        return RawTable(
            "pipe-cells", start, (grammar.MEASURE_HEADER,), (), (), tuple(lines[1:]), False
        )
    groups: list[Cell] = []
    cell: list[NumberedLine] = []
    for number, text in lines[1:end]:
        if text == grammar.PIPE:
            groups.append(tuple(cell))
            cell = []
        else:
            cell.append((number, text))
    index = end
    leftover: list[NumberedLine] = list(cell)  # header lines after the last group's "|"
    index += 1
    width = len(groups) + 1
    rows: list[Row] = []
    complete = True
    while index < len(lines) and lines[index][1] == grammar.PIPE:
        row_start = index
        index += 1
        cells: list[Cell] = []
        current: list[NumberedLine] = []
        while index < len(lines) and len(cells) < width:
            number, text = lines[index]
            if text == grammar.PIPE:
                cells.append(tuple(current))
                current = []
            else:
                current.append((number, text))
            index += 1
        if len(cells) < width:  # cut short: keep what was there, guess nothing
            leftover += lines[row_start:index]
            complete = False
            break
        rows.append(Row(cells[0], tuple(cells[1:])))
    leftover += lines[index:]
    return RawTable(
        "pipe-cells",
        start,
        (grammar.MEASURE_HEADER,),
        tuple(groups),
        tuple(rows),
        tuple(leftover),
        complete,
    )


# --- pipe rows --------------------------------------------------------------------------------


def split_pipe_row(text: str) -> list[str] | None:
    """The cells of a one-line markdown row (``\\|`` is a pipe inside a cell), or None."""
    if not (text.startswith("|") and text.endswith("|")) or len(text) < 2:
        return None
    if "\\" not in text:  # the common row: no escaped pipes
        return [cell.strip() for cell in text[1:-1].split("|")]
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text[1:-1]:
        if escaped:
            current.append(char if char == "|" else "\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    cells.append("".join(current).strip())
    return cells


def _cell_lines(number: int, text: str) -> Cell:
    return tuple((number, part.strip()) for part in text.split(grammar.CELL_BREAK) if part.strip())


def _read_pipe_rows(lines: Sequence[NumberedLine], spec: TableSpec) -> RawTable:
    start, header_text = lines[0]
    header = split_pipe_row(header_text) or []
    label_columns = min(spec.label_columns, len(header))
    groups = tuple(_cell_lines(start, text) for text in header[label_columns:])
    rows: list[Row] = []
    leftover: list[NumberedLine] = []
    complete = True
    index = 2
    while index < len(lines):
        number, text = lines[index]
        cells = split_pipe_row(text)
        if cells is None:
            break
        if len(cells) != len(header):
            # A row cut mid-line (or one that fits no column count): kept, not guessed.
            leftover.append((number, text))
            complete = index + 1 < len(lines)
            index += 1
            continue
        label = tuple(line for cell in cells[:label_columns] for line in _cell_lines(number, cell))
        rows.append(Row(label, tuple(_cell_lines(number, cell) for cell in cells[label_columns:])))
        index += 1
    leftover += lines[index:]
    label_headers = tuple(header[:label_columns])
    return RawTable(
        "pipe-rows", start, label_headers, groups, tuple(rows), tuple(leftover), complete
    )


# --- labelled, one cell per line ----------------------------------------------------------------


def _read_labelled(lines: Sequence[NumberedLine], spec: TableSpec) -> RawTable:
    start = lines[0][0]
    body = lines[1:]
    split = spec.split_header(body)
    if split is None or not split[0]:
        return RawTable("labelled", start, (grammar.MEASURE_HEADER,), (), (), tuple(body), False)
    groups, index = split
    width = len(groups)
    rows: list[Row] = []
    label: list[NumberedLine] = []
    values: list[Cell] = []
    row_start = index
    while index < len(body):
        size = spec.value_at(body, index, label)
        if size:
            values.append(tuple(body[index : index + size]))
            index += size
            if len(values) == width:
                rows.append(Row(tuple(label), tuple(values)))
                label, values, row_start = [], [], index
            continue
        if values:
            break  # a label line amid a row's values: the row was cut or broken
        label.append(body[index])
        index += 1
    leftover = tuple(body[row_start:])
    return RawTable(
        "labelled",
        start,
        (grammar.MEASURE_HEADER,),
        tuple(groups),
        tuple(rows),
        leftover,
        not leftover,
    )
