"""How a results page is read: its extractor table, in the order that lets one table help
read another (the baseline's group titles help split the flow's), and when it is whole."""

from __future__ import annotations

from typing import Any

from ctgov_parse.model import MeasureShape, PageKind, PageShape, TableRendering, new
from ctgov_parse.page.assemble import PageReader
from ctgov_parse.page.grammar import RELATED_TRIALS
from ctgov_parse.page.readers import extract_related_trials, related_trials_cut
from ctgov_parse.page.split import Section
from ctgov_parse.results.adverse import extract_adverse_events
from ctgov_parse.results.baseline import extract_baseline
from ctgov_parse.results.common import ResultsContext
from ctgov_parse.results.flow import extract_participant_flow
from ctgov_parse.results.header import extract_header
from ctgov_parse.results.more_info import extract_more_info
from ctgov_parse.results.outcomes import extract_outcome_measures
from ctgov_parse.results.overview import extract_overview

__all__ = ["RESULTS_READER"]

EXTRACTORS = {
    "header": extract_header,
    "results_overview": extract_overview,
    "baseline_characteristics": extract_baseline,
    "participant_flow": extract_participant_flow,
    "outcome_measures": extract_outcome_measures,
    "adverse_events": extract_adverse_events,
    "more_information": extract_more_info,
    "related_trials": extract_related_trials,
}


def _where_cut(sections: list[Section], shape: PageShape, ctx: ResultsContext) -> str | None:
    """A whole results page closes, as a trial page does, with its related trials (their
    heading and helper sentence even when there are none), the last entry whole; and no
    table of it ends inside a row."""
    if any(d.code == "truncated-table" for d in ctx.report.found):
        return "inside a table"
    known = [s for s in sections if s.name in EXTRACTORS and s.name != "header"]
    if not known or known[-1].name != RELATED_TRIALS.name:
        return f"before its last section ({RELATED_TRIALS.headings[0]})"
    return related_trials_cut(known[-1], ctx)


def _finish(ctx: ResultsContext) -> dict[str, Any]:
    return {
        "results": new.results(
            overview=ctx.results.get("overview"),
            participant_flow=ctx.results.get("participant_flow"),
            baseline=ctx.results.get("baseline"),
            outcome_measures=ctx.results.get("outcome_measures", ()),
            adverse_events=ctx.results.get("adverse_events"),
            more_info=ctx.results.get("more_info"),
            tables=tuple(ctx.tables),
            table_rendering=_RENDERINGS.get(ctx.renderings[0]) if ctx.renderings else None,
            measure_shape=_measure_shape(ctx.measure_shapes),
        )
    }


def _measure_shape(shapes: list[MeasureShape | None]) -> MeasureShape | None:
    """The page's measure rows: as its first table that tells; the site's with titles
    repeated (the shape seen) when none of its site-shaped tables tells."""
    told = next((shape for shape in shapes if shape is not None), None)
    return told if told is not None or not shapes else MeasureShape.SITE


_RENDERINGS = {
    "labelled": TableRendering.LABELLED,
    "pipe-cells": TableRendering.PIPE_CELLS,
    "pipe-rows": TableRendering.PIPE_ROWS,
}


RESULTS_READER = PageReader(
    kind=PageKind.RESULTS,
    extractors=EXTRACTORS,
    context=ResultsContext,
    where_cut=_where_cut,
    finish=_finish,
)
