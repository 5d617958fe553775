"""Corpus tests: each fixture page against its expected JSON, and every line accounted for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ctgov_parse
from tests.conftest import fixture_pages
from tests.corpus import unaccounted_lines
from tests.expected import expand, sparse

PAGES = fixture_pages()


def _read(page: Path) -> str:
    return page.read_bytes().decode("utf-8")


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_fixture_matches_expected_json(page: Path) -> None:
    # The expected file holds what the page says; every field it leaves out is at its
    # default, and the whole record is compared.
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert ctgov_parse.parse(_read(page)).to_dict() == expand(expected)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_expected_files_hold_only_what_the_page_says(page: Path) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert sparse(expand(expected)) == expected


def test_a_wrongly_filled_default_fails_the_comparison() -> None:
    # A field the page leaves empty but the parser filled must not pass for its default.
    page = next(p for p in PAGES if p.stem == "truncated")
    expected = expand(json.loads(page.with_suffix(".json").read_text(encoding="utf-8")))
    assert expected["detailed_description"] is None and expected["keywords"] == []
    filled = ctgov_parse.parse(_read(page)).to_dict() | {"detailed_description": "made up"}
    assert filled != expected


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_line_is_accounted_for(page: Path) -> None:
    text = _read(page)
    assert unaccounted_lines(text, ctgov_parse.parse(text)) == []


def test_there_are_enough_fixtures() -> None:
    assert len(PAGES) >= 15
    assert all(page.with_suffix(".json").exists() for page in PAGES)


def test_accounting_notices_a_dropped_line() -> None:
    # The accounting must be able to fail: a record that lost a field leaves its line unaccounted.
    text = _read(PAGES[0])
    trial = ctgov_parse.parse(text)
    damaged = ctgov_parse.Trial(**{**_fields(trial), "conditions": ()})
    assert [line for _, line in unaccounted_lines(text, damaged)] == list(trial.conditions)


def _fields(trial: ctgov_parse.Trial) -> dict[str, object]:
    import attrs

    return {f.name: getattr(trial, f.name) for f in attrs.fields(ctgov_parse.Trial)}
