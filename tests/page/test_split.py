"""The splitter: headings, helper sentences, glued and missing headings, unknown sections,
line endings; and the dump splitter's positions."""

from __future__ import annotations

from ctgov_parse import kinds
from ctgov_parse.page.split import Section, clean_lines, split_lines
from ctgov_parse.trial import grammar

HELPERS = {spec.name: spec.helper for spec in grammar.SECTIONS}


def split_sections(text: str) -> list[Section]:
    """The page's sections, cut at the headings of its kind (as ``parse`` cuts them)."""
    lines = clean_lines(text)
    headings = kinds.kind_of(lines).headings or kinds.TRIAL.headings
    assert headings is not None
    return split_lines(lines, headings).sections


def names(text: str) -> list[tuple[str | None, str | None, int, int | None, bool]]:
    return [(s.name, s.heading, s.start_line, s.helper_line, s.glued) for s in split_sections(text)]


def test_every_known_heading_with_its_helper() -> None:
    lines = ["Title", "NCT ID: NCT00000001"]
    for spec in grammar.SECTIONS:
        lines += [spec.headings[0], spec.helper, "content"]
    sections = split_sections("\n".join(lines))
    assert [s.name for s in sections] == ["header", *(spec.name for spec in grammar.SECTIONS)]
    for section in sections[1:]:
        assert section.helper_line == section.start_line + 1
        assert [text for _, text in section.lines] == ["content"]


def test_alternative_heading_and_helper_of_related_trials() -> None:
    text = "Related Clinical Trials\nExplore similar clinical trials that others viewed.\nT\nNCT00000002"
    (_, related) = split_sections(text)
    assert (related.name, related.heading, related.helper_line) == (
        "related_trials",
        "Related Clinical Trials",
        2,
    )


def test_study_results_helper_after_its_content() -> None:
    text = f"Study Results\n\nResults pending\n\n{HELPERS['study_results']}\n\nBasic Information"
    (_, results, basic) = split_sections(text)
    assert results.helper_line == 5
    assert [t for _, t in results.lines if t] == ["Results pending"]
    assert basic.name == "basic_information"


def test_heading_glued_to_the_previous_line() -> None:
    text = f"Results available\nView full resultsBasic Information\n{HELPERS['basic_information']}\nRECRUITING"
    header, basic = split_sections(text)
    assert [t for _, t in header.lines] == ["Results available", "View full results"]
    assert (basic.name, basic.heading, basic.start_line, basic.helper_line, basic.glued) == (
        "basic_information",
        "Basic Information",
        2,
        3,
        True,
    )
    assert basic.lines == ((4, "RECRUITING"),)


def test_missing_heading_found_by_its_helper() -> None:
    text = f"x\n{HELPERS['conditions']}\nAsthma"
    assert names(text)[1] == ("conditions", None, 2, 2, False)


def test_text_that_merely_ends_like_a_heading_is_content() -> None:
    text = f"Brief Summary\n{HELPERS['brief_summary']}\nPatients with Comorbid Conditions\nmore"
    (_, summary) = split_sections(text)
    assert [t for _, t in summary.lines] == ["Patients with Comorbid Conditions", "more"]


def test_unknown_section_needs_a_helper_shaped_sentence() -> None:
    text = "\n".join(
        [
            "Brief Summary", HELPERS["brief_summary"], "Text.", "",
            "Outcome Measures", "", "Review the outcome measures of this study.", "", "Primary: x",
            "Placebo Group", "Review the literature before enrolling.",  # no study/trial: content
        ]
    )  # fmt: skip
    sections = split_sections(text)
    assert [(s.name, s.heading) for s in sections] == [
        ("header", None), ("brief_summary", "Brief Summary"), (None, "Outcome Measures"),
    ]  # fmt: skip
    assert [t for _, t in sections[2].lines if t][-2:] == [
        "Placebo Group",
        "Review the literature before enrolling.",
    ]


