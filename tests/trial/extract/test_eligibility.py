"""Eligibility Criteria (``trial.extract.eligibility``): the criteria text split into
items, then the declared values (ages, sex, healthy volunteers), labelled or, in a compact
scrape, read backwards from the end of the section."""

from __future__ import annotations

from tests.sections import SectionCase, cases, check_both_ways


@cases(
    SectionCase(
        id="criteria-and-every-value",
        section="eligibility",
        labelled=[
            "Inclusion Criteria", "",
            "* Resting heart rate under 90 beats per minute",
            "* Able to sit for 20 minutes", "",
            "Exclusion Criteria", "",
            "* Unstable angina",
            "Minimum Eligible Age", "", "40 Years", "",
            "Maximum Eligible Age", "", "75 Years", "",
            "Eligible Sex", "", "MALE", "",
            "Accepts Healthy Volunteers", "", "Yes",
        ],
        compact=None,  # the criteria text's blank lines
        record={
            "eligibility": {
                "inclusion": [
                    {"text": "Resting heart rate under 90 beats per minute", "marker": "*"},
                    {"text": "Able to sit for 20 minutes", "marker": "*"},
                ],
                "exclusion": [{"text": "Unstable angina", "marker": "*"}],
                "criteria_text": (
                    "Inclusion Criteria\n\n* Resting heart rate under 90 beats per minute\n"
                    "* Able to sit for 20 minutes\n\nExclusion Criteria\n\n* Unstable angina"
                ),
                "minimum_age": {"value": 40, "unit": "YEARS"},
                "maximum_age": {"value": 75, "unit": "YEARS"},
                "sex": "MALE",
                "healthy_volunteers": True,
                "age_groups": ["ADULT", "OLDER_ADULT"],
            }
        },
    ),
    SectionCase(
        id="criteria-without-blank-lines",
        section="eligibility",
        labelled=[
            "Inclusion Criteria",
            "1. Singleton pregnancy",
            "Minimum Eligible Age", "", "18 Years", "",
            "Maximum Eligible Age", "", "45 Years", "",
            "Eligible Sex", "", "FEMALE", "",
            "Accepts Healthy Volunteers", "", "No",
        ],
        compact=[
            "Inclusion Criteria", "1. Singleton pregnancy", "18 Years", "45 Years", "FEMALE", "No",
        ],
        record={
            "eligibility": {
                "inclusion": [{"text": "Singleton pregnancy", "marker": "1."}],
                "criteria_text": "Inclusion Criteria\n1. Singleton pregnancy",
                "minimum_age": {"value": 18, "unit": "YEARS"},
                "maximum_age": {"value": 45, "unit": "YEARS"},
                "sex": "FEMALE",
                "healthy_volunteers": False,
                "age_groups": ["ADULT"],
            }
        },
    ),
    SectionCase(
        id="no-age-limits-kept-as-written",
        section="eligibility",
        labelled=[
            "Minimum Eligible Age", "", "N/A", "",
            "Maximum Eligible Age", "", "N/A", "",
            "Eligible Sex", "", "ALL",
        ],
        compact=["N/A", "N/A", "ALL"],
        record={
            "eligibility": {
                "sex": "ALL",
                "raw": {"minimum_age": "N/A", "maximum_age": "N/A"},
                "age_groups": ["CHILD", "ADULT", "OLDER_ADULT"],
            }
        },
    ),
)  # fmt: skip
def test_eligibility_both_ways(case: SectionCase) -> None:
    check_both_ways(case)
