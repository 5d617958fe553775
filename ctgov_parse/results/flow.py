"""Participant Flow: recruitment and pre-assignment details, the milestones table, and the
reasons for withdrawal (or ``Withdrawal data not reported``).

The details are the paragraphs before the first caption (lines, in the compact shape): the
first is the recruitment details, the rest the pre-assignment details; one paragraph alone
is read as the recruitment details and reported as ``inferred-field`` (the page does not
say which it is).

Tables: each row is a period, a milestone (or reason), then one count per group. In the
labelled rendering the first row is the ``STARTED`` row of the first period, which tells
how many groups there are; the group lines above it are split into titles and optional
descriptions by scoring each split (a title the baseline table also has, a short line; a
long line or a sentence is a description); the reasons table repeats those group lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ctgov_parse.model import (
    DropWithdraw,
    FlowPeriod,
    Milestone,
    ResultGroup,
    new,
)
from ctgov_parse.page.read import text_block
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
from ctgov_parse.results.tables import Cell, RawTable, Row, TableSpec, read_table


class FlowSpec(TableSpec):
    """The flow tables' labelled rendering: two label lines, then one count per group."""

    label_columns = 2

    def __init__(
        self, titles: Sequence[str], header: Sequence[NumberedLine] | None, count: int
    ) -> None:
        self.titles = frozenset(titles)  # group titles known from the baseline table
        self.header = header  # the milestones table's group lines, repeated by the reasons
        self.count = count  # the milestones table's number of groups

    def is_value(self, text: str, label: Sequence[NumberedLine]) -> bool:
        return len(label) >= 2 and _is_count(text)

    def split_header(self, lines: Sequence[NumberedLine]) -> tuple[list[Cell], int] | None:
        texts = [text for _, text in lines]
        if self.header is not None:
            size = len(self.header)
            if texts[:size] == [text for _, text in self.header]:
                return split_groups(lines[:size], self.count, self.titles), size
            return None
        started = next(
            (at for at in range(1, len(texts) - 1) if texts[at + 1] == grammar.STARTED), None
        )
        if started is None:
            return None
        first = started + 2  # the first count, below the milestone's comment if any
        if first < len(texts) and texts[first].startswith(grammar.FLOW_COMMENT):
            first += 1
        count = 0
        while first + count < len(texts) and _is_count(texts[first + count]):
            count += 1
        if not 0 < count <= started <= 2 * count:
            return None
        self.count = count
        return split_groups(lines[:started], count, self.titles), started


def _is_count(text: str) -> bool:
    return grammar.FLOW_CELL.fullmatch(text) is not None


def _title_score(text: str, titles: frozenset[str]) -> float:
    score = 3.0 if text in titles else 0.0
    score += 1.0 if len(text) <= 100 else -2.0
    return score - (0.5 if text.endswith(".") else 0.0)


def _description_score(text: str) -> float:
    return 1.0 if len(text) > 40 or text.endswith(".") else 0.0


def split_groups(lines: Sequence[NumberedLine], count: int, titles: frozenset[str]) -> list[Cell]:
    """Split ``lines`` into ``count`` groups of a title and an optional description: the
    split that scores best (dynamic programming over the lines)."""
    size = len(lines)
    if not count <= size <= 2 * count:
        return [((number, text),) for number, text in lines[:count]]
    unset = float("-inf")
    # best[i][g]: the best score of lines[:i] as g groups, and the lines the last one took.
    best = [[(unset, 0)] * (count + 1) for _ in range(size + 1)]
    best[0][0] = (0.0, 0)
    for index in range(size):
        for groups in range(count):
            score = best[index][groups][0]
            if score == unset:
                continue
            alone = score + _title_score(lines[index][1], titles)
            if alone > best[index + 1][groups + 1][0]:
                best[index + 1][groups + 1] = (alone, 1)
            if index + 1 < size:
                paired = alone + _description_score(lines[index + 1][1])
                if paired > best[index + 2][groups + 1][0]:
                    best[index + 2][groups + 1] = (paired, 2)
    cells: list[Cell] = []
    index, groups = size, count
    while groups:
        taken = best[index][groups][1]
        cells.append(tuple(lines[index - taken : index]))
        index, groups = index - taken, groups - 1
    return cells[::-1]


class _PeriodDraft:
    __slots__ = ("drop_withdraws", "line", "milestones", "title")

    def __init__(self, title: str, line: int) -> None:
        self.title = title
        self.line = line
        self.milestones: list[Milestone] = []
        self.drop_withdraws: list[DropWithdraw] = []

    def freeze(self) -> FlowPeriod:
        return new.flow_period(
            title=self.title,
            milestones=tuple(self.milestones),
            drop_withdraws=tuple(self.drop_withdraws),
            line=self.line,
        )


