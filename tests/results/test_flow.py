"""Participant Flow (``results.flow``): groups, periods, milestones."""

from __future__ import annotations

import ctgov_parse
from tests.results.test_tables import HEADER


def test_the_flow_header_split_takes_the_baseline_titles_as_a_hint() -> None:
    # Three group lines for two groups: the second line could be a title or a description;
    # the baseline table (whose n= lines leave no doubt) says which.
    page = (
        f"{HEADER}Participant Flow\nParticipant milestones\nMeasure\nLow dose\nHigh dose\n"
        "Twice daily\nOverall Study\nSTARTED\n5\n6\n"
        "Baseline Characteristics\nBaseline characteristics by cohort\nMeasure\n"
        "Low dose\nn=5 Participants\nHigh dose\nn=6 Participants\nTwice daily\n"
        "Age\nMEAN · years\n50 years\n51 years\n"
    )
    results = ctgov_parse.parse(page).results
    assert results is not None and results.participant_flow is not None
    flow = results.participant_flow
    assert [(g.title, g.description) for g in flow.groups] == [
        ("Low dose", None),
        ("High dose", "Twice daily"),
    ]
