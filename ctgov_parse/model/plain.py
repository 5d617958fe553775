"""Records as plain JSON-ready data, walked once per type.

Conventions: enums become their tokens, dates ISO strings of their precision, ages
``{"value", "unit"}``, ``Decimal`` values their page digits as a string; line numbers are
left out (a record that must keep its line says so with ``__plain_keeps_line__``), a
record's ``raw`` spellings and ``extras`` appear only when they hold something, and the
fields it names in ``__plain_omit_none__`` only when they are set. A record
lists computed properties to include in ``__plain_derived__``.

This module knows the value types only, not the records: the records import it (for
``Trial.to_dict``), and so does ``export``, without an import circle.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ctgov_parse.model.values import Age, Line, PartialDate

__all__ = ["to_plain"]

# Exported only when they hold something: differing page spellings, unmodelled API fields.
_ONLY_IF_SET = frozenset({"raw", "extras"})
_SCALARS = frozenset({str, int, float, bool, type(None)})
_Converter = Callable[[Any], Any]
_CONVERTERS: dict[type, _Converter] = {}


def to_plain(value: Any) -> Any:
    """``value`` (a record, a value or a container of them) as JSON-ready data."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter_for(kind)
    return convert(value)


def _sequence(value: Any) -> list[Any]:
    return [item if type(item) in _SCALARS else to_plain(item) for item in value]


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(key): to_plain(item) for key, item in value.items()}


def _line(value: Line) -> dict[str, Any]:
    line: dict[str, Any] = {"line": value.number, "text": value.text}
    if value.section is not None:
        line["section"] = value.section
    if value.page is not None:
        line["page"] = value.page.value
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
    if kind is Decimal:
        return str
    if issubclass(kind, Mapping):
        return _mapping
    if attrs.has(kind):
        return _record_converter(kind)
    raise TypeError(f"cannot export {kind.__name__}")


def _record_converter(kind: type) -> _Converter:
    keeps_line = getattr(kind, "__plain_keeps_line__", False)
    names = [f.name for f in attrs.fields(kind) if f.name != "line" or keeps_line]
    names += getattr(kind, "__plain_derived__", ())
    unless_none = frozenset(getattr(kind, "__plain_omit_none__", ()))
    always = [name for name in names if name not in _ONLY_IF_SET and name not in unless_none]
    optional = [name for name in names if name in _ONLY_IF_SET]
    rare = [name for name in names if name in unless_none]

    def convert(record: Any) -> dict[str, Any]:
        out = {}
        for name in always:
            item = getattr(record, name)
            out[name] = item if type(item) in _SCALARS else to_plain(item)
        for name in optional:
            item = getattr(record, name)
            if item and isinstance(item, Mapping):
                out[name] = to_plain(item)
        for name in rare:
            item = getattr(record, name)
            if item is not None:
                out[name] = to_plain(item)
        return out

    return convert
