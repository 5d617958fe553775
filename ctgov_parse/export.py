"""Exporters: a Trial as plain data, JSON and JSON Lines.

``to_dict`` walks the attrs records once: enums become their tokens, dates ISO strings of
their precision, ages ``{"value", "unit"}``; line numbers are left out, and a record's
``raw`` spellings appear (under ``"raw"``) only where they differ from the normalized value.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

import attrs

from ctgov_parse.model import Age, Diagnostic, Eligibility, Line, PartialDate, Trial

__all__ = ["CSV_COLUMNS", "csv_row", "to_dict", "to_json", "to_jsonl", "trial_to_dict"]

# Line numbers are positions, not content; a diagnostic's line is its point, so it stays.
_KEEPS_LINE = frozenset({Diagnostic})
# Exported only when they hold something: differing page spellings, unmodelled API fields.
_ONLY_IF_SET = frozenset({"raw", "extras"})
_DERIVED: Mapping[type, tuple[str, ...]] = {Eligibility: ("age_groups",)}
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple(f.name for f in attrs.fields(cls) if f.name != "line" or cls in _KEEPS_LINE)
        names += _DERIVED.get(cls, ())
        _FIELD_NAMES[cls] = names
    return names


def _plain(value: Any) -> Any:
    if value is None or (
        isinstance(value, str | int | float | bool) and not isinstance(value, enum.Enum)
    ):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, Age):
        return {"value": value.value, "unit": value.unit.value}
    if isinstance(value, Line):
        line = {"line": value.number, "text": value.text}
        if value.section is not None:
            line["section"] = value.section
        return line
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if attrs.has(type(value)):
        out: dict[str, Any] = {}
        for name in _names(type(value)):
            item = getattr(value, name)
            if name in _ONLY_IF_SET and not (item and isinstance(item, Mapping)):
                continue
            out[name] = _plain(item)
        return out
    raise TypeError(f"cannot export {type(value).__name__}")


def trial_to_dict(trial: Trial) -> dict[str, Any]:
    """The Trial as JSON-ready data (see the module docstring for the conventions)."""
    return _plain(trial)  # type: ignore[no-any-return]


to_dict = trial_to_dict


def to_json(trial: Trial, *, indent: int | None = 2) -> str:
    """The Trial as a JSON document (UTF-8 text, non-ASCII kept as is)."""
    return json.dumps(trial_to_dict(trial), ensure_ascii=False, indent=indent)


def to_jsonl(trials: Iterable[Trial], stream: IO[str]) -> int:
    """Write one compact JSON object per line; returns the number written."""
    count = 0
    for trial in trials:
        stream.write(json.dumps(trial_to_dict(trial), ensure_ascii=False))
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
