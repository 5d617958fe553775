"""The records a results page becomes, following the registry's ``resultsSection``.

Each record maps 1:1 to a registry structure (participant flow, baseline characteristics);
field names are ours, the mapping is in ``ctgov_parse.ctgov``. Cell values keep the page
text (``value``, ``spread``, ... as ``str``: ``"60.80"`` stays ``"60.80"``, ``"NA"`` stays
``"NA"``); the numbers are also given as numbers by properties (``int`` for counts,
``Decimal`` for measured values), ``None`` where the text is not a number. Group ids
(``FG000``, ``BG000``) are the registry's, given by the groups' order on the page.
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal, InvalidOperation
from typing import ClassVar

import attrs

from ctgov_parse.model.values import PartialDate, RawMap, show_raw

__all__ = [
    "AdverseEvent",
    "AdverseEventGroup",
    "AdverseEvents",
    "AnalysisDispersionType",
    "AssessmentType",
    "Baseline",
    "BaselineMeasure",
    "ConfidenceSides",
    "Denominator",
    "DispersionType",
    "DropWithdraw",
    "EventStat",
    "FlowPeriod",
    "GenericTable",
    "GroupCount",
    "MeasureCategory",
    "MeasureClass",
    "MeasureShape",
    "Measurement",
    "Milestone",
    "MoreInfo",
    "NonInferiorityType",
    "OutcomeMeasure",
    "OutcomeType",
    "ParamType",
    "ParticipantFlow",
    "ReportingStatus",
    "RestrictionType",
    "ResultGroup",
    "Results",
    "ResultsOverview",
    "StatisticalAnalysis",
    "TableRendering",
    "as_count",
    "as_decimal",
]


class ParamType(enum.StrEnum):
    """What a measured value is (the registry's measure param types)."""

    GEOMETRIC_MEAN = "GEOMETRIC_MEAN"
    GEOMETRIC_LEAST_SQUARES_MEAN = "GEOMETRIC_LEAST_SQUARES_MEAN"
    LEAST_SQUARES_MEAN = "LEAST_SQUARES_MEAN"
    LOG_MEAN = "LOG_MEAN"
    MEAN = "MEAN"
    MEDIAN = "MEDIAN"
    NUMBER = "NUMBER"
    COUNT_OF_PARTICIPANTS = "COUNT_OF_PARTICIPANTS"
    COUNT_OF_UNITS = "COUNT_OF_UNITS"


class DispersionType(enum.StrEnum):
    """How a measured value's spread is given (the registry's dispersion types)."""

    NA = "NA"
    STANDARD_DEVIATION = "STANDARD_DEVIATION"
    STANDARD_ERROR = "STANDARD_ERROR"
    INTER_QUARTILE_RANGE = "INTER_QUARTILE_RANGE"
    FULL_RANGE = "FULL_RANGE"
    CONFIDENCE_80 = "CONFIDENCE_80"
    CONFIDENCE_90 = "CONFIDENCE_90"
    CONFIDENCE_95 = "CONFIDENCE_95"
    CONFIDENCE_975 = "CONFIDENCE_975"
    CONFIDENCE_99 = "CONFIDENCE_99"
    CONFIDENCE_OTHER = "CONFIDENCE_OTHER"
    GEOMETRIC_COEFFICIENT = "GEOMETRIC_COEFFICIENT"


class OutcomeType(enum.StrEnum):
    PRIMARY = "PRIMARY"
    SECONDARY = "SECONDARY"
    OTHER_PRE_SPECIFIED = "OTHER_PRE_SPECIFIED"
    POST_HOC = "POST_HOC"


class ReportingStatus(enum.StrEnum):
    POSTED = "POSTED"
    NOT_POSTED = "NOT_POSTED"


class NonInferiorityType(enum.StrEnum):
    """What a statistical analysis tests (the registry's hypothesis types)."""

    SUPERIORITY = "SUPERIORITY"
    NON_INFERIORITY = "NON_INFERIORITY"
    EQUIVALENCE = "EQUIVALENCE"
    OTHER = "OTHER"
    NON_INFERIORITY_OR_EQUIVALENCE = "NON_INFERIORITY_OR_EQUIVALENCE"
    SUPERIORITY_OR_OTHER = "SUPERIORITY_OR_OTHER"
    NON_INFERIORITY_OR_EQUIVALENCE_LEGACY = "NON_INFERIORITY_OR_EQUIVALENCE_LEGACY"
    SUPERIORITY_OR_OTHER_LEGACY = "SUPERIORITY_OR_OTHER_LEGACY"


class ConfidenceSides(enum.StrEnum):
    ONE_SIDED = "ONE_SIDED"
    TWO_SIDED = "TWO_SIDED"


class AnalysisDispersionType(enum.StrEnum):
    """How an analysis's estimate is spread (not a measure's dispersion types)."""

    STANDARD_DEVIATION = "STANDARD_DEVIATION"
    STANDARD_ERROR_OF_MEAN = "STANDARD_ERROR_OF_MEAN"


class AssessmentType(enum.StrEnum):
    SYSTEMATIC_ASSESSMENT = "SYSTEMATIC_ASSESSMENT"
    NON_SYSTEMATIC_ASSESSMENT = "NON_SYSTEMATIC_ASSESSMENT"


class RestrictionType(enum.StrEnum):
    """How long a results agreement lets the sponsor hold back a publication."""

    LTE60 = "LTE60"
    GT60 = "GT60"
    OTHER = "OTHER"


class TableRendering(enum.StrEnum):
    """How a results page drew its tables: one cell per line, lone ``|`` lines between
    cells, or one markdown row per line."""

    LABELLED = "LABELLED"
    PIPE_CELLS = "PIPE_CELLS"
    PIPE_ROWS = "PIPE_ROWS"


class MeasureShape(enum.StrEnum):
    """How a results page drew the rows of its measure tables (baseline, outcomes):
    ``STATED``, ours, names each measure's statistic on a line of its own (``MEAN
    STANDARD_DEVIATION · years``) and is lossless; ``SITE`` is the site's, with no such line
    (each cell a value with its unit, then its dispersion and ``n=`` line) and the measure
    title repeated on every category row; ``SITE_UNREPEATED`` the same with the title on a
    measure's first row only."""

    STATED = "STATED"
    SITE = "SITE"
    SITE_UNREPEATED = "SITE_UNREPEATED"


_INTEGER = re.compile(r"-?\d{1,18}")
_DECIMAL = re.compile(r"[-+]?(?:\d{1,30}(?:\.\d{0,30})?|\.\d{1,30})(?:[eE][-+]?\d{1,4})?")


def as_count(text: str | None) -> int | None:
    """``"142"`` -> 142; anything that is not a whole number -> None."""
    if text is None or _INTEGER.fullmatch(text) is None:
        return None
    return int(text)


def as_decimal(text: str | None) -> Decimal | None:
    """``"60.80"`` -> Decimal('60.80') (digits kept); ``"NA"`` and the like -> None."""
    if text is None or _DECIMAL.fullmatch(text) is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


# --- shared parts -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ResultGroup:
    """A column of a results table: ``id`` (``FG000``, ``BG001``...), title, description."""

    id: str
    title: str
    description: str | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class GroupCount:
    """One group's count (participants in a milestone, a denominator): the page text and,
    as ``number``, its value as an integer."""

    group_id: str
    value: str
    comment: str | None = None
    line: int | None = attrs.field(default=None, eq=False, repr=False)

    __plain_derived__: ClassVar[tuple[str, ...]] = ("number",)

    @property
    def number(self) -> int | None:
        return as_count(self.value)


@attrs.frozen(kw_only=True)
class Denominator:
    """How many units (``Participants``, ``Eyes``...) each group was analysed on."""

    units: str
    counts: tuple[GroupCount, ...] = ()


@attrs.frozen(kw_only=True)
class GenericTable:
    """A table whose caption or shape could not be mapped, kept cell by cell: the caption,
    the column headers, and each row's cells (a cell's lines joined by newlines)."""

    caption: str | None
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    section: str | None = None
    line: int | None = attrs.field(default=None, eq=False, repr=False)


# --- overview ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ResultsOverview:
    """Results Overview: the first primary outcome's description and time frame, and the
    date the results were posted (its status, phases and enrollment are Trial fields)."""

    primary_outcome_description: str | None = None
    primary_outcome_time_frame: str | None = None
    results_posted: PartialDate | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)


