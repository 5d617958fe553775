"""The one table reader (``results.tables``): the three renderings of a table give the same
rows."""

from __future__ import annotations

import pytest

import ctgov_parse
from ctgov_parse.model import PageKind

HEADER = "Trial Outcomes & Findings for A Study (NCT NCT01234567)\nNCT ID: NCT01234567\n"

# FORMAT.md's made-up milestones table, in its three renderings.
LABELLED = """Participant milestones
Measure
Drug A
Two tablets daily for 12 weeks.
Placebo
Overall Study
STARTED
40
38
Overall Study
COMPLETED
35
36"""
PIPE_CELLS = """| Measure |
Drug A
Two tablets daily for 12 weeks.
|
Placebo
|
|---|---|---|
|
Overall Study
STARTED
|
40
|
38
|
|
Overall Study
COMPLETED
|
35
|
36
|"""
PIPE_ROWS = """| Period | Milestone | Drug A<br>Two tablets daily for 12 weeks. | Placebo |
|---|---|---|---|
| Overall Study | STARTED | 40 | 38 |
| Overall Study | COMPLETED | 35 | 36 |"""


def _flow_page(table: str) -> str:
    return f"{HEADER}Participant Flow\nParticipant milestones\n{table}"


@pytest.mark.parametrize(
    "table", [LABELLED, PIPE_CELLS, PIPE_ROWS], ids=["labelled", "pipe-cells", "pipe-rows"]
)
def test_one_reader_for_three_renderings(table: str) -> None:
    trial = ctgov_parse.parse(_flow_page(table))
    assert trial.page_kind is PageKind.RESULTS
    assert trial.results is not None
    flow = trial.results.participant_flow
    assert flow is not None
    assert [(g.id, g.title, g.description) for g in flow.groups] == [
        ("FG000", "Drug A", "Two tablets daily for 12 weeks."),
        ("FG001", "Placebo", None),
    ]
    (period,) = flow.periods
    assert period.title == "Overall Study"
    assert [
        (m.type, [(c.group_id, c.value, c.number) for c in m.counts]) for m in period.milestones
    ] == [
        ("STARTED", [("FG000", "40", 40), ("FG001", "38", 38)]),
        ("COMPLETED", [("FG000", "35", 35), ("FG001", "36", 36)]),
    ]
    assert trial.unparsed == ()
