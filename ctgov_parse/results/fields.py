"""The results page's labelled fields, each declared once (see ``page.fields``): the
Results Overview's five values, after the first primary outcome's description. Status,
phases and enrollment are the Trial's own fields (the trial page declares their API v2
paths); the time frame and the posting date are the results overview's."""

from __future__ import annotations

from ctgov_parse.model import Status
from ctgov_parse.page.fields import DATE, ENROLLMENT, PHASES, TEXT, Field, token_of

__all__ = ["OVERVIEW"]

OVERVIEW: tuple[Field, ...] = (
    Field("status", "Recruitment status", token_of(Status)),
    Field("phases", "Study phase", PHASES),
    Field("enrollment", "Target enrollment", ENROLLMENT),
    # Free text that may run on over the lines below its first (a long time frame); API v2
    # keeps it in the first primary outcome, which ``ctgov.results`` writes whole.
    Field(
        "primary_outcome_time_frame", "Primary outcome timeframe", TEXT, record="results.overview"
    ),
    Field(
        "results_posted",
        "Results posted on",
        DATE,
        "statusModule.resultsFirstPostDateStruct.date",
        "results.overview",
    ),
)
