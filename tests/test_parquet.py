"""The Parquet schema comes from the records: every value ``to_dict`` writes has a column,
so a page's row reads back as it was written (nothing dropped by the schema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import ctgov_parse
from ctgov_parse import parquet
from ctgov_parse.batch import PageSource
from ctgov_parse.export import trial_to_dict
from tests.conftest import STUDIES, fixture_pages

pa = pytest.importorskip("pyarrow")


def _row(trial: ctgov_parse.Trial) -> dict[str, Any]:
    source = PageSource(path="fixture.txt", index=3, offset=10, line=2, key="k")
    return parquet._flat({"source": source.to_dict()} | trial_to_dict(trial))


def _without_nulls(value: Any) -> Any:
    """A read-back row has every schema field, null where the record left it out."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _records() -> list[tuple[str, ctgov_parse.Trial]]:
    pages = [(path.name, ctgov_parse.parse_file(path)) for path in fixture_pages()]
    results = next(t for name, t in pages if name == "results_page.txt")
    trial = ctgov_parse.parse(ctgov_parse.render(results, page="trial"))
    pages.append(("merged", ctgov_parse.merge(trial, results)))
    pages += [
        (path.name, ctgov_parse.from_ctgov(json.loads(path.read_text("utf-8")))) for path in STUDIES
    ]
    return pages


@pytest.mark.parametrize(
    ("name", "trial"), _records(), ids=lambda value: value if isinstance(value, str) else ""
)
def test_a_row_reads_back_as_written(name: str, trial: ctgov_parse.Trial) -> None:
    row = _row(trial)
    table = pa.Table.from_pylist([row], schema=parquet.schema())
    assert _without_nulls(table.to_pylist()[0]) == _without_nulls(row)


def test_rows_of_a_merged_record_keep_each_lines_page(tmp_path: Path) -> None:
    # Unparsed lines of a merged record say which page they stood on.
    trial = ctgov_parse.parse("Title\nNCT ID: NCT00000001\nstray line")
    results = ctgov_parse.parse("Trial Outcomes & Findings for Title (NCT NCT00000001)\nodd line")
    merged = ctgov_parse.merge(trial, results)
    table = pa.Table.from_pylist([_row(merged)], schema=parquet.schema())
    pages = {line["text"]: line["page"] for line in table.to_pylist()[0]["unparsed"]}
    assert pages == {"stray line": "TRIAL", "odd line": "RESULTS"}
