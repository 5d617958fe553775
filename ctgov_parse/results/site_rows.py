"""Measure tables (baseline, outcomes) as the site draws their rows: no line names the
statistic.

A row's label is the measure title (repeated on every category row, or on the first only),
then a class title ending in ``:`` (ours: not seen on a real page yet) and the category
title. A cell is two lines: the value with its unit (``41.3 years``, ``NA years (not
collected)``), then the dispersion and the site's own ``n=`` (``STANDARD_DEVIATION 9.2 •
n=3 Participants``) or the ``n=`` alone (``n=12 Participants``); ``-`` is a group with no
value. The param type is not on the page: it is inferred from the cells (a spread: a mean;
limits: a median; whole numbers of ``Participants``: a count; else a number) and reported
as ``inferred-field``. The cell's ``n=`` is kept as its text (``Measurement.page_count``):
on the pages seen it was the site's, not a registry count.

In the one-cell-per-line rendering nothing marks where the header ends: the number of
groups is the length of the runs of cells (each value line with its ``n=`` line below it),
checked against every row of the table, and the header is that many ``n=`` lines, each
with its title above it.
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import functools
import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import (
    BaselineMeasure,
    DispersionType,
    MeasureCategory,
    Measurement,
    MeasureShape,
    ParamType,
    ResultGroup,
    new,
)
from ctgov_parse.normalize import normalize_token
from ctgov_parse.page.read import Reporter, plain_text
from ctgov_parse.page.split import NumberedLine
from ctgov_parse.results import grammar
from ctgov_parse.results.tables import Cell, RawTable, Row

__all__ = [
    "SiteCell",
    "cell_runs",
    "is_second_line",
    "parse_site_cell",
    "read_site_measures",
    "split_site_header",
]

_VALUE = re.compile(
    r"(?:[<>≤≥=~]{0,2}[-+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?|NA|NR|N/A|ND)"
)
_COUNT_MARK = grammar.DENOMINATOR_SEPARATOR + "n="
_LIMITS = re.compile(r"(?P<dispersion>.+) (?P<lower>\S+) to (?P<upper>\S+)")
_SPREAD = re.compile(r"(?P<dispersion>.+) (?P<spread>\S+)")
_WHOLE = re.compile(r"\d{1,12}")
_NOT_AVAILABLE = frozenset({"NA", "NR", "N/A", "ND"})
# A dispersion with no n= after it: a token of ours (never NA: a value can be NA), a spread
# or limits.
_BARE_DISPERSION = re.compile(r"(?P<token>(?!NA )[A-Z][A-Z0-9_]*) \S+(?: to \S+)?")
_MARKERS = (grammar.MEASURE_DESCRIPTION, grammar.POPULATION_DESCRIPTION)


class SiteCell(NamedTuple):
    """A cell of the site's shape taken apart; texts as the page writes them. ``rest`` is
    what follows the value on its line: the unit, and a comment in parentheses."""

    value: str | None = None
    rest: str = ""
    dispersion: str | None = None
    spread: str | None = None
    lower: str | None = None
    upper: str | None = None
    page_count: str | None = None  # the cell's ``n=`` text, ``n=`` included

    @property
    def empty(self) -> bool:
        return self.value is None and self.page_count is None


def is_value_line(text: str) -> bool:
    """The first line of a cell: ``-`` (maybe with a comment), or a value and its unit."""
    token = text.partition(" ")[0]
    return token == "-" or _VALUE.fullmatch(token) is not None


@functools.lru_cache(maxsize=4096)
def is_second_line(text: str) -> bool:
    """The second line of a cell: ``n=3 Participants``, or a dispersion and its ``n=``
    (``STANDARD_DEVIATION 9.2 • n=3 Participants``), or a dispersion token and its spread."""
    if grammar.DENOMINATOR_LINE.fullmatch(text) or _COUNT_MARK in text:
        return True
    match = _BARE_DISPERSION.fullmatch(text)
    return match is not None and match["token"] in grammar.DISPERSION_TYPES


@functools.lru_cache(maxsize=4096)
def _second(text: str) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """A cell's second line as (dispersion, spread, lower, upper, count)."""
    if text.startswith("n="):
        return None, None, None, None, text
    dispersion_text, mark, count = text.partition(_COUNT_MARK)
    count_text = "n=" + count if mark else None
    limits = _LIMITS.fullmatch(dispersion_text)
    if limits is not None:
        return limits["dispersion"], None, limits["lower"], limits["upper"], count_text
    spread = _SPREAD.fullmatch(dispersion_text)
    if spread is not None:
        return spread["dispersion"], spread["spread"], None, None, count_text
    return dispersion_text, None, None, None, count_text


