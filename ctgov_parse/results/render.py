"""Results page renderer: a Trial's results back to the site's results page, in either page
shape and any of the three table renderings, from the same grammar the reader uses.

Each table is first laid out once, as a caption, label headers, group cells and rows; a row
is its label *elements* (a period, a milestone; a measure's title, its description, its
kind line, a category) and one cell per group, and every element is a list of text lines.
The renderings then differ only in how they write that: one element per line with its lines
joined by spaces (labelled), every line on its own with lone ``|`` lines between cells (pipe
cells), or one markdown row per line with ``<br>`` between a cell's lines (pipe rows).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

import attrs

from ctgov_parse.model import (
    AdverseEvents,
    Baseline,
    BaselineMeasure,
    Denominator,
    GenericTable,
    GroupCount,
    MeasureCategory,
    Measurement,
    MeasureShape,
    MoreInfo,
    OutcomeMeasure,
    PageKind,
    ParticipantFlow,
    ResultGroup,
    Results,
    ResultsOverview,
    TableRendering,
    Trial,
)
from ctgov_parse.page.fields import TEXT, field_text
from ctgov_parse.page.grammar import RELATED_TRIALS
from ctgov_parse.page.layout import (
    Item,
    Shape,
    labelled,
    page_items,
    paragraphs,
    related_trial_items,
    text,
    token,
)
from ctgov_parse.results import grammar
from ctgov_parse.results.fields import OVERVIEW
from ctgov_parse.results.header import title_line

__all__ = ["MeasureRows", "Rendering", "overview_items", "results_page"]

Rendering = Literal["labelled", "pipe-cells", "pipe-rows"]
MeasureRows = Literal["stated", "site"]
_BY_RECORD: dict[TableRendering | None, Rendering] = {
    TableRendering.LABELLED: "labelled",
    TableRendering.PIPE_CELLS: "pipe-cells",
    TableRendering.PIPE_ROWS: "pipe-rows",
    None: "labelled",
}
Element = list[str]


class _Table(NamedTuple):
    caption: str
    label_headers: tuple[str, ...]  # the label columns of the pipe-rows rendering
    groups: list[list[Element]]
    rows: list[tuple[list[Element], list[Element]]]


# --- the three renderings -----------------------------------------------------------------------


def _one_line(element: Element) -> str:
    return " ".join(line for line in element if line)


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|")


def _labelled_lines(table: _Table) -> list[str]:
    lines = [grammar.MEASURE_HEADER]
    for group in table.groups:
        lines += [_one_line(element) for element in group if _one_line(element)]
    for label, cells in table.rows:
        lines += [_one_line(element) for element in label if _one_line(element)]
        lines += [line for cell in cells for line in cell]  # a site cell has two lines
    return lines


def _pipe_cell_lines(table: _Table) -> list[str]:
    lines = [f"| {grammar.MEASURE_HEADER} |"]
    for group in table.groups:
        lines += [line for element in group for line in element if line]
        lines.append(grammar.PIPE)
    lines.append("|" + "---|" * (len(table.groups) + 1))
    for label, cells in table.rows:
        lines.append(grammar.PIPE)
        lines += [line for element in label for line in element if line]
        lines.append(grammar.PIPE)
        for cell in cells:
            lines += [line for line in cell if line]
            lines.append(grammar.PIPE)
    return lines


def _pipe_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_escape(cell) for cell in cells) + " |"


def _joined(elements: Sequence[Element]) -> str:
    return grammar.CELL_BREAK.join(line for element in elements for line in element if line)


def _pipe_row_lines(table: _Table) -> list[str]:
    columns = len(table.label_headers)
    header = [*table.label_headers, *(_joined(group) for group in table.groups)]
    lines = [_pipe_row(header), "|" + "---|" * len(header)]
    for label, cells in table.rows:
        if columns == 1:
            label_cells = [_joined(label)]
        else:
            # the last label column takes the rest (a milestone and its comment)
            label_cells = [_joined([element]) for element in label[: columns - 1]]
            label_cells.append(_joined(label[columns - 1 :]))
        lines.append(_pipe_row([*label_cells, *(_joined([cell]) for cell in cells)]))
    return lines


_RENDERINGS = {
    "labelled": _labelled_lines,
    "pipe-cells": _pipe_cell_lines,
    "pipe-rows": _pipe_row_lines,
}


def _table_items(table: _Table, shape: Shape, rendering: Rendering) -> list[Item]:
    lines = _RENDERINGS[rendering](table)
    if rendering == "labelled" and shape == "labelled":
        lines = [table.caption, *lines]  # the labelled page prints the caption once more
    return [Item([table.caption]), Item(lines)]


# --- the tables ---------------------------------------------------------------------------------


def _text_lines(value: str | None) -> Element:
    return [line for line in (value or "").split("\n") if line.strip()]


def _group(group: ResultGroup, *extra: str) -> list[Element]:
    title = text(group.title, group.raw, "title") or ""
    description = text(group.description, group.raw, "description")
    return [[title], [line for line in extra if line], _text_lines(description)]


def _flow_cell(counts: Sequence[GroupCount], group_id: str) -> Element:
    """A flow count, and its comment in parentheses (ours: the site shows counts alone)."""
    for count in counts:
        if count.group_id == group_id:
            if count.comment:
                return [f"{count.value} ({' '.join(count.comment.split())})"]
            return [count.value]
    return ["-"]


def _flow_label(period: str, kind: str, comment: str | None) -> list[Element]:
    label = [[period], [kind]]
    if comment:
        label.append([grammar.FLOW_COMMENT + " ".join(comment.split())])
    return label


def _flow_tables(flow: ParticipantFlow) -> list[_Table]:
    groups = [_group(group) for group in flow.groups]
    milestones = [
        (
            _flow_label(period.title, milestone.type, milestone.comment),
            [_flow_cell(milestone.counts, g.id) for g in flow.groups],
        )
        for period in flow.periods
        for milestone in period.milestones
    ]
    reasons = [
        (
            _flow_label(period.title, reason.type, reason.comment),
            [_flow_cell(reason.counts, g.id) for g in flow.groups],
        )
        for period in flow.periods
        for reason in period.drop_withdraws
    ]
    tables = [_Table(grammar.MILESTONES_CAPTION, grammar.FLOW_LABEL_HEADERS, groups, milestones)]
    if reasons:
        tables.append(
            _Table(grammar.WITHDRAWALS_CAPTION, grammar.WITHDRAWAL_LABEL_HEADERS, groups, reasons)
        )
    return tables


def _denominator_texts(denominators: Sequence[Denominator], group_id: str) -> list[str]:
    texts = []
    for denominator in denominators:
        value = next((c.value for c in denominator.counts if c.group_id == group_id), None)
        if value is not None:
            texts.append(f"n={value} {denominator.units}")
    return texts


def _cell(
    measurement: Measurement | None, measure: BaselineMeasure, denominators: list[str]
) -> str:
    parts = []
    if measurement is not None and measurement.value is not None:
        value = measurement.value
        if measure.unit_of_measure:
            value += " " + measure.unit_of_measure
        # A cell names the dispersion by its token (the kind line keeps the page spelling).
        dispersion = measure.dispersion_type.value if measure.dispersion_type else "NA"
        if measurement.spread is not None:
            value += f" {dispersion} {measurement.spread}"
        elif measurement.lower_limit is not None or measurement.upper_limit is not None:
            lower, upper = measurement.lower_limit or "-", measurement.upper_limit or "-"
            value += f" {dispersion} {lower}{grammar.RANGE_SEPARATOR}{upper}"
        parts.append(value)
    parts += denominators
    cell = grammar.DENOMINATOR_SEPARATOR.join(parts)
    if measurement is not None and measurement.comment:
        comment = " ".join(measurement.comment.split())
        cell = f"{cell} ({comment})" if cell else f"({comment})"
    return cell or "-"


def _measurement_of(category: MeasureCategory | None, group_id: str) -> Measurement | None:
    """A category's value for a group (None: the group has no value there)."""
    if category is None:
        return None
    return next((m for m in category.measurements if m.group_id == group_id), None)