# --- participant flow --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Milestone:
    """A milestone row (``STARTED``, ``COMPLETED``, ``NOT COMPLETED`` or the sponsor's own)
    with one count per group."""

    type: str
    comment: str | None = None
    counts: tuple[GroupCount, ...] = ()
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class DropWithdraw:
    """A reason for withdrawal (``Adverse Event``, ``Lost to Follow-up``...) per group."""

    type: str
    comment: str | None = None
    counts: tuple[GroupCount, ...] = ()
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class FlowPeriod:
    """A period of the flow (``Overall Study``, ``Period 1: Run-in``)."""

    title: str
    milestones: tuple[Milestone, ...] = ()
    drop_withdraws: tuple[DropWithdraw, ...] = ()
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ParticipantFlow:
    """Participant Flow: recruitment and pre-assignment details, groups, periods."""

    recruitment_details: str | None = None
    pre_assignment_details: str | None = None
    type_units_analyzed: str | None = None
    groups: tuple[ResultGroup, ...] = ()
    periods: tuple[FlowPeriod, ...] = ()
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)


# --- baseline characteristics ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Measurement:
    """One group's value in a measure's category: value, spread or lower and upper limits,
    and a comment (why a value is ``NA``); texts as the page writes them."""

    group_id: str
    value: str | None = None
    spread: str | None = None
    lower_limit: str | None = None
    upper_limit: str | None = None
    comment: str | None = None
    # The cell's own ``n=`` text on a page in the site's shape (``n=3 Participants``): the
    # site's, which matched no registry count on the pages seen; never the registry's.
    page_count: str | None = None
    line: int | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def number(self) -> Decimal | None:
        return as_decimal(self.value)

    @property
    def spread_number(self) -> Decimal | None:
        return as_decimal(self.spread)

    @property
    def lower_number(self) -> Decimal | None:
        return as_decimal(self.lower_limit)

    @property
    def upper_number(self) -> Decimal | None:
        return as_decimal(self.upper_limit)


