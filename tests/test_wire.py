"""How records cross processes: the compact pickle keeps every field, positions and page
spellings included, and refuses what does not fit."""

from __future__ import annotations

import copy
import io
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest

import ctgov_parse
from ctgov_parse.batch import PageSource, Parsed
from ctgov_parse.model import Level, PartialDate, Status, Trial, wire
from tests.conftest import fixture_pages

PAGES = fixture_pages()


def everything(value: Any) -> Any:
    """Every field of every record, those left out of equality (lines, raw) included, with
    each value's type: what a round trip must keep."""
    if attrs.has(type(value)):
        return (
            type(value),
            {f.name: everything(getattr(value, f.name)) for f in attrs.fields(type(value))},
        )
    if isinstance(value, tuple | list):
        return (type(value), [everything(item) for item in value])
    if isinstance(value, dict):
        return (type(value), {key: everything(item) for key, item in value.items()})
    return (type(value), value)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_pickled_trial_comes_back_whole(page: Path) -> None:
    trial = ctgov_parse.parse(page.read_bytes())
    back = pickle.loads(pickle.dumps(trial, protocol=pickle.HIGHEST_PROTOCOL))
    assert everything(back) == everything(trial)
    assert back.to_dict() == trial.to_dict()
    assert back.status is trial.status  # members come back as themselves


def test_records_pickle_as_class_and_values() -> None:
    date = PartialDate(year=2024, month=8, raw="August 2024")
    rebuild, (cls, values) = wire.reduce_record(date)
    assert (rebuild, cls, values) == (
        wire.rebuild_record,
        PartialDate,
        (2024, 8, None, "August 2024"),
    )
    assert wire.reduce_member(Status.RECRUITING) == (getattr, (Status, "RECRUITING"))


def test_a_rebuilt_record_is_still_frozen(seed_text: str) -> None:
    trial = pickle.loads(pickle.dumps(ctgov_parse.parse(seed_text)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trial.nct_id = "NCT00000000"
    assert copy.deepcopy(trial) == trial and copy.deepcopy(trial) is not trial


def test_rebuilding_with_the_wrong_number_of_values_fails() -> None:
    with pytest.raises(ValueError, match="PartialDate has 4 fields, not 2"):
        wire.rebuild_record(PartialDate, (2024, 8))


def test_batch_outcomes_cross_too(seed_text: str) -> None:
    parsed = Parsed(source=PageSource(path="a.txt", index=3, offset=10, line=2), trial=Trial())
    back = pickle.loads(pickle.dumps(parsed))
    assert everything(back) == everything(parsed)
    assert pickle.loads(pickle.dumps(Level.ERROR)) is Level.ERROR


def test_pickles_made_the_attrs_way_still_load(seed_text: str) -> None:
    trial = ctgov_parse.parse(seed_text)
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {}  # not copyreg's table: attrs' own __getstate__
    pickler.dump(trial)
    assert wire.rebuild_record.__name__.encode() not in buffer.getvalue()
    assert everything(pickle.loads(buffer.getvalue())) == everything(trial)
