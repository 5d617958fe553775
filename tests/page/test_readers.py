"""The readers both page kinds share (``page.readers``): the header and related trials."""

from __future__ import annotations

import ctgov_parse
from tests.sections import SectionCase, cases, check_both_ways


@cases(
    SectionCase(
        id="pairs-of-title-and-id",
        section="related_trials",
        labelled=[
            "Sauna Bathing and Blood Pressure", "", "NCT01234567", "",
            "Heat Therapy in Heart Failure", "", "NCT07654321",
        ],
        compact=[
            "Sauna Bathing and Blood Pressure", "NCT01234567",
            "Heat Therapy in Heart Failure", "NCT07654321",
        ],
        record={
            "related_trials": [
                {"title": "Sauna Bathing and Blood Pressure", "nct_id": "NCT01234567"},
                {"title": "Heat Therapy in Heart Failure", "nct_id": "NCT07654321"},
            ]
        },
    ),
)  # fmt: skip
def test_related_trials_both_ways(case: SectionCase) -> None:
    check_both_ways(case)


def test_the_header_of_each_kind() -> None:
    trial = ctgov_parse.parse("Sauna \\& Heart\nNCT ID: NCT01234567\nLast Updated: 2025-01-02")
    assert (trial.title, trial.nct_id, str(trial.last_updated)) == (
        "Sauna & Heart",
        "NCT01234567",
        "2025-01-02",
    )
    assert trial.raw == {"title": "Sauna \\& Heart"}
    results = ctgov_parse.parse(
        "Trial Outcomes & Findings for Sauna (NCT NCT01234567)\nNCT ID: NCT01234567"
    )
    assert (results.title, results.nct_id, results.diagnostics[0].code) == (
        "Sauna",
        "NCT01234567",
        "truncated",
    )
    assert not results.unparsed  # the id again, after a title line that named it


def test_a_bad_id_is_reported_and_the_id_inside_it_kept() -> None:
    trial = ctgov_parse.parse("Title\nNCT ID: see NCT01234567 (old)")
    assert trial.nct_id == "NCT01234567"
    assert [d.code for d in trial.diagnostics][:1] == ["bad-nct-id"]
