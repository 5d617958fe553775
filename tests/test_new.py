"""The fast constructors take exactly their classes' fields and make the same records."""

from __future__ import annotations

import enum
import importlib.util
import inspect
import re
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

import ctgov_parse
from ctgov_parse import model
from ctgov_parse.model import new
from tests.test_wire import everything

CONSTRUCTORS = [name for name in new.__all__ if name != "from_fields"]


def _source_module() -> types.ModuleType:
    """``new`` as written (the compiled build's functions carry no signature): the same file,
    run as Python."""
    spec = importlib.util.spec_from_file_location(
        "new_as_written", Path(new.__file__).with_name("new.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOURCE = _source_module()


def _class_of(name: str) -> type:
    return getattr(model, re.sub(r"(?:^|_)([a-z])", lambda m: m[1].upper(), name))  # type: ignore[no-any-return]


def _value_for(hint: Any, name: str, index: int) -> Any:
    """A value of the field's type (the compiled constructors check str, int, tuple, dict),
    distinct for every field."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    origin = typing.get_origin(hint) or hint
    if origin is str:
        return f"value of {name}"
    if origin is bool:
        return True
    if origin is int:
        return 1000 + index
    if origin is tuple:
        return (f"item of {name}",)
    if isinstance(origin, type) and issubclass(origin, enum.Enum):
        return list(origin)[index % len(origin)]
    if origin in (dict, Mapping) or origin is typing.Mapping:
        return {"field": name}
    return f"value of {name}"  # a record: the constructors take it as it is


@pytest.mark.parametrize("name", CONSTRUCTORS)
def test_parameters_are_the_fields(name: str) -> None:
    cls = _class_of(name)
    ours = inspect.signature(getattr(SOURCE, name)).parameters
    theirs = inspect.signature(cls).parameters
    assert list(ours) == list(theirs) == [f.name for f in attrs.fields(cls)]
    for field in attrs.fields(cls):
        assert ours[field.name].kind is inspect.Parameter.KEYWORD_ONLY
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            assert ours[field.name].default is None  # a fresh value is made, as attrs does
        elif field.default is attrs.NOTHING:
            assert ours[field.name].default is inspect.Parameter.empty
        else:
            assert ours[field.name].default == field.default


@pytest.mark.parametrize("name", CONSTRUCTORS)
def test_records_equal_the_classes_own(name: str) -> None:
    cls, make = _class_of(name), getattr(new, name)
    fields = attrs.fields(cls)
    hints = typing.get_type_hints(cls)
    # A distinct value for every field catches two fields swapped.
    given = {f.name: _value_for(hints[f.name], f.name, i) for i, f in enumerate(fields)}
    assert everything(make(**given)) == everything(cls(**given))
    required = {
        name: value
        for name, value in given.items()
        if attrs.fields_dict(cls)[name].default is attrs.NOTHING
    }
    made, expected = make(**required), cls(**required)
    assert everything(made) == everything(expected)
    for field in fields:
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            assert getattr(made, field.name) is not getattr(make(**required), field.name)


def test_from_fields_is_the_class_called_with_them(seed_text: str) -> None:
    trial = ctgov_parse.parse(seed_text)
    fields: dict[str, Any] = {
        f.name: getattr(trial, f.name) for f in attrs.fields(model.Trial) if f.name != "extras"
    }
    made = new.from_fields(model.Trial, fields)
    assert everything(made) == everything(model.Trial(**fields))
    assert made.extras == {} and made.extras is not new.from_fields(model.Trial, {}).extras
    with pytest.raises(TypeError, match="Trial has no field colour"):
        new.from_fields(model.Trial, {"colour": "red"})
    with pytest.raises(TypeError, match="Criterion needs text"):
        new.from_fields(model.Criterion, {"marker": "1."})


def test_new_is_what_make_new_writes() -> None:
    # new.py is generated from the record classes (python -m ctgov_parse.model.make_new).
    from ctgov_parse.model import make_new

    assert make_new.TARGET.read_text("utf-8") == make_new.source(), (
        "model/new.py is out of date: run python -m ctgov_parse.model.make_new"
    )


def test_every_record_but_the_trial_has_a_constructor() -> None:

    records = {name for name in model.__all__ if attrs.has(getattr(model, name, None) or object)}
    made = {_class_of(name).__name__ for name in CONSTRUCTORS}
    assert records - made == {"Trial"}
