"""Constructors for the records a parse makes: those it makes by the dozen (a line, a
criterion, a site, a table cell's count) and those made once a table or a page, whose many
keyword arguments cost the most. The same keyword arguments and defaults as the classes,
and the same records, made faster: a class's ``__init__`` is the interpreted code attrs
writes; these are compiled with the parser (mypyc calls them natively, and checks the
``str``, ``int``, ``tuple`` and ``dict`` arguments' types) and set the slots directly
(``wire.rebuild_record``), in about a third of the time. ``from_fields`` makes any record
from a mapping of its fields. ``tests/test_new.py`` holds each constructor's parameters
equal to its class's fields and the records they make equal, field by field, to the
class's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ctgov_parse.model.results import (
    AdverseEvent,
    AdverseEventGroup,
    AdverseEvents,
    AssessmentType,
    Baseline,
    BaselineMeasure,
    Denominator,
    DispersionType,
    DropWithdraw,
    EventStat,
    FlowPeriod,
    GenericTable,
    GroupCount,
    MeasureCategory,
    MeasureClass,
    Measurement,
    Milestone,
    MoreInfo,
    OutcomeMeasure,
    ParamType,
    ParticipantFlow,
    ResultGroup,
    Results,
    ResultsOverview,
    TableRendering,
)
from ctgov_parse.model.trial import (
    Arm,
    ArmIntervention,
    Contact,
    Criterion,
    Identifier,
    Intervention,
    Location,
    RelatedTrial,
    ResponsibleParty,
    Sponsor,
)
from ctgov_parse.model.values import (
    Age,
    AgencyClass,
    AgeUnit,
    ArmType,
    ContactRole,
    Diagnostic,
    FacilityContactRole,
    InterventionType,
    Level,
    Line,
    PageKind,
    PartialDate,
    RawMap,
    ResponsiblePartyType,
    SponsorRole,
    Status,
)
from ctgov_parse.model.wire import Record
from ctgov_parse.model.wire import rebuild_record as _fill

__all__ = [
    "adverse_event",
    "adverse_event_group",
    "adverse_events",
    "age",
    "arm",
    "arm_intervention",
    "baseline",
    "baseline_measure",
    "contact",
    "criterion",
    "denominator",
    "diagnostic",
    "drop_withdraw",
    "event_stat",
    "flow_period",
    "from_fields",
    "generic_table",
    "group_count",
    "identifier",
    "intervention",
    "line",
    "location",
    "measure_category",
    "measure_class",
    "measurement",
    "milestone",
    "partial_date",
    "participant_flow",
    "related_trial",
    "responsible_party",
    "result_group",
    "results",
    "sponsor",
]

_DEFAULTS: dict[type, tuple[tuple[str, Any, bool], ...]] = {}


def from_fields(cls: type[Record], fields: Mapping[str, Any]) -> Record:
    """A record of ``cls`` (a record made once a page, such as ``Trial``) from a mapping of
    field names to values, the others at their defaults: ``cls(**fields)``, faster."""
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        defaults = _DEFAULTS[cls] = tuple(
            (field.name, field.default.factory, True)
            if isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
            else (field.name, field.default, False)
            for field in attrs.fields(cls)  # type: ignore[arg-type]
        )
    values: list[Any] = []
    used = 0
    for name, default, factory in defaults:
        if name in fields:
            values.append(fields[name])
            used += 1
        elif factory:
            values.append(default())
        elif default is attrs.NOTHING:
            raise TypeError(f"{cls.__name__} needs {name}")
        else:
            values.append(default)
    if used != len(fields):
        unknown = sorted(set(fields) - {name for name, _, _ in defaults})
        raise TypeError(f"{cls.__name__} has no field {unknown[0]}")
    return _fill(cls, tuple(values))


def line(
    *, number: int, text: str, section: str | None = None, page: PageKind | None = None
) -> Line:
    return _fill(Line, (number, text, section, page))


def diagnostic(
    *,
    code: str,
    message: str,
    line: int | None = None,
    level: Level = Level.WARNING,
    section: str | None = None,
    field: str | None = None,
    page: PageKind | None = None,
    count: int | None = None,
) -> Diagnostic:
    return _fill(Diagnostic, (code, message, line, level, section, field, page, count))


def partial_date(
    *, year: int, month: int | None = None, day: int | None = None, raw: str = ""
) -> PartialDate:
    return _fill(PartialDate, (year, month, day, raw))


def age(*, value: int, unit: AgeUnit, raw: str = "") -> Age:
    return _fill(Age, (value, unit, raw))


def criterion(
    *,
    text: str,
    marker: str | None = None,
    depth: int = 0,
    group: str | None = None,
    raw: str = "",
    line: int | None = None,
) -> Criterion:
    return _fill(Criterion, (text, marker, depth, group, raw, line))


def location(
    *,
    facility: str | None = None,
    city: str | None = None,
    state: str | None = None,
    country: str | None = None,
    status: Status | None = None,
    raw: RawMap | None = None,
    line: int | None = None,
) -> Location:
    return _fill(
        Location, (facility, city, state, country, status, {} if raw is None else raw, line)
    )


def contact(
    *,
    name: str,
    role: ContactRole | FacilityContactRole | None = None,
    phone: str | None = None,
    phone_ext: str | None = None,
    email: str | None = None,
    raw: RawMap | None = None,
    line: int | None = None,
) -> Contact:
    return _fill(Contact, (name, role, phone, phone_ext, email, {} if raw is None else raw, line))


def sponsor(
    *,
    name: str,
    agency_class: AgencyClass | None = None,
    role: SponsorRole | None = None,
    raw: RawMap | None = None,
    line: int | None = None,
) -> Sponsor:
    return _fill(Sponsor, (name, agency_class, role, {} if raw is None else raw, line))


def arm(
    *,
    label: str,
    type: ArmType | None = None,
    description: str | None = None,
    interventions: tuple[ArmIntervention, ...] = (),
    raw: RawMap | None = None,
    line: int | None = None,
) -> Arm:
    return _fill(Arm, (label, type, description, interventions, {} if raw is None else raw, line))


def arm_intervention(
    *,
    name: str,
    type: InterventionType | None = None,
    description: str | None = None,
    raw: RawMap | None = None,
    line: int | None = None,
) -> ArmIntervention:
    return _fill(ArmIntervention, (name, type, description, {} if raw is None else raw, line))


def intervention(
    *,
    name: str,
    type: InterventionType | None = None,
    description: str | None = None,
    raw: RawMap | None = None,
    line: int | None = None,
) -> Intervention:
    return _fill(Intervention, (name, type, description, {} if raw is None else raw, line))


def identifier(
    *, id: str, type: str | None = None, source: str | None = None, line: int | None = None
) -> Identifier:
    return _fill(Identifier, (id, type, source, line))


def related_trial(
    *, title: str | None, nct_id: str | None, line: int | None = None
) -> RelatedTrial:
    return _fill(RelatedTrial, (title, nct_id, line))


def result_group(
    *,
    id: str,
    title: str,
    description: str | None = None,
    raw: RawMap | None = None,
    line: int | None = None,
) -> ResultGroup:
    return _fill(ResultGroup, (id, title, description, {} if raw is None else raw, line))


def group_count(
    *, group_id: str, value: str, comment: str | None = None, line: int | None = None
) -> GroupCount:
    return _fill(GroupCount, (group_id, value, comment, line))


def denominator(*, units: str, counts: tuple[GroupCount, ...] = ()) -> Denominator:
    return _fill(Denominator, (units, counts))


def measurement(
    *,
    group_id: str,
    value: str | None = None,
    spread: str | None = None,
    lower_limit: str | None = None,
    upper_limit: str | None = None,
    comment: str | None = None,
    line: int | None = None,
) -> Measurement:
    return _fill(Measurement, (group_id, value, spread, lower_limit, upper_limit, comment, line))


def measure_category(
    *, title: str | None = None, measurements: tuple[Measurement, ...] = (), line: int | None = None
) -> MeasureCategory:
    return _fill(MeasureCategory, (title, measurements, line))


def milestone(
    *,
    type: str,
    comment: str | None = None,
    counts: tuple[GroupCount, ...] = (),
    line: int | None = None,
) -> Milestone:
    return _fill(Milestone, (type, comment, counts, line))


def drop_withdraw(
    *,
    type: str,
    comment: str | None = None,
    counts: tuple[GroupCount, ...] = (),
    line: int | None = None,
) -> DropWithdraw:
    return _fill(DropWithdraw, (type, comment, counts, line))


def event_stat(
    *,
    group_id: str,
    affected: int | None = None,
    at_risk: int | None = None,
    events: int | None = None,
    line: int | None = None,
) -> EventStat:
    return _fill(EventStat, (group_id, affected, at_risk, events, line))


def adverse_event(
    *,
    term: str,
    organ_system: str | None = None,
    source_vocabulary: str | None = None,
    assessment_type: AssessmentType | None = None,
    notes: str | None = None,
    stats: tuple[EventStat, ...] = (),
    raw: RawMap | None = None,
    line: int | None = None,
) -> AdverseEvent:
    return _fill(
        AdverseEvent,
        (
            term,
            organ_system,
            source_vocabulary,
            assessment_type,
            notes,
            stats,
            {} if raw is None else raw,
            line,
        ),
    )


def responsible_party(
    *,
    type: ResponsiblePartyType | None = None,
    investigator_name: str | None = None,
    investigator_title: str | None = None,
    investigator_affiliation: str | None = None,
    raw: RawMap | None = None,
    line: int | None = None,
) -> ResponsibleParty:
    return _fill(
        ResponsibleParty,
        (
            type,
            investigator_name,
            investigator_title,
            investigator_affiliation,
            {} if raw is None else raw,
            line,
        ),
    )


def adverse_events(
    *,
    frequency_threshold: str | None = None,
    time_frame: str | None = None,
    description: str | None = None,
    all_cause_mortality_comment: str | None = None,
    groups: tuple[AdverseEventGroup, ...] = (),
    serious_events: tuple[AdverseEvent, ...] = (),
    other_events: tuple[AdverseEvent, ...] = (),
    raw: RawMap | None = None,
) -> AdverseEvents:
    return _fill(
        AdverseEvents,
        (
            frequency_threshold,
            time_frame,
            description,
            all_cause_mortality_comment,
            groups,
            serious_events,
            other_events,
            {} if raw is None else raw,
        ),
    )


def adverse_event_group(
    *,
    id: str,
    title: str,
    description: str | None = None,
    deaths_affected: int | None = None,
    deaths_at_risk: int | None = None,
    serious_affected: int | None = None,
    serious_at_risk: int | None = None,
    other_affected: int | None = None,
    other_at_risk: int | None = None,
    raw: RawMap | None = None,
    line: int | None = None,
) -> AdverseEventGroup:
    return _fill(
        AdverseEventGroup,
        (
            id,
            title,
            description,
            deaths_affected,
            deaths_at_risk,
            serious_affected,
            serious_at_risk,
            other_affected,
            other_at_risk,
            {} if raw is None else raw,
            line,
        ),
    )


def baseline(
    *,
    population_description: str | None = None,
    type_units_analyzed: str | None = None,
    groups: tuple[ResultGroup, ...] = (),
    denominators: tuple[Denominator, ...] = (),
    measures: tuple[BaselineMeasure, ...] = (),
    raw: RawMap | None = None,
) -> Baseline:
    return _fill(
        Baseline,
        (
            population_description,
            type_units_analyzed,
            groups,
            denominators,
            measures,
            {} if raw is None else raw,
        ),
    )


def baseline_measure(
    *,
    title: str,
    description: str | None = None,
    population_description: str | None = None,
    param_type: ParamType | None = None,
    dispersion_type: DispersionType | None = None,
    unit_of_measure: str | None = None,
    denominators: tuple[Denominator, ...] = (),
    classes: tuple[MeasureClass, ...] = (),
    raw: RawMap | None = None,
    line: int | None = None,
) -> BaselineMeasure:
    return _fill(
        BaselineMeasure,
        (
            title,
            description,
            population_description,
            param_type,
            dispersion_type,
            unit_of_measure,
            denominators,
            classes,
            {} if raw is None else raw,
            line,
        ),
    )


def measure_class(
    *,
    title: str | None = None,
    denominators: tuple[Denominator, ...] = (),
    categories: tuple[MeasureCategory, ...] = (),
) -> MeasureClass:
    return _fill(MeasureClass, (title, denominators, categories))


def results(
    *,
    overview: ResultsOverview | None = None,
    participant_flow: ParticipantFlow | None = None,
    baseline: Baseline | None = None,
    outcome_measures: tuple[OutcomeMeasure, ...] = (),
    adverse_events: AdverseEvents | None = None,
    more_info: MoreInfo | None = None,
    tables: tuple[GenericTable, ...] = (),
    table_rendering: TableRendering | None = None,
) -> Results:
    return _fill(
        Results,
        (
            overview,
            participant_flow,
            baseline,
            outcome_measures,
            adverse_events,
            more_info,
            tables,
            table_rendering,
        ),
    )


def generic_table(
    *,
    caption: str | None,
    headers: tuple[str, ...] = (),
    rows: tuple[tuple[str, ...], ...] = (),
    section: str | None = None,
    line: int | None = None,
) -> GenericTable:
    return _fill(GenericTable, (caption, headers, rows, section, line))


def flow_period(
    *,
    title: str,
    milestones: tuple[Milestone, ...] = (),
    drop_withdraws: tuple[DropWithdraw, ...] = (),
    line: int | None = None,
) -> FlowPeriod:
    return _fill(FlowPeriod, (title, milestones, drop_withdraws, line))


def participant_flow(
    *,
    recruitment_details: str | None = None,
    pre_assignment_details: str | None = None,
    type_units_analyzed: str | None = None,
    groups: tuple[ResultGroup, ...] = (),
    periods: tuple[FlowPeriod, ...] = (),
    raw: RawMap | None = None,
) -> ParticipantFlow:
    return _fill(
        ParticipantFlow,
        (
            recruitment_details,
            pre_assignment_details,
            type_units_analyzed,
            groups,
            periods,
            {} if raw is None else raw,
        ),
    )