def _marked(marker: str, value: str | None) -> Element:
    lines = _text_lines(value)
    return [marker + lines[0], *lines[1:]] if lines else []


def _measure_rows(
    measure: BaselineMeasure, groups: Sequence[ResultGroup]
) -> list[tuple[list[Element], list[Element]]]:
    param = token(measure.param_type, measure.raw, "param_type") or "-"
    dispersion = token(measure.dispersion_type, measure.raw, "dispersion_type")
    kind = param + (f" {dispersion}" if dispersion else "") + grammar.KIND_SEPARATOR
    if measure.unit_of_measure:
        kind += " " + measure.unit_of_measure
    head: list[Element] = [
        [text(measure.title, measure.raw, "title") or ""],
        _marked(grammar.MEASURE_DESCRIPTION, text(measure.description, measure.raw, "description")),
        _marked(
            grammar.POPULATION_DESCRIPTION,
            text(measure.population_description, measure.raw, "population_description"),
        ),
        [kind],
    ]
    rows: list[tuple[list[Element], list[Element]]] = []
    for measure_class in measure.classes or ():
        class_label = [f"{measure_class.title}:"] if measure_class.title is not None else []
        categories = measure_class.categories or (None,)
        for index, category in enumerate(categories):
            label: list[Element] = list(head) if not rows else []
            if index == 0:
                label.append(class_label)
            if category is not None and category.title is not None:
                label.append([grammar.category_text(category.title)])
            cells = []
            for group in groups:
                denominators = (
                    _denominator_texts(measure_class.denominators, group.id) if index == 0 else []
                )
                cells.append([_cell(_measurement_of(category, group.id), measure, denominators)])
            rows.append((label, cells))
    if not rows:  # a measure with no class: its head, and no values
        rows.append((head, [["-"] for _ in groups]))
    return rows


