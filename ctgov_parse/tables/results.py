"""The results page's tables (AACT's results tables, plus ``reported_event_summaries`` and
``unmapped_table_cells``).

Every group column of a results table points at ``result_groups`` through
``result_group_id`` and carries the registry's code (``ctgov_group_code``: ``FG000``,
``BG001``, ``OG002``, ``EG000``). Outcome groups belong to their outcome (``OG000`` of one
outcome need not be ``OG000`` of the next), so their ``result_groups`` rows name it.
Measured values keep the page text (``param_value``, ``*_raw``) with a number beside it
(``*_num`` and the like, null where the text is not a number).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ctgov_parse.model import (
    Denominator,
    MeasureClass,
    Measurement,
    PageKind,
    Results,
    as_decimal,
)
from ctgov_parse.tables.schema import (
    Column,
    ColumnType,
    Page,
    Table,
    at,
    at_token,
    column,
    one,
    results_part,
    row_id,
    token,
)

__all__ = ["RESULTS_TABLES"]

TEXT, INTEGER, BOOLEAN, DOUBLE = (
    ColumnType.TEXT,
    ColumnType.INTEGER,
    ColumnType.BOOLEAN,
    ColumnType.DOUBLE,
)

FLOW, BASELINE, OUTCOME, EVENT = "Participant Flow", "Baseline", "Outcome", "Reported Event"


def _results(page: Page) -> Results | None:
    return page.trial.results


def group_id(nct_id: str, result_type: str, code: str, outcome: int | None = None) -> int:
    """``result_groups.id`` of a group: by its type, code and (for outcomes) outcome."""
    key = f"{result_type}:{code}" if outcome is None else f"{result_type}:{outcome}:{code}"
    return row_id(nct_id, "result_groups", key)


def _number(text: str | None) -> float | None:
    number = as_decimal(text)
    return None if number is None else float(number)


def _double(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- result groups ---------------------------------------------------------------------------


def _groups(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None:
        return
    flow, baseline = results.participant_flow, results.baseline
    listed: tuple[tuple[str, tuple[Any, ...], int | None], ...] = (
        (FLOW, flow.groups if flow else (), None),
        (BASELINE, baseline.groups if baseline else (), None),
    )
    for result_type, groups, outcome in listed:
        for group in groups:
            yield f"{result_type}:{group.id}", (result_type, group, outcome)
    for index, measure in enumerate(results.outcome_measures):
        for group in measure.groups:
            yield f"{OUTCOME}:{index}:{group.id}", (OUTCOME, group, index)
    if results.adverse_events is not None:
        for group in results.adverse_events.groups:
            yield f"{EVENT}:{group.id}", (EVENT, group, None)


def _outcome_ref(page: Page, index: int | None) -> int | None:
    return None if index is None else row_id(page.nct_id, "outcomes", str(index))


RESULT_GROUPS = Table(
    name="result_groups",
    page=PageKind.RESULTS,
    description=(
        "The groups (columns) of the results tables: participant flow, baseline, each"
        " outcome's own, and adverse events."
    ),
    items=_groups,
    columns=(
        column("ctgov_group_code", TEXT, "the registry's group code (`FG000`, `BG001`, ...)",
               at("id", 1), "ResultGroup.id", "AdverseEventGroup.id", nullable=False),
        column("result_type", TEXT, "`Participant Flow`, `Baseline`, `Outcome` or"
               " `Reported Event`", at(None, 0), nullable=False),
        column("outcome_id", INTEGER, "for an outcome's group, `outcomes.id`",
               lambda p, x: _outcome_ref(p, x[2])),
        column("title", TEXT, "the group's title", at("title", 1), "ResultGroup.title",
               "AdverseEventGroup.title"),
        column("description", TEXT, "the group's description", at("description", 1),
               "ResultGroup.description", "AdverseEventGroup.description"),
    ),
)  # fmt: skip


def _group_columns(
    result_type: str, code: Any, outcome: Any = None, fields: tuple[str, ...] = ()
) -> tuple[Column, Column]:
    """``result_group_id`` and ``ctgov_group_code`` of a row, from its group's code."""

    def ref(page: Page, item: Any) -> int | None:
        found = code(item)
        if found is None:
            return None
        return group_id(page.nct_id, result_type, found, None if outcome is None else outcome(item))

    return (
        column("result_group_id", INTEGER, "`result_groups.id` of the row's group", ref),
        column("ctgov_group_code", TEXT, "the group's code", lambda p, x: code(x), *fields),
    )


