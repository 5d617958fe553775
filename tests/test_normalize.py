"""Golden tables for the normalizers: (input, expected) pairs with readable ids."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import (
    Age,
    AgeGroup,
    AgeUnit,
    Allocation,
    Criterion,
    InterventionModel,
    MaskedRole,
    PartialDate,
    Phase,
    Sex,
    SponsorRole,
    Status,
    StudyType,
    age_groups,
)
from ctgov_parse.normalize import (
    normalize_age,
    normalize_bool,
    normalize_date,
    normalize_enrollment,
    normalize_masked_roles,
    normalize_phases,
    normalize_token,
    split_address,
    split_criteria,
    split_phone,
    unescape_markdown,
)

DATES = [
    pytest.param("2024-08-09", (2024, 8, 9), id="iso-day"),
    pytest.param("2024-08", (2024, 8, None), id="iso-month"),
    pytest.param("2006", (2006, None, None), id="iso-year"),
    pytest.param("August 2024", (2024, 8, None), id="month-name-year"),
    pytest.param("Aug 9, 2024", (2024, 8, 9), id="abbrev-day-year"),
    pytest.param("August 9, 2024", (2024, 8, 9), id="full-day-year"),
    pytest.param("2024-08-09 (Actual)", (2024, 8, 9), id="iso-actual"),
    pytest.param("March 2015 (Anticipated)", (2015, 3, None), id="month-anticipated"),
    pytest.param("February 2015", (2015, 2, None), id="february-not-the-30th"),
    pytest.param(" 2024-08-09 ", (2024, 8, 9), id="surrounding-space"),
]


@pytest.mark.parametrize(("text", "parts"), DATES)
def test_dates(text: str, parts: tuple[int, int | None, int | None]) -> None:
    date = normalize_date(text)
    assert (date.year, date.month, date.day) == parts
    assert date.raw == text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Mar 05", id="no-year-would-default"),
        pytest.param("Aug 9, 24", id="two-digit-year"),
        pytest.param("2024-13-01", id="month-13"),
        pytest.param("2023-02-29", id="not-a-leap-year"),
        pytest.param("soon", id="words"),
        pytest.param("", id="empty"),
        pytest.param("2024-08-09" * 30, id="too-long"),
    ],
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(NormalizeError):
        normalize_date(text)


def test_month_date_is_not_first_of_month() -> None:
    assert normalize_date("2024-08") != normalize_date("2024-08-01")
    assert normalize_date("August 2024") == normalize_date("2024-08")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("PHASE1/PHASE2", (Phase.PHASE1, Phase.PHASE2), id="tokens"),
        pytest.param("PHASE3", (Phase.PHASE3,), id="one-token"),
        pytest.param("Phase 1/Phase 2", (Phase.PHASE1, Phase.PHASE2), id="plain"),
        pytest.param("Phase I/II", (Phase.PHASE1, Phase.PHASE2), id="roman"),
        pytest.param("Phase 2/3", (Phase.PHASE2, Phase.PHASE3), id="short-second"),
        pytest.param("Early Phase 1", (Phase.EARLY_PHASE1,), id="early"),
        pytest.param("EARLY_PHASE1", (Phase.EARLY_PHASE1,), id="early-token"),
        pytest.param("N/A", (Phase.NA,), id="n-slash-a"),
        pytest.param("NA", (Phase.NA,), id="na"),
        pytest.param("Phase IV", (Phase.PHASE4,), id="roman-four"),
    ],
)
def test_phases(text: str, expected: tuple[Phase, ...]) -> None:
    assert normalize_phases(text) == expected


@pytest.mark.parametrize("text", ["Phase 7", "PHASE", "", "Phase 1/Banana"])
def test_bad_phases(text: str) -> None:
    with pytest.raises(NormalizeError):
        normalize_phases(text)


AGES = [
    pytest.param("18 Years", 18, AgeUnit.YEARS, Fraction(18 * 1461, 4), id="years"),
    pytest.param("1 Year", 1, AgeUnit.YEARS, Fraction(1461, 4), id="singular"),
    pytest.param("36 Weeks", 36, AgeUnit.WEEKS, Fraction(252), id="weeks"),
    pytest.param("6 Months", 6, AgeUnit.MONTHS, Fraction(6 * 1461, 48), id="months"),
    pytest.param("28 Days", 28, AgeUnit.DAYS, Fraction(28), id="days"),
    pytest.param("12 Hours", 12, AgeUnit.HOURS, Fraction(1, 2), id="hours-are-not-years"),
    pytest.param("30 Minutes", 30, AgeUnit.MINUTES, Fraction(1, 48), id="minutes-are-not-months"),
]


@pytest.mark.parametrize(("text", "value", "unit", "days"), AGES)
def test_ages(text: str, value: int, unit: AgeUnit, days: Fraction) -> None:
    age = normalize_age(text)
    assert (age.value, age.unit, age.days) == (value, unit, days)
    assert age.years == days / Fraction(1461, 4)
    assert normalize_age(str(age)) == age


@pytest.mark.parametrize("text", ["N/A", "NA", ""])
def test_no_age_limit(text: str) -> None:
    assert normalize_age(text) is None


@pytest.mark.parametrize("text", ["eighteen years", "18 Fortnights", "18"])
def test_bad_ages(text: str) -> None:
    with pytest.raises(NormalizeError):
        normalize_age(text)


def _age(text: str | None) -> Age | None:
    return normalize_age(text) if text else None


@pytest.mark.parametrize(
    ("minimum", "maximum", "groups"),
    [
        pytest.param("36 Weeks", None, ("CHILD", "ADULT", "OLDER_ADULT"), id="infant-no-max"),
        pytest.param("18 Years", None, ("ADULT", "OLDER_ADULT"), id="adult-no-max"),
        pytest.param("18 Years", "64 Years", ("ADULT",), id="adult-64"),
        pytest.param("18 Years", "65 Years", ("ADULT", "OLDER_ADULT"), id="adult-65"),
        pytest.param("19 Years", "64 Years", ("ADULT",), id="registry-19-64"),
        pytest.param(None, "17 Years", ("CHILD",), id="child-only"),
        pytest.param("65 Years", None, ("OLDER_ADULT",), id="older-only"),
        pytest.param("12 Hours", "216 Months", ("CHILD", "ADULT"), id="months-to-18"),
        pytest.param(None, None, ("CHILD", "ADULT", "OLDER_ADULT"), id="no-limits"),
    ],
)
def test_age_groups(minimum: str | None, maximum: str | None, groups: tuple[str, ...]) -> None:
    assert age_groups(_age(minimum), _age(maximum)) == tuple(AgeGroup(g) for g in groups)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("10 participants", 10, id="participants"),
        pytest.param("252245 participants", 252245, id="large"),
        pytest.param("1 participant", 1, id="singular"),
        pytest.param("1,200", 1200, id="separators"),
        pytest.param("0 participants", 0, id="zero"),
        pytest.param("120 participants (Actual)", 120, id="actual"),
    ],
)
def test_enrollment(text: str, expected: int) -> None:
    assert normalize_enrollment(text) == expected


@pytest.mark.parametrize("text", ["ten participants", "", "participants"])
def test_bad_enrollment(text: str) -> None:
    with pytest.raises(NormalizeError):
        normalize_enrollment(text)


@pytest.mark.parametrize(
    ("enum_type", "text", "expected"),
    [
        pytest.param(Status, "RECRUITING", Status.RECRUITING, id="status-token"),
        pytest.param(
            Status, "Active, not recruiting", Status.ACTIVE_NOT_RECRUITING, id="status-plain"
        ),
        pytest.param(Status, "Not yet recruiting", Status.NOT_YET_RECRUITING, id="status-lower"),
        pytest.param(Status, "Unknown status", Status.UNKNOWN, id="status-alias"),
        pytest.param(StudyType, "Expanded Access", StudyType.EXPANDED_ACCESS, id="study-type"),
        pytest.param(Allocation, "N/A", Allocation.NA, id="allocation-na"),
        pytest.param(Allocation, "Non-Randomized", Allocation.NON_RANDOMIZED, id="allocation"),
        pytest.param(
            InterventionModel, "Single Group Assignment", InterventionModel.SINGLE_GROUP, id="model"
        ),
        pytest.param(Sex, "All", Sex.ALL, id="sex"),
        pytest.param(SponsorRole, "lead", SponsorRole.LEAD, id="sponsor-role-page"),
    ],
)
def test_tokens(enum_type: type, text: str, expected: object) -> None:
    assert normalize_token(enum_type, text) is expected


@pytest.mark.parametrize(
    ("enum_type", "text"), [(Status, "RECRUITINGX"), (Sex, "Both sexes"), (Sex, "")]
)
def test_bad_tokens(enum_type: type, text: str) -> None:
    with pytest.raises(NormalizeError):
        normalize_token(enum_type, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Yes", True), ("No", False), ("yes", True), ("NO", False)],
    ids=["yes", "no", "lower", "upper"],
)
def test_booleans(text: str, expected: bool) -> None:
    assert normalize_bool(text) is expected


def test_bad_boolean() -> None:
    with pytest.raises(NormalizeError):
        normalize_bool("Maybe")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1×10\\^7/kg", "1×10^7/kg", id="caret"),
        pytest.param("\\* not a bullet", "* not a bullet", id="star"),
        pytest.param("\\<5 \\> 3 \\[a\\] \\& \\~ \\-", "<5 > 3 [a] & ~ -", id="many"),
        pytest.param("C:\\path", "C:\\path", id="lone-backslash-kept"),
        pytest.param("± ≥ ° ® İ", "± ≥ ° ® İ", id="non-ascii-untouched"),
    ],
)
def test_unescape(text: str, expected: str) -> None:
    assert unescape_markdown(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Participants Outcome Assessors", ("PARTICIPANT", "OUTCOMES_ASSESSOR"), id="page"
        ),
        pytest.param(
            "Participant, Care Provider, Investigator, Outcomes Assessor",
            ("PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"),
            id="registry-names",
        ),
        pytest.param("PARTICIPANT INVESTIGATOR", ("PARTICIPANT", "INVESTIGATOR"), id="tokens"),
    ],
)
def test_masked_roles(text: str, expected: tuple[str, ...]) -> None:
    assert normalize_masked_roles(text) == tuple(MaskedRole(r) for r in expected)


def test_masked_roles_reject_prose() -> None:
    with pytest.raises(NormalizeError):
        normalize_masked_roles("Participants will not know their allocation.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("0571-86670704", ("0571-86670704", None), id="plain"),
        pytest.param("+1 (555) 010-2000 ext 123", ("+1 (555) 010-2000", "123"), id="ext"),
        pytest.param("555-0100 ext. 4", ("555-0100", "4"), id="ext-dot"),
    ],
)
def test_phones(text: str, expected: tuple[str, str | None]) -> None:
    assert split_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Hangzhou, Zhejiang, China", ("Hangzhou", "Zhejiang", "China"), id="three"),
        pytest.param("Paris, France", ("Paris", None, "France"), id="no-state"),
        pytest.param("Iceland", (None, None, "Iceland"), id="country-only"),
        pytest.param(
            "Washington, D.C., District of Columbia, United States",
            ("Washington, D.C.", "District of Columbia", "United States"),
            id="comma-in-city",
        ),
        pytest.param(
            "Seongnam-si, Gyeonggi-do, Korea, Republic of",
            ("Seongnam-si", "Gyeonggi-do", "Korea, Republic of"),
            id="comma-in-country",
        ),
        pytest.param(
            "Daegu, Korea, Republic of",
            ("Daegu", None, "Korea, Republic of"),
            id="comma-country-no-state",
        ),
        pytest.param(
            "Korea, Republic of", (None, None, "Korea, Republic of"), id="comma-country-only"
        ),
        pytest.param(
            "XKorea, Republic of", ("XKorea", None, "Republic of"), id="not-quite-that-country"
        ),
    ],
)
def test_addresses(text: str, expected: tuple[str | None, ...]) -> None:
    assert split_address(text) == expected


def test_address_uses_the_pages_own_countries() -> None:
    assert split_address(
        "Kinshasa, Congo, Democratic Republic", ["Congo, Democratic Republic"]
    ) == (
        "Kinshasa",
        None,
        "Congo, Democratic Republic",
    )


def test_criteria_split() -> None:
    lines = list(
        enumerate(
            [
                "Participants must be adults.",
                "",
                "Inclusion Criteria:",
                "",
                "Cohort A:",
                "* Age \\>= 18",
                "  * nested item",
                "1. numbered",
                "Exclusion Criteria:",
                "- Pregnant",
                "None of the above",
            ],
            start=1,
        )
    )
    inclusion, exclusion = split_criteria(lines)
    assert inclusion == (
        Criterion(text="Age >= 18", marker="*", depth=0, group="Cohort A"),
        Criterion(text="nested item", marker="*", depth=1, group="Cohort A"),
        Criterion(text="numbered", marker="1.", depth=0, group="Cohort A"),
    )
    assert exclusion == (
        Criterion(text="Pregnant", marker="-", depth=0),
        Criterion(text="None of the above", marker=None, depth=0),
    )
    assert [c.line for c in inclusion] == [6, 7, 8]


def test_date_keeps_raw_but_compares_by_value() -> None:
    assert normalize_date("Aug 9, 2024") == PartialDate(year=2024, month=8, day=9)
    assert normalize_date("Aug 9, 2024").raw == "Aug 9, 2024"


# --- fast paths, held equal to the patterns they stand for ---------------------------------

_CRITERION_ALPHABET = st.sampled_from(list(" \t\x0b1234567890٣abivxIVXz.)(*-•·+_é\u2003"))


@given(st.text(_CRITERION_ALPHABET, max_size=14))
def test_criterion_parts_read_what_the_pattern_matches(line: str) -> None:
    from ctgov_parse import grammar
    from ctgov_parse.normalize import criterion_parts

    match = grammar.CRITERION_MARKER.fullmatch(line)
    assert criterion_parts(line) == (None if match is None else match.groups())


@pytest.mark.parametrize(
    "line",
    [
        "1. x",
        "  12) y",
        "iv. z",
        "ivxiv. no",
        "ivxivx. no",
        "1234. no",
        "(12) a",
        "(1234) no",
        "* b",
        "\t- c",
        "a) d",
        "1.x",
        "1.  \u2003x",
        "•  e",
        "٣. f",
        "é. no",
        "1.",
        "1. ",
    ],
)
def test_criterion_parts_on_the_edges(line: str) -> None:
    from ctgov_parse import grammar
    from ctgov_parse.normalize import criterion_parts

    match = grammar.CRITERION_MARKER.fullmatch(line)
    assert criterion_parts(line) == (None if match is None else match.groups())


@given(st.text(st.sampled_from(list("0123456789-٣x ")), max_size=11))
def test_iso_date_parts_read_what_the_pattern_matches(text: str) -> None:
    from ctgov_parse import grammar
    from ctgov_parse.normalize import iso_date_parts

    match = grammar.ISO_DATE.fullmatch(text)
    expected = None
    if match is not None:
        expected = (
            int(match["year"]),
            int(match["month"]) if match["month"] else None,
            int(match["day"]) if match["day"] else None,
        )
    assert iso_date_parts(text) == expected