def _site_cell(
    measurement: Measurement | None, measure: BaselineMeasure, counts: Sequence[str]
) -> Element:
    """A cell as the site draws it: the value with its unit, then the dispersion and the
    ``n=`` (the cell's own, read from a page, else its class's or its group's count)."""
    if measurement is None:
        return ["-"]
    first = measurement.value if measurement.value is not None else "-"
    if measurement.value is not None and measure.unit_of_measure:
        first += " " + measure.unit_of_measure
    if measurement.comment:
        first += f" ({' '.join(measurement.comment.split())})"
    dispersion = token(measure.dispersion_type, measure.raw, "dispersion_type") or "NA"
    spread = None
    if measurement.spread is not None:
        spread = f"{dispersion} {measurement.spread}"
    elif measurement.lower_limit is not None or measurement.upper_limit is not None:
        lower, upper = measurement.lower_limit or "-", measurement.upper_limit or "-"
        spread = f"{dispersion} {lower}{grammar.RANGE_SEPARATOR}{upper}"
    count = measurement.page_count or grammar.DENOMINATOR_SEPARATOR.join(counts) or None
    second = [part for part in (spread, count) if part]
    return [first, grammar.DENOMINATOR_SEPARATOR.join(second)] if second else [first]


def _site_measure_rows(
    measure: BaselineMeasure,
    groups: Sequence[ResultGroup],
    header: Sequence[Denominator],
    repeated: bool,
) -> list[tuple[list[Element], list[Element]]]:
    """A measure's rows as the site draws them: no kind line; the title on every row (or
    the first only), the class title (``Brazil:``, ours) on its first row, the category."""
    title = [text(measure.title, measure.raw, "title") or ""]
    markers = [
        [" ".join(element)]
        for element in (
            _marked(
                grammar.MEASURE_DESCRIPTION, text(measure.description, measure.raw, "description")
            ),
            _marked(
                grammar.POPULATION_DESCRIPTION,
                text(measure.population_description, measure.raw, "population_description"),
            ),
        )
        if element
    ]
    rows: list[tuple[list[Element], list[Element]]] = []
    for measure_class in measure.classes or ():
        counts = {
            group.id: _denominator_texts(measure_class.denominators or header, group.id)
            for group in groups
        }
        for index, category in enumerate(measure_class.categories or (None,)):
            label: list[Element] = [title] if repeated or not rows else []
            if not rows:
                label += markers
            if index == 0 and measure_class.title is not None:
                label.append([f"{measure_class.title}:"])
            if category is not None and category.title is not None:
                label.append([grammar.category_text(category.title)])
            cells = [
                _site_cell(_measurement_of(category, group.id), measure, counts[group.id])
                for group in groups
            ]
            rows.append((label, cells))
    if not rows:  # a measure with no class: its title, and no values
        rows.append(([title, *markers], [["-"] for _ in groups]))
    return rows


def _rows(
    measure: BaselineMeasure,
    groups: Sequence[ResultGroup],
    header: Sequence[Denominator],
    measures: MeasureShape,
) -> list[tuple[list[Element], list[Element]]]:
    if measures is MeasureShape.STATED:
        return _measure_rows(measure, groups)
    return _site_measure_rows(measure, groups, header, measures is MeasureShape.SITE)


