"""Results pages: the page kind, one table reader for three renderings, the flow and
baseline records, rendering back, the API v2 resultsSection, merge, and the six real sample
studies with results through a rendered results page."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import ctgov_parse
from ctgov_parse.ctgov import from_ctgov, to_ctgov
from ctgov_parse.model import PageKind, PageShape, TableRendering, Trial
from ctgov_parse.results import grammar
from tests import strategies
from tests.conftest import FIXTURES, STUDIES, needs_sample
from tests.corpus import leaves

# --- rendering back ---------------------------------------------------------------------------

CANONICAL = {
    "results_labelled_tables": TableRendering.LABELLED,
    "results_compact_pipe_cells": TableRendering.PIPE_CELLS,
    "results_pipe_rows_periods": TableRendering.PIPE_ROWS,
    "results_classes_escapes": TableRendering.PIPE_CELLS,
    "results_compact_single_arm": TableRendering.PIPE_ROWS,
    "results_outcomes_analysis": TableRendering.LABELLED,
    "results_outcomes_categories": TableRendering.PIPE_CELLS,
    "results_adverse_pipe_rows": TableRendering.PIPE_ROWS,
    "results_compact_adverse_cells": TableRendering.PIPE_CELLS,
    "results_site_rows_labelled": TableRendering.LABELLED,
    "results_site_rows_compact": TableRendering.PIPE_CELLS,
}


@pytest.mark.parametrize("name", sorted(CANONICAL))
def test_canonical_results_page_comes_back(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    trial = ctgov_parse.parse(text)
    assert trial.results is not None
    assert trial.results.table_rendering is CANONICAL[name]
    assert ctgov_parse.render(trial) == text.rstrip("\n")


_RENDERINGS = ["labelled", "pipe-cells", "pipe-rows"]


@given(
    strategies.results_trials(),
    st.sampled_from(["labelled", "compact"]),
    st.sampled_from(_RENDERINGS),
)
def test_parse_inverts_render_for_results_pages(trial: Trial, shape: str, table: str) -> None:
    page = ctgov_parse.render(trial, page="results", shape=shape, table=table)  # type: ignore[arg-type]
    parsed = ctgov_parse.parse(page)
    assert parsed.unparsed == ()
    assert parsed.page_kind is PageKind.RESULTS
    assert [d.code for d in parsed.diagnostics if d.code != "inferred-field"] == []
    assert _comparable(parsed, shape) == _comparable(trial, shape)


@given(
    strategies.results_trials(),
    st.sampled_from(["labelled", "compact"]),
    st.sampled_from(["pipe-cells", "pipe-rows"]),
)
def test_the_site_measure_rows_read_back_every_value(trial: Trial, shape: str, table: str) -> None:
    # The site's rows name no statistic, so the param type comes back inferred; every
    # value, spread, limit, comment and title comes back, and the page is written again as
    # it was read. (In the one-cell-per-line rendering a last group's description and the
    # first measure's title can only be told apart by their look, and these records are
    # made of a few short words: the sample test below covers that rendering.) Two cases
    # read otherwise on the site's page as here, and are left out: a measure that follows
    # one of the same title (where titles are repeated, it reads as more rows of it), and a
    # measure of one category row followed by one of none in the same unit (nothing says
    # whether titles are repeated: the second reads as the first's next category).
    assert trial.results is not None
    baseline = trial.results.baseline
    measures = baseline.measures if baseline else ()
    assume(all(one.title != two.title for one, two in itertools.pairwise(measures)))
    assume(not any(_one_row_then_plain(one, two) for one, two in itertools.pairwise(measures)))
    page = ctgov_parse.render(trial, page="results", shape=shape, table=table, measures="site")  # type: ignore[arg-type]
    parsed = ctgov_parse.parse(page)
    assert parsed.unparsed == ()
    assert [d.code for d in parsed.diagnostics if d.code != "inferred-field"] == []
    assert ctgov_parse.render(parsed) == page
    assert _values(parsed) == _values(trial)


def _values(trial: Trial) -> list[Any]:
    """Each measure's title and unit, and its cells (no counts: the page's own n= come
    back where the record had none). The site's rows write the unit after each value: a
    measure with no value at all cannot carry one."""
    assert trial.results is not None
    measures: list[Any] = []
    if trial.results.baseline is not None:
        measures += trial.results.baseline.measures
    measures += trial.results.outcome_measures
    return [
        (
            measure.title,
            measure.unit_of_measure if _has_value(measure) else None,
            [
                (
                    measure_class.title,
                    [
                        (
                            category.title,
                            [
                                (m.group_id, m.value, m.spread, m.lower_limit, m.upper_limit)
                                for m in category.measurements
                            ],
                        )
                        for category in measure_class.categories
                    ],
                )
                for measure_class in measure.classes
            ],
        )
        for measure in measures
        if measure.classes
    ]


def _categorized(measure: Any) -> bool:
    return any(
        measure_class.title is not None
        or any(c.title is not None for c in measure_class.categories)
        for measure_class in measure.classes
    )


def _one_row_then_plain(one: Any, two: Any) -> bool:
    rows = sum(max(1, len(measure_class.categories)) for measure_class in one.classes)
    return _categorized(one) and rows == 1 and not _categorized(two)


def _has_value(measure: Any) -> bool:
    return any(
        m.value is not None
        for measure_class in measure.classes
        for category in measure_class.categories
        for m in category.measurements
    )


def _comparable(trial: Trial, shape: str) -> Any:
    data = trial.to_dict()
    for key in ("diagnostics", "page_shape", "page_kind"):
        data.pop(key)
    data["results"].pop("table_rendering")  # provenance, like the page shape
    data["results"].pop("measure_shape")
    if shape == "compact":  # no paragraph breaks in the compact shape
        from tests.corpus import without_blank_lines

        data = without_blank_lines(data)
    return data


def test_a_heading_that_comes_twice_is_kept_once_under_its_own_name() -> None:
    helper = "Review the details of this study that the site lists here."
    page = (
        "A Study\nNCT ID: NCT01234567\n"
        f"Study Officials\n{helper}\nDr A\n"
        f"Study Officials\n{helper}\nDr B"
    )
    trial = ctgov_parse.parse(page)
    assert list(trial.extra_sections) == ["Study Officials"]
    assert [(line.number, line.text) for line in trial.extra_sections["Study Officials"]] == [
        (4, helper),
        (5, "Dr A"),
        (6, "Study Officials"),
        (7, helper),
        (8, "Dr B"),
    ]
    again = ctgov_parse.parse(ctgov_parse.render(trial))
    assert again.extra_sections == trial.extra_sections


def test_results_page_cut_inside_a_table() -> None:
    trial = ctgov_parse.parse_file(FIXTURES / "results_cut_in_table.txt")
    codes = [(d.code, d.line) for d in trial.diagnostics if d.code.startswith("truncated")]
    assert codes == [("truncated-table", 129), ("truncated", 136), ("truncated-value", 136)]
    assert trial.results is not None and trial.results.baseline is not None
    assert [m.title for m in trial.results.baseline.measures] == ["Age, Continuous"]
    assert [line.number for line in trial.unparsed] == list(range(129, 137))


def test_results_page_cut_before_the_baseline() -> None:
    text = (FIXTURES / "results_labelled_tables.txt").read_text(encoding="utf-8")
    cut = text[: text.index("Baseline Characteristics")]
    assert "truncated" in [d.code for d in ctgov_parse.parse(cut).diagnostics]


def test_unknown_table_is_kept_with_its_cells() -> None:
    trial = ctgov_parse.parse_file(FIXTURES / "results_unknown_table.txt")
    assert trial.results is not None
    (table,) = trial.results.tables
    assert (table.caption, table.headers, table.rows, table.section) == (
        "Participants by school district",
        ("District", "Free spectacles", "Prescription only"),
        (("North", "402", "390"), ("South", "360", "368")),
        "participant_flow",
    )
    assert [d.code for d in trial.diagnostics] == ["unknown-table"]


# --- API v2 -------------------------------------------------------------------------------------


def test_results_page_in_the_api_shape() -> None:
    trial = ctgov_parse.parse_file(FIXTURES / "results_pipe_rows_periods.txt")
    study = to_ctgov(trial)
    assert study["hasResults"] is True
    protocol = study["protocolSection"]
    assert protocol["statusModule"] == {
        "overallStatus": "TERMINATED",
        "lastUpdatePostDateStruct": {"date": "2021-06-08"},
        "resultsFirstPostDateStruct": {"date": "2021-06-08"},
    }
    assert protocol["designModule"] == {
        "phases": ["PHASE2", "PHASE3"],
        "enrollmentInfo": {"count": 96},
    }
    assert protocol["outcomesModule"] == {
        "primaryOutcomes": [
            {
                "description": "Number of asthma exacerbations needing oral corticosteroids during the 24-week treatment period.",
                "timeFrame": "24 weeks after randomization",
            }
        ]
    }
    flow = study["resultsSection"]["participantFlowModule"]
    assert flow["groups"][1] == {
        "id": "FG001",
        "title": "Placebo add-on",
        "description": "Matching placebo inhaler once daily, with montelukast.",
    }
    assert [p["title"] for p in flow["periods"]] == ["Period 1: Run-in", "Period 2: Treatment"]
    assert flow["periods"][0]["milestones"][1] == {
        "type": "Took at least 80% of doses",
        "achievements": [
            {"groupId": "FG000", "numSubjects": "44"},
            {"groupId": "FG001", "numSubjects": "41"},
        ],
    }
    assert flow["periods"][1]["dropWithdraws"][0]["reasons"][0] == {
        "groupId": "FG000",
        "numSubjects": "5",
    }
    measure = study["resultsSection"]["baselineCharacteristicsModule"]["measures"][0]
    assert {k: measure[k] for k in ("title", "paramType", "dispersionType", "unitOfMeasure")} == {
        "title": "Age, Continuous",
        "paramType": "MEDIAN",
        "dispersionType": "FULL_RANGE",
        "unitOfMeasure": "years",
    }
    assert measure["classes"][0]["categories"][0]["measurements"][2] == {
        "groupId": "BG002",
        "value": "8",
        "lowerLimit": "6",
        "upperLimit": "11",
    }


# Leaves of the results modules whose words a page carries but not their line breaks: the
# labelled rendering joins a text's lines with spaces and pipe cells drop its blank lines
# (docs/results-format.md). They are compared with their whitespace collapsed.
WORDS_ONLY = frozenset(
    {
        "participantFlowModule.groups[].description",
        "baselineCharacteristicsModule.groups[].description",
        "baselineCharacteristicsModule.measures[].description",
        "baselineCharacteristicsModule.measures[].populationDescription",
        "outcomeMeasuresModule.outcomeMeasures[].description",
        "outcomeMeasuresModule.outcomeMeasures[].populationDescription",
        "outcomeMeasuresModule.outcomeMeasures[].groups[].description",
        "outcomeMeasuresModule.outcomeMeasures[].analyses[].statisticalComment",
        "outcomeMeasuresModule.outcomeMeasures[].analyses[].methodComment",
        "outcomeMeasuresModule.outcomeMeasures[].analyses[].estimateComment",
        "outcomeMeasuresModule.outcomeMeasures[].analyses[].groupDescription",
        "outcomeMeasuresModule.outcomeMeasures[].analyses[].nonInferiorityComment",
        "adverseEventsModule.description",
        "adverseEventsModule.eventGroups[].description",
        "moreInfoModule.limitationsAndCaveats.description",
        "moreInfoModule.certainAgreement.otherDetails",
    }
)
# Per page shape, table rendering and module: leaves that agree / all leaves (conftest prints).
RESULTS_AGREEMENT: dict[tuple[str, str, str], Counter[str]] = {}
_MODULES = (
    "participantFlowModule",
    "baselineCharacteristicsModule",
    "outcomeMeasuresModule",
    "adverseEventsModule",
    "moreInfoModule",
)


def _compared(path: str, value: Any) -> Any:
    if isinstance(value, str) and re.sub(r"\[\d+\]", "[]", path) in WORDS_ONLY:
        return " ".join(value.split())
    return value


@needs_sample
@pytest.mark.parametrize("shape", ["labelled", "compact"])
@pytest.mark.parametrize("table", _RENDERINGS)
@pytest.mark.parametrize(("measures", "floor"), [("stated", 0.99), ("site", 0.98)])
def test_sample_results_survive_a_results_page(
    shape: str, table: str, measures: str, floor: float
) -> None:
    # In the site's measure rows the param type is inferred and a class's analysed counts
    # are not drawn (the site's n= lines are its own): hence the lower floor.
    studies = [json.loads(path.read_text(encoding="utf-8")) for path in STUDIES]
    with_results = [study for study in studies if "resultsSection" in study]
    assert len(with_results) == 6
    for study in with_results:
        page = ctgov_parse.render(
            from_ctgov(study),
            page="results",
            shape=shape,  # type: ignore[arg-type]
            table=table,  # type: ignore[arg-type]
            measures=measures,  # type: ignore[arg-type]
        )
        parsed = ctgov_parse.parse(page)
        assert parsed.unparsed == ()
        assert parsed.page_shape is PageShape(shape.upper())
        again = ctgov_parse.render(parsed)  # in the shapes it was read in
        assert ctgov_parse.render(ctgov_parse.parse(again)) == again
        back = to_ctgov(parsed)["resultsSection"]
        for module in _MODULES:
            key = (shape, f"{table}/{measures}", module)
            counts = RESULTS_AGREEMENT.setdefault(key, Counter())
            expected = {
                k: _compared(k, v)
                for k, v in leaves(study["resultsSection"].get(module, {}), module).items()
            }
            got = {k: _compared(k, v) for k, v in leaves(back.get(module, {}), module).items()}
            for leaf in set(expected) | set(got):
                counts["agree" if expected.get(leaf) == got.get(leaf) else "differ"] += 1
    total: Counter[str] = Counter()
    for module in _MODULES:
        total.update(RESULTS_AGREEMENT[(shape, f"{table}/{measures}", module)])
    assert total["agree"] / (total["agree"] + total["differ"]) >= floor


# --- merge ----------------------------------------------------------------------------------


def _trial_page_of(results_page: Trial, **changes: Any) -> Trial:
    study = to_ctgov(results_page)
    study.pop("resultsSection")
    trial = ctgov_parse.parse(ctgov_parse.render(attrs.evolve(from_ctgov(study), **changes)))
    assert trial.page_kind is PageKind.TRIAL
    return trial


def test_merge_combines_the_two_pages_of_a_study() -> None:
    results_page = ctgov_parse.parse_file(FIXTURES / "results_labelled_tables.txt")
    trial_page = _trial_page_of(results_page, brief_summary="A one-line summary.")
    merged = ctgov_parse.merge(trial_page, results_page)
    assert merged.brief_summary == "A one-line summary."
    assert merged.results == results_page.results
    assert merged.results_status is ctgov_parse.ResultsStatus.AVAILABLE
    assert [d.code for d in merged.diagnostics if d.code == "merge-conflict"] == []
    assert ctgov_parse.render(merged, page="results") == ctgov_parse.render(results_page)
    assert ctgov_parse.render(merged, page="trial") == ctgov_parse.render(
        attrs.evolve(trial_page, results_status=ctgov_parse.ResultsStatus.AVAILABLE)
    )


def test_merge_keeps_the_trial_page_on_a_disagreement() -> None:
    results_page = ctgov_parse.parse_file(FIXTURES / "results_labelled_tables.txt")
    trial_page = _trial_page_of(results_page, status=ctgov_parse.Status.ACTIVE_NOT_RECRUITING)
    merged = ctgov_parse.merge(trial_page, results_page)
    assert merged.status is ctgov_parse.Status.ACTIVE_NOT_RECRUITING
    (conflict,) = [d for d in merged.diagnostics if d.code == "merge-conflict"]
    assert (conflict.field, conflict.page, conflict.level) == (
        "status",
        PageKind.RESULTS,
        ctgov_parse.Level.WARNING,
    )
    assert "ACTIVE_NOT_RECRUITING" in conflict.message and "COMPLETED" in conflict.message


def test_after_a_merge_every_diagnostic_and_kept_line_says_its_page() -> None:
    results_page = ctgov_parse.parse_file(FIXTURES / "results_cut_in_table.txt")
    trial_page = ctgov_parse.parse("Early Mobilisation\nNCT ID: NCT03600871\nstray line")
    merged = ctgov_parse.merge(trial_page, results_page)
    pages = Counter(line.page for line in merged.unparsed)
    assert pages == {PageKind.TRIAL: 1, PageKind.RESULTS: 8}
    assert {d.page for d in merged.diagnostics} == {PageKind.TRIAL, PageKind.RESULTS}
    assert "stray line" in ctgov_parse.render(merged, page="trial")
    assert "stray line" not in ctgov_parse.render(merged, page="results")


def test_merge_refuses_two_studies() -> None:
    results_page = ctgov_parse.parse_file(FIXTURES / "results_labelled_tables.txt")
    with pytest.raises(ValueError, match="two studies"):
        ctgov_parse.merge(ctgov_parse.parse_file(FIXTURES / "seed_NCT06788470.txt"), results_page)
    with pytest.raises(ValueError, match="trial page"):
        ctgov_parse.merge(results_page, results_page)


def test_sample_results_page_for_every_study_path() -> None:
    # A Trial made from API JSON renders its trial page by default, its results page on demand.
    for path in STUDIES:
        study: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        if "resultsSection" not in study:
            continue
        trial = from_ctgov(study)
        assert ctgov_parse.render(trial).startswith(
            study["protocolSection"]["identificationModule"]["briefTitle"].split("\n")[0][:20]
        )
        assert ctgov_parse.render(trial, page="results").startswith(grammar.TITLE_PREFIX)