def parse_site_cell(cell: Sequence[str]) -> SiteCell | None:
    """A cell of one or two lines, or None when it is not one of the site's cells."""
    if not cell or len(cell) > 2:
        return None
    first = cell[0]
    if len(cell) == 2 and not is_second_line(cell[1]):
        return None
    dispersion, spread, lower, upper, count = _second(cell[1]) if len(cell) == 2 else (None,) * 5
    token, _, rest = first.partition(" ")
    if token == "-":  # no value (a comment may say why)
        return None if dispersion is not None else SiteCell(None, rest, page_count=count)
    if _VALUE.fullmatch(token) is None:
        return None
    return SiteCell(
        token,
        rest,
        dispersion,
        None if spread == "-" else spread,
        None if lower == "-" else lower,
        None if upper == "-" else upper,
        count,
    )


# --- the one-cell-per-line rendering: where cells are, how many groups ----------------------


def cell_runs(lines: Sequence[NumberedLine]) -> list[tuple[int, list[int]]]:
    """Runs of consecutive cells: (start, each cell's size), in page order. A cell is a
    value line with its second line below it, or a lone ``-``."""
    runs: list[tuple[int, list[int]]] = []
    index = 0
    size = len(lines)
    while index < size:
        sizes: list[int] = []
        start = index
        while index < size:
            text = lines[index][1]
            size_here = _cell_size(text, lines[index + 1][1] if index + 1 < size else None)
            if not size_here:
                break
            sizes.append(size_here)
            index += size_here
        if sizes:
            runs.append((start, sizes))
        else:
            index += 1
    return runs


def _cell_size(text: str, below: str | None) -> int:
    """How many lines make the cell that starts with ``text`` (0: none does)."""
    if text.startswith("-") and text.partition(" ")[0] == "-":
        # no value: its n= line if any (a dispersion cannot follow it)
        return 2 if below is not None and grammar.DENOMINATOR_LINE.fullmatch(below) else 1
    if below is None or grammar.DENOMINATOR_LINE.fullmatch(text) or not is_value_line(text):
        return 0
    return 2 if is_second_line(below) else 0


def split_site_header(
    lines: Sequence[NumberedLine],
) -> tuple[list[Cell], int, dict[int, int]] | None:
    """The site's header in the one-cell-per-line rendering: its group cells, where the
    rows begin, and where each cell of the rows starts (index -> lines); None when no
    number of groups fits every row."""
    runs = cell_runs(lines)
    counts = [at for at, (_, text) in enumerate(lines) if grammar.DENOMINATOR_LINE.fullmatch(text)]
    if not runs or not counts:
        return None
    lengths = collections.Counter(len(sizes) for _, sizes in runs)
    widths = [width for width, _ in lengths.most_common(8)]
    # A table cut inside its first row has no whole run: its header's n= lines, counted
    # up to one of its first runs, say how wide it is.
    widths += [bisect.bisect_left(counts, start) for start, _ in runs[:3]]
    for width in dict.fromkeys(widths):
        found = _header_for(lines, runs, counts, width)
        if found is not None:
            return found
    return None