def test_results_headings_only_on_results_pages() -> None:
    trial_page = "Title\nNCT ID: NCT00000001\nAdverse Events\nnone"
    assert [s.name for s in split_sections(trial_page)] == ["header"]
    results_page = (
        "Trial Outcomes & Findings for T (NCT NCT00000001)\nBaseline Characteristics\nnone\n"
        "Participant milestones\nAdverse Events"
    )
    assert [(s.name, s.heading) for s in split_sections(results_page)] == [
        ("header", None),
        # a table caption is content, not a heading
        ("baseline_characteristics", "Baseline Characteristics"),
        ("adverse_events", "Adverse Events"),
    ]


def _results_sections(*lines: str) -> list[tuple[str | None, int]]:
    page = "\n".join(["Trial Outcomes & Findings for T (NCT NCT00000001)", *lines])
    return [(s.name, s.start_line) for s in split_sections(page)]


def test_a_results_heading_is_one_only_where_the_order_allows() -> None:
    # An outcome titled "Adverse Events" stands above the real section; a later outcome
    # titled "Outcome Measures" repeats the section it is in; the related trials' helper
    # text "Basic Information" (a trial page heading) is no heading here.
    sections = _results_sections(
        "Outcome Measures",  # 2
        "Adverse Events",  # 3: an outcome's title
        "Outcome Type: PRIMARY",
        "Outcome Measures",  # 5: another outcome's title
        "Outcome Type: SECONDARY",
        "Basic Information",  # 7: its description, a trial page's heading
        "Adverse Events",  # 8: the section
        "Time Frame: 12 weeks",
        "More Related Trials",  # 10
        "Additional clinical trials that may be relevant based on similarity analysis.",
    )
    assert sections == [
        ("header", 1),
        ("outcome_measures", 2),
        ("adverse_events", 8),
        ("related_trials", 10),
    ]


def test_a_results_heading_out_of_order_is_text_where_no_other_competes() -> None:
    # Baseline Characteristics after the adverse events: one of the two is out of order,
    # and the one that opens as its section does is kept.
    sections = _results_sections(
        "Adverse Events",
        "Time Frame: 12 weeks",
        "Baseline Characteristics",  # an event term
        "Cardiac disorders",
    )
    assert sections == [("header", 1), ("adverse_events", 2)]


def test_line_endings_bom_nbsp_and_trailing_blanks() -> None:
    text = (
        "\ufeffTitle  \r\nNCT ID:\xa0NCT00000001\rBasic\xa0Information\t\r\n"
        + HELPERS["basic_information"]
    )
    assert clean_lines(text) == [
        "Title",
        "NCT ID: NCT00000001",
        "Basic Information",
        HELPERS["basic_information"],
    ]
    assert names(text)[1] == ("basic_information", "Basic Information", 3, 4, False)


def test_indented_heading_and_numbers_of_blank_lines() -> None:
    text = "T\n\n\n  Conditions\n\n" + HELPERS["conditions"] + "\n\nAsthma"
    header, conditions = split_sections(text)
    assert header.lines == ((1, "T"), (2, ""), (3, ""))
    assert (conditions.start_line, conditions.helper_line) == (4, 6)
    assert conditions.lines == ((5, ""), (7, ""), (8, "Asthma"))


def test_no_helper_beginning_is_the_start_of_another_sections() -> None:
    # The splitter takes the first beginning (of those filed under a line's first letter)
    # that a line starts with and names the section from it: that is only right while no
    # section's beginning starts another's.
    for kind in kinds.KINDS:
        headings = kind.headings
        if headings is None:
            continue
        prefixes = [(p, s.name) for s in set(headings.helpers.values()) for p in s.helper_prefixes]
        assert len(headings.helpers) == len(prefixes)
        clashes = [
            (p, a, q, b) for p, a in prefixes for q, b in prefixes if a != b and q.startswith(p)
        ]
        assert clashes == []
        for prefix, spec in headings.helpers.items():
            assert headings.match_helper(prefix + " and the rest of the sentence.") is spec, prefix
            assert prefix in headings.prefixes[prefix[0]]
