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
import types
import typing
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
    """A function made for ``kind`` (as attrs makes ``__init__``): each field read by name,
    those whose annotation is a plain scalar (``str | None``...) copied as they are, the
    others converted; ``raw``/``extras`` only when they hold a mapping with something in
    it, the ``__plain_omit_none__`` fields only when set. A third faster than a loop over
    the field names, in both builds."""
    keeps_line = getattr(kind, "__plain_keeps_line__", False)
    names = [f.name for f in attrs.fields(kind) if f.name != "line" or keeps_line]
    names += getattr(kind, "__plain_derived__", ())
    unless_none = frozenset(getattr(kind, "__plain_omit_none__", ()))
    scalars, members = _field_kinds(kind)
    shown, later = [], []
    for name in names:
        if name in _ONLY_IF_SET:
            later.append(f"    v = record.{name}\n    if v and isinstance(v, Mapping):\n"
                         f"        out[{name!r}] = convert(v)")  # fmt: skip
        elif name in unless_none:
            later.append(f"    v = record.{name}\n    if v is not None:\n"
                         f"        out[{name!r}] = convert(v)")  # fmt: skip
        elif name in scalars:
            shown.append(f"{name!r}: record.{name}")
        elif name in members:  # an enum field: its token, read here (None and else: convert)
            shown.append(
                f"{name!r}: v._value_ if isinstance(v := record.{name}, Enum) else convert(v)"
            )
        else:
            shown.append(f"{name!r}: convert(record.{name})")
    source = "\n".join(
        [
            "def convert_record(record):",
            f"    out = {{{', '.join(shown)}}}",
            *later,
            "    return out",
        ]
    )
    namespace: dict[str, Any] = {"convert": to_plain, "Mapping": Mapping, "Enum": enum.Enum}
    exec(compile(source, f"<plain converter of {kind.__name__}>", "exec"), namespace)
    return namespace["convert_record"]  # type: ignore[no-any-return]


def _field_kinds(kind: type) -> tuple[frozenset[str], frozenset[str]]:
    """The fields annotated with plain scalars only (``str``, ``int | None``...), and those
    annotated with an enum (or an enum or None)."""
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError):  # an annotation that does not resolve: convert them all
        return frozenset(), frozenset()
    arms = {name: _arms(hint) for name, hint in hints.items()}
    scalars = frozenset(name for name, types_ in arms.items() if types_ <= _SCALARS)
    members = frozenset(
        name
        for name, types_ in arms.items()
        if any(isinstance(t, type) and issubclass(t, enum.Enum) for t in types_)
        and all(
            t is type(None) or (isinstance(t, type) and issubclass(t, enum.Enum)) for t in types_
        )
    )
    return scalars, members


def _arms(hint: Any) -> frozenset[Any]:
    """The types a field's annotation allows (the arms of a union, or the one type)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return frozenset(typing.get_args(hint))
    return frozenset({hint}) if typing.get_origin(hint) is None else frozenset({object})
