"""Basic Information (``trial.extract.overview``): its declared label/value pairs, and the
values by their shape when a compact scrape lost the labels."""

from __future__ import annotations

from tests.sections import SectionCase, cases, check_both_ways


@cases(
    SectionCase(
        id="interventional-every-value",
        section="basic_information",
        labelled=[
            "Recruitment Status", "", "RECRUITING", "",
            "Clinical Phase", "", "PHASE1/PHASE2", "",
            "Total Enrollment", "", "60 participants", "",
            "Study Classification", "", "INTERVENTIONAL", "",
            "Study Start Date", "", "2025-02-01", "",
            "Study Completion Date", "", "2027-06",
        ],
        compact=["RECRUITING", "PHASE1/PHASE2", "60 participants", "INTERVENTIONAL", "2025-02-01", "2027-06"],
        record={
            "status": "RECRUITING",
            "phases": ["PHASE1", "PHASE2"],
            "enrollment": 60,
            "study_type": "INTERVENTIONAL",
            "start_date": "2025-02-01",
            "completion_date": "2027-06",
        },
    ),
    SectionCase(
        id="observational-no-phase",
        section="basic_information",
        labelled=[
            "Recruitment Status", "", "COMPLETED", "",
            "Total Enrollment", "", "1200 participants", "",
            "Study Classification", "", "OBSERVATIONAL", "",
            "Study Start Date", "", "2019-03-14", "",
            "Study Completion Date", "", "2023-11-30",
        ],
        compact=["COMPLETED", "1200 participants", "OBSERVATIONAL", "2019-03-14", "2023-11-30"],
        record={
            "status": "COMPLETED",
            "enrollment": 1200,
            "study_type": "OBSERVATIONAL",
            "start_date": "2019-03-14",
            "completion_date": "2023-11-30",
        },
    ),
    SectionCase(
        id="page-spellings-kept",
        section="basic_information",
        labelled=[
            "Recruitment Status", "", "Active, not recruiting", "",
            "Clinical Phase", "", "Phase 2", "",
            "Total Enrollment", "", "48 participants",
        ],
        compact=["Active, not recruiting", "Phase 2", "48 participants"],
        record={
            "status": "ACTIVE_NOT_RECRUITING",
            "phases": ["PHASE2"],
            "enrollment": 48,
            "raw": {"status": "Active, not recruiting", "phases": "Phase 2"},
        },
    ),
)  # fmt: skip
def test_basic_information_both_ways(case: SectionCase) -> None:
    check_both_ways(case)
