"""The results page's grammar: its headings, overview labels, table captions and cell shapes,
read by both its parser and its renderer.

Source: ``FORMAT.md`` ("Results page") and real results pages of the site, which were seen
up to the start of the baseline table; the baseline rows' layout below is ours, in the
conventions of the flow table (``docs/results-format.md`` says which parts were seen and
which are extrapolated).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import regex

from ctgov_parse.model import DispersionType, ParamType

# Results-page sections in page order: (name, heading). The page has no helper sentences.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("results_overview", "Results Overview"),
    ("participant_flow", "Participant Flow"),
    ("baseline_characteristics", "Baseline Characteristics"),
    ("outcome_measures", "Outcome Measures"),
    ("adverse_events", "Adverse Events"),
    ("more_information", "More Information"),
)
SECTION_BY_HEADING: Mapping[str, str] = {heading: name for name, heading in SECTIONS}
HEADING_BY_SECTION: Mapping[str, str] = {name: heading for name, heading in SECTIONS}

# The page's first line: ``Trial Outcomes & Findings for <brief title> (NCT NCT01234567)``
# (the word NCT twice; seen also with ``NCT ID:`` and with the digits alone).
TITLE_PREFIX = "Trial Outcomes & Findings for "
PAGE_TITLE = regex.compile(
    regex.escape(TITLE_PREFIX) + r"(?P<title>.*) \(NCT(?:\s+ID:?)?\s*(?P<id>NCT\d{8}|\d{8})\)"
)

# Participant Flow
MILESTONES_CAPTION = "Participant milestones"
WITHDRAWALS_CAPTION = "Reasons for withdrawal"
WITHDRAWALS_NOT_REPORTED = "Withdrawal data not reported"
STARTED = "STARTED"  # the first milestone of every period
FLOW_LABEL_HEADERS = ("Period", "Milestone")
WITHDRAWAL_LABEL_HEADERS = ("Period", "Reason")

# Baseline Characteristics
BASELINE_CAPTION = "Baseline characteristics by cohort"
TOTAL_GROUP = "Total"

# Every table
MEASURE_HEADER = "Measure"
PIPE = "|"
PIPE_DIVIDER = re.compile(r"\|(?:\s*:?-+:?\s*\|)+")
PIPE_ROW = re.compile(r"\|.*\|")
CELL_BREAK = "<br>"  # a line break inside a one-line pipe row's cell
CAPTIONS: Mapping[str, str] = {
    MILESTONES_CAPTION: "participant_flow",
    WITHDRAWALS_CAPTION: "participant_flow",
    BASELINE_CAPTION: "baseline_characteristics",
    "Adverse event groups": "adverse_events",
    "Serious adverse events": "adverse_events",
    "Other adverse events": "adverse_events",
}

# A count cell of the flow table: a whole number (the registry's numSubjects), maybe with
# its comment in parentheses (ours); a milestone's or reason's own comment is a label line
# of its row, under its type.
FLOW_COUNT = re.compile(r"\d{1,12}")
FLOW_CELL = re.compile(r"(?P<value>\d{1,12}|-)(?: \((?P<comment>.*)\))?")
FLOW_COMMENT = "Comment: "

# A group's analysed count in a baseline header: ``n=120 Participants``; several units
# are joined with " • ".
DENOMINATOR = re.compile(r"n=(?P<value>[^\s•]+) (?P<units>[^•]+?)")
DENOMINATOR_SEPARATOR = " • "
DENOMINATOR_LINE = re.compile(r"n=\S+ \S.*")
# The registry's description of a baseline's Total column.
TOTAL_DESCRIPTION = "Total of all reporting groups"

# The kind line that closes a baseline measure's head: ``MEAN STANDARD_DEVIATION · years``:
# the param type, the dispersion type if any, `` ·`` and the unit. The separator is never
# left out (a measure without a unit ends its kind line with it), so that a category titled
# ``NA`` cannot pass for a kind line; the param type is any upper-case token, so that one the
# vocabulary does not know still opens its measure, and the dispersion is written as the
# record spells it (outcomes spell theirs in plain English: "95% Confidence Interval").
KIND_SEPARATOR = " ·"
PARAM_TYPES: Mapping[str, ParamType] = {member.value: member for member in ParamType}
DISPERSION_TYPES: Mapping[str, DispersionType] = {member.value: member for member in DispersionType}
KIND_LINE = re.compile(r"(?P<param>[A-Z][A-Z0-9_]*|-)(?: (?P<dispersion>.+?))? ·(?: (?P<unit>.+))?")
MEASURE_DESCRIPTION = "Measure Description: "
POPULATION_DESCRIPTION = "Analysis Population Description: "

# A value cell of the baseline table: value [unit] [DISPERSION spread | DISPERSION low to
# high] [• n=N units ...] [(comment)]. The unit is the measure's, known from its kind line.
RANGE_SEPARATOR = " to "
LIMITED_DISPERSIONS = frozenset(
    {
        DispersionType.FULL_RANGE,
        DispersionType.INTER_QUARTILE_RANGE,
        DispersionType.CONFIDENCE_80,
        DispersionType.CONFIDENCE_90,
        DispersionType.CONFIDENCE_95,
        DispersionType.CONFIDENCE_975,
        DispersionType.CONFIDENCE_99,
        DispersionType.CONFIDENCE_OTHER,
    }
)

# --- part 2: outcome measures, adverse events, more information (ours: not seen) ----------------
#
# Every scalar is an inline "Label: value" line, as the site writes "Role: CONTACT"; a value may
# run on over the following lines up to the next label, table or block.

# An outcome opens at its title, the line above its "Outcome Type:" line.
OUTCOME_TYPE = "Outcome Type: "
OUTCOME_LABELS: Mapping[str, str] = {
    "type": OUTCOME_TYPE,
    "description": "Description: ",
    "time_frame": "Time Frame: ",
    "population_description": "Analysis Population Description: ",
    "reporting_status": "Reporting Status: ",
    "anticipated_posting_date": "Anticipated Posting Date: ",
    "type_units_analyzed": "Units Analyzed: ",
}
# A statistical analysis opens at "Statistical Analysis 1" and is label lines only.
ANALYSIS_HEADING = re.compile(r"Statistical Analysis (?P<number>\d{1,3})")
ANALYSIS_HEADING_TEXT = "Statistical Analysis {number}"
ANALYSIS_LABELS: Mapping[str, str] = {
    "group_ids": "Comparison Groups: ",
    "group_description": "Comparison Description: ",
    "tested_non_inferiority": "Tested Non-Inferiority: ",
    "non_inferiority_type": "Non-Inferiority Type: ",
    "non_inferiority_comment": "Non-Inferiority Comment: ",
    "p_value": "P-Value: ",
    "p_value_comment": "P-Value Comment: ",
    "statistical_method": "Statistical Method: ",
    "statistical_comment": "Statistical Method Comment: ",
    "param_type": "Estimate Type: ",
    "param_value": "Estimate Value: ",
    "ci_percent": "Confidence Interval: ",
    "ci_sides": "Confidence Interval Sides: ",
    "ci_lower_limit": "CI Lower Limit: ",
    "ci_upper_limit": "CI Upper Limit: ",
    "ci_lower_limit_comment": "CI Lower Limit Comment: ",
    "ci_upper_limit_comment": "CI Upper Limit Comment: ",
    "dispersion_type": "Dispersion Type: ",
    "dispersion_value": "Dispersion Value: ",
    "estimate_comment": "Estimate Comment: ",
    "other_analysis_description": "Other Analysis Description: ",
}
GROUP_ID_SEPARATOR = ", "

ADVERSE_LABELS: Mapping[str, str] = {
    "time_frame": "Time Frame: ",
    "description": "Description: ",
    "frequency_threshold": "Frequency Threshold: ",
    "all_cause_mortality_comment": "All-Cause Mortality Comment: ",
}
EVENT_GROUPS_CAPTION = "Adverse event groups"
SERIOUS_CAPTION = "Serious adverse events"
OTHER_CAPTION = "Other adverse events"
# The event groups table's rows: (row label, affected field, at-risk field).
EVENT_TOTALS: tuple[tuple[str, str, str], ...] = (
    ("All-Cause Mortality", "deaths_affected", "deaths_at_risk"),
    ("Total Serious Adverse Events", "serious_affected", "serious_at_risk"),
    ("Total Other Adverse Events", "other_affected", "other_at_risk"),
)
# An event's kind line closes its label: "SYSTEMATIC_ASSESSMENT · MedDRA 23.0".
EVENT_KIND = re.compile(r"(?P<assessment>[A-Z][A-Z0-9_]*|-) ·(?: (?P<vocabulary>.+))?")
EVENT_NOTES = "Notes: "
# A cell: affected / at risk, then the number of events in parentheses.
EVENT_CELL = re.compile(
    r"(?P<affected>\d{1,12}|-) / (?P<at_risk>\d{1,12}|-)(?: \((?P<events>\d{1,12})\))?"
)
EVENT_LABEL_HEADERS = ("Event",)
TOTALS_LABEL_HEADERS = ("Measure",)

MORE_INFO_LABELS: Mapping[str, str] = {
    "limitations_and_caveats": "Limitations and Caveats: ",
    "pi_sponsor_employee": "PI Is Sponsor Employee: ",
    "restrictive_agreement": "Restrictive Agreement: ",
    "restriction_type": "Restriction Type: ",
    "other_details": "Other Details: ",
    "contact_title": "Point of Contact: ",
    "contact_organization": "Organization: ",
    "contact_email": "Email: ",
    "contact_phone": "Phone: ",
}
PHONE_EXT = " ext "


# --- how each section opens (the splitter's check, so that registry text saying a heading
# is not read as one where the page's order would also allow it) --------------------------

SECTION_ORDER: tuple[str, ...] = (*(name for name, _ in SECTIONS), "related_trials")
_AE_OPENINGS = (
    *(label.rstrip() for label in ADVERSE_LABELS.values()),
    "Adverse event groups",
    "Serious adverse events",
    "Other adverse events",
)
_MORE_INFO_OPENINGS = tuple(label.rstrip() for label in MORE_INFO_LABELS.values())


def heading_fits(name: str, before: str | None, first: Sequence[str]) -> int:
    """How well a results heading fits where it stands: 0 when the lines around it say it
    is a line of a table (a table's first line above it, a lone ``|``, an ``n=`` line, a
    count or ``-`` below it, an ``n=`` line the line after: registry text in a cell); 2
    when its section
    opens as ``name`` does (``opens_section``); 1 otherwise."""
    if before in _TABLE_LINES_ABOVE or _is_cell_below(first[0]) or _titles_below(name, first):
        return 0
    if len(first) > 1 and (
        DENOMINATOR_LINE.fullmatch(first[1]) or DENOMINATOR_SEPARATOR + "n=" in first[1]
    ):
        return 0  # a group's title and n= line, or a value and its n= line
    return 2 if opens_section(name, first) else 1


# (A lone "|" above is no sign: a table in pipe cells ends with one.)
_TABLE_LINES_ABOVE = frozenset({MEASURE_HEADER, f"| {MEASURE_HEADER} |"})


def _titles_below(name: str, first: Sequence[str]) -> bool:
    """Whether the line below says the line is a title: an outcome's (``Outcome Type:``
    below an outcome title), a measure's (its kind line or descriptions)."""
    below = first[0]
    if below.startswith(OUTCOME_TYPE) and name != "outcome_measures":
        return True
    return below.startswith((MEASURE_DESCRIPTION, POPULATION_DESCRIPTION)) or bool(
        KIND_LINE.fullmatch(below)
    )


