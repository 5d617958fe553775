"""The reporting policy: lenient pages list their defects, at most PER_CODE of one code, then
one diagnostics-capped diagnostic carries the count; strict parsing raises at the first."""

from __future__ import annotations

import pytest

import ctgov_parse
from ctgov_parse.diagnose import CAPPED, PER_CODE
from ctgov_parse.model import Level
from tests.conftest import EXAMPLE_SEED

SEED = EXAMPLE_SEED.read_text(encoding="utf-8")


def _page_with_stray_lines(count: int) -> str:
    """The seed with ``count`` lines no field takes, at the end of Basic Information."""
    stray = "".join(f"| stray {number} |\n" for number in range(count))
    return SEED.replace("Brief Summary\n", stray + "\nBrief Summary\n", 1)


def test_up_to_the_cap_every_diagnostic_is_listed() -> None:
    trial = ctgov_parse.parse(_page_with_stray_lines(PER_CODE))
    codes = [d.code for d in trial.diagnostics]
    assert codes.count("unparsed-line") == PER_CODE
    assert CAPPED not in codes


def test_past_the_cap_one_diagnostic_carries_the_count() -> None:
    trial = ctgov_parse.parse(_page_with_stray_lines(PER_CODE + 150))
    unparsed = [d for d in trial.diagnostics if d.code == "unparsed-line"]
    assert len(unparsed) == PER_CODE
    (capped,) = [d for d in trial.diagnostics if d.code == CAPPED]
    assert capped.count == 150
    assert capped.level is Level.WARNING
    assert "150 more 'unparsed-line' diagnostics" in capped.message
    # at the first line that was not listed; every line is still kept
    stray = [line for line in trial.unparsed if line.text.startswith("| stray")]
    assert len(stray) == PER_CODE + 150
    assert capped.line == stray[PER_CODE].number
    assert capped.line == unparsed[-1].line + 1
    assert trial.to_dict()["diagnostics"][-1]["count"] == 150
    assert "count" not in trial.to_dict()["diagnostics"][0]


def test_strict_parsing_still_raises_at_the_first_defect() -> None:
    with pytest.raises(ctgov_parse.ParseError) as raised:
        ctgov_parse.parse(_page_with_stray_lines(PER_CODE + 150), strict=True)
    assert raised.value.code == "unparsed-line"


def test_a_cap_per_code_and_per_page() -> None:
    page = "A Study\nNCT ID: NCT01234567\n" + "Sponsors\n\n" * (PER_CODE + 20)
    page += "Trial Notes\nThe study notes here.\n" * 3
    trial = ctgov_parse.parse(page)
    capped = [
        (d.count, d.message.split(" diagnostics")[0]) for d in trial.diagnostics if d.code == CAPPED
    ]
    duplicates = [d for d in trial.diagnostics if d.code == "duplicate-section"]
    assert len(duplicates) == PER_CODE
    # the first Sponsors is read, the next PER_CODE + 19 are duplicates
    assert capped == [(19, "19 more 'duplicate-section'")]
    again = ctgov_parse.parse(page)  # a new page starts counting again
    assert [d.code for d in again.diagnostics] == [d.code for d in trial.diagnostics]
