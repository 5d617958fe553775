"""Expected JSON holds what a page says: a field a record leaves at its default is left out
of the file, and ``expand`` puts every default back, so that the tests still compare whole
records (``to_dict()`` against the expanded file) while adding an optional field to the
model rewrites no expected file. ``sparse`` is the other direction: what a file holds.

Defaults are read from the record classes (their attrs defaults, written as ``to_dict``
writes them); a record's derived values (``age_groups``, a count's ``number``) and its
required fields are always written.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from ctgov_parse.model import Age, Line, PartialDate, Trial
from ctgov_parse.model.plain import to_plain

__all__ = ["expand", "sparse"]

# to_dict writes these only when they hold something, so a default is simply absent.
_ONLY_IF_SET = frozenset({"raw", "extras"})


def expand(data: Mapping[str, Any], cls: type = Trial) -> dict[str, Any]:
    """An expected file's record of ``cls`` with every field it leaves out at its default."""
    out: dict[str, Any] = {}
    hints = typing.get_type_hints(cls)
    for name, field in _plain_fields(cls):
        if name in data:
            out[name] = _walk(hints[name], data[name], expand)
        elif field.default is attrs.NOTHING:
            raise KeyError(f"{cls.__name__}.{name} is required: the expected file must give it")
        elif not _absent_when_default(cls, name):
            out[name] = _default(field)
    for name in getattr(cls, "__plain_derived__", ()):
        out[name] = data[name]
    unknown = set(data) - set(out) - _ONLY_IF_SET
    if unknown:
        raise KeyError(f"{cls.__name__} has no field {sorted(unknown)[0]}")
    return out


def sparse(data: Mapping[str, Any], cls: type = Trial) -> dict[str, Any]:
    """A ``to_dict()`` record of ``cls`` without the fields at their defaults."""
    out: dict[str, Any] = {}
    hints = typing.get_type_hints(cls)
    fields = dict(_plain_fields(cls))
    for name, value in data.items():
        field = fields.get(name)
        if field is not None and field.default is not attrs.NOTHING and value == _default(field):
            continue
        out[name] = _walk(hints[name], value, sparse) if name in hints else value
    return out


def _plain_fields(cls: type) -> list[tuple[str, Any]]:
    """The fields ``to_dict`` writes (line numbers only where the record keeps them)."""
    keeps_line = getattr(cls, "__plain_keeps_line__", False)
    return [(f.name, f) for f in attrs.fields(cls) if f.name != "line" or keeps_line]


def _absent_when_default(cls: type, name: str) -> bool:
    return name in _ONLY_IF_SET or name in getattr(cls, "__plain_omit_none__", ())


def _default(field: Any) -> Any:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    return to_plain(default)


def _walk(hint: Any, value: Any, convert: Any) -> Any:
    """``convert`` applied to the records inside ``value``, a value annotated ``hint``."""
    record = _record_of(hint)
    if record is not None and isinstance(value, dict):
        return convert(value, record)
    arms = _arms(hint)
    if isinstance(value, list) and len(arms) == 1 and typing.get_origin(arms[0]) is tuple:
        item = typing.get_args(arms[0])[0]
        return [_walk(item, one, convert) for one in value]
    return value


def _record_of(hint: Any) -> type | None:
    arms = _arms(hint)
    if len(arms) == 1 and isinstance(arms[0], type) and attrs.has(arms[0]):
        kind = arms[0]
        return None if kind in (PartialDate, Age, Line) else kind
    return None


def _arms(hint: Any) -> list[Any]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return [arm for arm in typing.get_args(hint) if arm is not type(None)]
    return [hint]