def _count_columns(get: Any) -> tuple[Column, ...]:
    """A group count as page text and as a number, with its comment."""
    return (
        column(
            "count",
            INTEGER,
            "the count as a number (null where the page has no number)",
            lambda p, x: get(x).number,
        ),
        column(
            "count_raw",
            TEXT,
            "the count as the page writes it",
            lambda p, x: get(x).value,
            "GroupCount.value",
        ),
    )


# --- participant flow ------------------------------------------------------------------------


PARTICIPANT_FLOWS = Table(
    name="participant_flows",
    page=PageKind.RESULTS,
    description="Participant Flow: recruitment and pre-assignment details.",
    items=one(lambda page: results_part(page, "participant_flow")),
    columns=(
        column("recruitment_details", TEXT, "recruitment details",
               at("recruitment_details"), "ParticipantFlow.recruitment_details"),
        column("pre_assignment_details", TEXT, "pre-assignment details",
               at("pre_assignment_details"), "ParticipantFlow.pre_assignment_details"),
        column("units_analyzed", TEXT, "units analysed, when not participants",
               at("type_units_analyzed"), "ParticipantFlow.type_units_analyzed"),
    ),
)  # fmt: skip


def _flow_rows(page: Page, rows: str) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None or results.participant_flow is None:
        return
    for period_index, period in enumerate(results.participant_flow.periods):
        for row_index, row in enumerate(getattr(period, rows)):
            for count in row.counts:
                key = f"{period_index}.{row_index}.{count.group_id}"
                yield key, (period, row, count)


MILESTONES = Table(
    name="milestones",
    page=PageKind.RESULTS,
    description="Participant flow milestones (`STARTED`, `COMPLETED`, ...), one row per group.",
    items=lambda page: _flow_rows(page, "milestones"),
    columns=(
        *_group_columns(FLOW, lambda x: x[2].group_id, fields=("GroupCount.group_id",)),
        column("title", TEXT, "the milestone", at("type", 1), "Milestone.type"),
        column("period", TEXT, "the flow period (`Overall Study`, ...)", at("title", 0),
               "FlowPeriod.title"),
        column("description", TEXT, "the group's count comment", at("comment", 2),
               "GroupCount.comment"),
        *_count_columns(lambda x: x[2]),
        column("milestone_description", TEXT, "the milestone's comment",
               at("comment", 1), "Milestone.comment"),
    ),
)  # fmt: skip

DROP_WITHDRAWALS = Table(
    name="drop_withdrawals",
    page=PageKind.RESULTS,
    description="Reasons participants did not complete a period, one row per group.",
    items=lambda page: _flow_rows(page, "drop_withdraws"),
    columns=(
        *_group_columns(FLOW, lambda x: x[2].group_id, fields=("GroupCount.group_id",)),
        column("period", TEXT, "the flow period", at("title", 0), "FlowPeriod.title"),
        column("reason", TEXT, "the reason (`Adverse Event`, ...)", at("type", 1),
               "DropWithdraw.type"),
        *_count_columns(lambda x: x[2]),
        column("drop_withdraw_comment", TEXT, "the group's count comment",
               at("comment", 2), "GroupCount.comment"),
        column("reason_comment", TEXT, "the reason's comment", at("comment", 1),
               "DropWithdraw.comment"),
    ),
)  # fmt: skip


# --- baseline ------------------------------------------------------------------------------


def _denominator_rows(
    scope: str,
    title: str | None,
    classification: str | None,
    denominators: tuple[Denominator, ...],
    key: str,
    outcome: int | None = None,
) -> Iterator[tuple[str, Any]]:
    for index, denominator in enumerate(denominators):
        for count in denominator.counts:
            yield (
                f"{key}.{index}.{count.group_id}",
                (scope, title, classification, denominator, count, outcome),
            )


def _class_denominators(
    classes: tuple[MeasureClass, ...], title: str | None, key: str, outcome: int | None = None
) -> Iterator[tuple[str, Any]]:
    for index, measure_class in enumerate(classes):
        yield from _denominator_rows(
            "CLASS", title, measure_class.title, measure_class.denominators, f"{key}.c{index}",
            outcome,
        )  # fmt: skip


