"""The results page's grammar: its headings, overview labels, table captions and cell shapes,
read by both its parser and its renderer.

Source: ``FORMAT.md`` ("Results page") and real results pages of the site, which were seen
up to the start of the baseline table; the baseline rows' layout below is ours, in the
conventions of the flow table (``docs/results-format.md`` says which parts were seen and
which are extrapolated).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
# Where a results page ends when it is whole, by its own order.
LAST_SECTION = "baseline_characteristics"

TITLE_PREFIX = "Trial Outcomes & Findings for "

# Results Overview: field -> label, in page order, after the primary outcome description.
OVERVIEW_LABELS: Mapping[str, str] = {
    "status": "Recruitment status",
    "phases": "Study phase",
    "enrollment": "Target enrollment",
    "primary_outcome_time_frame": "Primary outcome timeframe",
    "results_posted": "Results posted on",
}

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
}

# A count cell of the flow table: a whole number (the registry's numSubjects).
FLOW_COUNT = re.compile(r"\d{1,12}")

# A group's analysed count in a baseline header: ``n=120 Participants``; several units
# are joined with " • ".
DENOMINATOR = re.compile(r"n=(?P<value>[^\s•]+) (?P<units>[^•]+?)")
DENOMINATOR_SEPARATOR = " • "
DENOMINATOR_LINE = re.compile(r"n=\S+ \S.*")

# The kind line that closes a baseline measure's head: ``MEAN STANDARD_DEVIATION · years``:
# the param type, the dispersion type if any, `` ·`` and the unit. The separator is never
# left out (a measure without a unit ends its kind line with it), so that a category titled
# ``NA`` cannot pass for a kind line; the tokens are any upper-case token, so that one the
# vocabulary does not know still opens its measure.
KIND_SEPARATOR = " ·"
PARAM_TYPES: Mapping[str, ParamType] = {member.value: member for member in ParamType}
DISPERSION_TYPES: Mapping[str, DispersionType] = {member.value: member for member in DispersionType}
KIND_LINE = re.compile(
    r"(?P<param>[A-Z][A-Z0-9_]*|-)(?: (?P<dispersion>[A-Z][A-Z0-9_]*))? ·(?: (?P<unit>.+))?"
)
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