def _baseline_table(baseline: Baseline, measures: MeasureShape) -> _Table:
    groups = [
        _group(
            group,
            grammar.DENOMINATOR_SEPARATOR.join(_denominator_texts(baseline.denominators, group.id)),
        )
        for group in baseline.groups
    ]
    rows = [
        row
        for measure in baseline.measures
        for row in _rows(measure, baseline.groups, baseline.denominators, measures)
    ]
    return _Table(grammar.BASELINE_CAPTION, (grammar.MEASURE_HEADER,), groups, rows)


def _broken(cell: str) -> str:
    return cell.replace("\n", grammar.CELL_BREAK)


def _inline_items(labels: Mapping[str, str], values: Mapping[str, str | None]) -> list[Item]:
    """``Label: value`` lines in the grammar's order; a value of several lines runs on."""
    items = []
    for field, label in labels.items():
        value = values.get(field)
        if value is not None:
            first, *rest = value.split("\n")
            items.append(Item([label + first, *rest]))
    return items


def _page_values(record: Any, fields: Sequence[str]) -> dict[str, str | None]:
    """Each field's page text: its raw spelling, else its value (tokens as tokens)."""
    values: dict[str, str | None] = {}
    for field in fields:
        value = getattr(record, field)
        if field in record.raw:
            values[field] = record.raw[field]
        elif isinstance(value, bool):
            values[field] = "Yes" if value else "No"
        elif isinstance(value, enum.Enum):
            values[field] = str(value.value)
        else:
            values[field] = None if value is None else str(value)
    return values


def _outcome_items(
    outcome: OutcomeMeasure,
    shape: Shape,
    rendering: Rendering,
    kept: list[GenericTable],
    measures: MeasureShape,
) -> list[Item]:
    title = text(outcome.title, outcome.raw, "title") or ""
    items = [Item([title])]
    items += _inline_items(
        grammar.OUTCOME_LABELS, _page_values(outcome, list(grammar.OUTCOME_LABELS))
    )
    # A table kept cell by cell in place of this outcome's own goes back where it stood.
    mine = next((table for table in kept if table.caption == title), None)
    if mine is not None:
        kept.remove(mine)
        items += _generic_items(attrs.evolve(mine, caption=None))
    elif outcome.groups:
        measure = BaselineMeasure(
            title=outcome.title,
            param_type=outcome.param_type,
            dispersion_type=outcome.dispersion_type,
            unit_of_measure=outcome.unit_of_measure,
            classes=outcome.classes,
            raw={k: v for k, v in outcome.raw.items() if k in ("title", "dispersion_type")},
        )
        groups = [
            _group(
                group,
                grammar.DENOMINATOR_SEPARATOR.join(
                    _denominator_texts(outcome.denominators, group.id)
                ),
            )
            for group in outcome.groups
        ]
        described = outcome.param_type or outcome.unit_of_measure or "param_type" in outcome.raw
        rows = (
            _rows(measure, outcome.groups, outcome.denominators, measures)
            if outcome.classes or described
            else []
        )
        table = _Table("", (grammar.MEASURE_HEADER,), groups, rows)
        items.append(Item(_RENDERINGS[rendering](table)))
    for number, analysis in enumerate(outcome.analyses, start=1):
        items.append(Item([grammar.ANALYSIS_HEADING_TEXT.format(number=number)]))
        values = _page_values(analysis, list(grammar.ANALYSIS_LABELS))
        values["group_ids"] = grammar.GROUP_ID_SEPARATOR.join(analysis.group_ids) or None
        items += _inline_items(grammar.ANALYSIS_LABELS, values)
    return items


def _event_cell(affected: int | None, at_risk: int | None, events: int | None = None) -> str:
    if affected is None and at_risk is None and events is None:
        return "-"
    cell = f"{'-' if affected is None else affected} / {'-' if at_risk is None else at_risk}"
    return cell if events is None else f"{cell} ({events})"


