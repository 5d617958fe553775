"""The results page's header (``results.header``): its title line names the title and the
id, and says that results are posted."""

from __future__ import annotations

import pytest

import ctgov_parse
from ctgov_parse.model import ResultsStatus


@pytest.mark.parametrize(
    ("line", "title", "nct_id"),
    [
        pytest.param("Trial Outcomes & Findings for Sauna and Sleep (NCT NCT01234567)", "Sauna and Sleep", "NCT01234567", id="site"),
        pytest.param("Trial Outcomes & Findings for Sauna (Part 2) (NCT ID: NCT01234567)", "Sauna (Part 2)", "NCT01234567", id="id-label"),
        pytest.param("Trial Outcomes & Findings for Sauna (NCT 01234567)", "Sauna", "NCT01234567", id="digits-only"),
    ],
)  # fmt: skip
def test_the_title_line(line: str, title: str, nct_id: str) -> None:
    trial = ctgov_parse.parse(f"{line}\nNCT ID: {nct_id}\nLast Updated: 2024-02-03")
    assert (trial.title, trial.nct_id, trial.results_status) == (
        title,
        nct_id,
        ResultsStatus.AVAILABLE,
    )
    assert trial.unparsed == ()
    assert ctgov_parse.render(trial).split("\n")[:3] == [
        line,
        f"NCT ID: {nct_id}",
        "Last Updated: 2024-02-03",
    ]


def test_a_title_line_in_another_shape_is_the_title() -> None:
    trial = ctgov_parse.parse(
        "Trial Outcomes & Findings for a study without its id\nNCT ID: NCT01234567"
    )
    assert trial.title == "Trial Outcomes & Findings for a study without its id"
    assert trial.results_status is None