@attrs.frozen(kw_only=True)
class MeasureCategory:
    """A category row (``Female``, ``Male``; untitled for a continuous measure)."""

    title: str | None = None
    measurements: tuple[Measurement, ...] = ()
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class MeasureClass:
    """A class of categories (``Region of Enrollment``'s countries), with the counts it was
    analysed on."""

    title: str | None = None
    denominators: tuple[Denominator, ...] = ()
    categories: tuple[MeasureCategory, ...] = ()


@attrs.frozen(kw_only=True)
class BaselineMeasure:
    """A baseline measure (``Age, Continuous``, ``Sex: Female, Male``...)."""

    title: str
    description: str | None = None
    population_description: str | None = None
    param_type: ParamType | None = None
    dispersion_type: DispersionType | None = None
    unit_of_measure: str | None = None
    denominators: tuple[Denominator, ...] = ()
    classes: tuple[MeasureClass, ...] = ()
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Baseline:
    """Baseline Characteristics: the population, the groups (the Total group included)
    with the counts they were analysed on, and the measures."""

    population_description: str | None = None
    type_units_analyzed: str | None = None
    groups: tuple[ResultGroup, ...] = ()
    denominators: tuple[Denominator, ...] = ()
    measures: tuple[BaselineMeasure, ...] = ()
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)


