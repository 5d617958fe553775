"""The results records and the API v2 ``resultsSection``, both ways.

The registry writes every value as a string (``"60.8"``, ``"142"``) and the records keep the
page text, so values pass through unchanged. Texts that the page shows in the registry's
markdown are written with their page spelling. The results overview maps to protocol
fields: the first primary outcome's description and time frame, and the date the results
were first posted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ctgov_parse.ctgov.reader import StudyReader, read_line, read_normalized, read_text
from ctgov_parse.model import (
    Baseline,
    BaselineMeasure,
    Denominator,
    DispersionType,
    DropWithdraw,
    FlowPeriod,
    GroupCount,
    MeasureCategory,
    MeasureClass,
    Measurement,
    Milestone,
    ParamType,
    ParticipantFlow,
    ResultGroup,
    Results,
    ResultsOverview,
    Trial,
)
from ctgov_parse.normalize import normalize_date

__all__ = ["overview_to_ctgov", "results_from_ctgov", "results_to_ctgov"]

FLOW = "participantFlowModule"
BASELINE = "baselineCharacteristicsModule"
_R = "resultsSection"
_PRIMARY = ("protocolSection", "outcomesModule", "primaryOutcomes", 0)
_POSTED = ("protocolSection", "statusModule", "resultsFirstPostDateStruct", "date")

_PERIOD = f"{FLOW}.periods[]"
_MEASURE = f"{BASELINE}.measures[]"
_CLASS = f"{_MEASURE}.classes[]"
_VALUE = f"{_CLASS}.categories[].measurements[]"
_OFF = "not on the page"
# (API v2 path under resultsSection, record attribute, how): the mapping table's rows.
MAPPING: tuple[tuple[str, str, str], ...] = (
    (f"{FLOW}.recruitmentDetails", "participant_flow.recruitment_details", "first paragraph"),
    (f"{FLOW}.preAssignmentDetails", "participant_flow.pre_assignment_details", "the others"),
    (f"{FLOW}.typeUnitsAnalyzed", "participant_flow.type_units_analyzed", _OFF),
    (f"{FLOW}.groups[].id", "participant_flow.groups[].id", "FG000... by column order"),
    (f"{FLOW}.groups[].title", "participant_flow.groups[].title", ""),
    (f"{FLOW}.groups[].description", "participant_flow.groups[].description", ""),
    (f"{_PERIOD}.title", "participant_flow.periods[].title", "a row's first label"),
    (f"{_PERIOD}.milestones[].type", "periods[].milestones[].type", ""),
    (f"{_PERIOD}.milestones[].comment", "periods[].milestones[].comment", _OFF),
    (f"{_PERIOD}.milestones[].achievements[].groupId", "milestones[].counts[].group_id", ""),
    (f"{_PERIOD}.milestones[].achievements[].numSubjects", "milestones[].counts[].value", ""),
    (f"{_PERIOD}.milestones[].achievements[].comment", "milestones[].counts[].comment", _OFF),
    (f"{_PERIOD}.dropWithdraws[].type", "periods[].drop_withdraws[].type", ""),
    (f"{_PERIOD}.dropWithdraws[].comment", "periods[].drop_withdraws[].comment", _OFF),
    (f"{_PERIOD}.dropWithdraws[].reasons[].groupId", "drop_withdraws[].counts[].group_id", ""),
    (f"{_PERIOD}.dropWithdraws[].reasons[].numSubjects", "drop_withdraws[].counts[].value", ""),
    (f"{_PERIOD}.dropWithdraws[].reasons[].comment", "drop_withdraws[].counts[].comment", _OFF),
    (f"{BASELINE}.populationDescription", "baseline.population_description", ""),
    (f"{BASELINE}.typeUnitsAnalyzed", "baseline.type_units_analyzed", _OFF),
    (f"{BASELINE}.groups[].id", "baseline.groups[].id", "BG000... by column order"),
    (f"{BASELINE}.groups[].title", "baseline.groups[].title", ""),
    (f"{BASELINE}.groups[].description", "baseline.groups[].description", ""),
    (f"{BASELINE}.denoms[].units", "baseline.denominators[].units", "the header's n= lines"),
    (f"{BASELINE}.denoms[].counts[].groupId", "baseline.denominators[].counts[].group_id", ""),
    (f"{BASELINE}.denoms[].counts[].value", "baseline.denominators[].counts[].value", ""),
    (f"{_MEASURE}.title", "measures[].title", ""),
    (f"{_MEASURE}.description", "measures[].description", "'Measure Description:'"),
    (f"{_MEASURE}.populationDescription", "measures[].population_description",
     "'Analysis Population Description:'"),
    (f"{_MEASURE}.paramType", "measures[].param_type", "the kind line"),
    (f"{_MEASURE}.dispersionType", "measures[].dispersion_type", "the kind line"),
    (f"{_MEASURE}.unitOfMeasure", "measures[].unit_of_measure", "the kind line"),
    (f"{_MEASURE}.denoms[].units", "measures[].denominators[].units", _OFF),
    (f"{_MEASURE}.denoms[].counts[].groupId", "measures[].denominators[].counts[].group_id", _OFF),
    (f"{_MEASURE}.denoms[].counts[].value", "measures[].denominators[].counts[].value", _OFF),
    (f"{_CLASS}.title", "classes[].title", "a row label ending in ':'"),
    (f"{_CLASS}.denoms[].units", "classes[].denominators[].units", "' • n=' in its first row"),
    (f"{_CLASS}.denoms[].counts[].groupId", "classes[].denominators[].counts[].group_id", ""),
    (f"{_CLASS}.denoms[].counts[].value", "classes[].denominators[].counts[].value", ""),
    (f"{_CLASS}.categories[].title", "classes[].categories[].title", "a row label"),
    (f"{_VALUE}.groupId", "categories[].measurements[].group_id", "the cell's column"),
    (f"{_VALUE}.value", "categories[].measurements[].value", ""),
    (f"{_VALUE}.spread", "categories[].measurements[].spread", ""),
    (f"{_VALUE}.lowerLimit", "categories[].measurements[].lower_limit", ""),
    (f"{_VALUE}.upperLimit", "categories[].measurements[].upper_limit", ""),
    (f"{_VALUE}.comment", "categories[].measurements[].comment", "in parentheses"),
)  # fmt: skip
_OUTCOME = "protocolSection.outcomesModule.primaryOutcomes[0]"
# Results overview -> protocol paths (outside resultsSection).
OVERVIEW_MAPPING: tuple[tuple[str, str, str], ...] = (
    (f"{_OUTCOME}.description", "overview.primary_outcome_description", "first paragraph"),
    (f"{_OUTCOME}.timeFrame", "overview.primary_outcome_time_frame", "'Primary outcome timeframe'"),
    ("protocolSection.statusModule.resultsFirstPostDateStruct.date", "overview.results_posted",
     "'Results posted on'"),
)  # fmt: skip


# --- records -> API v2 ----------------------------------------------------------------------


def _page(record: Any, field: str) -> Any:
    return record.raw.get(field, getattr(record, field))


def _groups(groups: Sequence[ResultGroup]) -> list[dict[str, Any]]:
    return [
        {"id": g.id, "title": _page(g, "title"), "description": _page(g, "description")}
        for g in groups
    ]


def _counts(counts: Sequence[GroupCount], key: str) -> list[dict[str, Any]]:
    return [
        {"groupId": c.group_id or None, "comment": c.comment, key: c.value or None} for c in counts
    ]


def _denoms(denominators: Sequence[Denominator]) -> list[dict[str, Any]]:
    return [
        {
            "units": d.units,
            "counts": [{"groupId": c.group_id or None, "value": c.value or None} for c in d.counts],
        }
        for d in denominators
    ]


def _flow(flow: ParticipantFlow) -> dict[str, Any]:
    return {
        "recruitmentDetails": _page(flow, "recruitment_details"),
        "preAssignmentDetails": _page(flow, "pre_assignment_details"),
        "typeUnitsAnalyzed": flow.type_units_analyzed,
        "groups": _groups(flow.groups),
        "periods": [
            {
                "title": period.title,
                "milestones": [
                    {
                        "type": m.type,
                        "comment": m.comment,
                        "achievements": _counts(m.counts, "numSubjects"),
                    }
                    for m in period.milestones
                ],
                "dropWithdraws": [
                    {
                        "type": d.type,
                        "comment": d.comment,
                        "reasons": _counts(d.counts, "numSubjects"),
                    }
                    for d in period.drop_withdraws
                ],
            }
            for period in flow.periods
        ],
    }


def _token(record: Any, field: str) -> str | None:
    value = getattr(record, field)
    return record.raw.get(field) if value is None else str(value.value)


def _measure(measure: BaselineMeasure) -> dict[str, Any]:
    return {
        "title": _page(measure, "title"),
        "description": _page(measure, "description"),
        "populationDescription": _page(measure, "population_description"),
        "paramType": _token(measure, "param_type"),
        "dispersionType": _token(measure, "dispersion_type"),
        "unitOfMeasure": measure.unit_of_measure,
        "denoms": _denoms(measure.denominators),
        "classes": [
            {
                "title": measure_class.title,
                "denoms": _denoms(measure_class.denominators),
                "categories": [
                    {
                        "title": category.title,
                        "measurements": [
                            {
                                "groupId": m.group_id,
                                "value": m.value,
                                "spread": m.spread,
                                "lowerLimit": m.lower_limit,
                                "upperLimit": m.upper_limit,
                                "comment": m.comment,
                            }
                            for m in category.measurements
                        ],
                    }
                    for category in measure_class.categories
                ],
            }
            for measure_class in measure.classes
        ],
    }


def _baseline(baseline: Baseline) -> dict[str, Any]:
    return {
        "populationDescription": _page(baseline, "population_description"),
        "typeUnitsAnalyzed": baseline.type_units_analyzed,
        "groups": _groups(baseline.groups),
        "denoms": _denoms(baseline.denominators),
        "measures": [_measure(measure) for measure in baseline.measures],
    }


def results_to_ctgov(results: Results) -> dict[str, Any]:
    """``resultsSection`` (unpruned: empty values are left to the caller to drop)."""
    section: dict[str, Any] = {}
    if results.participant_flow is not None:
        section[FLOW] = _flow(results.participant_flow)
    if results.baseline is not None:
        section[BASELINE] = _baseline(results.baseline)
    return section


def overview_to_ctgov(trial: Trial) -> tuple[dict[str, Any], dict[str, Any]]:
    """The overview's protocol fields: (outcomesModule part, statusModule part)."""
    overview = trial.results.overview if trial.results is not None else None
    if overview is None:
        return {}, {}
    outcome = {
        "description": _page(overview, "primary_outcome_description"),
        "timeFrame": _page(overview, "primary_outcome_time_frame"),
    }
    posted = overview.results_posted
    status = {"resultsFirstPostDateStruct": {"date": posted.isoformat()}} if posted else {}
    return {"primaryOutcomes": [outcome]}, status