def _adverse_items(adverse: AdverseEvents, shape: Shape, rendering: Rendering) -> list[Item]:
    fields = list(grammar.ADVERSE_LABELS)
    items = _inline_items(grammar.ADVERSE_LABELS, _page_values(adverse, fields))
    groups = [_group(group) for group in adverse.groups]  # type: ignore[arg-type]
    totals = []
    for row_label, affected, at_risk in grammar.EVENT_TOTALS:
        cells = [[_event_cell(getattr(g, affected), getattr(g, at_risk))] for g in adverse.groups]
        if any(cell != ["-"] for cell in cells):
            totals.append(([[row_label]], cells))
    if adverse.groups:
        table = _Table(grammar.EVENT_GROUPS_CAPTION, grammar.TOTALS_LABEL_HEADERS, groups, totals)
        items += _table_items(table, shape, rendering)
    for caption, events in (
        (grammar.SERIOUS_CAPTION, adverse.serious_events),
        (grammar.OTHER_CAPTION, adverse.other_events),
    ):
        if not events:
            continue
        rows = []
        for event in events:
            assessment = token(event.assessment_type, event.raw, "assessment_type") or "-"
            kind = assessment + grammar.KIND_SEPARATOR
            if event.source_vocabulary:
                kind += " " + event.source_vocabulary
            label: list[Element] = [
                [text(event.organ_system, event.raw, "organ_system") or "-"],
                [text(event.term, event.raw, "term") or ""],
            ]
            notes = text(event.notes, event.raw, "notes")
            if notes is not None:
                label.append([grammar.EVENT_NOTES + " ".join(notes.split())])
            label.append([kind])
            cells = []
            for group in adverse.groups:
                stat = next((s for s in event.stats if s.group_id == group.id), None)
                cells.append(
                    [_event_cell(stat.affected, stat.at_risk, stat.events) if stat else "-"]
                )
            rows.append((label, cells))
        table = _Table(caption, grammar.EVENT_LABEL_HEADERS, groups, rows)
        items += _table_items(table, shape, rendering)
    return items


def _more_info_items(info: MoreInfo) -> list[Item]:
    values = _page_values(info, list(grammar.MORE_INFO_LABELS))
    if info.contact_phone_ext is not None and "contact_phone" not in info.raw:
        values["contact_phone"] = (
            f"{info.contact_phone or ''}{grammar.PHONE_EXT}{info.contact_phone_ext}"
        )
    return _inline_items(grammar.MORE_INFO_LABELS, values)


def _generic_items(table: GenericTable) -> list[Item]:
    lines = []
    if table.headers:
        lines = [_pipe_row([_broken(cell) for cell in table.headers])]
        lines.append("|" + "---|" * len(table.headers))
        lines += [_pipe_row([_broken(cell) for cell in row]) for row in table.rows]
    else:
        lines = [cell for row in table.rows for cell in row]
    return ([Item([table.caption])] if table.caption else []) + [Item(lines)]


# --- the page -------------------------------------------------------------------------------------


def overview_items(trial: Trial, overview: ResultsOverview) -> list[Item]:
    """The Results Overview's content: the first primary outcome's description, then its
    declared values."""
    description = text(
        overview.primary_outcome_description, overview.raw, "primary_outcome_description"
    )
    items = paragraphs(description)
    for field in OVERVIEW:
        record, raw = (trial, trial.raw) if field.record is None else (overview, overview.raw)
        value = field_text(field, getattr(record, field.name), raw)
        if field.kind is TEXT and value is not None:  # a time frame may run on
            items += [Item([field.label], label=True), *paragraphs(value)]
        else:
            items += labelled(field.label, value)
    return items


def _section(name: str, content: list[Item], stray: dict[str | None, list[Item]]) -> list[Item]:
    content = content + stray.pop(name, [])
    return [Item([grammar.HEADING_BY_SECTION[name]]), *content]


def _has(trial: Trial, name: str) -> bool:
    return getattr(trial, name) not in (None, ())


def _title_line(trial: Trial) -> str | None:
    """The page's first line: as the page wrote it, else made from the title and id."""
    title = trial.raw.get("header")
    if title is None and (trial.title is not None or trial.nct_id is not None):
        title = title_line(trial.raw.get("title", trial.title or ""), trial.nct_id or "")
    return title


