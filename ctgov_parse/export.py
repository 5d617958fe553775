"""Exporters: a Trial as plain data, JSON and JSON Lines.

``to_dict`` walks the attrs records once: enums become their tokens, dates ISO strings of
their precision, ages ``{"value", "unit"}``; line numbers are left out, and a record's
``raw`` spellings appear (under ``"raw"``) only where they differ from the normalized value.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

import attrs

from ctgov_parse.model import Age, Diagnostic, Eligibility, Line, PartialDate, Trial

__all__ = ["CSV_COLUMNS", "csv_row", "to_dict", "to_json", "to_jsonl", "trial_to_dict"]

# Line numbers are positions, not content; a diagnostic's line is its point, so it stays.
_KEEPS_LINE = frozenset({Diagnostic})
# Exported only when they hold something: differing page spellings, unmodelled API fields.
_ONLY_IF_SET = frozenset({"raw", "extras"})
_DERIVED: Mapping[type, tuple[str, ...]] = {Eligibility: ("age_groups",)}
_SCALARS = frozenset({str, int, float, bool, type(None)})
_Converter = Callable[[Any], Any]
_CONVERTERS: dict[type, _Converter] = {}


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter_for(kind)
    return convert(value)


def _sequence(value: Any) -> list[Any]:
    return [item if type(item) in _SCALARS else _plain(item) for item in value]


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(key): _plain(item) for key, item in value.items()}


def _line(value: Line) -> dict[str, Any]:
    line: dict[str, Any] = {"line": value.number, "text": value.text}
    if value.section is not None:
        line["section"] = value.section
    return line


def _converter_for(kind: type) -> _Converter:
    """One converter per type, chosen once (a dispatch table rather than isinstance chains)."""
    if issubclass(kind, enum.Enum):
        return lambda value: value._value_
    if issubclass(kind, tuple | list):
        return _sequence
    if kind is PartialDate:
        return PartialDate.isoformat
    if kind is Age:
        return lambda age: {"value": age.value, "unit": age.unit._value_}
    if kind is Line:
        return _line
    if issubclass(kind, Mapping):
        return _mapping
    if attrs.has(kind):
        return _record_converter(kind)
    raise TypeError(f"cannot export {kind.__name__}")


def _record_converter(kind: type) -> _Converter:
    names = [f.name for f in attrs.fields(kind) if f.name != "line" or kind in _KEEPS_LINE]
    names += _DERIVED.get(kind, ())
    always = [name for name in names if name not in _ONLY_IF_SET]
    optional = [name for name in names if name in _ONLY_IF_SET]

    def convert(record: Any) -> dict[str, Any]:
        out = {}
        for name in always:
            item = getattr(record, name)
            out[name] = item if type(item) in _SCALARS else _plain(item)
        for name in optional:
            item = getattr(record, name)
            if item and isinstance(item, Mapping):
                out[name] = _plain(item)
        return out

    return convert


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