def _header_for(
    lines: Sequence[NumberedLine],
    runs: Sequence[tuple[int, list[int]]],
    counts: Sequence[int],
    width: int,
) -> tuple[list[Cell], int, dict[int, int]] | None:
    if len(counts) < width or counts[0] < 1:
        return None
    header_counts = counts[:width]
    if any(later - earlier < 2 for earlier, later in itertools.pairwise(header_counts)):
        return None  # each group's n= line has its title above it
    body = [(start, sizes) for start, sizes in runs if start > header_counts[-1]]
    if not body or (width < len(counts) and counts[width] < body[0][0]):
        return None  # no rows, or an n= line of the header left out
    for position, (_, sizes) in enumerate(body):
        if len(sizes) != width and not (position == len(body) - 1 and len(sizes) < width):
            return None  # a run that is not one row (the last may be cut short)
    first_cell = body[0][0]
    label = [text for _, text in lines[header_counts[-1] + 1 : first_cell]]
    if not label:
        return None
    after_first_row = first_cell + sum(body[0][1])
    next_label = lines[after_first_row][1] if after_first_row < len(lines) else None
    described = _last_group_described(label, next_label)
    rows_start = header_counts[-1] + 1 + (1 if described else 0)
    cells: list[Cell] = []
    for position, count_at in enumerate(header_counts):
        end = header_counts[position + 1] - 1 if position + 1 < width else rows_start
        cells.append(tuple(lines[count_at - 1 : end]))
    starts: dict[int, int] = {}
    for start, sizes in body:
        at = start
        for size in sizes:
            starts[at] = size
            at += size
    return cells, rows_start, starts


def _last_group_described(label: Sequence[str], next_label: str | None) -> bool:
    """Whether the first of the lines between the last group's ``n=`` and the first row's
    cells is that group's description (the labelled rendering joins one to a line) rather
    than the first measure's title."""
    if len(label) < 2:
        return False
    if next_label is not None and next_label in (label[0], label[1]):
        return next_label == label[1]  # the title repeated on the next row says which
    first = label[0]
    if first == grammar.TOTAL_DESCRIPTION or first.endswith((".", ")")) or len(first) > 80:
        return True
    second = label[1]
    return (
        len(label) >= 3 and not grammar.is_class_title(second) and not second.startswith(_MARKERS)
    )


# --- reading the rows ------------------------------------------------------------------------


class _Draft:
    __slots__ = ("classes", "line", "markers", "title", "unit")

    def __init__(self, title: NumberedLine, markers: list[str], unit: str | None) -> None:
        self.title = title
        self.line = title[0]
        self.markers = markers
        self.unit = unit  # of the measure's first row with a value
        # Each class's rows: the category's label line, the row, its cells read once.
        self.classes: list[
            tuple[str | None, list[tuple[NumberedLine | None, Row, list[SiteCell]]]]
        ] = []

    def has_categories(self) -> bool:
        """Whether a row of the measure had a class or category title (a measure without
        them has one row)."""
        return any(
            title is not None or any(label is not None for label, _, _ in rows)
            for title, rows in self.classes
        )


def _label_parts(label: Sequence[NumberedLine]) -> tuple[list[str], list[NumberedLine]]:
    """A row's label below its title: its marker lines, and the rest."""
    markers = [text for _, text in label if text.startswith(_MARKERS)]
    rest = [line for line in label if not line[1].startswith(_MARKERS)]
    return markers, rest


def _categories_of(label: Sequence[NumberedLine]) -> int:
    """How many lines of a label stand below its first: class and category titles."""
    return sum(1 for _, text in label[1:] if not text.startswith(_MARKERS))


def _repeats_titles(rows: Sequence[Row]) -> bool:
    return any(
        _categories_of(one.label)
        and _categories_of(two.label)
        and one.label[0][1] == two.label[0][1]
        for one, two in itertools.pairwise(rows)
    )


def _row_unit(cells: Sequence[SiteCell]) -> str | None:
    units = [_unit_of(cell.rest) for cell in cells if cell.value is not None]
    return collections.Counter(units).most_common(1)[0][0] if units else None