# --- API v2 -> records ----------------------------------------------------------------------


def _text(reader: StudyReader, raw: dict[str, str], field: str, *path: Any) -> str | None:
    return read_text(raw, field, reader.get(*path))


def _string(reader: StudyReader, *path: Any) -> str | None:
    value = reader.get(*path)
    return value if isinstance(value, str) else None


def _read_groups(reader: StudyReader, *path: Any) -> tuple[ResultGroup, ...]:
    groups = []
    for index, _ in reader.items(*path):
        raw: dict[str, str] = {}
        groups.append(
            ResultGroup(
                id=_string(reader, *path, index, "id") or "",
                title=read_line(raw, "title", reader.get(*path, index, "title")),
                description=_text(reader, raw, "description", *path, index, "description"),
                raw=raw,
            )
        )
    return tuple(groups)


def _read_counts(reader: StudyReader, key: str, *path: Any) -> tuple[GroupCount, ...]:
    return tuple(
        GroupCount(
            group_id=_string(reader, *path, index, "groupId") or "",
            value=_string(reader, *path, index, key) or "",
            comment=_string(reader, *path, index, "comment"),
        )
        for index, _ in reader.items(*path)
    )


def _read_denoms(reader: StudyReader, *path: Any) -> tuple[Denominator, ...]:
    return tuple(
        Denominator(
            units=_string(reader, *path, index, "units") or "",
            counts=_read_counts(reader, "value", *path, index, "counts"),
        )
        for index, _ in reader.items(*path)
    )


