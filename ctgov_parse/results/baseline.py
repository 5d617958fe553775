"""Baseline Characteristics: the brief title again, the population description, then the
table ``Baseline characteristics by cohort``.

Header: per group (the Total group included) its title, ``n=120 Participants`` (several
units joined by `` • ``) and its description. Rows: a measure opens with its head, which
is its title, optional ``Measure Description:`` and ``Analysis Population Description:``
lines, and its kind line ``MEAN STANDARD_DEVIATION · years`` (param type, dispersion type,
unit); then each row is a class title ending in ``:`` and/or a category title (both
optional), and one cell per group: ``54.2 years STANDARD_DEVIATION 8.1``, ``59 years
FULL_RANGE 39 to 82``, ``9 Participants``; the first row of a class ends each cell with the
class's analysed count (`` • n=38 Participants``); a comment comes last in parentheses
(``NA Participants (not collected)``); ``-`` is a group with no value.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import (
    BaselineMeasure,
    Denominator,
    DispersionType,
    GroupCount,
    MeasureCategory,
    MeasureClass,
    Measurement,
    MeasureShape,
    ResultGroup,
    new,
)
from ctgov_parse.normalize import normalize_token
from ctgov_parse.page.read import plain_text, text_block
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.results import grammar
from ctgov_parse.results.common import (
    ResultsContext,
    cut_before_rows,
    find_tables,
    generic_table,
    group_from_cell,
    keep_table,
    one_line,
)
from ctgov_parse.results.site_rows import read_site_measures, split_site_header
from ctgov_parse.results.tables import Cell, RawTable, Row, TableSpec, read_table

_VALUE = re.compile(
    r"(?:[<>≤≥=~]{0,2}[-+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?|NA|NR|N/A|ND)"
)


class CellParts(NamedTuple):
    """A baseline cell taken apart; texts as the page writes them."""

    value: str | None = None
    dispersion: str | None = None
    spread: str | None = None
    lower: str | None = None
    upper: str | None = None
    denominators: tuple[tuple[str, str], ...] = ()  # (count, units)
    comment: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.comment is None and self.spread is None


@functools.lru_cache(maxsize=4096)
def parse_cell(text: str, unit: str | None) -> CellParts | None:
    """A value cell of a measure with ``unit``, or None when ``text`` is not one. (Pure and
    cached: the labelled reader asks of every cell once to know it is one, then reads it.)"""
    if text == "-":
        return CellParts()
    value = dispersion = spread = lower = upper = comment = None
    rest = text
    if not rest.startswith(("n=", "(")):
        token, _, rest = rest.partition(" ")
        if _VALUE.fullmatch(token) is None:
            return None
        value = token
        if unit:
            if rest != unit and not rest.startswith(unit + " "):
                return None
            rest = rest[len(unit) :].lstrip(" ")
        dispersion_token, _, after = rest.partition(" ")
        if dispersion_token in grammar.DISPERSION_TYPES and after:
            dispersion = dispersion_token
            first, _, rest = after.partition(" ")
            if rest.startswith("to "):
                lower = first
                upper, _, rest = rest[3:].partition(" ")
            else:
                spread = first
    if rest.startswith("("):  # a comment may stand before the class's count too
        end = _closing_parenthesis(rest)
        if end is not None and rest[end + 1 :].startswith((" • ", "")):
            comment, rest = rest[1:end], rest[end + 1 :].lstrip(" ")
    denominators: list[tuple[str, str]] = []
    while rest.startswith("• ") or rest.startswith("n="):
        part = rest[2:] if rest.startswith("• ") else rest
        end = len(part)
        for stop in (" • ", " ("):
            at = part.find(stop)
            if at >= 0:
                end = min(end, at)
        match = grammar.DENOMINATOR.fullmatch(part[:end])
        if match is None:
            return None
        denominators.append((match["value"], match["units"]))
        rest = part[end:].lstrip(" ")
    if comment is None and rest.startswith("(") and rest.endswith(")"):
        comment, rest = rest[1:-1], ""
    if rest:
        return None
    return CellParts(
        value,
        dispersion,
        None if spread == "-" else spread,
        None if lower == "-" else lower,
        None if upper == "-" else upper,
        tuple(denominators),
        comment,
    )


def _closing_parenthesis(text: str) -> int | None:
    """The index of the ``)`` that closes the ``(`` at ``text[0]``."""
    first = text.find(")")
    if first < 0:
        return None
    if text.find("(", 1, first) < 0:  # nothing nested: the first ")" closes it
        return first
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


class _Kind(NamedTuple):
    param: str
    dispersion: str | None
    unit: str | None


@functools.lru_cache(maxsize=4096)  # a row's label is looked at again for each of its cells
def _kind(text: str) -> _Kind | None:
    match = grammar.KIND_LINE.fullmatch(text)
    if match is None:
        return None
    return _Kind(match["param"], match["dispersion"], match["unit"])


def _is_head_marker(text: str) -> bool:
    return (
        text.startswith((grammar.MEASURE_DESCRIPTION, grammar.POPULATION_DESCRIPTION))
        or _kind(text) is not None
    )


class BaselineSpec(TableSpec):
    """The baseline table's labelled rendering: groups split at their ``n=`` lines, rows
    read with the unit of the measure whose head was last seen."""

    label_columns = 1

    def __init__(self) -> None:
        self.unit: str | None = None
        self.seen_head = False
        self.site_cells: dict[int, int] | None = None  # the site's shape: cell starts, sizes

    def split_header(self, lines: Sequence[NumberedLine]) -> tuple[list[Cell], int] | None:
        if not any(_kind(text) is not None for _, text in lines):
            site = split_site_header(lines)
            if site is not None:
                cells, start, self.site_cells = site
                return cells, start
        marker = next((at for at, (_, text) in enumerate(lines) if _is_head_marker(text)), None)
        if marker is not None and marker < 1:
            return None
        # The line above the first marker is the first measure's title; a table with no
        # measure (an outcome with its groups and no values yet) is all header.
        header = lines[: marker - 1] if marker is not None else lines
        counts = [
            at for at, (_, text) in enumerate(header) if grammar.DENOMINATOR_LINE.fullmatch(text)
        ]
        if not counts or counts[0] < 1:
            return None
        titles = [at - 1 for at in counts]
        ends = [*titles[1:], len(header)]
        cells = [tuple(header[start:end]) for start, end in zip(titles, ends, strict=True)]
        return cells, len(header)

    def value_at(
        self, lines: Sequence[NumberedLine], index: int, label: Sequence[NumberedLine]
    ) -> int:
        if self.site_cells is not None:
            return self.site_cells.get(index, 0)
        return 1 if self.is_value(lines[index][1], label) else 0

    def is_value(self, text: str, label: Sequence[NumberedLine]) -> bool:
        for index in range(len(label) - 1, 0, -1):  # a kind line below the measure title
            kind = _kind(label[index][1])
            if kind is not None:
                self.unit, self.seen_head = kind.unit, True
                break
        return self.seen_head and parse_cell(text, self.unit) is not None


def extract_baseline(section: Section, ctx: ResultsContext) -> None:
    found = find_tables(_after_title(ctx, section.lines), (grammar.BASELINE_CAPTION,))
    raw: dict[str, str] = {}
    population = _population(found.before, raw)
    groups: tuple[ResultGroup, ...] = ()
    denominators: tuple[Denominator, ...] = ()
    measures: list[BaselineMeasure] = []
    last = len(found.tables) - 1
    for position, (caption, caption_line, lines) in enumerate(found.tables):
        ours = caption in (grammar.BASELINE_CAPTION, "") and not groups
        table = read_table(lines, BaselineSpec()) if ours else None
        if ours and cut_before_rows(
            ctx, caption, caption_line, table, lines, last=position == last
        ):
            continue
        if table is not None:
            table = table.with_groups(tuple(header_cell(cell) for cell in table.groups))
        if table is None or not table.groups or not all(len(cell) > 1 for cell in table.groups):
            ctx.tables.append(generic_table(caption or None, caption_line, table, lines, ctx))
            continue
        groups = tuple(
            group_from_cell(cell, f"BG{index:03d}", skip=1)
            for index, cell in enumerate(table.groups)
        )
        denominators = header_denominators(table, groups)
        ctx.hints["baseline_titles"] = [cell[0][1] for cell in table.groups if cell]
        ctx.renderings.append(table.rendering)
        misfits = read_measures(table, groups, measures, ctx)
        keep_table(ctx, caption, table, misfits, last=position == last)
    if not (groups or measures or population):
        return
    ctx.results["baseline"] = new.baseline(
        population_description=population,
        groups=groups,
        denominators=denominators,
        measures=tuple(measures),
        raw=raw,
    )


_JOINED_HEADER = re.compile(r"(?P<title>.+?) (?P<count>n=\S+ \S+)(?: (?P<description>.+))?")


def header_cell(cell: Cell) -> Cell:
    """A group's header cell as title, ``n=`` line, description lines; a one-line cell
    whose parts a pipe row ran together with spaces is taken apart at its ``n=``."""
    if len(cell) != 1:
        return cell
    number, text = cell[0]
    match = _JOINED_HEADER.fullmatch(text)
    if match is None:
        return cell
    parts = [match["title"], match["count"], match["description"]]
    return tuple((number, part) for part in parts if part)


def _after_title(ctx: ResultsContext, lines: Sequence[NumberedLine]) -> Sequence[NumberedLine]:
    """The section without its first line when that is the brief title printed again."""
    title = ctx.raw.get("title", ctx.fields.get("title"))
    first = next((index for index, (_, text) in enumerate(lines) if text), None)
    if first is not None and title is not None and lines[first][1].strip() == title:
        return lines[first + 1 :]
    return lines


def _population(lines: Sequence[NumberedLine], raw: dict[str, str]) -> str | None:
    block = text_block(lines)
    if block is None:
        return None
    if block[1] != block[0]:
        raw["population_description"] = block[1]
    return block[0]


def header_denominators(table: RawTable, groups: Sequence[ResultGroup]) -> tuple[Denominator, ...]:
    by_units: dict[str, list[GroupCount]] = {}
    for group, cell in zip(groups, table.groups, strict=True):
        if len(cell) < 2:
            continue
        number, text = cell[1]
        for part in text.split(grammar.DENOMINATOR_SEPARATOR):
            match = grammar.DENOMINATOR.fullmatch(part)
            if match is not None:
                by_units.setdefault(match["units"], []).append(
                    new.group_count(group_id=group.id, value=match["value"], line=number)
                )
    return tuple(
        new.denominator(units=units, counts=tuple(counts)) for units, counts in by_units.items()
    )


class _MeasureDraft:
    __slots__ = ("classes", "head", "kind", "line", "raw")

    def __init__(self, head: list[NumberedLine], kind: _Kind) -> None:
        self.head = head
        self.kind = kind
        self.line = head[0][0]
        self.raw: dict[str, str] = {}
        self.classes: list[MeasureClass] = []

    def freeze(self) -> BaselineMeasure:
        title = plain_text(self.raw, "title", self.head[0][1])
        description = self._marked(grammar.MEASURE_DESCRIPTION, "description")
        population = self._marked(grammar.POPULATION_DESCRIPTION, "population_description")
        param_type = grammar.PARAM_TYPES.get(self.kind.param)
        if param_type is None and self.kind.param != "-":
            self.raw["param_type"] = self.kind.param  # a token the vocabulary does not know
        dispersion_type = None
        if self.kind.dispersion:
            with contextlib.suppress(NormalizeError):
                dispersion_type = normalize_token(DispersionType, self.kind.dispersion)
            if dispersion_type is None or dispersion_type.value != self.kind.dispersion:
                self.raw["dispersion_type"] = self.kind.dispersion
        return new.baseline_measure(
            title=title,
            description=description,
            population_description=population,
            param_type=param_type,
            dispersion_type=dispersion_type,
            unit_of_measure=self.kind.unit,
            classes=tuple(self.classes),
            raw=self.raw,
            line=self.line,
        )

    def _marked(self, marker: str, field: str) -> str | None:
        """The text after ``marker`` and its continuation lines, up to the next marker."""
        lines: list[str] = []
        inside = False
        for _, text in self.head[1:-1]:
            if text.startswith((grammar.MEASURE_DESCRIPTION, grammar.POPULATION_DESCRIPTION)):
                inside = text.startswith(marker)
                if inside:
                    lines.append(text[len(marker) :])
            elif inside:
                lines.append(text)
        if not lines:
            return None
        return plain_text(self.raw, field, "\n".join(lines))


def _split_label(
    label: Sequence[NumberedLine],
) -> tuple[list[NumberedLine], _Kind | None, list[NumberedLine]]:
    """A row's label lines: the measure head (when the row opens a measure) and the rest."""
    for index, (_, text) in enumerate(label):
        kind = _kind(text)
        if kind is not None and index >= 1:
            return list(label[: index + 1]), kind, list(label[index + 1 :])
    return [], None, list(label)


def read_measures(
    table: RawTable,
    groups: Sequence[ResultGroup],
    measures: list[BaselineMeasure],
    ctx: ResultsContext,
) -> list[Row]:
    """The measures of a table, in our shape (a kind line opens each) or the site's (no
    line names the statistic); returns the rows that fit none."""
    if table.rows and not any(
        _kind(text) is not None for row in table.rows for _, text in row.label
    ):
        misfits, drawn = read_site_measures(table, groups, measures, ctx.report, ctx.section or "")
        ctx.measure_shapes.append(drawn)
        return misfits
    if table.rows:
        ctx.measure_shapes.append(MeasureShape.STATED)
    return _read_stated_measures(table, groups, measures)


def _read_stated_measures(
    table: RawTable, groups: Sequence[ResultGroup], measures: list[BaselineMeasure]
) -> list[Row]:
    misfits: list[Row] = []
    draft: _MeasureDraft | None = None
    categories: list[MeasureCategory] = []
    class_title: str | None = None
    class_denominators: tuple[Denominator, ...] = ()
    class_open = False

    def close_class() -> None:
        nonlocal class_open
        empty = class_title is None and not class_denominators and not categories
        if draft is not None and class_open and not empty:
            draft.classes.append(
                new.measure_class(
                    title=class_title,
                    denominators=class_denominators,
                    categories=tuple(categories),
                )
            )
        class_open = False

    for row in table.rows:
        head, kind, rest = _split_label(row.label)
        if kind is not None:
            close_class()
            if draft is not None:
                measures.append(draft.freeze())
            draft = _MeasureDraft(head, kind)
        if draft is None or len(rest) > 2 or len(row.cells) != len(groups):
            misfits.append(row)
            continue
        parts = [parse_cell(one_line(cell), draft.kind.unit) for cell in row.cells]
        if any(part is None for part in parts):
            misfits.append(row)
            continue
        cells = [part for part in parts if part is not None]
        titled_class = rest and grammar.is_class_title(rest[0][1])
        if titled_class or any(part.denominators for part in cells) or not class_open:
            close_class()
            class_title = rest[0][1][:-1] if titled_class else None
            class_denominators = _cell_denominators(cells, groups, row)
            categories, class_open = [], True
            if titled_class:
                rest = rest[1:]
        if len(rest) > 1:
            misfits.append(row)
            continue
        if rest or not all(part.empty for part in cells):
            categories.append(
                new.measure_category(
                    title=grammar.category_title(rest[0][1]) if rest else None,
                    measurements=tuple(
                        _measurement(group.id, part, cell)
                        for group, part, cell in zip(groups, cells, row.cells, strict=True)
                        if not part.empty
                    ),
                    line=(rest[0][0] if rest else row.cells[0][0][0]),
                )
            )
    close_class()
    if draft is not None:
        measures.append(draft.freeze())
    return misfits


def _cell_denominators(
    cells: Sequence[CellParts], groups: Sequence[ResultGroup], row: Row
) -> tuple[Denominator, ...]:
    by_units: dict[str, list[GroupCount]] = {}
    for group, part, cell in zip(groups, cells, row.cells, strict=True):
        for value, units in part.denominators:
            by_units.setdefault(units, []).append(
                new.group_count(group_id=group.id, value=value, line=cell[0][0])
            )
    return tuple(
        new.denominator(units=units, counts=tuple(counts)) for units, counts in by_units.items()
    )


def _measurement(group_id: str, part: CellParts, cell: Cell) -> Measurement:
    return new.measurement(
        group_id=group_id,
        value=part.value,
        spread=part.spread,
        lower_limit=part.lower,
        upper_limit=part.upper,
        comment=part.comment,
        line=cell[0][0],
    )
