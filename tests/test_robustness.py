"""No input breaks the parser: arbitrary text and bytes, cut and damaged fixtures, and
pathological shapes, parsed in time linear in their size. ``ParseError`` is the only
exception allowed, and only in strict mode (or for undecodable bytes)."""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import ctgov_parse
from ctgov_parse import ParseError
from ctgov_parse.diagnose import CAPPED, PER_CODE
from ctgov_parse.model import Trial
from ctgov_parse.page.fields import labels
from ctgov_parse.results import grammar as results_grammar
from ctgov_parse.results.fields import OVERVIEW
from ctgov_parse.trial import grammar
from ctgov_parse.trial.fields import BASIC_INFORMATION, DESIGN, ELIGIBILITY
from tests.conftest import fixture_pages

PAGES = fixture_pages()
TEXTS = {page.stem: page.read_bytes().decode("utf-8") for page in PAGES}


def parse_both_ways(text: str | bytes) -> Trial | None:
    """Lenient parsing must succeed (bytes may be refused with ParseError); strict parsing
    may raise ParseError only."""
    trial = None
    try:
        trial = ctgov_parse.parse(text)
    except ParseError:
        assert isinstance(text, bytes), "lenient parsing of text must not raise"
    try:
        ctgov_parse.parse(text, strict=True)
    except ParseError as error:
        assert error.code
    if trial is not None:
        trial.to_dict()
        ctgov_parse.render(trial)
    return trial


# Lines made of the page's own grammar, so that generated input reaches deep into the
# extractors instead of stopping at the header.
_GRAMMAR_LINES = [
    *grammar.SECTION_BY_HEADING,
    *(spec.helper for spec in grammar.SECTIONS),
    *labels(BASIC_INFORMATION).values(),
    *labels(DESIGN).values(),
    *labels(ELIGIBILITY).values(),
    *(heading for _, heading in results_grammar.SECTIONS),
    grammar.NO_INTERVENTIONS,
    grammar.RESULTS_PENDING,
    grammar.VIEW_FULL_RESULTS,
    "Inclusion Criteria",
    "Exclusion Criteria:",
    "Trial Outcomes & Findings for X (NCT NCT01234567)",
    *results_grammar.SECTION_BY_HEADING,
    *labels(OVERVIEW).values(),
    *results_grammar.CAPTIONS,
    results_grammar.WITHDRAWALS_NOT_REPORTED,
    results_grammar.STARTED,
    results_grammar.MEASURE_HEADER,
    "| Measure |",
    "|",
    "|---|---|---|",
    "| Overall Study | STARTED | 4 | 5 |",
    "n=12 Participants",
    "MEAN STANDARD_DEVIATION · years",
    "Measure Description: x",
    "54.2 years STANDARD_DEVIATION 8.1 • n=38 Participants",
    "NA years (could not be calculated) • n=4 Eyes",
    "Region:",
    *(label + "x" for label in results_grammar.OUTCOME_LABELS.values()),
    *(label + "YES" for label in results_grammar.ANALYSIS_LABELS.values()),
    *(label + "5" for label in results_grammar.ADVERSE_LABELS.values()),
    *(label + "No" for label in results_grammar.MORE_INFO_LABELS.values()),
    "Outcome Type: PRIMARY",
    "Statistical Analysis 1",
    "Comparison Groups: OG000, OG009",
    *(row for row, _, _ in results_grammar.EVENT_TOTALS),
    "SYSTEMATIC_ASSESSMENT · MedDRA 25.0",
    "Notes: x",
    "6 / 160 (7)",
    "- / 12",
    "| Event | A | B |",
    "| Cardiac disorders<br>Angina<br>- · | 1 / 2 | - |",
]
_PREFIXES = [*grammar.INLINE_LABELS, "* ", "  1. ", ""]
_VALUES = [
    "RECRUITING", "PHASE1/PHASE2", "10 participants", "INTERVENTIONAL", "2024-08-09", "2024-13",
    "36 Weeks", "N/A", "ALL", "Yes", "lead", "OTHER", "DRUG", "Hangzhou, Zhejiang, China",
    "NCT01234567", "a@b.co", "0571-86670704 ext 9", "Participants Outcome Assessors", "-",
    "99999999999999999999999999", "Phase I/II", "\\^ \\* ±", "Review the study trial.",
]  # fmt: skip

_RESULTS_HEAD = (
    "Trial Outcomes & Findings for A Study (NCT NCT01234567)\nNCT ID: NCT01234567\n"
    "Participant Flow\nParticipant milestones\n"
)