def _opens_measure(
    label: Sequence[NumberedLine], unit: str | None, draft: _Draft | None, repeated: bool
) -> bool:
    """Whether a row opens a measure. Where titles are repeated, a new title does; where
    they are not, a row of one line is a category of a measure that has categories (when
    its cells have the measure's unit), and a class title (``Brazil:``) continues one."""
    if draft is None:
        return True
    first = label[0][1]
    if repeated:  # a category row is its measure's title and its category (or class)
        markers = any(text.startswith(_MARKERS) for _, text in label[1:])
        return (
            first != draft.title[1]
            or markers
            or not _categories_of(label)
            or not draft.has_categories()
        )
    if grammar.is_class_title(first):
        return False
    if len(label) > 1 or first == draft.title[1]:  # a category is not named as its measure
        return True
    return not draft.has_categories() or (unit is not None and unit != draft.unit)


def read_site_measures(
    table: RawTable,
    groups: Sequence[ResultGroup],
    measures: list[BaselineMeasure],
    report: Reporter,
    section: str,
) -> tuple[list[Row], MeasureShape | None]:
    """The measures of a table in the site's shape; returns the rows that fit none (kept
    as a generic table) and how the table drew its titles: ``SITE`` when a title was seen
    repeated, ``SITE_UNREPEATED`` when a row was read as more of a measure without it, and
    None when no measure had a second row (the table reads the same either way)."""
    repeated = _repeats_titles(table.rows)
    continued = False
    misfits: list[Row] = []
    drafts: list[_Draft] = []
    for row in table.rows:
        if len(row.cells) != len(groups) or not row.label:
            misfits.append(row)
            continue
        cells = [parse_site_cell([text for _, text in cell]) for cell in row.cells]
        parsed = [cell for cell in cells if cell is not None]
        if len(parsed) != len(cells):
            misfits.append(row)
            continue
        unit = _row_unit(parsed)
        draft = drafts[-1] if drafts else None
        if draft is None or _opens_measure(row.label, unit, draft, repeated):
            markers, rest = _label_parts(row.label[1:])
            draft = _Draft(row.label[0], markers, unit)
            drafts.append(draft)
        else:
            rest = list(row.label[1:] if repeated else row.label)
            continued = True
            if draft.unit is None:
                draft.unit = unit
        if rest and grammar.is_class_title(rest[0][1]):
            draft.classes.append((rest[0][1][:-1], []))
            rest = rest[1:]
        elif not draft.classes:
            draft.classes.append((None, []))
        if len(rest) > 1 or any(not _fits(cell, draft.unit) for cell in parsed):
            misfits.append(row)
            continue
        draft.classes[-1][1].append((rest[0] if rest else None, row, parsed))
    for draft in drafts:
        measures.append(_measure(draft, groups, report, section))
    if repeated:
        return misfits, MeasureShape.SITE
    return misfits, MeasureShape.SITE_UNREPEATED if continued else None


def _fits(cell: SiteCell, unit: str | None) -> bool:
    """A cell whose line reads as a value in ``unit`` (and maybe a comment)."""
    if cell.value is None:  # no value, and so no unit: maybe a comment
        return not cell.rest or _comment(cell.rest, None) is not None
    return cell.rest == (unit or "") or _comment(cell.rest, unit) is not None


def _comment(rest: str, unit: str | None) -> str | None:
    """The comment after the unit, in parentheses, or None."""
    opening = f"{unit} (" if unit else "("
    if rest.startswith(opening) and rest.endswith(")"):
        return rest[len(opening) : -1]
    return None