def _read_flow_rows(
    reader: StudyReader, kind: Callable[..., Any], path: tuple[Any, ...], counts: str
) -> tuple[Any, ...]:
    """A period's milestones (or reasons for withdrawal): type, comment, a count per group."""
    return tuple(
        kind(
            type=_string(reader, *path, index, "type") or "",
            comment=_string(reader, *path, index, "comment"),
            counts=_read_counts(reader, "numSubjects", *path, index, counts),
        )
        for index, _ in reader.items(*path)
    )


def _read_flow(reader: StudyReader) -> ParticipantFlow | None:
    module = (_R, FLOW)
    if reader.get(*module) is None:
        return None
    raw: dict[str, str] = {}
    periods = []
    for index, _ in reader.items(*module, "periods"):
        period = (*module, "periods", index)
        periods.append(
            FlowPeriod(
                title=_string(reader, *period, "title") or "",
                milestones=_read_flow_rows(
                    reader, Milestone, (*period, "milestones"), "achievements"
                ),
                drop_withdraws=_read_flow_rows(
                    reader, DropWithdraw, (*period, "dropWithdraws"), "reasons"
                ),
            )
        )
    return ParticipantFlow(
        recruitment_details=_text(
            reader, raw, "recruitment_details", *module, "recruitmentDetails"
        ),
        pre_assignment_details=_text(
            reader, raw, "pre_assignment_details", *module, "preAssignmentDetails"
        ),
        type_units_analyzed=_string(reader, *module, "typeUnitsAnalyzed"),
        groups=_read_groups(reader, *module, "groups"),
        periods=tuple(periods),
        raw=raw,
    )


