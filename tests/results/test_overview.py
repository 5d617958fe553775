"""Results Overview (``results.overview``): the first primary outcome's description, then
its declared values (the Trial's status, phases and enrollment, the overview's time frame
and posting date), labelled or, in a compact scrape, by position."""

from __future__ import annotations

from tests.sections import SectionCase, cases, check_both_ways


@cases(
    SectionCase(
        id="every-value",
        section="results_overview",
        labelled=[
            "Change in resting systolic blood pressure from baseline to week 12.", "",
            "Recruitment status", "", "COMPLETED", "",
            "Study phase", "", "PHASE2", "",
            "Target enrollment", "", "84 participants", "",
            "Primary outcome timeframe", "", "Baseline and week 12", "",
            "Results posted on", "", "2024-05-17",
        ],
        compact=[
            "Change in resting systolic blood pressure from baseline to week 12.",
            "COMPLETED", "PHASE2", "84 participants", "Baseline and week 12", "2024-05-17",
        ],
        record={
            "status": "COMPLETED",
            "phases": ["PHASE2"],
            "enrollment": 84,
            "results": {
                "overview": {
                    "primary_outcome_description": (
                        "Change in resting systolic blood pressure from baseline to week 12."
                    ),
                    "primary_outcome_time_frame": "Baseline and week 12",
                    "results_posted": "2024-05-17",
                }
            },
        },
    ),
    SectionCase(
        id="no-description-no-phase",
        section="results_overview",
        labelled=[
            "Recruitment status", "", "TERMINATED", "",
            "Target enrollment", "", "9 participants", "",
            "Primary outcome timeframe", "", "Day 1 to day 28", "",
            "Results posted on", "", "2023-01",
        ],
        compact=["TERMINATED", "9 participants", "Day 1 to day 28", "2023-01"],
        record={
            "status": "TERMINATED",
            "enrollment": 9,
            "results": {
                "overview": {
                    "primary_outcome_time_frame": "Day 1 to day 28",
                    "results_posted": "2023-01",
                }
            },
        },
    ),
)  # fmt: skip
def test_results_overview_both_ways(case: SectionCase) -> None:
    check_both_ways(case)
