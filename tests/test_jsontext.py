"""JSON text through orjson: every fixture's output decodes to exactly what the standard
encoder's did, JSON Lines are compact, and what orjson refuses still encodes."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

import ctgov_parse
from ctgov_parse.cli import _json_line
from ctgov_parse.jsontext import dumps, dumps_bytes
from tests.conftest import fixture_pages

PAGES = fixture_pages()


def _standard(value: object, indent: int | None = None) -> str:
    """What the exporters wrote before orjson."""
    return json.dumps(value, ensure_ascii=False, indent=indent)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_fixture_encodes_to_the_same_data(page: Path) -> None:
    trial = ctgov_parse.parse(page.read_text("utf-8"))
    data = ctgov_parse.to_dict(trial)
    indented = ctgov_parse.to_json(trial)
    assert json.loads(indented) == json.loads(_standard(data, 2)) == data
    assert indented == _standard(data, 2)  # orjson's two-space indent is the same text
    stream = io.StringIO()
    assert ctgov_parse.to_jsonl([trial], stream) == 1
    line = stream.getvalue()
    assert line.endswith("}\n") and line.count("\n") == 1
    assert json.loads(line) == json.loads(_standard(data))
    assert line.rstrip("\n") == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    study = ctgov_parse.to_ctgov(trial)
    assert json.loads(dumps(study)) == json.loads(_standard(study))


def test_the_command_line_record_is_compact_and_keeps_its_key_order() -> None:
    trial = ctgov_parse.parse(PAGES[0].read_text("utf-8"))
    source = ctgov_parse.PageSource(path="p.txt", index=0)
    line = _json_line(trial, source).decode("utf-8")
    assert line.startswith('{"source":{"path":"p.txt","index":0,')
    assert list(json.loads(line)) == ["source", *ctgov_parse.to_dict(trial)]
    assert '", "' not in line and '": ' not in line.replace('\\": ', "")


def test_non_ascii_stays_as_is() -> None:
    assert dumps({"city": "São Paulo", "sign": "≥"}) == '{"city":"São Paulo","sign":"≥"}'


def test_what_orjson_refuses_goes_through_the_standard_encoder() -> None:
    assert dumps({"text": "a\udc80b"}) == '{"text":"a\udc80b"}'  # a lone surrogate
    assert dumps({"n": 2**70}) == '{"n":1180591620717411303424}'
    assert dumps([1, {"a": 2}], indent=4) == json.dumps([1, {"a": 2}], indent=4)
    assert dumps({"a": [1]}, indent=0) == '{\n"a": [\n1\n]\n}'


def test_bytes_are_the_same_json_and_always_utf8() -> None:
    value = {"city": "São Paulo", "n": Decimal("1.50"), "big": 2**70}
    assert dumps_bytes(value) == dumps(value).encode("utf-8")
    assert dumps_bytes({"a": [1, 2]}) == b'{"a":[1,2]}'
    lone = dumps_bytes({"text": "a\udc80b", "city": "São"})
    assert lone == b'{"text":"a\\udc80b","city":"S\\u00e3o"}'
    assert json.loads(lone) == {"text": "a\udc80b", "city": "São"}


def test_exact_numbers_keep_their_digits() -> None:
    assert dumps({"value": Decimal("60.80")}) == '{"value":"60.80"}'
    assert dumps({"value": Decimal("60.80")}, indent=4) == '{\n    "value": "60.80"\n}'
    with pytest.raises(TypeError):
        dumps({"value": object()})