def _measure(
    draft: _Draft, groups: Sequence[ResultGroup], report: Reporter, section: str
) -> BaselineMeasure:
    raw: dict[str, str] = {}
    cells = [
        cell
        for _, rows in draft.classes
        for _, _, parsed in rows
        for cell in parsed
        if cell.value is not None
    ]
    dispersion_text = next((cell.dispersion for cell in cells if cell.dispersion), None)
    param = _inferred_param(cells, draft.unit, dispersion_text)
    report(
        "inferred-field",
        f"{draft.title[1]!r}: no line names its statistic; read as {param.value} from its cells",
        line=draft.line,
        section=section,
        field="param_type",
    )
    dispersion_type = None
    if dispersion_text:
        with contextlib.suppress(NormalizeError):
            dispersion_type = normalize_token(DispersionType, dispersion_text)
        if dispersion_type is None or dispersion_type.value != dispersion_text:
            raw["dispersion_type"] = dispersion_text
    classes = tuple(
        new.measure_class(
            title=class_title,
            categories=tuple(
                category
                for category in (
                    _category(label, row, parsed, groups, draft.unit) for label, row, parsed in rows
                )
                if category.title is not None or category.measurements  # not a bare class row
            ),
        )
        for class_title, rows in draft.classes
        if rows or class_title is not None
    )
    title = plain_text(raw, "title", draft.title[1])
    return new.baseline_measure(
        title=title,
        description=_marked(draft.markers, grammar.MEASURE_DESCRIPTION, raw, "description"),
        population_description=_marked(
            draft.markers, grammar.POPULATION_DESCRIPTION, raw, "population_description"
        ),
        param_type=param,
        dispersion_type=dispersion_type,
        unit_of_measure=draft.unit or None,
        classes=classes,
        raw=raw,
        line=draft.line,
    )


def _marked(markers: Sequence[str], marker: str, raw: dict[str, str], field: str) -> str | None:
    text = next((line[len(marker) :] for line in markers if line.startswith(marker)), None)
    return None if text is None else plain_text(raw, field, text)


def _unit_of(rest: str) -> str:
    """The unit on a value line: what follows the value, less a comment in parentheses."""
    if rest.startswith("(") and rest.endswith(")"):
        return ""
    at = rest.rfind(" (")
    if at > 0 and rest.endswith(")"):
        return rest[:at]
    return rest


def _inferred_param(
    cells: Sequence[SiteCell], unit: str | None, dispersion: str | None
) -> ParamType:
    if dispersion is not None:
        if any(cell.lower is not None or cell.upper is not None for cell in cells):
            return ParamType.MEDIAN if "range" in dispersion.lower() else ParamType.MEAN
        if "geometric" in dispersion.lower():
            return ParamType.GEOMETRIC_MEAN
        return ParamType.MEAN
    counts = [cell.value for cell in cells if cell.value not in _NOT_AVAILABLE]
    if unit == "Participants" and all(_WHOLE.fullmatch(value or "") for value in counts):
        return ParamType.COUNT_OF_PARTICIPANTS
    return ParamType.NUMBER


def _category(
    label: NumberedLine | None,
    row: Row,
    parsed: Sequence[SiteCell],
    groups: Sequence[ResultGroup],
    unit: str | None,
) -> MeasureCategory:
    measurements = []
    for group, cell, parts in zip(groups, row.cells, parsed, strict=True):
        if parts.empty and not parts.rest:
            continue
        measurements.append(_measurement(group.id, parts, cell, unit))
    return new.measure_category(
        title=grammar.category_title(label[1]) if label is not None else None,
        measurements=tuple(measurements),
        line=label[0] if label is not None else row.cells[0][0][0],
    )


def _measurement(group_id: str, parts: SiteCell, cell: Cell, unit: str | None) -> Measurement:
    if parts.value is None:
        unit = None  # a cell with no value writes no unit
    comment = None if parts.rest == (unit or "") else _comment(parts.rest, unit)
    return new.measurement(
        group_id=group_id,
        value=parts.value,
        spread=parts.spread,
        lower_limit=parts.lower,
        upper_limit=parts.upper,
        comment=comment,
        page_count=parts.page_count,
        line=cell[0][0],
    )
