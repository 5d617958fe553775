"""Adverse events: the groups with their totals, serious and other events with their cells in
every rendering, the API v2 shape, and cells that do not read."""

from __future__ import annotations

import pytest

import ctgov_parse
from ctgov_parse.ctgov import to_ctgov
from ctgov_parse.model import AdverseEvents, AssessmentType, EventStat, Trial
from tests.conftest import FIXTURES
from tests.results import PAGE_END

HEADER = "Trial Outcomes & Findings for A Study (NCT NCT01234567)\nNCT ID: NCT01234567\n"


def _events(name: str) -> tuple[Trial, AdverseEvents]:
    trial = ctgov_parse.parse_file(FIXTURES / f"{name}.txt")
    assert trial.results is not None and trial.results.adverse_events is not None
    return trial, trial.results.adverse_events


def test_groups_totals_and_events_from_labelled_tables() -> None:
    _, events = _events("results_outcomes_analysis")
    assert (
        events.time_frame == "From the first dose to 30 days after the last dose, up to 20 weeks."
    )
    assert events.frequency_threshold == "5"
    assert [
        (g.id, g.title, g.deaths_affected, g.deaths_at_risk, g.serious_affected, g.other_affected)
        for g in events.groups
    ] == [
        ("EG000", "Dapagliflozin 10 mg", 1, 160, 12, 41),
        ("EG001", "Placebo", 2, 158, 15, 33),
    ]
    failure, injury = events.serious_events
    assert (failure.organ_system, failure.term, failure.source_vocabulary) == (
        "Cardiac disorders",
        "Cardiac failure",
        "MedDRA 25.0",
    )
    assert failure.assessment_type is AssessmentType.SYSTEMATIC_ASSESSMENT
    assert failure.stats == (
        EventStat(group_id="EG000", affected=6, at_risk=160, events=7),
        EventStat(group_id="EG001", affected=9, at_risk=158, events=11),
    )
    assert injury.term == "Acute kidney injury"
    infection, hypotension = events.other_events
    assert infection.notes == "Includes cystitis."
    assert hypotension.assessment_type is AssessmentType.NON_SYSTEMATIC_ASSESSMENT


def test_pipe_rows_with_an_empty_cell_and_no_mortality_row() -> None:
    trial, events = _events("results_adverse_pipe_rows")
    assert trial.diagnostics == ()
    assert events.all_cause_mortality_comment == (
        "Deaths were not collected as a separate measure in this study."
    )
    assert [(g.deaths_at_risk, g.serious_affected, g.serious_at_risk) for g in events.groups] == [
        (None, 4, 60),
        (None, 6, 60),
    ]
    assert events.groups[0].description == (
        "Aflibercept 2 mg every 12 weeks after three monthly doses."
    )
    endophthalmitis = events.serious_events[2]
    assert endophthalmitis.notes == "In the study eye, after an injection."
    # "-" is a group without a count for this event: no stat for it
    assert endophthalmitis.stats == (EventStat(group_id="EG000", affected=1, at_risk=60, events=1),)
    hypertension = events.other_events[2]
    assert [(s.affected, s.events) for s in hypertension.stats] == [(6, None), (7, None)]


def test_compact_pipe_cells_read_like_the_labelled_tables() -> None:
    _, events = _events("results_compact_adverse_cells")
    assert [(g.title, g.deaths_affected, g.other_affected) for g in events.groups] == [
        ("Patch and texts", 0, 9),
        ("Texts only", 0, 4),
    ]
    reaction = events.other_events[0]
    assert reaction.term == "Application site reaction"
    assert reaction.stats == (
        EventStat(group_id="EG000", affected=7, at_risk=30, events=9),
        EventStat(group_id="EG001", affected=0, at_risk=30, events=None),
    )


def test_adverse_events_in_the_api_shape() -> None:
    trial, _ = _events("results_adverse_pipe_rows")
    module = to_ctgov(trial)["resultsSection"]["adverseEventsModule"]
    assert {
        k: module[k] for k in ("frequencyThreshold", "timeFrame", "allCauseMortalityComment")
    } == {
        "frequencyThreshold": "3",
        "timeFrame": "52 weeks",
        "allCauseMortalityComment": "Deaths were not collected as a separate measure in this study.",
    }
    assert module["eventGroups"][1] == {
        "id": "EG001",
        "title": "Every 8 weeks",
        "description": "Aflibercept 2 mg every 8 weeks after five monthly doses.",
        "seriousNumAffected": 6,
        "seriousNumAtRisk": 60,
        "otherNumAffected": 24,
        "otherNumAtRisk": 60,
    }
    assert module["seriousEvents"][2] == {
        "term": "Endophthalmitis",
        "organSystem": "Eye disorders",
        "sourceVocabulary": "MedDRA 21.1",
        "assessmentType": "SYSTEMATIC_ASSESSMENT",
        "notes": "In the study eye, after an injection.",
        "stats": [{"groupId": "EG000", "numEvents": 1, "numAffected": 1, "numAtRisk": 60}],
    }


def _one_event_page(cell: str) -> str:
    return HEADER + (
        "\nAdverse Events\n\nSerious adverse events\n\n"
        "| Event | Drug A | Placebo |\n|---|---|---|\n"
        f"| Cardiac disorders<br>Cardiac failure<br>SYSTEMATIC_ASSESSMENT · MedDRA 25.0 | {cell} | 1 / 10 |\n"
        "| Cardiac disorders<br>Angina<br>SYSTEMATIC_ASSESSMENT · MedDRA 25.0 | 2 / 160 | 1 / 10 |\n"
        + PAGE_END
    )


@pytest.mark.parametrize(
    ("cell", "stat"),
    [
        ("6 / 160 (7)", EventStat(group_id="EG000", affected=6, at_risk=160, events=7)),
        ("6 / 160", EventStat(group_id="EG000", affected=6, at_risk=160)),
        ("- / 160", EventStat(group_id="EG000", at_risk=160)),
    ],
)
def test_event_cells(cell: str, stat: EventStat) -> None:
    trial = ctgov_parse.parse(_one_event_page(cell))
    assert trial.diagnostics == ()
    assert trial.results is not None and trial.results.adverse_events is not None
    assert trial.results.adverse_events.serious_events[0].stats[0] == stat


@pytest.mark.parametrize("cell", ["1 of 60", "6 / 160 (x)", "six / 160"])
def test_a_row_with_a_cell_that_does_not_read_is_kept_as_a_generic_table(cell: str) -> None:
    trial = ctgov_parse.parse(_one_event_page(cell))
    assert [(d.code, d.line) for d in trial.diagnostics] == [("table-row-misfit", 10)]
    assert trial.results is not None and trial.results.adverse_events is not None
    assert [e.term for e in trial.results.adverse_events.serious_events] == ["Angina"]
    (table,) = trial.results.tables
    assert (table.caption, table.section) == ("Serious adverse events", "adverse_events")
    assert table.rows == (
        (
            "Cardiac disorders\nCardiac failure\nSYSTEMATIC_ASSESSMENT · MedDRA 25.0",
            cell,
            "1 / 10",
        ),
    )
