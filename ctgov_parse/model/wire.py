"""How records cross processes: a compact pickle for the attrs records and the enums.

attrs pickles a slotted record as a dict of its fields, made and read back by Python code
per record (``__getstate__``/``__setstate__``), and an enum member as a call of its class,
which runs ``EnumType.__call__`` in Python. Sending a parsed page from a worker process to
the parent cost about half a parse that way. Here a record pickles as its class and the
tuple of its field values (read by one ``operator.attrgetter``), and is rebuilt by setting
its slots directly (the slots' own descriptors: a frozen record refuses ``setattr``, as
``__setstate__`` knows too); a member pickles as a name looked up on its class. The
functions are registered in ``copyreg``, so ``pickle``, ``copy`` and ``multiprocessing``
use them; pickles made the attrs way still load.
"""

from __future__ import annotations

import copyreg
import enum
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

__all__ = [
    "from_fields",
    "rebuild_record",
    "reduce_member",
    "reduce_record",
    "register",
    "slot_setters",
]

Record = TypeVar("Record")
_SETTERS: dict[type, tuple[Any, ...]] = {}
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
_new: Any = object.__new__


def _one_field(getter: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda record: (getter(record),)


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of a record class's slots, in field order (its slots' own descriptors:
    a frozen record refuses ``setattr``)."""
    return tuple(getattr(cls, field.name).__set__ for field in attrs.fields(cls))


def register(classes: Iterable[type]) -> None:
    """Pickle these attrs record classes and enums the compact way."""
    for cls in classes:
        if isinstance(cls, enum.EnumType):
            copyreg.pickle(cls, reduce_member)  # type: ignore[arg-type]
            continue
        names = [field.name for field in attrs.fields(cls)]
        _SETTERS[cls] = slot_setters(cls)
        if len(names) == 1:
            _GETTERS[cls] = _one_field(operator.attrgetter(names[0]))
        else:
            _GETTERS[cls] = operator.attrgetter(*names)
        copyreg.pickle(cls, reduce_record)  # type: ignore[arg-type]


def reduce_record(record: object) -> tuple[object, tuple[object, ...]]:
    """``record`` as pickle's reduce value: the rebuilder, its class and its field values."""
    cls = type(record)
    return rebuild_record, (cls, _GETTERS[cls](record))


def rebuild_record(cls: type[Record], values: tuple[object, ...]) -> Record:
    """A record of ``cls`` with these field values (in field order), set slot by slot."""
    setters = _SETTERS[cls]
    if len(setters) != len(values):
        raise ValueError(f"{cls.__name__} has {len(setters)} fields, not {len(values)}")
    record: Record = _new(cls)
    for index in range(len(values)):
        setters[index](record, values[index])
    return record


def reduce_member(member: enum.Enum) -> tuple[object, tuple[object, ...]]:
    """An enum member as pickle's reduce value: looked up by name on its class."""
    return getattr, (type(member), member._name_)


_DEFAULTS: dict[type, tuple[tuple[str, Any, bool], ...]] = {}


def from_fields(cls: type[Record], fields: Mapping[str, Any]) -> Record:
    """A record of ``cls`` (a record made once a page, such as ``Trial``) from a mapping of
    field names to values, the others at their defaults: ``cls(**fields)``, faster."""
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        defaults = _DEFAULTS[cls] = tuple(
            (field.name, field.default.factory, True)
            if isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
            else (field.name, field.default, False)
            for field in attrs.fields(cls)  # type: ignore[arg-type]
        )
    values: list[Any] = []
    used = 0
    for name, default, factory in defaults:
        if name in fields:
            values.append(fields[name])
            used += 1
        elif factory:
            values.append(default())
        elif default is attrs.NOTHING:
            raise TypeError(f"{cls.__name__} needs {name}")
        else:
            values.append(default)
    if used != len(fields):
        unknown = sorted(set(fields) - {name for name, _, _ in defaults})
        raise TypeError(f"{cls.__name__} has no field {unknown[0]}")
    return rebuild_record(cls, tuple(values))
