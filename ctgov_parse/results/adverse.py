"""Adverse Events: inline labels (time frame, description, frequency threshold, all-cause
mortality comment), then three tables: ``Adverse event groups`` (per group its title,
description, and the rows ``All-Cause Mortality``, ``Total Serious Adverse Events``,
``Total Other Adverse Events`` of ``affected / at risk``), ``Serious adverse events`` and
``Other adverse events`` (per event its organ system, term, optional ``Notes:``, the kind line
``SYSTEMATIC_ASSESSMENT · MedDRA 23.0``, then ``affected / at risk (events)`` per group).

In the labelled rendering the totals table's first row is one of its three fixed rows, which
tells how many groups there are; the events tables repeat the totals table's group lines
(without one, an events table's first kind line tells where its rows begin).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ctgov_parse.model import (
    AdverseEvent,
    AdverseEventGroup,
    AssessmentType,
    new,
)
from ctgov_parse.page.read import plain_text
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.results import grammar
from ctgov_parse.results.common import (
    ResultsContext,
    cut_before_rows,
    find_tables,
    generic_table,
    group_from_cell,
    inline_text,
    keep_table,
    one_line,
    read_inline,
)
from ctgov_parse.results.flow import split_groups
from ctgov_parse.results.tables import Cell, RawTable, Row, TableSpec, read_table

_TOTALS = {label: (affected, at_risk) for label, affected, at_risk in grammar.EVENT_TOTALS}


def _is_cell(text: str) -> bool:
    return text == "-" or grammar.EVENT_CELL.fullmatch(text) is not None


def _count_cells(texts: Sequence[str], start: int) -> int:
    count = 0
    while start + count < len(texts) and _is_cell(texts[start + count]):
        count += 1
    return count


class _TotalsSpec(TableSpec):
    label_columns = 1

    def __init__(self, titles: Sequence[str]) -> None:
        self.titles = frozenset(titles)

    def is_value(self, text: str, label: Sequence[NumberedLine]) -> bool:
        return bool(label) and _is_cell(text)

    def split_header(self, lines: Sequence[NumberedLine]) -> tuple[list[Cell], int] | None:
        texts = [text for _, text in lines]
        first = next((at for at, text in enumerate(texts) if text in _TOTALS), None)
        if first is None:
            return None
        count = _count_cells(texts, first + 1)
        if not 0 < count <= first <= 2 * count:
            return None
        return split_groups(lines[:first], count, self.titles), first


class _EventsSpec(TableSpec):
    label_columns = 1

    def __init__(self, header: Sequence[NumberedLine] | None, count: int) -> None:
        self.header = header
        self.count = count

    def is_value(self, text: str, label: Sequence[NumberedLine]) -> bool:
        return any(grammar.EVENT_KIND.fullmatch(line) for _, line in label) and _is_cell(text)

    def split_header(self, lines: Sequence[NumberedLine]) -> tuple[list[Cell], int] | None:
        texts = [text for _, text in lines]
        if self.header is not None and texts[: len(self.header)] == [t for _, t in self.header]:
            size = len(self.header)
            return split_groups(lines[:size], self.count, frozenset()), size
        kind = next(
            (at for at, text in enumerate(texts) if grammar.EVENT_KIND.fullmatch(text)), None
        )
        if kind is None or kind < 2:
            return None
        start = kind - (3 if texts[kind - 1].startswith(grammar.EVENT_NOTES) else 2)
        count = _count_cells(texts, kind + 1)
        if not 0 < count <= start <= 2 * count:
            return None
        return split_groups(lines[:start], count, frozenset()), start


def _split(text: str) -> tuple[int | None, int | None, int | None] | None:
    if text == "-":
        return None, None, None
    match = grammar.EVENT_CELL.fullmatch(text)
    if match is None:
        return None

    def number(group: str) -> int | None:
        value = match[group]
        return None if value in (None, "-") else int(value)

    return number("affected"), number("at_risk"), number("events")


def extract_adverse_events(section: Section, ctx: ResultsContext) -> None:
    captions = (grammar.EVENT_GROUPS_CAPTION, grammar.SERIOUS_CAPTION, grammar.OTHER_CAPTION)
    found = find_tables(section.lines, captions)
    values, stray = read_inline(found.before, grammar.ADVERSE_LABELS)
    ctx.keep(stray)
    raw: dict[str, str] = {}
    fields: dict[str, Any] = {
        field: inline_text(raw, field, values.get(field)) for field in grammar.ADVERSE_LABELS
    }
    groups: list[AdverseEventGroup] = []
    header: Sequence[NumberedLine] | None = None
    events: dict[str, list[AdverseEvent]] = {grammar.SERIOUS_CAPTION: [], grammar.OTHER_CAPTION: []}
    last = len(found.tables) - 1
    titles = ctx.hints.get("baseline_titles", ())
    for position, (caption, caption_line, lines) in enumerate(found.tables):
        totals = caption == grammar.EVENT_GROUPS_CAPTION
        if caption in events:
            spec: Any = _EventsSpec(header, len(groups))
        else:
            spec = _TotalsSpec(titles)
        table = read_table(lines, spec) if caption in captions else None
        if caption in captions and cut_before_rows(
            ctx, caption, caption_line, table, lines, last=position == last
        ):
            continue
        fits = (
            table is not None
            and table.groups
            and (totals or not groups or len(table.groups) == len(groups))
        )
        if table is None or not fits:
            ctx.tables.append(generic_table(caption or None, caption_line, table, lines, ctx))
            continue
        ctx.renderings.append(table.rendering)
        if totals:
            header = [line for cell in table.groups for line in cell]
            groups, misfits = _groups(table)
        else:
            ids = [group.id for group in groups] or [f"EG{i:03d}" for i in range(len(table.groups))]
            found_events, misfits = _events(table, ids)
            events[caption] += found_events
        keep_table(ctx, caption, table, misfits, last=position == last)
    if not (groups or any(events.values()) or any(value is not None for value in fields.values())):
        return
    ctx.results["adverse_events"] = new.adverse_events(
        **fields,
        groups=tuple(groups),
        serious_events=tuple(events[grammar.SERIOUS_CAPTION]),
        other_events=tuple(events[grammar.OTHER_CAPTION]),
        raw=raw,
    )


def _groups(table: RawTable) -> tuple[list[AdverseEventGroup], list[Row]]:
    totals: list[dict[str, int | None]] = [{} for _ in table.groups]
    misfits = []
    for row in table.rows:
        label = one_line(row.label)
        parts = [_split(one_line(cell)) for cell in row.cells]
        if label not in _TOTALS or any(part is None for part in parts):
            misfits.append(row)
            continue
        affected, at_risk = _TOTALS[label]
        for total, part in zip(totals, parts, strict=True):
            assert part is not None
            total[affected], total[at_risk] = part[0], part[1]
    groups = []
    for index, cell in enumerate(table.groups):
        group = group_from_cell(cell, f"EG{index:03d}")
        groups.append(
            new.adverse_event_group(
                id=group.id,
                title=group.title,
                description=group.description,
                raw=group.raw,
                line=group.line,
                **totals[index],
            )
        )
    return groups, misfits


def _events(table: RawTable, ids: Sequence[str]) -> tuple[list[AdverseEvent], list[Row]]:
    events = []
    misfits = []
    for row in table.rows:
        label = [text for _, text in row.label]
        kind = grammar.EVENT_KIND.fullmatch(label[-1]) if label else None
        parts = [_split(one_line(cell)) for cell in row.cells]
        raw: dict[str, str] = {}
        notes = None
        if len(label) == 4 and label[2].startswith(grammar.EVENT_NOTES):
            notes = plain_text(raw, "notes", label[2][len(grammar.EVENT_NOTES) :])
            label = [label[0], label[1], label[3]]
        if kind is None or len(label) != 3 or any(part is None for part in parts):
            misfits.append(row)
            continue
        assessment = kind["assessment"]
        member = AssessmentType._value2member_map_.get(assessment)
        if member is None and assessment != "-":
            raw["assessment_type"] = assessment
        stats = tuple(
            new.event_stat(
                group_id=group_id,
                affected=part[0],
                at_risk=part[1],
                events=part[2],
                line=cell[0][0],
            )
            for group_id, part, cell in zip(ids, parts, row.cells, strict=True)
            if part is not None and part != (None, None, None)
        )
        events.append(
            new.adverse_event(
                term=plain_text(raw, "term", label[1]),
                organ_system=plain_text(raw, "organ_system", label[0]) if label[0] != "-" else None,
                source_vocabulary=kind["vocabulary"],
                assessment_type=member,  # type: ignore[arg-type]
                notes=notes,
                stats=stats,
                raw=raw,
                line=row.label[0][0],
            )
        )
    return events, misfits