def _baseline_counts(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None or results.baseline is None:
        return
    baseline = results.baseline
    yield from _denominator_rows("OVERALL", None, None, baseline.denominators, "o")
    for index, measure in enumerate(baseline.measures):
        yield from _denominator_rows("MEASURE", measure.title, None, measure.denominators,
                                     f"m{index}")  # fmt: skip
        yield from _class_denominators(measure.classes, measure.title, f"m{index}")


def _denominator_columns(result_type: str) -> tuple[Column, ...]:
    return (
        *_group_columns(result_type, lambda x: x[4].group_id,
                        (lambda x: x[5]) if result_type == OUTCOME else None,
                        fields=("GroupCount.group_id",)),
        column("scope", TEXT, "what the count is of: `OVERALL` (the whole table), `MEASURE`"
               " or `OUTCOME` (one measure), `CLASS` (one class of a measure)",
               at(None, 0)),
        column("classification", TEXT, "for `CLASS`, the class's title", at(None, 2),
               "MeasureClass.title"),
        column("units", TEXT, "what is counted (`Participants`, `Eyes`, ...)",
               at("units", 3), "Denominator.units"),
        *_count_columns(lambda x: x[4]),
        column("comment", TEXT, "the count's comment", at("comment", 4),
               "GroupCount.comment"),
    )  # fmt: skip


BASELINE_COUNTS = Table(
    name="baseline_counts",
    page=PageKind.RESULTS,
    description=(
        "How many units each baseline group was analysed on: the table's overall counts, and"
        " a measure's or a class's own where the page gives them."
    ),
    items=_baseline_counts,
    columns=(
        *_denominator_columns(BASELINE),
        column("title", TEXT, "for `MEASURE` and `CLASS`, the measure's title",
               at(None, 1), "BaselineMeasure.title"),
    ),
)  # fmt: skip


def _measurements(
    classes: tuple[MeasureClass, ...], key: str
) -> Iterator[tuple[str, tuple[MeasureClass, Any, Measurement]]]:
    for class_index, measure_class in enumerate(classes):
        for category_index, category in enumerate(measure_class.categories):
            for measurement in category.measurements:
                yield (
                    f"{key}.{class_index}.{category_index}.{measurement.group_id}",
                    (measure_class, category, measurement),
                )


def _value_columns(get: Any, measure: Any) -> tuple[Column, ...]:
    """The columns of one measured value (``get`` gives its ``Measurement``; ``measure`` the
    baseline measure or outcome it belongs to)."""
    return (
        column("units", TEXT, "unit of measure", lambda p, x: measure(x).unit_of_measure,
               "BaselineMeasure.unit_of_measure", "OutcomeMeasure.unit_of_measure"),
        column("param_type", TEXT, "what the value is (`MEAN`, `COUNT_OF_PARTICIPANTS`, ...)",
               lambda p, x: token(measure(x).param_type), "BaselineMeasure.param_type",
               "OutcomeMeasure.param_type"),
        column("param_value", TEXT, "the value as the page writes it", lambda p, x: get(x).value,
               "Measurement.value"),
        column("param_value_num", DOUBLE, "the value as a number",
               lambda p, x: _number(get(x).value)),
        column("dispersion_type", TEXT, "how the spread is given (`STANDARD_DEVIATION`, ...)",
               lambda p, x: token(measure(x).dispersion_type), "BaselineMeasure.dispersion_type",
               "OutcomeMeasure.dispersion_type"),
        column("dispersion_value", TEXT, "the spread as the page writes it",
               lambda p, x: get(x).spread, "Measurement.spread"),
        column("dispersion_value_num", DOUBLE, "the spread as a number",
               lambda p, x: _number(get(x).spread)),
        column("dispersion_lower_limit", DOUBLE, "lower limit as a number",
               lambda p, x: _number(get(x).lower_limit)),
        column("dispersion_upper_limit", DOUBLE, "upper limit as a number",
               lambda p, x: _number(get(x).upper_limit)),
        column("dispersion_lower_limit_raw", TEXT, "lower limit as the page writes it",
               lambda p, x: get(x).lower_limit, "Measurement.lower_limit"),
        column("dispersion_upper_limit_raw", TEXT, "upper limit as the page writes it",
               lambda p, x: get(x).upper_limit, "Measurement.upper_limit"),
        column("explanation_of_na", TEXT, "the value's comment (why it is `NA`)",
               lambda p, x: get(x).comment, "Measurement.comment"),
        column("page_count", TEXT, "the cell's own `n=` text on a page drawn in the site's"
               " shape (`n=3 Participants`): the site's, not a registry count",
               lambda p, x: get(x).page_count, "Measurement.page_count"),
        column("classification", TEXT, "the class's title", at("title", 1),
               "MeasureClass.title"),
        column("category", TEXT, "the category's title", at("title", 2),
               "MeasureCategory.title"),
    )  # fmt: skip


def _baseline_measurements(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None or results.baseline is None:
        return
    for index, measure in enumerate(results.baseline.measures):
        for key, (measure_class, category, measurement) in _measurements(
            measure.classes, str(index)
        ):
            yield key, (measure, measure_class, category, measurement)


BASELINE_MEASUREMENTS = Table(
    name="baseline_measurements",
    page=PageKind.RESULTS,
    description="Baseline measures, one row per group, class and category.",
    items=_baseline_measurements,
    columns=(
        *_group_columns(BASELINE, lambda x: x[3].group_id, fields=("Measurement.group_id",)),
        column("title", TEXT, "the measure's title", at("title", 0),
               "BaselineMeasure.title"),
        column("description", TEXT, "the measure's description", at("description", 0),
               "BaselineMeasure.description"),
        column("population_description", TEXT, "the measure's population",
               at("population_description", 0), "BaselineMeasure.population_description"),
        *_value_columns(lambda x: x[3], lambda x: x[0]),
    ),
)  # fmt: skip


# --- outcomes ------------------------------------------------------------------------------


def _outcomes(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is not None:
        yield from ((str(i), m) for i, m in enumerate(results.outcome_measures))


OUTCOMES = Table(
    name="outcomes",
    page=PageKind.RESULTS,
    description="Outcome measures, in page order.",
    items=_outcomes,
    columns=(
        column("outcome_type", TEXT, "`PRIMARY`, `SECONDARY`, `OTHER_PRE_SPECIFIED` or"
               " `POST_HOC`", at_token("type"), "OutcomeMeasure.type"),
        column("title", TEXT, "the outcome's title", at("title"), "OutcomeMeasure.title"),
        column("description", TEXT, "its description", at("description"),
               "OutcomeMeasure.description"),
        column("time_frame", TEXT, "its time frame", at("time_frame"),
               "OutcomeMeasure.time_frame"),
        column("population", TEXT, "the analysis population", at("population_description"),
               "OutcomeMeasure.population_description"),
        column("anticipated_posting_date", TEXT, "for an outcome not yet posted, when it is"
               " expected (page text)", at("anticipated_posting_date"),
               "OutcomeMeasure.anticipated_posting_date"),
        column("reporting_status", TEXT, "`POSTED` or `NOT_POSTED`",
               at_token("reporting_status"), "OutcomeMeasure.reporting_status"),
        column("units", TEXT, "unit of measure", at("unit_of_measure"),
               "OutcomeMeasure.unit_of_measure"),
        column("units_analyzed", TEXT, "units analysed, when not participants",
               at("type_units_analyzed"), "OutcomeMeasure.type_units_analyzed"),
        column("dispersion_type", TEXT, "dispersion type token",
               at_token("dispersion_type"), "OutcomeMeasure.dispersion_type"),
        column("param_type", TEXT, "param type token", at_token("param_type"),
               "OutcomeMeasure.param_type"),
    ),
)  # fmt: skip


def _outcome_counts(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None:
        return
    for index, measure in enumerate(results.outcome_measures):
        yield from _denominator_rows("OUTCOME", measure.title, None, measure.denominators,
                                     f"{index}", index)  # fmt: skip
        yield from _class_denominators(measure.classes, measure.title, f"{index}", index)


OUTCOME_COUNTS = Table(
    name="outcome_counts",
    page=PageKind.RESULTS,
    description="How many units each outcome group was analysed on (the outcome's, a class's).",
    items=_outcome_counts,
    columns=(
        column("outcome_id", INTEGER, "`outcomes.id`", lambda p, x: _outcome_ref(p, x[5])),
        *_denominator_columns(OUTCOME),
    ),
)  # fmt: skip


def _outcome_measurements(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None:
        return
    for index, measure in enumerate(results.outcome_measures):
        for key, (measure_class, category, measurement) in _measurements(
            measure.classes, str(index)
        ):
            yield key, (measure, measure_class, category, measurement, index)


OUTCOME_MEASUREMENTS = Table(
    name="outcome_measurements",
    page=PageKind.RESULTS,
    description="Outcome values, one row per group, class and category.",
    items=_outcome_measurements,
    columns=(
        column("outcome_id", INTEGER, "`outcomes.id`", lambda p, x: _outcome_ref(p, x[4])),
        *_group_columns(OUTCOME, lambda x: x[3].group_id, lambda x: x[4],
                        fields=("Measurement.group_id",)),
        column("title", TEXT, "the outcome's title", at("title", 0)),
        column("description", TEXT, "the outcome's description", at("description", 0)),
        *_value_columns(lambda x: x[3], lambda x: x[0]),
    ),
)  # fmt: skip


def _analyses(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None:
        return
    for index, measure in enumerate(results.outcome_measures):
        for analysis_index, analysis in enumerate(measure.analyses):
            yield f"{index}.{analysis_index}", (index, analysis)


def _analysis(name: str, kind: ColumnType, description: str, get: Any, *fields: str) -> Column:
    return column(name, kind, description, lambda p, x: get(x[1]), *fields)


def _modifier(p_value: str | None) -> str | None:
    if not p_value:
        return None
    stripped = p_value.lstrip("<>=≤≥ ")
    return p_value[: len(p_value) - len(stripped)].strip() or None


OUTCOME_ANALYSES = Table(
    name="outcome_analyses",
    page=PageKind.RESULTS,
    description="Statistical analyses of the outcomes, in page order.",
    items=_analyses,
    columns=(
        column("outcome_id", INTEGER, "`outcomes.id`", lambda p, x: _outcome_ref(p, x[0])),
        _analysis("groups_description", TEXT, "the comparison group's description",
                  lambda a: a.group_description, "StatisticalAnalysis.group_description"),
        _analysis("tested_non_inferiority", BOOLEAN, "whether the analysis is a test of"
                  " non-inferiority or equivalence", lambda a: a.tested_non_inferiority,
                  "StatisticalAnalysis.tested_non_inferiority"),
        _analysis("non_inferiority_type", TEXT, "the hypothesis type token",
                  lambda a: token(a.non_inferiority_type),
                  "StatisticalAnalysis.non_inferiority_type"),
        _analysis("non_inferiority_description", TEXT, "its comment",
                  lambda a: a.non_inferiority_comment,
                  "StatisticalAnalysis.non_inferiority_comment"),
        _analysis("p_value_modifier", TEXT, "`<`, `>`, ... before the p-value",
                  lambda a: _modifier(a.p_value)),
        _analysis("p_value", DOUBLE, "the p-value as a number (`<0.001` gives 0.001)",
                  lambda a: _double(a.p_number)),
        _analysis("p_value_raw", TEXT, "the p-value as the page writes it", lambda a: a.p_value,
                  "StatisticalAnalysis.p_value"),
        _analysis("p_value_description", TEXT, "the p-value's comment",
                  lambda a: a.p_value_comment, "StatisticalAnalysis.p_value_comment"),
        _analysis("method", TEXT, "the statistical method", lambda a: a.statistical_method,
                  "StatisticalAnalysis.statistical_method"),
        _analysis("method_description", TEXT, "the method's comment",
                  lambda a: a.statistical_comment, "StatisticalAnalysis.statistical_comment"),
        _analysis("param_type", TEXT, "the estimated parameter (`Odds Ratio (OR)`, ...)",
                  lambda a: a.param_type, "StatisticalAnalysis.param_type"),
        _analysis("param_value", DOUBLE, "the estimate as a number",
                  lambda a: _number(a.param_value)),
        _analysis("param_value_raw", TEXT, "the estimate as the page writes it",
                  lambda a: a.param_value, "StatisticalAnalysis.param_value"),
        _analysis("ci_percent", DOUBLE, "confidence level, percent",
                  lambda a: _number(a.ci_percent)),
        _analysis("ci_percent_raw", TEXT, "confidence level as the page writes it",
                  lambda a: a.ci_percent, "StatisticalAnalysis.ci_percent"),
        _analysis("ci_n_sides", TEXT, "`ONE_SIDED` or `TWO_SIDED`", lambda a: token(a.ci_sides),
                  "StatisticalAnalysis.ci_sides"),
        _analysis("ci_lower_limit", DOUBLE, "interval lower limit",
                  lambda a: _number(a.ci_lower_limit)),
        _analysis("ci_upper_limit", DOUBLE, "interval upper limit",
                  lambda a: _number(a.ci_upper_limit)),
        _analysis("ci_lower_limit_raw", TEXT, "lower limit as the page writes it",
                  lambda a: a.ci_lower_limit, "StatisticalAnalysis.ci_lower_limit"),
        _analysis("ci_upper_limit_raw", TEXT, "upper limit as the page writes it",
                  lambda a: a.ci_upper_limit, "StatisticalAnalysis.ci_upper_limit"),
        _analysis("ci_lower_limit_na_comment", TEXT, "why the lower limit is `NA`",
                  lambda a: a.ci_lower_limit_comment,
                  "StatisticalAnalysis.ci_lower_limit_comment"),
        _analysis("ci_upper_limit_na_comment", TEXT, "why the upper limit is `NA`",
                  lambda a: a.ci_upper_limit_comment,
                  "StatisticalAnalysis.ci_upper_limit_comment"),
        _analysis("dispersion_type", TEXT, "the estimate's dispersion type token",
                  lambda a: token(a.dispersion_type), "StatisticalAnalysis.dispersion_type"),
        _analysis("dispersion_value", DOUBLE, "the dispersion as a number",
                  lambda a: _number(a.dispersion_value)),
        _analysis("dispersion_value_raw", TEXT, "the dispersion as the page writes it",
                  lambda a: a.dispersion_value, "StatisticalAnalysis.dispersion_value"),
        _analysis("estimate_description", TEXT, "the estimate's comment",
                  lambda a: a.estimate_comment, "StatisticalAnalysis.estimate_comment"),
        _analysis("other_analysis_description", TEXT, "another analysis's description",
                  lambda a: a.other_analysis_description,
                  "StatisticalAnalysis.other_analysis_description"),
    ),
)  # fmt: skip


def _analysis_groups(page: Page) -> Iterator[tuple[str, Any]]:
    for key, (index, analysis) in _analyses(page):
        analysis_id = row_id(page.nct_id, "outcome_analyses", key)
        for code in analysis.group_ids:
            yield f"{key}.{code}", (analysis_id, code, index)


OUTCOME_ANALYSIS_GROUPS = Table(
    name="outcome_analysis_groups",
    page=PageKind.RESULTS,
    description="The groups each statistical analysis compares.",
    items=_analysis_groups,
    columns=(
        column("outcome_analysis_id", INTEGER, "`outcome_analyses.id`", at(None, 0),
               nullable=False),
        *_group_columns(OUTCOME, lambda x: x[1], lambda x: x[2],
                        fields=("StatisticalAnalysis.group_ids",)),
    ),
)  # fmt: skip


# --- adverse events --------------------------------------------------------------------------


def _events(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None or results.adverse_events is None:
        return
    events = results.adverse_events
    for event_type, listed in (("SERIOUS", events.serious_events), ("OTHER", events.other_events)):
        for index, event in enumerate(listed):
            if not event.stats:  # still a row: the term is data even without numbers
                yield f"{event_type}.{index}", (events, event_type, event, None)
            for stat in event.stats:
                yield f"{event_type}.{index}.{stat.group_id}", (events, event_type, event, stat)


def _event(name: str, kind: ColumnType, description: str, get: Any, *fields: str) -> Column:
    return column(name, kind, description, lambda p, x: get(x[2]), *fields)


def _stat(name: str, description: str, attribute: str) -> Column:
    return column(
        name, INTEGER, description,
        lambda p, x: None if x[3] is None else getattr(x[3], attribute),
        f"EventStat.{attribute}",
    )  # fmt: skip


REPORTED_EVENTS = Table(
    name="reported_events",
    page=PageKind.RESULTS,
    description=(
        "Serious and other adverse events, one row per event and group (an event the page"
        " gives no numbers for still has one row, with no group)."
    ),
    items=_events,
    columns=(
        *_group_columns(EVENT, lambda x: None if x[3] is None else x[3].group_id,
                        fields=("EventStat.group_id",)),
        column("event_type", TEXT, "`SERIOUS` or `OTHER`", at(None, 1), nullable=False),
        _event("adverse_event_term", TEXT, "the event's term", lambda e: e.term,
               "AdverseEvent.term"),
        _event("organ_system", TEXT, "its organ system", lambda e: e.organ_system,
               "AdverseEvent.organ_system"),
        _event("vocab", TEXT, "the vocabulary the term is from", lambda e: e.source_vocabulary,
               "AdverseEvent.source_vocabulary"),
        _event("assessment", TEXT, "`SYSTEMATIC_ASSESSMENT` or `NON_SYSTEMATIC_ASSESSMENT`",
               lambda e: token(e.assessment_type), "AdverseEvent.assessment_type"),
        _event("notes", TEXT, "the event's notes", lambda e: e.notes, "AdverseEvent.notes"),
        _stat("subjects_affected", "participants affected", "affected"),
        _stat("subjects_at_risk", "participants at risk", "at_risk"),
        _stat("event_count", "number of events", "events"),
        column("time_frame", TEXT, "the adverse events' time frame",
               at("time_frame", 0)),
        column("frequency_threshold", TEXT, "the reporting threshold for other events",
               at("frequency_threshold", 0)),
        column("description", TEXT, "the adverse events' description",
               at("description", 0)),
    ),
)  # fmt: skip


REPORTED_EVENT_SUMMARIES = Table(
    name="reported_event_summaries",
    page=PageKind.RESULTS,
    aact=False,
    description="How the adverse events were collected, one row per study that reports them.",
    items=one(lambda page: results_part(page, "adverse_events")),
    columns=(
        column("frequency_threshold", TEXT, "the reporting threshold for other events, percent",
               at("frequency_threshold"), "AdverseEvents.frequency_threshold"),
        column("time_frame", TEXT, "the time frame", at("time_frame"),
               "AdverseEvents.time_frame"),
        column("description", TEXT, "the description", at("description"),
               "AdverseEvents.description"),
        column("all_cause_mortality_comment", TEXT, "the all-cause mortality comment",
               at("all_cause_mortality_comment"),
               "AdverseEvents.all_cause_mortality_comment"),
    ),
)  # fmt: skip

_TOTALS = (
    ("DEATHS", "Total, all-cause mortality", "deaths"),
    ("SERIOUS", "Total, serious adverse events", "serious"),
    ("OTHER", "Total, other adverse events", "other"),
)


def _totals(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None or results.adverse_events is None:
        return
    for group in results.adverse_events.groups:
        for event_type, classification, prefix in _TOTALS:
            affected = getattr(group, f"{prefix}_affected")
            at_risk = getattr(group, f"{prefix}_at_risk")
            if affected is not None or at_risk is not None:
                yield (
                    f"{group.id}.{event_type}",
                    (group.id, event_type, classification, affected, at_risk),
                )


_TOTAL_FIELDS = tuple(
    f"AdverseEventGroup.{prefix}_{what}"
    for _, _, prefix in _TOTALS
    for what in ("affected", "at_risk")
)

REPORTED_EVENT_TOTALS = Table(
    name="reported_event_totals",
    page=PageKind.RESULTS,
    description="Each adverse-event group's totals: deaths, serious and other events.",
    items=_totals,
    columns=(
        *_group_columns(EVENT, lambda x: x[0]),
        column("event_type", TEXT, "`DEATHS`, `SERIOUS` or `OTHER`", at(None, 1)),
        column("classification", TEXT, "the total's name (`Total, all-cause mortality`, ...)",
               at(None, 2)),
        column("subjects_affected", INTEGER, "participants affected", at(None, 3),
               *_TOTAL_FIELDS[0::2]),
        column("subjects_at_risk", INTEGER, "participants at risk", at(None, 4),
               *_TOTAL_FIELDS[1::2]),
    ),
)  # fmt: skip


# --- more information, overview, unmapped tables ----------------------------------------------


RESULT_AGREEMENTS = Table(
    name="result_agreements",
    page=PageKind.RESULTS,
    description="The agreement between the sponsor and the investigators on publishing results.",
    items=one(lambda page: results_part(page, "more_info")),
    columns=(
        column("pi_employee", BOOLEAN, "the principal investigators are sponsor employees",
               at("pi_sponsor_employee"), "MoreInfo.pi_sponsor_employee"),
        column("restrictive_agreement", BOOLEAN, "an agreement restricts what they may publish",
               at("restrictive_agreement"), "MoreInfo.restrictive_agreement"),
        column("restriction_type", TEXT, "`LTE60`, `GT60` or `OTHER`",
               at_token("restriction_type"), "MoreInfo.restriction_type"),
        column("other_details", TEXT, "the agreement's other details", at("other_details"),
               "MoreInfo.other_details"),
    ),
)  # fmt: skip

RESULT_CONTACTS = Table(
    name="result_contacts",
    page=PageKind.RESULTS,
    description="The results' point of contact.",
    items=one(lambda page: results_part(page, "more_info")),
    columns=(
        column("organization", TEXT, "organization", at("contact_organization"),
               "MoreInfo.contact_organization"),
        column("name", TEXT, "name or official title", at("contact_title"),
               "MoreInfo.contact_title"),
        column("phone", TEXT, "phone", at("contact_phone"), "MoreInfo.contact_phone"),
        column("extension", TEXT, "phone extension", at("contact_phone_ext"),
               "MoreInfo.contact_phone_ext"),
        column("email", TEXT, "email", at("contact_email"), "MoreInfo.contact_email"),
    ),
)  # fmt: skip


def _design_outcomes(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    overview = None if results is None else results.overview
    if overview is not None and (
        overview.primary_outcome_description is not None
        or overview.primary_outcome_time_frame is not None
    ):
        yield "PRIMARY.0", overview


DESIGN_OUTCOMES = Table(
    name="design_outcomes",
    page=PageKind.RESULTS,
    description=(
        "The outcomes the study planned. The trial page lists none; the results page's"
        " overview names the first primary outcome, which is this table's one row."
    ),
    items=_design_outcomes,
    columns=(
        column("outcome_type", TEXT, "`PRIMARY`", lambda p, o: "PRIMARY"),
        column("description", TEXT, "the primary outcome's description",
               at("primary_outcome_description"),
               "ResultsOverview.primary_outcome_description"),
        column("time_frame", TEXT, "its time frame", at("primary_outcome_time_frame"),
               "ResultsOverview.primary_outcome_time_frame"),
    ),
)  # fmt: skip


def _cells(page: Page) -> Iterator[tuple[str, Any]]:
    results = _results(page)
    if results is None:
        return
    for index, table in enumerate(results.tables):
        rows = ((None, table.headers), *enumerate(table.rows))
        empty = True
        for row_index, cells in rows:
            for cell_index, text in enumerate(cells):
                empty = False
                yield (
                    f"{index}.{row_index}.{cell_index}",
                    (index, table, row_index, cell_index, text),
                )
        if empty:
            yield f"{index}", (index, table, None, None, None)


UNMAPPED_TABLE_CELLS = Table(
    name="unmapped_table_cells",
    page=PageKind.RESULTS,
    aact=False,
    description=(
        "Tables of the results page whose caption or shape could not be mapped, kept cell"
        " by cell (headers have a null `row_index`)."
    ),
    items=_cells,
    columns=(
        column("table_index", INTEGER, "0-based position of the table among the unmapped ones",
               at(None, 0), nullable=False),
        column("caption", TEXT, "the table's caption", at("caption", 1),
               "GenericTable.caption"),
        column("section", TEXT, "the page section it stood in", at("section", 1),
               "GenericTable.section"),
        column("row_index", INTEGER, "0-based row; null for the header row", at(None, 2)),
        column("column_index", INTEGER, "0-based column", at(None, 3)),
        column("text", TEXT, "the cell's text (its lines joined by newlines)", at(None, 4),
               "GenericTable.headers", "GenericTable.rows"),
    ),
)  # fmt: skip

RESULTS_TABLES: tuple[Table, ...] = (
    RESULT_GROUPS,
    PARTICIPANT_FLOWS,
    MILESTONES,
    DROP_WITHDRAWALS,
    BASELINE_COUNTS,
    BASELINE_MEASUREMENTS,
    OUTCOMES,
    OUTCOME_COUNTS,
    OUTCOME_MEASUREMENTS,
    OUTCOME_ANALYSES,
    OUTCOME_ANALYSIS_GROUPS,
    REPORTED_EVENTS,
    REPORTED_EVENT_SUMMARIES,
    REPORTED_EVENT_TOTALS,
    RESULT_AGREEMENTS,
    RESULT_CONTACTS,
    DESIGN_OUTCOMES,
    UNMAPPED_TABLE_CELLS,
)
