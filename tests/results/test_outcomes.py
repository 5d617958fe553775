"""Outcome measures and their statistical analyses: records, raw text beside the normalized
values, the API v2 shape, and what a damaged or unknown outcome table leaves behind."""

from __future__ import annotations

from typing import Any

import ctgov_parse
from ctgov_parse.ctgov import to_ctgov
from ctgov_parse.model import (
    AnalysisDispersionType,
    ConfidenceSides,
    DispersionType,
    NonInferiorityType,
    OutcomeMeasure,
    OutcomeType,
    ParamType,
    ReportingStatus,
    Trial,
)
from tests.conftest import FIXTURES


def _outcomes(name: str) -> tuple[Trial, tuple[OutcomeMeasure, ...]]:
    trial = ctgov_parse.parse_file(FIXTURES / f"{name}.txt")
    assert trial.results is not None
    return trial, trial.results.outcome_measures


def test_an_outcome_with_its_statistical_analysis() -> None:
    trial, outcomes = _outcomes("results_outcomes_analysis")
    assert trial.diagnostics == ()
    assert [(o.type, o.title) for o in outcomes] == [
        (OutcomeType.PRIMARY, "Change From Baseline in KCCQ Clinical Summary Score at Week 16"),
        (OutcomeType.SECONDARY, "Six-Minute Walk Distance at Week 16"),
    ]
    first = outcomes[0]
    assert first.reporting_status is ReportingStatus.POSTED
    assert first.time_frame == "Baseline and week 16"
    assert first.param_type is ParamType.LEAST_SQUARES_MEAN
    assert first.dispersion_type is DispersionType.STANDARD_ERROR
    # the page spells the dispersion in plain English; the record keeps that spelling
    assert first.raw["dispersion_type"] == "Standard Error"
    assert first.unit_of_measure == "score on a scale"
    assert [(g.id, g.title) for g in first.groups] == [
        ("OG000", "Dapagliflozin 10 mg"),
        ("OG001", "Placebo"),
    ]
    assert [(c.group_id, c.value) for c in first.denominators[0].counts] == [
        ("OG000", "151"),
        ("OG001", "147"),
    ]
    cells = first.classes[0].categories[0].measurements
    assert [(m.group_id, m.value, m.spread) for m in cells] == [
        ("OG000", "5.8", "1.1"),
        ("OG001", "0.9", "1.1"),
    ]
    (analysis,) = first.analyses
    assert analysis.group_ids == ("OG000", "OG001")
    assert analysis.tested_non_inferiority is False
    assert analysis.non_inferiority_type is NonInferiorityType.SUPERIORITY
    assert (analysis.p_value, analysis.p_value_comment) == (
        "<0.001",
        "Two-sided, at a 5% significance level.",
    )
    assert analysis.statistical_method == "ANCOVA"
    assert analysis.param_type == "Mean Difference (Final Values)"
    assert (analysis.param_value, analysis.ci_percent) == ("4.9", "95")
    assert analysis.ci_sides is ConfidenceSides.TWO_SIDED
    assert (analysis.ci_lower_limit, analysis.ci_upper_limit) == ("1.9", "7.9")
    assert analysis.dispersion_type is AnalysisDispersionType.STANDARD_ERROR_OF_MEAN
    assert analysis.dispersion_value == "1.53"
    second = outcomes[1]
    assert second.analyses == ()
    assert [
        (m.value, m.lower_limit, m.upper_limit)
        for m in second.classes[0].categories[0].measurements
    ] == [("362", "290", "421"), ("341", "275", "402")]


def test_categories_classes_and_an_outcome_without_posted_data() -> None:
    trial, outcomes = _outcomes("results_outcomes_categories")
    assert [d.code for d in trial.diagnostics] == ["inferred-field"]  # the recruitment paragraph
    cure, fever, diarrhea, carriage, admission = outcomes
    assert [c.title for c in cure.classes[0].categories] == ["Cured", "Not cured"]
    assert [m.value for m in cure.classes[0].categories[1].measurements] == ["26", "26"]
    analysis = cure.analyses[0]
    assert analysis.tested_non_inferiority is True
    assert analysis.non_inferiority_type is NonInferiorityType.NON_INFERIORITY
    assert analysis.ci_sides is ConfidenceSides.ONE_SIDED
    assert (analysis.ci_upper_limit, analysis.ci_upper_limit_comment) == (
        "NA",
        "One-sided interval: no upper limit.",
    )
    assert [c.title for c in fever.classes] == [
        "Under 2 years",
        "2 years or older",
    ]  # a colon marks a class
    older = fever.classes[1]
    assert [(c.group_id, c.value) for c in older.denominators[0].counts] == [
        ("OG000", "123"),
        ("OG001", "128"),
    ]
    missing = older.categories[0].measurements[1]
    assert (missing.value, missing.comment) == ("NA", "diaries missing for this age group")
    assert [m.value for m in diarrhea.classes[0].categories[0].measurements] == ["12", "21"]
    assert carriage.type is OutcomeType.OTHER_PRE_SPECIFIED
    assert carriage.reporting_status is ReportingStatus.NOT_POSTED
    assert (carriage.anticipated_posting_date, carriage.type_units_analyzed) == (
        "2023-06",
        "Swabs",
    )
    assert (carriage.groups, carriage.classes) == ((), ())
    assert admission.type is OutcomeType.POST_HOC
    assert admission.population_description == (
        "Children with an oxygen saturation below 94% at enrolment."
    )