def _read_measure(reader: StudyReader, *path: Any) -> BaselineMeasure:
    raw: dict[str, str] = {}
    classes = []
    for c, _ in reader.items(*path, "classes"):
        measure_class = (*path, "classes", c)
        categories = []
        for k, _ in reader.items(*measure_class, "categories"):
            category = (*measure_class, "categories", k)
            measurements = tuple(
                Measurement(
                    group_id=_string(reader, *category, "measurements", m, "groupId") or "",
                    value=_string(reader, *category, "measurements", m, "value"),
                    spread=_string(reader, *category, "measurements", m, "spread"),
                    lower_limit=_string(reader, *category, "measurements", m, "lowerLimit"),
                    upper_limit=_string(reader, *category, "measurements", m, "upperLimit"),
                    comment=_string(reader, *category, "measurements", m, "comment"),
                )
                for m, _ in reader.items(*category, "measurements")
            )
            categories.append(
                MeasureCategory(
                    title=_string(reader, *category, "title"), measurements=measurements
                )
            )
        classes.append(
            MeasureClass(
                title=_string(reader, *measure_class, "title"),
                denominators=_read_denoms(reader, *measure_class, "denoms"),
                categories=tuple(categories),
            )
        )
    return BaselineMeasure(
        title=read_line(raw, "title", reader.get(*path, "title")),
        description=_text(reader, raw, "description", *path, "description"),
        population_description=_text(
            reader, raw, "population_description", *path, "populationDescription"
        ),
        param_type=reader.token(ParamType, *path, "paramType"),
        dispersion_type=reader.token(DispersionType, *path, "dispersionType"),
        unit_of_measure=_string(reader, *path, "unitOfMeasure"),
        denominators=_read_denoms(reader, *path, "denoms"),
        classes=tuple(classes),
        raw=raw,
    )


def _read_baseline(reader: StudyReader) -> Baseline | None:
    module = (_R, BASELINE)
    if reader.get(*module) is None:
        return None
    raw: dict[str, str] = {}
    return Baseline(
        population_description=_text(
            reader, raw, "population_description", *module, "populationDescription"
        ),
        type_units_analyzed=_string(reader, *module, "typeUnitsAnalyzed"),
        groups=_read_groups(reader, *module, "groups"),
        denominators=_read_denoms(reader, *module, "denoms"),
        measures=tuple(
            _read_measure(reader, *module, "measures", index)
            for index, _ in reader.items(*module, "measures")
        ),
        raw=raw,
    )


def _read_overview(reader: StudyReader) -> ResultsOverview:
    raw: dict[str, str] = {}
    description = _text(reader, raw, "primary_outcome_description", *_PRIMARY, "description")
    time_frame = _text(reader, raw, "primary_outcome_time_frame", *_PRIMARY, "timeFrame")
    # The rest of the outcome stays in extras, and a list merges back whole only from there:
    # these two are read but kept there too.
    reader.forget(_PRIMARY)
    date: Callable[[str], Any] = normalize_date
    return ResultsOverview(
        primary_outcome_description=description,
        primary_outcome_time_frame=time_frame,
        results_posted=read_normalized(reader, date, *_POSTED),
        raw=raw,
    )


def results_from_ctgov(reader: StudyReader) -> Results | None:
    """The study's results, or None when it has no ``resultsSection``."""
    if reader.get(_R) is None:
        return None
    return Results(
        overview=_read_overview(reader),
        participant_flow=_read_flow(reader),
        baseline=_read_baseline(reader),
    )
