"""Parquet output (the optional ``parquet`` extra, via pyarrow), nested fields kept.

One fixed schema for every batch, inferred once from a Trial with every field filled, so
that a batch where some field is always empty still writes the same columns. Page
spellings (``raw``), unmodelled API fields (``extras``) and unknown sections, whose keys
vary from page to page, are stored as JSON text columns.
"""

from __future__ import annotations

import json
from typing import Any

from ctgov_parse.model import (
    AdverseEvent,
    AdverseEventGroup,
    AdverseEvents,
    Age,
    AgeUnit,
    Arm,
    ArmIntervention,
    Baseline,
    BaselineMeasure,
    Contact,
    ContactRole,
    Criterion,
    Denominator,
    Design,
    Diagnostic,
    DropWithdraw,
    Eligibility,
    EventStat,
    FlowPeriod,
    GenericTable,
    GroupCount,
    Identifier,
    Intervention,
    Line,
    Location,
    MeasureCategory,
    MeasureClass,
    Measurement,
    Milestone,
    MoreInfo,
    OutcomeMeasure,
    PartialDate,
    ParticipantFlow,
    RelatedTrial,
    ResponsibleParty,
    ResultGroup,
    Results,
    ResultsOverview,
    Sponsor,
    StatisticalAnalysis,
    Trial,
)

_AS_JSON = ("raw", "extras", "extra_sections")


def _template() -> dict[str, Any]:
    from ctgov_parse.batch import PageSource
    from ctgov_parse.export import trial_to_dict

    date = PartialDate(year=2024, month=1, day=1)
    age = Age(value=1, unit=AgeUnit.YEARS)
    contact = Contact(name="x", role=ContactRole.CONTACT, phone="1", phone_ext="1", email="x")
    given = ArmIntervention(name="x", description="x")
    criterion = Criterion(text="x", marker="*", group="x")
    trial = Trial(
        nct_id="x", title="x", last_updated=date, enrollment=1, start_date=date,
        completion_date=date, brief_summary="x", detailed_description="x", conditions=("x",),
        keywords=("x",), countries=("x",),
        design=Design(intervention_model_description="x", masking_description="x"),
        arms=(Arm(label="x", description="x", interventions=(given,)),),
        interventions=(Intervention(name="x", description="x"),),
        eligibility=Eligibility(
            inclusion=(criterion,), exclusion=(criterion,), criteria_text="x", minimum_age=age,
            maximum_age=age, healthy_volunteers=True,
        ),
        sponsors=(Sponsor(name="x"),),
        responsible_party=ResponsibleParty(
            investigator_name="x", investigator_title="x", investigator_affiliation="x"
        ),
        locations=(Location(facility="x", city="x", state="x", country="x"),),
        central_contacts=(contact,), facility_contacts=(contact,),
        identifiers=(Identifier(id="x", type="x", source="x"),),
        related_trials=(RelatedTrial(title="x", nct_id="x"),),
        diagnostics=(
            Diagnostic(code="x", message="x", line=1, section="x", field="x", count=1),
        ),
        unparsed=(Line(number=1, text="x", section="x"),),
        results=_results_template(date),
    )  # fmt: skip
    record = {"source": PageSource(path="x", index=0, offset=0, line=1, key="x").to_dict()}
    return _flat(record | trial_to_dict(trial))


