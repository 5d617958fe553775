"""The declared labelled fields (``trial.fields``, ``results.fields``) to and from API v2,
both ways from their declarations: each field's ``api`` path says where the study keeps it,
its kind's ``api`` form how (a token, a date struct's date, phase tokens, a count, an age
text, a boolean, text). No field is spelled here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ctgov_parse.ctgov.reader import StudyReader, read_normalized
from ctgov_parse.model import Phase, Trial
from ctgov_parse.normalize import normalize_age, normalize_date
from ctgov_parse.page.fields import Field, ValueKind
from ctgov_parse.results.fields import OVERVIEW
from ctgov_parse.trial.fields import BASIC_INFORMATION, DESIGN, ELIGIBILITY

__all__ = ["API_FIELDS", "api_path", "put_fields", "read_api_fields", "record_of"]

# Every declared field with an API v2 place, each once (a field both pages show is the
# trial page's declaration).
API_FIELDS: tuple[Field, ...] = tuple(
    {
        (field.record, field.name): field
        for field in (*BASIC_INFORMATION, *DESIGN, *ELIGIBILITY, *OVERVIEW)
        if field.api is not None
    }.values()
)


def api_path(field: Field) -> tuple[str, ...]:
    """Where the study keeps ``field``: its keys from the study's root."""
    return ("protocolSection", *(field.api or "").split("."))


def record_of(trial: Trial, field: Field) -> Any:
    """The record that holds ``field`` (the Trial, its design, its results' overview...)."""
    record: Any = trial
    for name in field.record.split(".") if field.record else ():
        record = getattr(record, name, None)
        if record is None:
            return None
    return record


_WRITERS: dict[str, Callable[[Any], Any]] = {
    "token": lambda value: value._value_,
    "date": lambda value: value.isoformat(),
    "phases": lambda value: [phase.value for phase in value] or None,
    "count": lambda value: value,
    "age": str,
    "boolean": lambda value: value,
}


def put_fields(study: dict[str, Any], trial: Trial, fields: Iterable[Field] = API_FIELDS) -> None:
    """Write each declared field the Trial holds at its API v2 path."""
    for field in fields:
        record = record_of(trial, field)
        value = None if record is None else getattr(record, field.name)
        if value is None:
            continue
        api_value = _WRITERS[field.kind.api](value)
        if api_value is None:
            continue
        *parents, leaf = api_path(field)
        node = study
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = api_value


def _count(reader: StudyReader, kind: ValueKind, path: Sequence[str]) -> Any:
    value = reader.get(*path)
    return value if isinstance(value, int) else None


def _boolean(reader: StudyReader, kind: ValueKind, path: Sequence[str]) -> Any:
    value = reader.get(*path)
    return value if isinstance(value, bool) else None


def _token(reader: StudyReader, kind: ValueKind, path: Sequence[str]) -> Any:
    assert kind.enum_type is not None
    return reader.token(kind.enum_type, *path)


def _phases(reader: StudyReader, kind: ValueKind, path: Sequence[str]) -> Any:
    return tuple(
        phase for index, _ in reader.items(*path) if (phase := reader.token(Phase, *path, index))
    )


_READERS: dict[str, Callable[[StudyReader, ValueKind, Sequence[str]], Any]] = {
    "token": _token,
    "date": lambda reader, kind, path: read_normalized(reader, normalize_date, *path),
    "phases": _phases,
    "count": _count,
    "age": lambda reader, kind, path: read_normalized(reader, normalize_age, *path),
    "boolean": _boolean,
}


def read_api_fields(reader: StudyReader, fields: Iterable[Field]) -> dict[str, Any]:
    """Each declared field's value read from its API v2 path, by name (None where absent)."""
    return {
        field.name: _READERS[field.kind.api](reader, field.kind, api_path(field))
        for field in fields
    }