# --- outcome measures --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class StatisticalAnalysis:
    """A statistical analysis of an outcome: the groups compared, the hypothesis, the p-value,
    the method, the estimate with its confidence interval and dispersion. Values are the
    page's text (``"<0.001"``, ``"NA"``) with numbers beside them (``p_number``...)."""

    group_ids: tuple[str, ...] = ()
    group_description: str | None = None
    tested_non_inferiority: bool | None = None
    non_inferiority_type: NonInferiorityType | None = None
    non_inferiority_comment: str | None = None
    p_value: str | None = None
    p_value_comment: str | None = None
    statistical_method: str | None = None
    statistical_comment: str | None = None
    param_type: str | None = None
    param_value: str | None = None
    ci_percent: str | None = None
    ci_sides: ConfidenceSides | None = None
    ci_lower_limit: str | None = None
    ci_upper_limit: str | None = None
    ci_lower_limit_comment: str | None = None
    ci_upper_limit_comment: str | None = None
    dispersion_type: AnalysisDispersionType | None = None
    dispersion_value: str | None = None
    estimate_comment: str | None = None
    other_analysis_description: str | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def param_number(self) -> Decimal | None:
        return as_decimal(self.param_value)

    @property
    def p_number(self) -> Decimal | None:
        """The p-value as a number; ``"<0.001"`` is 0.001 (its bound), ``"NA"`` None."""
        return as_decimal(self.p_value.lstrip("<>=≤≥ ") if self.p_value else None)


@attrs.frozen(kw_only=True)
class OutcomeMeasure:
    """An outcome measure: what was measured, on whom, when, and the values per group
    (``OG000``...), with the analyses that compare them."""

    type: OutcomeType | None = None
    title: str
    description: str | None = None
    population_description: str | None = None
    reporting_status: ReportingStatus | None = None
    anticipated_posting_date: str | None = None
    param_type: ParamType | None = None
    dispersion_type: DispersionType | None = None
    unit_of_measure: str | None = None
    time_frame: str | None = None
    type_units_analyzed: str | None = None
    groups: tuple[ResultGroup, ...] = ()
    denominators: tuple[Denominator, ...] = ()
    classes: tuple[MeasureClass, ...] = ()
    analyses: tuple[StatisticalAnalysis, ...] = ()
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


# --- adverse events ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AdverseEventGroup:
    """A group of the adverse events tables (``EG000``...) with its totals: participants
    affected and at risk, for deaths, serious and other events."""

    id: str
    title: str
    description: str | None = None
    deaths_affected: int | None = None
    deaths_at_risk: int | None = None
    serious_affected: int | None = None
    serious_at_risk: int | None = None
    other_affected: int | None = None
    other_at_risk: int | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class EventStat:
    """One group's numbers for an adverse event: affected, at risk, events."""

    group_id: str
    affected: int | None = None
    at_risk: int | None = None
    events: int | None = None
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class AdverseEvent:
    """A serious or other adverse event: its term and organ system, how it was assessed
    and in which vocabulary, notes, and the numbers per group."""

    term: str
    organ_system: str | None = None
    source_vocabulary: str | None = None
    assessment_type: AssessmentType | None = None
    notes: str | None = None
    stats: tuple[EventStat, ...] = ()
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class AdverseEvents:
    """Adverse Events: how they were collected, the groups with their totals, and the
    serious and the other (non-serious) events."""

    frequency_threshold: str | None = None
    time_frame: str | None = None
    description: str | None = None
    all_cause_mortality_comment: str | None = None
    groups: tuple[AdverseEventGroup, ...] = ()
    serious_events: tuple[AdverseEvent, ...] = ()
    other_events: tuple[AdverseEvent, ...] = ()
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)


# --- more information --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class MoreInfo:
    """More Information: limitations and caveats, the agreement between the sponsor and the
    investigators on publishing results, and the results' point of contact."""

    limitations_and_caveats: str | None = None
    pi_sponsor_employee: bool | None = None
    restrictive_agreement: bool | None = None
    restriction_type: RestrictionType | None = None
    other_details: str | None = None
    contact_title: str | None = None
    contact_organization: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_phone_ext: str | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)


# --- the whole ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Results:
    """What a results page holds beyond the trial's own fields; ``tables`` keeps every
    table (or row) that could not be mapped, cell by cell."""

    overview: ResultsOverview | None = None
    participant_flow: ParticipantFlow | None = None
    baseline: Baseline | None = None
    outcome_measures: tuple[OutcomeMeasure, ...] = ()
    adverse_events: AdverseEvents | None = None
    more_info: MoreInfo | None = None
    tables: tuple[GenericTable, ...] = ()
    # Provenance, not content: how the page drew its tables (the renderer's default).
    table_rendering: TableRendering | None = attrs.field(default=None, eq=False)
    measure_shape: MeasureShape | None = attrs.field(default=None, eq=False)