def extract_participant_flow(section: Section, ctx: ResultsContext) -> None:
    found = find_tables(section.lines, (grammar.MILESTONES_CAPTION, grammar.WITHDRAWALS_CAPTION))
    titles = ctx.hints.get("baseline_titles", ())
    groups: tuple[ResultGroup, ...] = ()
    header: Sequence[NumberedLine] | None = None
    periods: dict[str, _PeriodDraft] = {}
    last = len(found.tables) - 1
    for position, (caption, caption_line, lines) in enumerate(found.tables):
        if caption == grammar.WITHDRAWALS_CAPTION and [t for _, t in lines] == [
            grammar.WITHDRAWALS_NOT_REPORTED
        ]:
            continue  # nothing to read: the page says so
        milestones = caption == grammar.MILESTONES_CAPTION
        spec = FlowSpec(titles, None if milestones else header, len(groups))
        table = read_table(lines, spec) if caption in grammar.CAPTIONS else None
        if caption in grammar.CAPTIONS and cut_before_rows(
            ctx, caption, caption_line, table, lines, last=position == last
        ):
            continue
        fits = (
            table is not None and table.groups and (milestones or len(table.groups) == len(groups))
        )
        if table is None or not fits or (not milestones and not groups):
            ctx.tables.append(generic_table(caption, caption_line, table, lines, ctx))
            continue
        if milestones:
            groups = tuple(
                group_from_cell(cell, f"FG{index:03d}") for index, cell in enumerate(table.groups)
            )
            header = [line for cell in table.groups for line in cell]
        ctx.renderings.append(table.rendering)
        misfits = _read_rows(table, groups, periods, milestones=milestones)
        keep_table(ctx, caption, table, misfits, last=position == last)
    raw: dict[str, str] = {}
    recruitment, pre_assignment = _details(ctx, found.before, raw)
    if not (groups or periods or recruitment or pre_assignment):
        return
    ctx.results["participant_flow"] = new.participant_flow(
        recruitment_details=recruitment,
        pre_assignment_details=pre_assignment,
        groups=groups,
        periods=tuple(draft.freeze() for draft in periods.values()),
        raw=raw,
    )


def _read_rows(
    table: RawTable,
    groups: tuple[ResultGroup, ...],
    periods: dict[str, _PeriodDraft],
    *,
    milestones: bool,
) -> list[Row]:
    """Add the table's rows to their periods; return the rows that fit no group column."""
    misfits = []
    for row in table.rows:
        matches = [grammar.FLOW_CELL.fullmatch(one_line(cell)) for cell in row.cells]
        comment = None
        label = row.label
        if len(label) == 3 and label[2][1].startswith(grammar.FLOW_COMMENT):
            comment = label[2][1][len(grammar.FLOW_COMMENT) :]
            label = label[:2]
        if len(label) != 2 or len(matches) != len(groups) or None in matches:
            misfits.append(row)
            continue
        (period_line, period), (kind_line, kind) = label
        draft = periods.get(period)
        if draft is None:
            draft = periods[period] = _PeriodDraft(period, period_line)
        counts = tuple(
            new.group_count(
                group_id=group.id, value=match["value"], comment=match["comment"], line=cell[0][0]
            )
            for group, match, cell in zip(groups, matches, row.cells, strict=True)
            if match is not None and match["value"] != "-"
        )
        if milestones:
            draft.milestones.append(
                new.milestone(type=kind, comment=comment, counts=counts, line=kind_line)
            )
        else:
            draft.drop_withdraws.append(
                new.drop_withdraw(type=kind, comment=comment, counts=counts, line=kind_line)
            )
    return misfits


def _details(
    ctx: ResultsContext, lines: Sequence[NumberedLine], raw: dict[str, str]
) -> tuple[str | None, str | None]:
    """The text before the tables: recruitment details, then pre-assignment details."""
    nonblank = [index for index, (_, text) in enumerate(lines) if text]
    if not nonblank:
        return None, None
    compact = all(lines[index][1] for index in range(nonblank[0], nonblank[-1] + 1))
    if compact:  # a paragraph is a line
        second = nonblank[1] if len(nonblank) > 1 else None
    else:
        blank = next(
            (index for index in range(nonblank[0], nonblank[-1]) if not lines[index][1]), None
        )
        second = blank
    recruitment = _text(raw, "recruitment_details", lines[: second if second else len(lines)])
    if second is None:
        ctx.report(
            "inferred-field",
            "one paragraph before the flow tables: read as the recruitment details",
            line=lines[nonblank[0]][0],
            section=ctx.section,
            field="recruitment_details",
        )
        return recruitment, None
    return recruitment, _text(raw, "pre_assignment_details", lines[second:])


def _text(raw: dict[str, str], field: str, lines: Sequence[NumberedLine]) -> str | None:
    block = text_block(lines)
    if block is None:
        return None
    if block[1] != block[0]:
        raw[field] = block[1]
    return block[0]