grammar_line = st.one_of(
    st.sampled_from(_GRAMMAR_LINES),
    st.builds(lambda p, v: p + v, st.sampled_from(_PREFIXES), st.sampled_from(_VALUES)),
    st.text(max_size=40),
    st.just(""),
)
page_soup = st.lists(grammar_line, max_size=80).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda eol: eol.join(lines))
)


@given(st.text())
def test_arbitrary_text(text: str) -> None:
    assert parse_both_ways(text) is not None


@given(st.binary())
def test_arbitrary_bytes(data: bytes) -> None:
    parse_both_ways(data)


@given(page_soup)
def test_grammar_soup(text: str) -> None:
    assert parse_both_ways(text) is not None


@given(page_soup)
def test_grammar_soup_on_a_results_page(text: str) -> None:
    trial = parse_both_ways(_RESULTS_HEAD + text)
    assert trial is not None
    ctgov_parse.to_ctgov(trial)
    for table in ("labelled", "pipe-cells", "pipe-rows"):
        ctgov_parse.render(trial, table=table)  # type: ignore[arg-type]


# Wreckage: a few lines repeated many times (a scrape that looped), in text or as bytes
# with noise, on a trial page or a results page.
wreckage = st.tuples(
    st.lists(grammar_line, min_size=1, max_size=4),
    st.integers(1, 600),
    st.sampled_from(["", _RESULTS_HEAD]),
    st.binary(max_size=20),
).map(lambda parts: (parts[2] + "\n".join(parts[0] * parts[1])).encode() + parts[3])


