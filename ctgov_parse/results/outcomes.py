"""Outcome Measures: one block per outcome, in page order.

An outcome opens at its title, the line above its ``Outcome Type:`` line; then its inline
label lines (description, time frame, analysis population, reporting status...), its table
in any of the three renderings (drawn like the baseline table: group columns with their
``n=`` lines, then the measure's head, title and kind line, and its rows), and its
statistical analyses, each opened by ``Statistical Analysis 1`` and made of label lines.
An outcome without posted values has no table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ctgov_parse.model import (
    AnalysisDispersionType,
    BaselineMeasure,
    ConfidenceSides,
    NonInferiorityType,
    OutcomeMeasure,
    OutcomeType,
    ReportingStatus,
    ResultGroup,
    StatisticalAnalysis,
    new,
)
from ctgov_parse.normalize import normalize_bool
from ctgov_parse.page.read import plain_text
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.results import grammar
from ctgov_parse.results.baseline import (
    BaselineSpec,
    header_cell,
    header_denominators,
    read_measures,
)
from ctgov_parse.results.common import (
    ResultsContext,
    cut_before_rows,
    generic_table,
    group_from_cell,
    inline_text,
    keep_table,
    openings,
    read_inline,
)
from ctgov_parse.results.tables import read_table

_ANALYSIS_PREFIX = grammar.ANALYSIS_HEADING_TEXT.split("{", 1)[0]  # "Statistical Analysis "


def extract_outcome_measures(section: Section, ctx: ResultsContext) -> None:
    lines = [(number, text) for number, text in section.lines]
    texts = [text.strip() for _, text in lines]
    nonblank = [index for index, text in enumerate(texts) if text]
    # An outcome opens at its title, above its "Outcome Type: PRIMARY" (a label with a
    # value: registry text saying "Outcome Type:" in a table cell opens nothing).
    starts = [
        nonblank[at]
        for at in range(len(nonblank) - 1)
        if texts[nonblank[at + 1]].startswith(grammar.OUTCOME_TYPE)
        and texts[nonblank[at + 1]] != grammar.OUTCOME_TYPE.rstrip()
    ]
    if not starts:
        ctx.keep(lines)
        return
    ctx.keep(lines[: starts[0]])
    outcomes = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        last = position == len(starts) - 1
        outcomes.append(_outcome(ctx, lines[start:end], texts[start:end], last=last))
    ctx.results["outcome_measures"] = tuple(outcomes)


def _outcome(
    ctx: ResultsContext, lines: list[NumberedLine], texts: list[str], *, last: bool
) -> OutcomeMeasure:
    raw: dict[str, str] = {}
    number, title_text = lines[0][0], texts[0]
    analysis_starts = [
        index
        for index, text in enumerate(texts)
        if text.startswith(_ANALYSIS_PREFIX)
        and grammar.ANALYSIS_HEADING.fullmatch(text)
        and _labels_follow(texts, index)
    ]
    analyses_at = analysis_starts[0] if analysis_starts else len(lines)
    opens = sorted(index for index in openings(texts) if 0 < index < analyses_at)
    table_at = opens[0] if opens else analyses_at
    values, stray = read_inline(lines[1:table_at], grammar.OUTCOME_LABELS)
    ctx.keep(stray)
    fields: dict[str, Any] = {
        field: inline_text(raw, field, values.get(field))
        for field in ("description", "time_frame", "population_description", "type_units_analyzed")
    }
    fields["anticipated_posting_date"] = inline_text(
        raw, "anticipated_posting_date", values.get("anticipated_posting_date")
    )
    fields["type"] = _token(ctx, raw, "type", OutcomeType, values)
    fields["reporting_status"] = _token(ctx, raw, "reporting_status", ReportingStatus, values)
    table_lines = [(n, t.strip()) for n, t in lines[table_at:analyses_at] if t.strip()]
    if table_lines:
        found = _table(ctx, title_text, table_lines, last=last and not analysis_starts)
        raw.update(found.pop("raw", {}))
        fields.update(found)
    analyses = []
    for position, start in enumerate(analysis_starts):
        end = analysis_starts[position + 1] if position + 1 < len(analysis_starts) else len(lines)
        analyses.append(_analysis(ctx, lines[start:end]))
    fields["title"] = plain_text(raw, "title", title_text)
    fields["analyses"] = tuple(analyses)
    fields["raw"] = raw
    fields["line"] = number
    return new.from_fields(OutcomeMeasure, fields)


_ANALYSIS_LABELS = tuple(label.rstrip() for label in grammar.ANALYSIS_LABELS.values())


def _labels_follow(texts: Sequence[str], index: int) -> bool:
    """Whether the line after ``texts[index]`` is an analysis label (an analysis heading is
    label lines only; a table cell or title that says "Statistical Analysis 1" is not one)
    or there is none (a page cut after the heading)."""
    for at in range(index + 1, len(texts)):  # (no slice: a page can hold many analyses)
        if texts[at]:
            return texts[at].startswith(_ANALYSIS_LABELS)
    return True


def _token(
    ctx: ResultsContext, raw: dict[str, str], field: str, kind: type[Any], values: dict[str, Any]
) -> Any:
    value = values.get(field)
    if value is None:
        return None
    text = " ".join(t.strip() for _, t in value.lines if t.strip())
    member = ctx.token(kind, text, value.line, field) if text else None
    if member is None and text:
        raw[field] = text
    return member


def _table(
    ctx: ResultsContext, title: str, lines: list[NumberedLine], *, last: bool
) -> dict[str, Any]:
    table = read_table(lines, BaselineSpec())
    if cut_before_rows(ctx, "", lines[0][0], table, lines, last=last):
        return {}
    if table is not None:
        table = table.with_groups(tuple(header_cell(cell) for cell in table.groups))
    if table is None or not table.groups or not all(len(cell) > 1 for cell in table.groups):
        ctx.tables.append(generic_table(title, lines[0][0], table, lines, ctx))
        return {}
    ctx.renderings.append(table.rendering)
    groups: tuple[ResultGroup, ...] = tuple(
        group_from_cell(cell, f"OG{index:03d}", skip=1) for index, cell in enumerate(table.groups)
    )
    measures: list[BaselineMeasure] = []
    misfits = read_measures(table, groups, measures, ctx)
    if len(measures) > 1:  # an outcome is one measure: this table is something else
        ctx.tables.append(generic_table(title, lines[0][0], table, lines, ctx))
        return {}
    keep_table(ctx, title, table, misfits, last=last)
    found: dict[str, Any] = {"groups": groups, "denominators": header_denominators(table, groups)}
    if measures:
        measure = measures[0]
        if "dispersion_type" in measure.raw:
            found["raw"] = {"dispersion_type": measure.raw["dispersion_type"]}
        found.update(
            param_type=measure.param_type,
            dispersion_type=measure.dispersion_type,
            unit_of_measure=measure.unit_of_measure,
            classes=measure.classes,
        )
    return found


_ANALYSIS_TOKENS: dict[str, type[Any]] = {
    "non_inferiority_type": NonInferiorityType,
    "ci_sides": ConfidenceSides,
    "dispersion_type": AnalysisDispersionType,
}


def _analysis(ctx: ResultsContext, lines: Sequence[NumberedLine]) -> StatisticalAnalysis:
    raw: dict[str, str] = {}
    values, stray = read_inline(lines[1:], grammar.ANALYSIS_LABELS)
    ctx.keep(stray)
    fields: dict[str, Any] = {}
    for field in grammar.ANALYSIS_LABELS:
        value = values.get(field)
        if value is None:
            continue
        if field == "group_ids":
            text = " ".join(t.strip() for _, t in value.lines if t.strip())
            parts = text.split(grammar.GROUP_ID_SEPARATOR.strip())
            fields[field] = tuple(part.strip() for part in parts if part.strip())
        elif field == "tested_non_inferiority":
            text = " ".join(t.strip() for _, t in value.lines if t.strip())
            fields[field] = ctx.normalized(normalize_bool, text, value.line, field)
            if fields[field] is None:
                raw[field] = text
        elif field in _ANALYSIS_TOKENS:
            fields[field] = _token(ctx, raw, field, _ANALYSIS_TOKENS[field], values)
        else:
            fields[field] = inline_text(raw, field, value)
    fields["raw"] = raw
    fields["line"] = lines[0][0]
    return new.from_fields(StatisticalAnalysis, fields)