def _is_cell_below(text: str) -> bool:
    return (
        text in (PIPE, "-")
        or DENOMINATOR_LINE.fullmatch(text) is not None
        or FLOW_COUNT.fullmatch(text) is not None
    )


def opens_section(name: str, first: Sequence[str]) -> bool:
    """Whether a section's first non-blank lines (stripped) are what ``name`` opens with:
    the flow and the baseline their table's caption within them, an outcome its title then
    its ``Outcome Type:``, the adverse events and More Information one of their labels or
    captions, the related trials their helper sentence (told by the splitter: any lines)."""
    if name == "participant_flow":
        return MILESTONES_CAPTION in first or WITHDRAWALS_CAPTION in first
    if name == "baseline_characteristics":
        return BASELINE_CAPTION in first
    if name == "outcome_measures":
        return len(first) > 1 and first[1].startswith(OUTCOME_TYPE.rstrip())
    if name == "adverse_events":
        return first[0].startswith(_AE_OPENINGS)
    if name == "more_information":
        return first[0].startswith(_MORE_INFO_OPENINGS)
    return True


# A measure's class title ends with ":" on its row (``Brazil:``); a category title that ends
# with ":" itself is written with the colon escaped (``Other\:``), so that it cannot pass
# for a class title.
CLASS_MARK = ":"
_ESCAPED_MARK = "\\:"


def is_class_title(text: str) -> bool:
    return len(text) > 1 and text.endswith(CLASS_MARK) and not text.endswith(_ESCAPED_MARK)


def category_text(title: str) -> str:
    """A category title as its row writes it."""
    return title[:-1] + _ESCAPED_MARK if title.endswith(CLASS_MARK) else title


def category_title(text: str) -> str:
    """A category title read from its row (``category_text`` undone)."""
    return text[:-2] + CLASS_MARK if text.endswith(_ESCAPED_MARK) else text
