"""Free text and one-item-a-line sections (``trial.extract.text``)."""

from __future__ import annotations

import pytest

from tests.sections import SectionCase, cases, check_both_ways, read


@cases(
    SectionCase(
        id="summary-escapes-kept-as-page-text",
        section="brief_summary",
        labelled=["Adults with a BMI \\> 30 take the drug \\* twice daily for 8 weeks."],
        compact=["Adults with a BMI \\> 30 take the drug \\* twice daily for 8 weeks."],
        record={
            "brief_summary": "Adults with a BMI > 30 take the drug * twice daily for 8 weeks.",
            "raw": {
                "brief_summary": "Adults with a BMI \\> 30 take the drug \\* twice daily for 8 weeks."
            },
        },
    ),
    SectionCase(
        id="description-non-ascii",
        section="detailed_description",
        labelled=["Doses of 5 µg/kg ± 10% are given at 37 °C."],
        compact=["Doses of 5 µg/kg ± 10% are given at 37 °C."],
        record={"detailed_description": "Doses of 5 µg/kg ± 10% are given at 37 °C."},
    ),
    SectionCase(
        id="conditions-one-a-line",
        section="conditions",
        labelled=["Type 2 Diabetes", "", "Obesity"],
        compact=["Type 2 Diabetes", "Obesity"],
        record={"conditions": ["Type 2 Diabetes", "Obesity"]},
    ),
    SectionCase(
        id="keywords-with-an-escape",
        section="keywords",
        labelled=["GLP\\-1", "", "weight loss"],
        compact=["GLP\\-1", "weight loss"],
        record={"keywords": ["GLP-1", "weight loss"], "raw": {"keywords": "GLP\\-1\nweight loss"}},
    ),
    SectionCase(
        id="countries",
        section="countries",
        labelled=["Korea, Republic of", "", "Chile"],
        compact=["Korea, Republic of", "Chile"],
        record={"countries": ["Korea, Republic of", "Chile"]},
    ),
)
def test_text_sections_both_ways(case: SectionCase) -> None:
    check_both_ways(case)


def test_paragraphs_are_kept_in_the_labelled_shape() -> None:
    # Blank lines between paragraphs are text: the compact shape cannot carry them.
    case = SectionCase(
        id="",
        section="brief_summary",
        labelled=["First paragraph.", "", "Second paragraph."],
        compact=[],
        record={},
    )
    assert read(case, case.labelled).brief_summary == "First paragraph.\n\nSecond paragraph."


@pytest.mark.parametrize("section", ["brief_summary", "conditions"])
def test_an_empty_section_gives_nothing(section: str) -> None:
    case = SectionCase(id="", section=section, labelled=[], compact=[], record={})
    trial = read(case, [""])
    assert (trial.brief_summary, trial.conditions) == (None, ())