def results_page(
    trial: Trial,
    shape: Shape,
    rendering: Rendering | None,
    measures: MeasureRows | None = None,
) -> list[Item]:
    """The items of ``trial``'s results page; tables drawn in ``rendering``, by default the
    way its page drew them (one cell per line for a record not read from a page), and the
    rows of its measure tables in ``measures``, by default as its page drew them (ours,
    with the statistic line, for a record not read from a page)."""
    results = trial.results or Results()
    if rendering is None:
        rendering = _BY_RECORD[results.table_rendering]
    if rendering not in _RENDERINGS:
        raise ValueError(f"unknown table rendering {rendering!r}: use one of {list(_RENDERINGS)}")
    if measures is None:
        measure_shape = results.measure_shape or MeasureShape.STATED
    elif measures == "site":
        # The site's shape as seen: the title repeated, unless the page read did not.
        unrepeated = results.measure_shape is MeasureShape.SITE_UNREPEATED
        measure_shape = MeasureShape.SITE_UNREPEATED if unrepeated else MeasureShape.SITE
    elif measures == "stated":
        measure_shape = MeasureShape.STATED
    else:
        raise ValueError(f"unknown measure rows {measures!r}: use 'stated' or 'site'")
    chosen: Rendering = rendering
    return page_items(
        trial,
        PageKind.RESULTS,
        _title_line(trial),
        lambda stray: _sections(trial, results, shape, chosen, measure_shape, stray),
    )


def _sections(
    trial: Trial,
    results: Results,
    shape: Shape,
    rendering: Rendering,
    measures: MeasureShape,
    stray: dict[str | None, list[Item]],
) -> list[Item]:
    """The page's sections, each with the lines no field took that stood in it."""
    generic: dict[str | None, list[Item]] = {}
    for kept in results.tables:
        generic.setdefault(kept.section, []).extend(_generic_items(kept))
    items: list[Item] = []
    overview = results.overview
    if overview is not None or any(f.record is None and _has(trial, f.name) for f in OVERVIEW):
        content = overview_items(trial, overview or ResultsOverview())
        items += _section("results_overview", content, stray)
    flow = results.participant_flow
    if flow is not None or "participant_flow" in generic or "participant_flow" in stray:
        content = []
        tables = []
        if flow is not None:
            content += paragraphs(text(flow.recruitment_details, flow.raw, "recruitment_details"))
            content += paragraphs(
                text(flow.pre_assignment_details, flow.raw, "pre_assignment_details")
            )
            tables = _flow_tables(flow) if flow.groups else []
            for table in tables:
                content += _table_items(table, shape, rendering)
        # The lines left of a table cut short stood after the tables, where the page ended:
        # no withdrawals line follows them.
        left = stray.pop("participant_flow", [])
        if len(tables) == 1 and not left:
            content += [
                Item([grammar.WITHDRAWALS_CAPTION]),
                Item([grammar.WITHDRAWALS_NOT_REPORTED]),
            ]
        content += generic.pop("participant_flow", []) + left
        items += _section("participant_flow", content, stray)
    baseline = results.baseline
    if (
        baseline is not None
        or "baseline_characteristics" in generic
        or "baseline_characteristics" in stray
    ):
        content = [Item([trial.raw.get("title", trial.title or "")])]
        if baseline is not None:
            content += paragraphs(
                text(baseline.population_description, baseline.raw, "population_description")
            )
            if baseline.groups:
                content += _table_items(_baseline_table(baseline, measures), shape, rendering)
        content += generic.pop("baseline_characteristics", [])
        items += _section("baseline_characteristics", content, stray)
    if results.outcome_measures or "outcome_measures" in generic or "outcome_measures" in stray:
        in_place = [one for one in results.tables if one.section == "outcome_measures"]
        content = [
            item
            for outcome in results.outcome_measures
            for item in _outcome_items(outcome, shape, rendering, in_place, measures)
        ]
        content += [item for one in in_place for item in _generic_items(one)]
        generic.pop("outcome_measures", None)
        items += _section("outcome_measures", content, stray)
    if (
        results.adverse_events is not None
        or "adverse_events" in generic
        or "adverse_events" in stray
    ):
        content = (
            _adverse_items(results.adverse_events, shape, rendering)
            if results.adverse_events is not None
            else []
        )
        items += _section("adverse_events", content + generic.pop("adverse_events", []), stray)
    if results.more_info is not None:
        items += _section("more_information", _more_info_items(results.more_info), stray)
    for rest in generic.values():
        items += rest
    if any(d.code == "truncated" for d in trial.diagnostics) and not trial.related_trials:
        return items  # a page cut short is written cut where it was: it never reached them
    # Written even when empty: it is where a whole page ends.
    related = related_trial_items(trial) or []
    return [*items, Item([RELATED_TRIALS.headings[0]]), Item([RELATED_TRIALS.helper]), *related]
