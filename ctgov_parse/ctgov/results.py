"""The results records and the API v2 ``resultsSection``, both ways.

The registry writes every value as a string (``"60.8"``, ``"142"``) and the records keep the
page text, so values pass through unchanged. Texts that the page shows in the registry's
markdown are written with their page spelling. The results overview maps to protocol
fields: the first primary outcome's description and time frame, and the date the results
were first posted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ctgov_parse.ctgov.fields import API_FIELDS, read_api_fields
from ctgov_parse.ctgov.reader import StudyReader, read_line, read_text
from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import (
    AdverseEvent,
    AdverseEventGroup,
    AdverseEvents,
    AnalysisDispersionType,
    AssessmentType,
    Baseline,
    BaselineMeasure,
    ConfidenceSides,
    Denominator,
    DispersionType,
    DropWithdraw,
    EventStat,
    FlowPeriod,
    GroupCount,
    MeasureCategory,
    MeasureClass,
    Measurement,
    Milestone,
    MoreInfo,
    NonInferiorityType,
    OutcomeMeasure,
    OutcomeType,
    ParamType,
    ParticipantFlow,
    ReportingStatus,
    RestrictionType,
    ResultGroup,
    Results,
    ResultsOverview,
    StatisticalAnalysis,
    Trial,
)
from ctgov_parse.normalize import normalize_token
from ctgov_parse.results.grammar import ADVERSE_LABELS, ANALYSIS_LABELS, MORE_INFO_LABELS

__all__ = ["overview_to_ctgov", "results_from_ctgov", "results_to_ctgov"]

FLOW = "participantFlowModule"
BASELINE = "baselineCharacteristicsModule"
_R = "resultsSection"
_PRIMARY = ("protocolSection", "outcomesModule", "primaryOutcomes", 0)

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
    (f"{_PERIOD}.milestones[].comment", "periods[].milestones[].comment",
     "'Comment:' under the milestone (ours)"),
    (f"{_PERIOD}.milestones[].achievements[].groupId", "milestones[].counts[].group_id", ""),
    (f"{_PERIOD}.milestones[].achievements[].numSubjects", "milestones[].counts[].value", ""),
    (f"{_PERIOD}.milestones[].achievements[].comment", "milestones[].counts[].comment",
     "in parentheses after the count (ours)"),
    (f"{_PERIOD}.dropWithdraws[].type", "periods[].drop_withdraws[].type", ""),
    (f"{_PERIOD}.dropWithdraws[].comment", "periods[].drop_withdraws[].comment",
     "'Comment:' under the reason (ours)"),
    (f"{_PERIOD}.dropWithdraws[].reasons[].groupId", "drop_withdraws[].counts[].group_id", ""),
    (f"{_PERIOD}.dropWithdraws[].reasons[].numSubjects", "drop_withdraws[].counts[].value", ""),
    (f"{_PERIOD}.dropWithdraws[].reasons[].comment", "drop_withdraws[].counts[].comment",
     "in parentheses after the count (ours)"),
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
OUTCOMES = "outcomeMeasuresModule"
ADVERSE = "adverseEventsModule"
MORE_INFO = "moreInfoModule"


def _on_page(labels: Mapping[str, str], field: str) -> str:
    """How the page shows a field, for the mapping's notes: its label, quoted."""
    return f"'{labels[field].rstrip()}'"


