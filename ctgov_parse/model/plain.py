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
    convert = _CONVERTERS.get(kind)  # the usual case, looked up here: a hot path
    if convert is None:
        convert = _converter_of(kind)
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
    those whose annotation is a plain scalar (``str | None``...) copied as they are, an
    enum field's token and a record field's (or tuple of records') converter called in
    place, the others converted through ``to_plain``; ``raw``/``extras`` only when they hold
    a mapping with something in it, the ``__plain_omit_none__`` fields only when set. A
    value of another type than its annotation says still goes through ``to_plain``. Faster
    than a loop over the field names by a third or more, in both builds."""
    keeps_line = getattr(kind, "__plain_keeps_line__", False)
    names = [f.name for f in attrs.fields(kind) if f.name != "line" or keeps_line]
    names += getattr(kind, "__plain_derived__", ())
    unless_none = frozenset(getattr(kind, "__plain_omit_none__", ()))
    scalars, members, records = _field_kinds(kind)
    namespace: dict[str, Any] = {"convert": to_plain, "Mapping": Mapping, "Enum": enum.Enum}
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
        elif name in records:  # a record, or a tuple of records: their own converter, called here
            item, many = records[name]
            namespace[f"{name}_type"], namespace[f"{name}_convert"] = item, _converter_of(item)
            one = f"{name}_convert({{0}}) if type({{0}}) is {name}_type else convert({{0}})"
            shown.append(
                f"{name!r}: [{one.format('x')} for x in v]"
                f" if type(v := record.{name}) is tuple else convert(v)"
                if many
                else f"{name!r}: None if (v := record.{name}) is None else {one.format('v')}"
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
    exec(compile(source, f"<plain converter of {kind.__name__}>", "exec"), namespace)
    return namespace["convert_record"]  # type: ignore[no-any-return]


def _converter_of(kind: type) -> _Converter:
    """The converter of ``kind``, chosen (or made) the first time it is asked for."""
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter_for(kind)
    return convert


def _field_kinds(
    kind: type,
) -> tuple[frozenset[str], frozenset[str], dict[str, tuple[type, bool]]]:
    """The fields annotated with plain scalars only (``str``, ``int | None``...), those
    annotated with an enum (or an enum or None), and those annotated with one record class
    (or it or None: False), or a tuple of them (True), with that class."""
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError):  # an annotation that does not resolve: convert them all
        return frozenset(), frozenset(), {}
    arms = {name: _arms(hint) for name, hint in hints.items()}
    scalars = frozenset(name for name, types_ in arms.items() if types_ <= _SCALARS)
    members = frozenset(
        name
        for name, types_ in arms.items()
        if any(map(_is_enum, types_)) and all(t is type(None) or _is_enum(t) for t in types_)
    )
    records: dict[str, tuple[type, bool]] = {}
    for name, hint in hints.items():
        single = [t for t in _arms(hint) if t is not type(None)]
        if len(single) == 1 and _is_record(single[0]) and single[0] is not kind:
            records[name] = (single[0], False)
        elif typing.get_origin(hint) is tuple:
            args = typing.get_args(hint)
            if (
                len(args) == 2
                and args[1] is Ellipsis
                and _is_record(args[0])
                and args[0] is not kind
            ):
                records[name] = (args[0], True)
    return scalars, members, records


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _is_record(kind: Any) -> bool:
    """An attrs record with a made converter (not a value type with its own)."""
    return isinstance(kind, type) and attrs.has(kind) and kind not in (PartialDate, Age, Line)


def _arms(hint: Any) -> frozenset[Any]:
    """The types a field's annotation allows (the arms of a union, or the one type)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return frozenset(typing.get_args(hint))
    return frozenset({hint}) if typing.get_origin(hint) is None else frozenset({object})