@given(wreckage)
@example(("Sponsors\n\n" * 300).encode())  # goes over the cap
def test_wreckage_gets_bounded_diagnostics_and_no_other_exception(data: bytes) -> None:
    trial = parse_both_ways(data)
    if trial is None:
        return
    counts = Counter(d.code for d in trial.diagnostics)
    capped = {d.message.split("'")[1]: d.count for d in trial.diagnostics if d.code == CAPPED}
    for code, number in counts.items():
        if code != CAPPED:
            assert number <= PER_CODE
    assert counts[CAPPED] == len(capped)
    assert all(count is not None and count > 0 for count in capped.values())
    assert all(counts[code] == PER_CODE for code in capped)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_truncated_at_every_line(name: str) -> None:
    lines = TEXTS[name].split("\n")
    for cut in range(len(lines) + 1):
        assert parse_both_ways("\n".join(lines[:cut])) is not None


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_truncated_at_byte_offsets(name: str) -> None:
    data = TEXTS[name].encode("utf-8")
    for cut in range(0, len(data) + 1, max(1, len(data) // 97)):
        trial = parse_both_ways(data[:cut])
        try:
            data[:cut].decode("utf-8")
        except UnicodeDecodeError:  # cut inside a character: the page says it was cut
            assert trial is not None and "truncated" in [d.code for d in trial.diagnostics]


def _mutate(lines: list[str], operation: str, index: int) -> list[str]:
    lines = list(lines)
    if not lines:
        return lines
    index %= len(lines)
    following = (index + 1) % len(lines)
    if operation == "delete":
        del lines[index]
    elif operation == "duplicate":
        lines.insert(index, lines[index])
    elif operation == "swap":
        lines[index], lines[following] = lines[following], lines[index]
    elif operation == "join":
        lines[index : index + 2] = ["".join(lines[index : index + 2])]
    elif operation == "glue-heading":
        headings = [i for i, line in enumerate(lines) if line in grammar.SECTION_BY_HEADING]
        if headings:
            at = headings[index % len(headings)]
            if at > 0:
                lines[at - 1 : at + 1] = [lines[at - 1] + lines[at]]
    return lines


@given(
    st.sampled_from(sorted(TEXTS)),
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "swap", "join", "glue-heading"]),
            st.integers(0, 10_000),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_damaged_fixtures(name: str, operations: list[tuple[str, int]]) -> None:
    lines = TEXTS[name].split("\n")
    for operation, index in operations:
        lines = _mutate(lines, operation, index)
    assert parse_both_ways("\n".join(lines)) is not None


def test_strict_names_the_line() -> None:
    text = TEXTS["truncated"]
    with pytest.raises(ParseError) as caught:
        ctgov_parse.parse(text, strict=True)
    assert caught.value.code == "truncated"
    assert caught.value.line == len(text.rstrip("\n").split("\n"))
    assert "line " in str(caught.value)


def test_strict_names_the_field() -> None:
    text = TEXTS["seed_NCT06788470"].replace("\n36 Weeks\n", "\nthirty-six weeks\n")
    with pytest.raises(ParseError) as caught:
        ctgov_parse.parse(text, strict=True)
    assert (caught.value.code, caught.value.field) == ("bad-age", "minimum_age")
    assert caught.value.line == text.split("\n").index("thirty-six weeks") + 1
    lenient = ctgov_parse.parse(text)
    assert lenient.eligibility.minimum_age is None
    assert lenient.eligibility.raw["minimum_age"] == "thirty-six weeks"


def test_undecodable_bytes_name_their_line() -> None:
    data = TEXTS["seed_NCT06788470"].encode("utf-8").replace(b"Shu Qiang", b"Shu \x00\x01Qiang")
    with pytest.raises(ParseError) as caught:
        ctgov_parse.parse(data)
    assert caught.value.code == "undecodable-input"
    assert caught.value.line == TEXTS["seed_NCT06788470"].split("\n").index("Shu Qiang") + 1


@pytest.mark.parametrize(
    "text",
    ["", "\n\n\n", "\ufeff", "\x00\x01\x02", "NCT ID:", "Study Results", "Ã©Ã¨ mojibake Ã¢â‚¬â„¢"],
    ids=["empty", "blank", "bom", "control", "bare-label", "bare-heading", "mojibake"],
)
def test_degenerate_pages(text: str) -> None:
    trial = parse_both_ways(text)
    assert trial is not None
    assert "missing-nct-id" in {d.code for d in trial.diagnostics} or trial.nct_id is None


def test_empty_page_is_an_error() -> None:
    assert [d.code for d in ctgov_parse.parse("").diagnostics] == ["empty-input"]
    with pytest.raises(ParseError, match="empty"):
        ctgov_parse.parse("  \n", strict=True)


def test_non_text_input_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        ctgov_parse.parse(42)  # type: ignore[arg-type]


# --- linear time -------------------------------------------------------------------------------


def _seconds(text: str) -> float:
    """Best CPU time of a few parses; the collector is paused so that what is measured is
    the parser's own work, not when a garbage collection happens to fall."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            start = time.process_time()
            ctgov_parse.parse(text)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def _seed_with(old: str, new: str) -> str:
    return TEXTS["seed_NCT06788470"].replace(old, new)


def _nested_bullets(depth: int) -> str:
    items = "\n".join("  " * (level % 400) + f"* item {level}" for level in range(depth))
    return _seed_with("Inclusion Criteria\n", f"Inclusion Criteria\n{items}\n")


PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "one-long-line": lambda n: "x" * (2_000_000 * n),  # 6 MB at most: under the page limit
    "long-digit-value": lambda n: _seed_with("10 participants", "9" * 1_000_000 * n),
    "long-space-date": lambda n: _seed_with("2024-08-09", "2024" + " " * 500_000 * n + "x"),
    "blank-lines": lambda n: _seed_with("Study Design\n", "\n" * 200_000 * n + "Study Design\n"),
    "repeated-heading": lambda n: "Sponsors\n\n" * 10_000 * n,
    "repeated-unknown-heading": lambda n: "Trial Notes\nsome words\n\n" * 5_000 * n,
    "repeated-helper": lambda n: (grammar.SECTIONS[1].helper + "\n\n") * 5_000 * n,
    "nested-bullets": lambda n: _nested_bullets(5_000 * n),
    "many-labels": lambda n: "Group Type EXPERIMENTAL\nIntervention Type DRUG\n" * 5_000 * n,
    "results-lone-pipes": lambda n: _RESULTS_HEAD + "| Measure |\n" + "|\n" * 20_000 * n,
    "results-pipe-rows": lambda n: _RESULTS_HEAD
    + "| Period | Milestone | A |\n|---|---|---|\n"
    + "| Overall Study | STARTED | 1 |\n" * 5_000 * n,
    "results-labelled-rows": lambda n: _RESULTS_HEAD
    + "Measure\nA\nOverall Study\nSTARTED\n1\n"
    + "Overall Study\nCOMPLETED\n1\n" * 5_000 * n,
    "results-baseline-cells": lambda n: _RESULTS_HEAD.replace("Participant Flow", "Baseline Characteristics")
    .replace("Participant milestones", "Baseline characteristics by cohort")
    + "Measure\nA\nn=1 Participants\nAge\nMEAN · years\n"
    + "1 years • n=1 Participants (x)\n" * 5_000 * n,
    "results-many-outcomes": lambda n: _PART_TWO_HEAD
    + "Outcome Measures\n"
    + "An outcome\nOutcome Type: PRIMARY\nTime Frame: x\n| Measure | A |\n|---|---|\n| x | 1 |\n"
    * 2_000 * n,
    "results-many-analyses": lambda n: _PART_TWO_HEAD
    + "Outcome Measures\nAn outcome\nOutcome Type: PRIMARY\n"
    + "Statistical Analysis 1\nP-Value: 0.04\nComparison Groups: OG000\n" * 3_000 * n,
    # Headings out of the page's order, each put back in the section it stands in.
    "results-headings-out-of-order": lambda n: _PART_TWO_HEAD
    + "Outcome Measures\n"
    + "Adverse Events\nx\nOutcome Measures\ny\n" * 3_000 * n,
    # The site's measure rows, one cell per line: runs of cells, checked against the header.
    "results-site-rows": lambda n: _PART_TWO_HEAD
    + "Baseline Characteristics\nBaseline characteristics by cohort\nMeasure\nA\nn=2 X\n"
    + "B\nn=3 X\nAge\n4 years\nn=1 X\n5 years\nn=1 X\n" * 3_000 * n,
    "results-event-rows": lambda n: _PART_TWO_HEAD
    + "Adverse Events\nSerious adverse events\nMeasure\nA\nB\n"
    + "Cardiac disorders\nAngina\n- ·\n1 / 2 (3)\n- / 2\n" * 3_000 * n,
    "results-run-on-label": lambda n: _PART_TWO_HEAD
    + "More Information\nLimitations and Caveats: x\n"
    + "more words\n" * 100_000 * n,
}  # fmt: skip
_PART_TWO_HEAD = "Trial Outcomes & Findings for A Study (NCT NCT01234567)\nNCT ID: NCT01234567\n"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_time_is_linear_in_size(name: str) -> None:
    # Tripling the input: linear work takes about 3 times as long, quadratic work 9 times;
    # the bound between them leaves room for a busy machine's noise.
    make = PATHOLOGICAL[name]
    scale = 1
    # Below 30 ms noise is the measure (and pages that fit in a cache); the large page stays
    # under the page limit.
    while _seconds(make(scale)) < 0.03 and _size(make(6 * scale)) < ctgov_parse.MAX_PAGE_BYTES:
        scale *= 2
    small, large = make(scale), make(3 * scale)
    parse_both_ways(small)
    ratio = float("inf")
    measures = []
    for _ in range(3):  # a busy machine can stretch one measure; quadratic work stays at 9
        measures.append((_seconds(small), _seconds(large)))
        ratio = min(ratio, measures[-1][1] / measures[-1][0])
        if ratio < 5.5:
            break
    assert ratio < 5.5, (
        f"{name}: tripling the input multiplied the time by {ratio:.1f}"
        f" (scale {scale}, seconds small/large {measures})"
    )


# --- damage stays local -------------------------------------------------------------------------

_SECTION_FIELDS = {
    "study_results": ("results_status",),
    "basic_information": ("status", "phases", "enrollment", "study_type", "start_date"),
    "brief_summary": ("brief_summary",),
    "conditions": ("conditions",),
    "keywords": ("keywords",),
    "study_design": ("design",),
    "study_groups": ("arms",),
    "interventions": ("interventions",),
    "eligibility": ("eligibility",),
    "sponsors": ("sponsors",),
    "responsible_party": ("responsible_party",),
    "locations": ("locations",),
    "countries": ("countries",),
    "central_contacts": ("central_contacts",),
    "facility_contacts": ("facility_contacts",),
    "other_identifiers": ("identifiers",),
    "related_trials": ("related_trials",),
}
_ALL_FIELDS = (
    "nct_id",
    "title",
    "last_updated",
    "completion_date",
    *(field for fields in _SECTION_FIELDS.values() for field in fields),
)


def _without_section(text: str, heading: str) -> str | None:
    lines = text.split("\n")
    if heading not in lines:
        return None
    start = lines.index(heading)
    headings = tuple(grammar.SECTION_BY_HEADING)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].endswith(headings)), len(lines))
    rest = lines[end:]
    if rest and rest[0] not in grammar.SECTION_BY_HEADING:  # glued: keep the next heading
        rest[0] = next(h for h in headings if rest[0].endswith(h))
    return "\n".join(lines[:start] + rest)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_deleting_a_section_leaves_the_others_intact(page: Path) -> None:
    text = TEXTS[page.stem]
    whole = ctgov_parse.parse(text)
    for spec in grammar.SECTIONS:
        damaged = _without_section(text, spec.headings[0])
        if damaged is None:
            continue
        trial = ctgov_parse.parse(damaged)
        owned = _SECTION_FIELDS.get(spec.name, ())
        if spec.name == "basic_information":
            owned += ("completion_date",)
        if spec.name == "interventions" and grammar.GROUP_TYPE not in text:
            # Without Group Type lines, where a group's intervention description ends and
            # the next group begins is known from the Interventions section only.
            owned += ("arms",)
        for field in _ALL_FIELDS:
            if field not in owned:
                assert getattr(trial, field) == getattr(whole, field), (spec.name, field)
