"""Exporters: a Trial as plain data, JSON and JSON Lines.

``to_dict`` walks the attrs records once (``ctgov_parse.model.plain``): enums become their
tokens, dates ISO strings of their precision, ages ``{"value", "unit"}``; line numbers are
left out, and a record's ``raw`` spellings appear (under ``"raw"``) only where they differ
from the normalized value.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import IO, Any

from ctgov_parse.jsontext import dumps
from ctgov_parse.model import Age, PartialDate, Trial
from ctgov_parse.model.plain import to_plain

__all__ = ["CSV_COLUMNS", "csv_row", "to_dict", "to_json", "to_jsonl", "trial_to_dict"]


def trial_to_dict(trial: Trial) -> dict[str, Any]:
    """The Trial as JSON-ready data (see ``ctgov_parse.model.plain`` for the conventions)."""
    return to_plain(trial)  # type: ignore[no-any-return]


to_dict = trial_to_dict


def to_json(trial: Trial, *, indent: int | None = 2) -> str:
    """The Trial as a JSON document (UTF-8 text, non-ASCII kept as is), indented by
    ``indent`` spaces (2: orjson's fast indented encoder), or compact with ``None``."""
    return dumps(trial_to_dict(trial), indent=indent)


def to_jsonl(trials: Iterable[Trial], stream: IO[str]) -> int:
    """Write one compact JSON object per line (``{"a":1}``); returns the number written."""
    count = 0
    for trial in trials:
        stream.write(dumps(trial_to_dict(trial)))
        stream.write("\n")
        count += 1
    return count


# One row per trial for spreadsheets: the main scalar fields, lists joined with "|".
CSV_COLUMNS: tuple[str, ...] = (
    "nct_id",
    "title",
    "status",
    "phases",
    "study_type",
    "enrollment",
    "start_date",
    "completion_date",
    "last_updated",
    "results_status",
    "minimum_age",
    "maximum_age",
    "sex",
    "healthy_volunteers",
    "lead_sponsor",
    "lead_sponsor_class",
    "conditions",
    "countries",
    "arm_count",
    "intervention_count",
    "site_count",
    "diagnostic_codes",
)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PartialDate | Age):
        return value.isoformat() if isinstance(value, PartialDate) else str(value)
    return value


def csv_row(trial: Trial) -> dict[str, Any]:
    """The trial as one flat row keyed by ``CSV_COLUMNS``."""
    eligibility = trial.eligibility
    lead = trial.lead_sponsor
    row = {
        "nct_id": trial.nct_id,
        "title": trial.title,
        "status": trial.status,
        "phases": "|".join(phase.value for phase in trial.phases),
        "study_type": trial.study_type,
        "enrollment": trial.enrollment,
        "start_date": trial.start_date,
        "completion_date": trial.completion_date,
        "last_updated": trial.last_updated,
        "results_status": trial.results_status,
        "minimum_age": eligibility.minimum_age if eligibility else None,
        "maximum_age": eligibility.maximum_age if eligibility else None,
        "sex": eligibility.sex if eligibility else None,
        "healthy_volunteers": eligibility.healthy_volunteers if eligibility else None,
        "lead_sponsor": lead.name if lead else None,
        "lead_sponsor_class": lead.agency_class if lead else None,
        "conditions": "|".join(trial.conditions),
        "countries": "|".join(trial.countries),
        "arm_count": len(trial.arms),
        "intervention_count": len(trial.interventions),
        "site_count": len(trial.locations),
        "diagnostic_codes": "|".join(sorted({d.code for d in trial.diagnostics})),
    }
    return {key: _cell(value) for key, value in row.items()}