_OM = f"{OUTCOMES}.outcomeMeasures[]"
_SA = f"{_OM}.analyses[]"
_OM_VALUE = f"{_OM}.classes[].categories[].measurements[]"
_AE_EVENT = f"{ADVERSE}.seriousEvents[] and otherEvents[]"
MAPPING += (
    (f"{_OM}.type", "outcome_measures[].type", "'Outcome Type:'"),
    (f"{_OM}.title", "outcome_measures[].title", "the line above 'Outcome Type:'"),
    (f"{_OM}.description", "outcome_measures[].description", "'Description:'"),
    (f"{_OM}.populationDescription", "outcome_measures[].population_description",
     "'Analysis Population Description:'"),
    (f"{_OM}.reportingStatus", "outcome_measures[].reporting_status", "'Reporting Status:'"),
    (f"{_OM}.anticipatedPostingDate", "outcome_measures[].anticipated_posting_date",
     "'Anticipated Posting Date:'"),
    (f"{_OM}.paramType", "outcome_measures[].param_type", "the table's kind line"),
    (f"{_OM}.dispersionType", "outcome_measures[].dispersion_type", "the table's kind line"),
    (f"{_OM}.unitOfMeasure", "outcome_measures[].unit_of_measure", "the table's kind line"),
    (f"{_OM}.timeFrame", "outcome_measures[].time_frame", "'Time Frame:'"),
    (f"{_OM}.typeUnitsAnalyzed", "outcome_measures[].type_units_analyzed", "'Units Analyzed:'"),
    (f"{_OM}.groups[].id", "outcome_measures[].groups[].id", "OG000... by column order"),
    (f"{_OM}.groups[].title", "outcome_measures[].groups[].title", ""),
    (f"{_OM}.groups[].description", "outcome_measures[].groups[].description", ""),
    (f"{_OM}.denoms[].units", "outcome_measures[].denominators[].units", "the header's n= lines"),
    (f"{_OM}.denoms[].counts[].groupId", "outcome_measures[].denominators[].counts[].group_id", ""),
    (f"{_OM}.denoms[].counts[].value", "outcome_measures[].denominators[].counts[].value", ""),
    (f"{_OM}.classes[].title", "outcome_measures[].classes[].title", "a row label ending in ':'"),
    (f"{_OM}.classes[].denoms[]", "outcome_measures[].classes[].denominators[]", "' • n='"),
    (f"{_OM}.classes[].categories[].title", "classes[].categories[].title", "a row label"),
    (f"{_OM_VALUE}.groupId", "categories[].measurements[].group_id", "the cell's column"),
    (f"{_OM_VALUE}.value", "categories[].measurements[].value", ""),
    (f"{_OM_VALUE}.spread", "categories[].measurements[].spread", ""),
    (f"{_OM_VALUE}.lowerLimit", "categories[].measurements[].lower_limit", ""),
    (f"{_OM_VALUE}.upperLimit", "categories[].measurements[].upper_limit", ""),
    (f"{_OM_VALUE}.comment", "categories[].measurements[].comment", "in parentheses"),
    (f"{_SA}.groupIds[]", "analyses[].group_ids[]",
     _on_page(ANALYSIS_LABELS, "group_ids") + " (ids)"),
    (f"{_SA}.groupDescription", "analyses[].group_description",
     _on_page(ANALYSIS_LABELS, "group_description")),
    (f"{_SA}.testedNonInferiority", "analyses[].tested_non_inferiority",
     _on_page(ANALYSIS_LABELS, "tested_non_inferiority")),
    (f"{_SA}.nonInferiorityType", "analyses[].non_inferiority_type",
     _on_page(ANALYSIS_LABELS, "non_inferiority_type")),
    (f"{_SA}.nonInferiorityComment", "analyses[].non_inferiority_comment",
     _on_page(ANALYSIS_LABELS, "non_inferiority_comment")),
    (f"{_SA}.pValue", "analyses[].p_value", _on_page(ANALYSIS_LABELS, "p_value")),
    (f"{_SA}.pValueComment", "analyses[].p_value_comment",
     _on_page(ANALYSIS_LABELS, "p_value_comment")),
    (f"{_SA}.statisticalMethod", "analyses[].statistical_method",
     _on_page(ANALYSIS_LABELS, "statistical_method")),
    (f"{_SA}.statisticalComment", "analyses[].statistical_comment",
     _on_page(ANALYSIS_LABELS, "statistical_comment")),
    (f"{_SA}.paramType", "analyses[].param_type", _on_page(ANALYSIS_LABELS, "param_type")),
    (f"{_SA}.paramValue", "analyses[].param_value", _on_page(ANALYSIS_LABELS, "param_value")),
    (f"{_SA}.ciPctValue", "analyses[].ci_percent", _on_page(ANALYSIS_LABELS, "ci_percent")),
    (f"{_SA}.ciNumSides", "analyses[].ci_sides", _on_page(ANALYSIS_LABELS, "ci_sides")),
    (f"{_SA}.ciLowerLimit", "analyses[].ci_lower_limit",
     _on_page(ANALYSIS_LABELS, "ci_lower_limit")),
    (f"{_SA}.ciUpperLimit", "analyses[].ci_upper_limit",
     _on_page(ANALYSIS_LABELS, "ci_upper_limit")),
    (f"{_SA}.ciLowerLimitComment", "analyses[].ci_lower_limit_comment",
     _on_page(ANALYSIS_LABELS, "ci_lower_limit_comment")),
    (f"{_SA}.ciUpperLimitComment", "analyses[].ci_upper_limit_comment",
     _on_page(ANALYSIS_LABELS, "ci_upper_limit_comment")),
    (f"{_SA}.dispersionType", "analyses[].dispersion_type",
     _on_page(ANALYSIS_LABELS, "dispersion_type")),
    (f"{_SA}.dispersionValue", "analyses[].dispersion_value",
     _on_page(ANALYSIS_LABELS, "dispersion_value")),
    (f"{_SA}.estimateComment", "analyses[].estimate_comment",
     _on_page(ANALYSIS_LABELS, "estimate_comment")),
    (f"{_SA}.otherAnalysisDescription", "analyses[].other_analysis_description",
     _on_page(ANALYSIS_LABELS, "other_analysis_description")),
    (f"{ADVERSE}.frequencyThreshold", "adverse_events.frequency_threshold",
     _on_page(ADVERSE_LABELS, "frequency_threshold")),
    (f"{ADVERSE}.timeFrame", "adverse_events.time_frame", _on_page(ADVERSE_LABELS, "time_frame")),
    (f"{ADVERSE}.description", "adverse_events.description",
     _on_page(ADVERSE_LABELS, "description")),
    (f"{ADVERSE}.allCauseMortalityComment", "adverse_events.all_cause_mortality_comment",
     _on_page(ADVERSE_LABELS, "all_cause_mortality_comment")),
    (f"{ADVERSE}.eventGroups[].id", "adverse_events.groups[].id", "EG000... by column order"),
    (f"{ADVERSE}.eventGroups[].title", "adverse_events.groups[].title", ""),
    (f"{ADVERSE}.eventGroups[].description", "adverse_events.groups[].description", ""),
    (f"{ADVERSE}.eventGroups[].deathsNumAffected", "groups[].deaths_affected",
     "'All-Cause Mortality' row"),
    (f"{ADVERSE}.eventGroups[].deathsNumAtRisk", "groups[].deaths_at_risk", ""),
    (f"{ADVERSE}.eventGroups[].seriousNumAffected", "groups[].serious_affected",
     "'Total Serious Adverse Events' row"),
    (f"{ADVERSE}.eventGroups[].seriousNumAtRisk", "groups[].serious_at_risk", ""),
    (f"{ADVERSE}.eventGroups[].otherNumAffected", "groups[].other_affected",
     "'Total Other Adverse Events' row"),
    (f"{ADVERSE}.eventGroups[].otherNumAtRisk", "groups[].other_at_risk", ""),
    (f"{_AE_EVENT}.term", "serious_events[] / other_events[] .term", "the row's second label"),
    (f"{_AE_EVENT}.organSystem", ".organ_system", "the row's first label"),
    (f"{_AE_EVENT}.sourceVocabulary", ".source_vocabulary", "the kind line, after ' ·'"),
    (f"{_AE_EVENT}.assessmentType", ".assessment_type", "the kind line, before ' ·'"),
    (f"{_AE_EVENT}.notes", ".notes", "'Notes:'"),
    (f"{_AE_EVENT}.stats[].groupId", ".stats[].group_id", "the cell's column"),
    (f"{_AE_EVENT}.stats[].numAffected", ".stats[].affected", "'affected / at risk (events)'"),
    (f"{_AE_EVENT}.stats[].numAtRisk", ".stats[].at_risk", ""),
    (f"{_AE_EVENT}.stats[].numEvents", ".stats[].events", ""),
    (f"{MORE_INFO}.limitationsAndCaveats.description", "more_info.limitations_and_caveats",
     _on_page(MORE_INFO_LABELS, "limitations_and_caveats")),
    (f"{MORE_INFO}.certainAgreement.piSponsorEmployee", "more_info.pi_sponsor_employee",
     _on_page(MORE_INFO_LABELS, "pi_sponsor_employee")),
    (f"{MORE_INFO}.certainAgreement.restrictiveAgreement", "more_info.restrictive_agreement",
     _on_page(MORE_INFO_LABELS, "restrictive_agreement")),
    (f"{MORE_INFO}.certainAgreement.restrictionType", "more_info.restriction_type",
     _on_page(MORE_INFO_LABELS, "restriction_type")),
    (f"{MORE_INFO}.certainAgreement.otherDetails", "more_info.other_details",
     _on_page(MORE_INFO_LABELS, "other_details")),
    (f"{MORE_INFO}.pointOfContact.title", "more_info.contact_title",
     _on_page(MORE_INFO_LABELS, "contact_title")),
    (f"{MORE_INFO}.pointOfContact.organization", "more_info.contact_organization",
     _on_page(MORE_INFO_LABELS, "contact_organization")),
    (f"{MORE_INFO}.pointOfContact.email", "more_info.contact_email",
     _on_page(MORE_INFO_LABELS, "contact_email")),
    (f"{MORE_INFO}.pointOfContact.phone", "more_info.contact_phone",
     _on_page(MORE_INFO_LABELS, "contact_phone")),
    (f"{MORE_INFO}.pointOfContact.phoneExt", "more_info.contact_phone_ext", "after ' ext '"),
)  # fmt: skip
_OUTCOME = "protocolSection.outcomesModule.primaryOutcomes[0]"
# Results overview -> protocol paths (outside resultsSection).
OVERVIEW_MAPPING: tuple[tuple[str, str, str], ...] = (
    (f"{_OUTCOME}.description", "overview.primary_outcome_description", "first paragraph"),
    (f"{_OUTCOME}.timeFrame", "overview.primary_outcome_time_frame", "'Primary outcome timeframe'"),
    *(
        (f"protocolSection.{field.api}", f"overview.{field.name}", f"{field.label!r}")
        for field in API_FIELDS
        if field.record == "results.overview"
    ),
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
    """A token as the registry spells it: the page spelling where one was kept."""
    if field in record.raw:
        return record.raw[field]  # type: ignore[no-any-return]
    value = getattr(record, field)
    return None if value is None else str(value.value)


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


def _classes(classes: Sequence[MeasureClass]) -> list[dict[str, Any]]:
    return _measure(BaselineMeasure(title="", classes=tuple(classes)))["classes"]  # type: ignore[no-any-return]


def _analysis(analysis: StatisticalAnalysis) -> dict[str, Any]:
    return {
        "groupIds": list(analysis.group_ids),
        "groupDescription": _page(analysis, "group_description"),
        "testedNonInferiority": analysis.tested_non_inferiority,
        "nonInferiorityType": _token(analysis, "non_inferiority_type"),
        "nonInferiorityComment": _page(analysis, "non_inferiority_comment"),
        "pValue": _page(analysis, "p_value"),
        "pValueComment": _page(analysis, "p_value_comment"),
        "statisticalMethod": _page(analysis, "statistical_method"),
        "statisticalComment": _page(analysis, "statistical_comment"),
        "paramType": _page(analysis, "param_type"),
        "paramValue": _page(analysis, "param_value"),
        "ciPctValue": _page(analysis, "ci_percent"),
        "ciNumSides": _token(analysis, "ci_sides"),
        "ciLowerLimit": _page(analysis, "ci_lower_limit"),
        "ciUpperLimit": _page(analysis, "ci_upper_limit"),
        "ciLowerLimitComment": _page(analysis, "ci_lower_limit_comment"),
        "ciUpperLimitComment": _page(analysis, "ci_upper_limit_comment"),
        "dispersionType": _token(analysis, "dispersion_type"),
        "dispersionValue": _page(analysis, "dispersion_value"),
        "estimateComment": _page(analysis, "estimate_comment"),
        "otherAnalysisDescription": _page(analysis, "other_analysis_description"),
    }


def _outcome(outcome: OutcomeMeasure) -> dict[str, Any]:
    return {
        "type": _token(outcome, "type"),
        "title": _page(outcome, "title"),
        "description": _page(outcome, "description"),
        "populationDescription": _page(outcome, "population_description"),
        "reportingStatus": _token(outcome, "reporting_status"),
        "anticipatedPostingDate": _page(outcome, "anticipated_posting_date"),
        "paramType": _token(outcome, "param_type"),
        "dispersionType": _token(outcome, "dispersion_type"),
        "unitOfMeasure": outcome.unit_of_measure,
        "timeFrame": _page(outcome, "time_frame"),
        "typeUnitsAnalyzed": _page(outcome, "type_units_analyzed"),
        "groups": _groups(outcome.groups),
        "denoms": _denoms(outcome.denominators),
        "classes": _classes(outcome.classes),
        "analyses": [_analysis(analysis) for analysis in outcome.analyses],
    }


def _event(event: AdverseEvent) -> dict[str, Any]:
    return {
        "term": _page(event, "term"),
        "organSystem": event.organ_system,
        "sourceVocabulary": event.source_vocabulary,
        "assessmentType": _token(event, "assessment_type"),
        "notes": event.notes,
        "stats": [
            {
                "groupId": stat.group_id,
                "numEvents": stat.events,
                "numAffected": stat.affected,
                "numAtRisk": stat.at_risk,
            }
            for stat in event.stats
        ],
    }


def _adverse(adverse: AdverseEvents) -> dict[str, Any]:
    return {
        "frequencyThreshold": _page(adverse, "frequency_threshold"),
        "timeFrame": _page(adverse, "time_frame"),
        "description": _page(adverse, "description"),
        "allCauseMortalityComment": _page(adverse, "all_cause_mortality_comment"),
        "eventGroups": [
            {
                "id": group.id,
                "title": _page(group, "title"),
                "description": _page(group, "description"),
                "deathsNumAffected": group.deaths_affected,
                "deathsNumAtRisk": group.deaths_at_risk,
                "seriousNumAffected": group.serious_affected,
                "seriousNumAtRisk": group.serious_at_risk,
                "otherNumAffected": group.other_affected,
                "otherNumAtRisk": group.other_at_risk,
            }
            for group in adverse.groups
        ],
        "seriousEvents": [_event(event) for event in adverse.serious_events],
        "otherEvents": [_event(event) for event in adverse.other_events],
    }


def _more_info(info: MoreInfo) -> dict[str, Any]:
    restriction = _token(info, "restriction_type")
    return {
        "limitationsAndCaveats": {"description": _page(info, "limitations_and_caveats")},
        "certainAgreement": {
            "piSponsorEmployee": info.pi_sponsor_employee,
            "restrictionType": restriction,
            "restrictiveAgreement": info.restrictive_agreement,
            "otherDetails": _page(info, "other_details"),
        },
        "pointOfContact": {
            "title": _page(info, "contact_title"),
            "organization": _page(info, "contact_organization"),
            "email": _page(info, "contact_email"),
            "phone": _page(info, "contact_phone"),
            "phoneExt": info.contact_phone_ext,
        },
    }


def results_to_ctgov(results: Results) -> dict[str, Any]:
    """``resultsSection`` (unpruned: empty values are left to the caller to drop)."""
    section: dict[str, Any] = {}
    if results.participant_flow is not None:
        section[FLOW] = _flow(results.participant_flow)
    if results.baseline is not None:
        section[BASELINE] = _baseline(results.baseline)
    if results.outcome_measures:
        section[OUTCOMES] = {
            "outcomeMeasures": [_outcome(outcome) for outcome in results.outcome_measures]
        }
    if results.adverse_events is not None:
        section[ADVERSE] = _adverse(results.adverse_events)
    if results.more_info is not None:
        section[MORE_INFO] = _more_info(results.more_info)
    return section


def overview_to_ctgov(trial: Trial) -> dict[str, Any]:
    """The overview's first primary outcome (outcomesModule); its declared fields (the
    posting date) are written from their declarations."""
    overview = trial.results.overview if trial.results is not None else None
    if overview is None:
        return {}
    outcome = {
        "description": _page(overview, "primary_outcome_description"),
        "timeFrame": _page(overview, "primary_outcome_time_frame"),
    }
    return {"primaryOutcomes": [outcome]}


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


def _read_classes(reader: StudyReader, *path: Any) -> tuple[MeasureClass, ...]:
    return _read_measure(reader, *path).classes


def _string_or_number(reader: StudyReader, *path: Any) -> str | None:
    value = reader.get(*path)
    return value if isinstance(value, str) else None


_ANALYSIS_TEXTS = {
    "group_description": "groupDescription",
    "non_inferiority_comment": "nonInferiorityComment",
    "p_value": "pValue",
    "p_value_comment": "pValueComment",
    "statistical_method": "statisticalMethod",
    "statistical_comment": "statisticalComment",
    "param_type": "paramType",
    "param_value": "paramValue",
    "ci_percent": "ciPctValue",
    "ci_lower_limit": "ciLowerLimit",
    "ci_upper_limit": "ciUpperLimit",
    "ci_lower_limit_comment": "ciLowerLimitComment",
    "ci_upper_limit_comment": "ciUpperLimitComment",
    "dispersion_value": "dispersionValue",
    "estimate_comment": "estimateComment",
    "other_analysis_description": "otherAnalysisDescription",
}


def _read_analysis(reader: StudyReader, *path: Any) -> StatisticalAnalysis:
    raw: dict[str, str] = {}
    tested = reader.get(*path, "testedNonInferiority")
    texts: dict[str, Any] = {
        field: _text(reader, raw, field, *path, key) for field, key in _ANALYSIS_TEXTS.items()
    }
    return StatisticalAnalysis(
        group_ids=tuple(
            value
            for index, _ in reader.items(*path, "groupIds")
            if isinstance(value := reader.get(*path, "groupIds", index), str)
        ),
        tested_non_inferiority=tested if isinstance(tested, bool) else None,
        non_inferiority_type=reader.token(NonInferiorityType, *path, "nonInferiorityType"),
        ci_sides=reader.token(ConfidenceSides, *path, "ciNumSides"),
        dispersion_type=reader.token(AnalysisDispersionType, *path, "dispersionType"),
        **texts,
        raw=raw,
    )


def _spelled(
    reader: StudyReader, raw: dict[str, str], field: str, kind: type[Any], *path: Any
) -> Any:
    """A token the registry may spell in plain English; the spelling is kept in ``raw``."""
    text = reader.get(*path)
    if not isinstance(text, str):
        return None
    try:
        value = normalize_token(kind, text)
    except NormalizeError:
        reader.used.discard(path)  # unknown: it stays in extras
        return None
    if text != value.value:
        raw[field] = text
    return value


def _read_outcome(reader: StudyReader, *path: Any) -> OutcomeMeasure:
    raw: dict[str, str] = {}
    return OutcomeMeasure(
        type=reader.token(OutcomeType, *path, "type"),
        title=read_line(raw, "title", reader.get(*path, "title")),
        description=_text(reader, raw, "description", *path, "description"),
        population_description=_text(
            reader, raw, "population_description", *path, "populationDescription"
        ),
        reporting_status=reader.token(ReportingStatus, *path, "reportingStatus"),
        anticipated_posting_date=_string(reader, *path, "anticipatedPostingDate"),
        param_type=reader.token(ParamType, *path, "paramType"),
        dispersion_type=_spelled(
            reader, raw, "dispersion_type", DispersionType, *path, "dispersionType"
        ),
        unit_of_measure=_string(reader, *path, "unitOfMeasure"),
        time_frame=_text(reader, raw, "time_frame", *path, "timeFrame"),
        type_units_analyzed=_string(reader, *path, "typeUnitsAnalyzed"),
        groups=_read_groups(reader, *path, "groups"),
        denominators=_read_denoms(reader, *path, "denoms"),
        classes=_read_classes(reader, *path),
        analyses=tuple(
            _read_analysis(reader, *path, "analyses", index)
            for index, _ in reader.items(*path, "analyses")
        ),
        raw=raw,
    )


def _integer(reader: StudyReader, *path: Any) -> int | None:
    value = reader.get(*path)
    if isinstance(value, bool) or not isinstance(value, int):
        reader.used.discard(path)  # not a count: it stays in extras
        return None
    return value


def _read_events(reader: StudyReader, *path: Any) -> tuple[AdverseEvent, ...]:
    events = []
    for index, _ in reader.items(*path):
        event = (*path, index)
        raw: dict[str, str] = {}
        events.append(
            AdverseEvent(
                term=read_line(raw, "term", reader.get(*event, "term")),
                organ_system=_string(reader, *event, "organSystem"),
                source_vocabulary=_string(reader, *event, "sourceVocabulary"),
                assessment_type=reader.token(AssessmentType, *event, "assessmentType"),
                notes=_string(reader, *event, "notes"),
                stats=tuple(
                    EventStat(
                        group_id=_string(reader, *event, "stats", s, "groupId") or "",
                        affected=_integer(reader, *event, "stats", s, "numAffected"),
                        at_risk=_integer(reader, *event, "stats", s, "numAtRisk"),
                        events=_integer(reader, *event, "stats", s, "numEvents"),
                    )
                    for s, _ in reader.items(*event, "stats")
                ),
                raw=raw,
            )
        )
    return tuple(events)


def _read_adverse(reader: StudyReader) -> AdverseEvents | None:
    module = (_R, ADVERSE)
    if reader.get(*module) is None:
        return None
    raw: dict[str, str] = {}
    groups = []
    for index, _ in reader.items(*module, "eventGroups"):
        group = (*module, "eventGroups", index)
        group_raw: dict[str, str] = {}
        groups.append(
            AdverseEventGroup(
                id=_string(reader, *group, "id") or "",
                title=read_line(group_raw, "title", reader.get(*group, "title")),
                description=_text(reader, group_raw, "description", *group, "description"),
                deaths_affected=_integer(reader, *group, "deathsNumAffected"),
                deaths_at_risk=_integer(reader, *group, "deathsNumAtRisk"),
                serious_affected=_integer(reader, *group, "seriousNumAffected"),
                serious_at_risk=_integer(reader, *group, "seriousNumAtRisk"),
                other_affected=_integer(reader, *group, "otherNumAffected"),
                other_at_risk=_integer(reader, *group, "otherNumAtRisk"),
                raw=group_raw,
            )
        )
    return AdverseEvents(
        frequency_threshold=_string(reader, *module, "frequencyThreshold"),
        time_frame=_text(reader, raw, "time_frame", *module, "timeFrame"),
        description=_text(reader, raw, "description", *module, "description"),
        all_cause_mortality_comment=_text(
            reader, raw, "all_cause_mortality_comment", *module, "allCauseMortalityComment"
        ),
        groups=tuple(groups),
        serious_events=_read_events(reader, *module, "seriousEvents"),
        other_events=_read_events(reader, *module, "otherEvents"),
        raw=raw,
    )


def _read_more_info(reader: StudyReader) -> MoreInfo | None:
    module = (_R, MORE_INFO)
    if reader.get(*module) is None:
        return None
    raw: dict[str, str] = {}
    agreement = (*module, "certainAgreement")
    contact = (*module, "pointOfContact")

    def boolean(*path: Any) -> bool | None:
        value = reader.get(*path)
        return value if isinstance(value, bool) else None

    return MoreInfo(
        limitations_and_caveats=_text(
            reader, raw, "limitations_and_caveats", *module, "limitationsAndCaveats", "description"
        ),
        pi_sponsor_employee=boolean(*agreement, "piSponsorEmployee"),
        restrictive_agreement=boolean(*agreement, "restrictiveAgreement"),
        restriction_type=reader.token(RestrictionType, *agreement, "restrictionType"),
        other_details=_text(reader, raw, "other_details", *agreement, "otherDetails"),
        contact_title=_text(reader, raw, "contact_title", *contact, "title"),
        contact_organization=_text(reader, raw, "contact_organization", *contact, "organization"),
        contact_email=_text(reader, raw, "contact_email", *contact, "email"),
        contact_phone=_text(reader, raw, "contact_phone", *contact, "phone"),
        contact_phone_ext=_string(reader, *contact, "phoneExt"),
        raw=raw,
    )


# The overview's own declared fields with an API v2 place (the posting date).
_OVERVIEW_FIELDS = tuple(field for field in API_FIELDS if field.record == "results.overview")


def _read_overview(reader: StudyReader) -> ResultsOverview:
    raw: dict[str, str] = {}
    description = _text(reader, raw, "primary_outcome_description", *_PRIMARY, "description")
    time_frame = _text(reader, raw, "primary_outcome_time_frame", *_PRIMARY, "timeFrame")
    # The rest of the outcome stays in extras, and a list merges back whole only from there:
    # these two are read but kept there too.
    reader.forget(_PRIMARY)
    return ResultsOverview(
        primary_outcome_description=description,
        primary_outcome_time_frame=time_frame,
        **read_api_fields(reader, _OVERVIEW_FIELDS),
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
        outcome_measures=tuple(
            _read_outcome(reader, _R, OUTCOMES, "outcomeMeasures", index)
            for index, _ in reader.items(_R, OUTCOMES, "outcomeMeasures")
        ),
        adverse_events=_read_adverse(reader),
        more_info=_read_more_info(reader),
    )