def _api_outcome(trial: Trial, index: int) -> dict[str, Any]:
    outcome: dict[str, Any] = to_ctgov(trial)["resultsSection"]["outcomeMeasuresModule"][
        "outcomeMeasures"
    ][index]
    return outcome


def test_outcome_and_analysis_in_the_api_shape() -> None:
    trial, _ = _outcomes("results_outcomes_analysis")
    outcome = _api_outcome(trial, 0)
    assert {k: v for k, v in outcome.items() if k not in ("groups", "classes", "analyses")} == {
        "type": "PRIMARY",
        "title": "Change From Baseline in KCCQ Clinical Summary Score at Week 16",
        "description": "KCCQ-CSS ranges from 0 to 100; higher scores mean fewer symptoms and limitations.",
        "populationDescription": "All randomized participants with a baseline and a week 16 score.",
        "reportingStatus": "POSTED",
        "paramType": "LEAST_SQUARES_MEAN",
        "dispersionType": "Standard Error",  # the registry's own spelling for outcomes
        "unitOfMeasure": "score on a scale",
        "timeFrame": "Baseline and week 16",
        "denoms": [
            {
                "units": "Participants",
                "counts": [
                    {"groupId": "OG000", "value": "151"},
                    {"groupId": "OG001", "value": "147"},
                ],
            }
        ],
    }
    assert outcome["classes"] == [
        {
            "categories": [
                {
                    "measurements": [
                        {"groupId": "OG000", "value": "5.8", "spread": "1.1"},
                        {"groupId": "OG001", "value": "0.9", "spread": "1.1"},
                    ]
                }
            ]
        }
    ]
    assert outcome["analyses"] == [
        {
            "groupIds": ["OG000", "OG001"],
            "testedNonInferiority": False,
            "nonInferiorityType": "SUPERIORITY",
            "pValue": "<0.001",
            "pValueComment": "Two-sided, at a 5% significance level.",
            "statisticalMethod": "ANCOVA",
            "statisticalComment": "Adjusted for baseline score and diabetes status.",
            "paramType": "Mean Difference (Final Values)",
            "paramValue": "4.9",
            "ciPctValue": "95",
            "ciNumSides": "TWO_SIDED",
            "ciLowerLimit": "1.9",
            "ciUpperLimit": "7.9",
            "dispersionType": "STANDARD_ERROR_OF_MEAN",
            "dispersionValue": "1.53",
        }
    ]


def test_an_outcome_table_of_unknown_layout_is_kept_beside_its_outcome() -> None:
    trial, (outcome,) = _outcomes("results_unknown_outcome_layout")
    assert trial.results is not None
    assert [(d.code, d.line) for d in trial.diagnostics] == [("unknown-table", 69)]
    assert trial.unparsed == ()
    assert (outcome.title, outcome.type, outcome.time_frame) == (
        "Fetal Haemoglobin at the Maximum Tolerated Dose",
        OutcomeType.PRIMARY,
        "Month 12",
    )
    assert outcome.classes == ()
    (table,) = trial.results.tables
    assert table.section == "outcome_measures"
    assert table.headers == ("Visit", "HbF (%)", "Hydroxyurea dose (mg/kg/day)")
    assert table.rows == (
        ("Baseline", "9.8", "20"),
        ("Month 6", "18.2", "26.5"),
        ("Month 12", "21.4", "28.9"),
    )


def test_a_page_cut_inside_an_outcome_table_keeps_the_complete_rows() -> None:
    trial, outcomes = _outcomes("results_cut_in_outcome")
    assert [(d.code, d.line) for d in trial.diagnostics] == [
        ("truncated-table", 63),
        ("truncated", 64),
        ("unparsed-line", 63),
        ("truncated-value", 64),  # the page's last line, whatever else it is
    ]
    assert [line.text for line in trial.unparsed] == ["No delirium", "94 Participants"]
    last = outcomes[-1]
    assert last.title == "Incidence of Delirium Within 7 Days"
    assert [c.title for c in last.classes[0].categories] == ["Delirium"]
