"""More Information: limitations, the agreement flags with their raw answers, and the
point of contact with a telephone extension split off."""

from __future__ import annotations

import ctgov_parse
from ctgov_parse.ctgov import to_ctgov
from ctgov_parse.model import RestrictionType
from tests.conftest import FIXTURES
from tests.results import PAGE_END

HEADER = "Trial Outcomes & Findings for A Study (NCT NCT01234567)\nNCT ID: NCT01234567\n"


def test_more_information_as_a_record_and_in_the_api_shape() -> None:
    trial = ctgov_parse.parse_file(FIXTURES / "results_outcomes_analysis.txt")
    assert trial.results is not None and trial.results.more_info is not None
    info = trial.results.more_info
    assert info.limitations_and_caveats == (
        "The trial was not powered to detect differences in hospitalization."
    )
    assert (info.pi_sponsor_employee, info.restrictive_agreement) == (False, True)
    assert info.raw == {}  # every answer in its canonical spelling: nothing to keep beside
    assert info.restriction_type is RestrictionType.LTE60
    assert (info.contact_phone, info.contact_phone_ext) == ("+45 70 12 34 56", "204")
    assert to_ctgov(trial)["resultsSection"]["moreInfoModule"] == {
        "limitationsAndCaveats": {
            "description": "The trial was not powered to detect differences in hospitalization."
        },
        "certainAgreement": {
            "piSponsorEmployee": False,
            "restrictionType": "LTE60",
            "restrictiveAgreement": True,
        },
        "pointOfContact": {
            "title": "Director, Clinical Trial Disclosure",
            "organization": "Nordic Heart Research Network",
            "email": "disclosure@example.org",
            "phone": "+45 70 12 34 56",
            "phoneExt": "204",
        },
    }


def test_a_phone_that_is_not_a_number_is_kept_as_written() -> None:
    trial = ctgov_parse.parse_file(FIXTURES / "results_adverse_pipe_rows.txt")
    assert trial.results is not None and trial.results.more_info is not None
    info = trial.results.more_info
    assert (info.contact_phone, info.contact_phone_ext) == ("Please email", None)
    assert (info.pi_sponsor_employee, info.restrictive_agreement) == (True, False)


def test_an_answer_that_is_neither_yes_nor_no_is_kept_raw_and_flagged() -> None:
    page = HEADER + "\nMore Information\n\nPI Is Sponsor Employee: Sometimes\n" + PAGE_END
    trial = ctgov_parse.parse(page)
    assert trial.results is not None and trial.results.more_info is not None
    info = trial.results.more_info
    assert info.pi_sponsor_employee is None
    assert info.raw["pi_sponsor_employee"] == "Sometimes"
    assert [(d.code, d.line) for d in trial.diagnostics] == [("bad-yes-no", 6)]
    assert trial.unparsed == ()