def _results_template(date: PartialDate) -> Results:
    count = GroupCount(group_id="x", value="1", comment="x")
    denominator = Denominator(units="x", counts=(count,))
    group = ResultGroup(id="x", title="x", description="x")
    measurement = Measurement(
        group_id="x", value="1", spread="1", lower_limit="1", upper_limit="1", comment="x"
    )
    event = AdverseEvent(
        term="x", organ_system="x", source_vocabulary="x", notes="x",
        stats=(EventStat(group_id="x", affected=1, at_risk=1, events=1),),
    )  # fmt: skip
    measure = BaselineMeasure(
        title="x",
        description="x",
        population_description="x",
        unit_of_measure="x",
        denominators=(denominator,),
        classes=(
            MeasureClass(
                title="x",
                denominators=(denominator,),
                categories=(MeasureCategory(title="x", measurements=(measurement,)),),
            ),
        ),
    )
    return Results(
        overview=ResultsOverview(
            primary_outcome_description="x", primary_outcome_time_frame="x", results_posted=date
        ),
        participant_flow=ParticipantFlow(
            recruitment_details="x", pre_assignment_details="x", type_units_analyzed="x",
            groups=(group,),
            periods=(
                FlowPeriod(
                    title="x",
                    milestones=(Milestone(type="x", comment="x", counts=(count,)),),
                    drop_withdraws=(DropWithdraw(type="x", comment="x", counts=(count,)),),
                ),
            ),
        ),
        baseline=Baseline(
            population_description="x", type_units_analyzed="x", groups=(group,),
            denominators=(denominator,), measures=(measure,),
        ),
        outcome_measures=(
            OutcomeMeasure(
                title="x", description="x", population_description="x",
                anticipated_posting_date="x", unit_of_measure="x", time_frame="x",
                type_units_analyzed="x", groups=(group,), denominators=(denominator,),
                classes=measure.classes,
                analyses=(
                    StatisticalAnalysis(
                        group_ids=("x",), group_description="x", tested_non_inferiority=True,
                        non_inferiority_comment="x", p_value="x", p_value_comment="x",
                        statistical_method="x", statistical_comment="x", param_type="x",
                        param_value="x", ci_percent="x", ci_lower_limit="x", ci_upper_limit="x",
                        ci_lower_limit_comment="x", ci_upper_limit_comment="x",
                        dispersion_value="x", estimate_comment="x", other_analysis_description="x",
                    ),
                ),
            ),
        ),
        adverse_events=AdverseEvents(
            frequency_threshold="x", time_frame="x", description="x",
            all_cause_mortality_comment="x",
            groups=(
                AdverseEventGroup(
                    id="x", title="x", description="x", deaths_affected=1, deaths_at_risk=1,
                    serious_affected=1, serious_at_risk=1, other_affected=1, other_at_risk=1,
                ),
            ),
            serious_events=(event,),
            other_events=(event,),
        ),
        more_info=MoreInfo(
            limitations_and_caveats="x", pi_sponsor_employee=True, restrictive_agreement=True,
            other_details="x", contact_title="x", contact_organization="x", contact_email="x",
            contact_phone="x", contact_phone_ext="x",
        ),
        tables=(GenericTable(caption="x", headers=("x",), rows=(("x",),), section="x"),),
    )  # fmt: skip


def _strip_raw(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _strip_raw(item) for key, item in value.items() if key != "raw"}
    if isinstance(value, list):
        return [_strip_raw(item) for item in value]
    return value


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """A record in the Parquet schema's shape (variable-key maps as JSON text)."""
    out = {key: _strip_raw(value) for key, value in record.items() if key not in _AS_JSON}
    for key in _AS_JSON:
        out[key] = json.dumps(record.get(key) or {}, ensure_ascii=False)
    return out


_SCHEMA: Any = None


def _no_null_types(kind: Any) -> Any:
    """Fields the template leaves empty (tokens) are inferred as null: make them strings."""
    import pyarrow as pa

    if pa.types.is_null(kind):
        return pa.string()
    if pa.types.is_struct(kind):
        return pa.struct([field.with_type(_no_null_types(field.type)) for field in kind])
    if pa.types.is_list(kind):
        return pa.list_(_no_null_types(kind.value_type))
    return kind


def schema() -> Any:
    global _SCHEMA
    if _SCHEMA is None:
        import pyarrow as pa

        inferred = pa.Table.from_pylist([_template()]).schema
        _SCHEMA = pa.schema([field.with_type(_no_null_types(field.type)) for field in inferred])
    return _SCHEMA


def write_batch(path: str, rows: list[dict[str, Any]], writer: Any) -> Any:
    """Append ``rows`` (records with their source) to the Parquet file; returns the writer."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([_flat(row) for row in rows], schema=schema())
    if writer is None:
        writer = pq.ParquetWriter(path, schema())
    writer.write_table(table)
    return writer


def write_empty(path: str) -> None:
    """A Parquet file with the schema and no rows (a run in which no page parsed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([], schema=schema()), path)
